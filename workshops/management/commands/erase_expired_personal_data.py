"""`manage.py erase_expired_personal_data`: the retention rule, run daily (cron, systemd timer)."""

from django.core.management.base import BaseCommand, CommandError

from workshops.actions.privacy import do_erase_expired_personal_data, expired_workshops
from workshops.privacy import retention_days


class Command(BaseCommand):
    help = (
        "Erase the personal data (names, organisations, links between phones and posts) of "
        "participants of workshops closed more than PERSONAL_DATA_RETENTION_DAYS days ago. "
        "What they posted stays, anonymous."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="override PERSONAL_DATA_RETENTION_DAYS for this run (at least 1)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only list the workshops that are due"
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = retention_days()
            if days == 0:
                self.stdout.write("PERSONAL_DATA_RETENTION_DAYS is 0: nothing is erased.")
                return
        elif days < 1:
            raise CommandError("--days must be at least 1.")
        if dry_run:
            for workshop in expired_workshops(days=days):
                self.stdout.write(f"due: {workshop.join_code} “{workshop.title}”")
            return
        erased = do_erase_expired_personal_data(days=days)
        for workshop, count in erased.items():
            self.stdout.write(
                f"{workshop.join_code} “{workshop.title}”: erased {count} participant(s)."
            )
        self.stdout.write(f"{len(erased)} workshop(s) closed more than {days} days ago erased.")
