"""`manage.py import_workshop file.json`: a workshop exported by export_workshop, as new rows."""

import json

from django.core.management.base import BaseCommand, CommandError

from workshops.transfer.load import load_workshop
from workshops.transfer.schema import TransferError


class Command(BaseCommand):
    help = (
        "Create a workshop from a file written by export_workshop. It keeps its join code "
        "unless an open workshop here uses it already; then it gets a new one (printed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file export_workshop wrote")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                document = json.load(source)
        except OSError as failure:
            raise CommandError(f"Cannot read {file}: {failure.strerror}.") from None
        except ValueError as failure:
            raise CommandError(f"{file} is not JSON: {failure}.") from None
        try:
            loaded = load_workshop(document)
        except (TransferError, KeyError, TypeError) as failure:
            raise CommandError(f"{file} cannot be imported: {failure}") from None
        workshop = loaded.workshop
        if loaded.code_changed:
            self.stdout.write(
                f"Imported “{workshop.title}” with the new join code {workshop.join_code}: "
                f"an open workshop here already uses {loaded.old_code}."
            )
        else:
            self.stdout.write(f"Imported “{workshop.title}” with join code {workshop.join_code}.")
        if loaded.missing_users:
            names = ", ".join(sorted(loaded.missing_users))
            self.stdout.write(
                f"These users do not exist here; their rows were kept without them: {names}."
            )
