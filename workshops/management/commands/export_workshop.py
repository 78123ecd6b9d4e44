"""`manage.py export_workshop CODE --output file.json`: a whole workshop, to move it elsewhere."""

import json

from django.core.management.base import BaseCommand, CommandError

from workshops.codes import normalise_join_code
from workshops.models import Workshop
from workshops.transfer.dump import dump_workshop


class Command(BaseCommand):
    help = (
        "Write a workshop with everything in it (participants, cards, spaces, ideas, themes, "
        "votes, initiatives, milestones, the event log) as JSON, for import_workshop."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the workshop's join code")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, code, output=None, **options):
        # The newest workshop with the code: codes of closed workshops may be reused.
        workshop = (
            Workshop.objects.filter(join_code=normalise_join_code(code)).order_by("-pk").first()
        )
        if workshop is None:
            raise CommandError(f"No workshop has the code {code}.")
        text = json.dumps(dump_workshop(workshop), ensure_ascii=False, indent=1)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as target:
                    target.write(text)
            except OSError as failure:
                raise CommandError(f"Cannot write {output}: {failure.strerror}.") from None
            self.stderr.write(f"Wrote “{workshop.title}” ({workshop.join_code}) to {output}.")
        else:
            self.stdout.write(text)
