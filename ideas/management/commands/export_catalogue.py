"""`python manage.py export_catalogue CODE [CODE …] --format html|docx|md|csv|json --output FILE`

Writes the same bytes as the download from the facilitator's console or the staff area.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ideas.catalogue import CatalogueError, build_catalogue, resolve_workshops
from ideas.exports import FORMATS, export_catalogue
from workshops.models import Workshop


class Command(BaseCommand):
    help = "Export the inspiration catalogue of one workshop, or of a series, to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="+", metavar="CODE", help="workshop join code(s)")
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument(
            "--output", "-o", required=True, help="file to write; '-' writes to standard output"
        )
        parser.add_argument("--title", default="", help="title of a series' catalogue")
        parser.add_argument(
            "--language", default="", help="da, sv or en (default: the first workshop's)"
        )

    def handle(self, *args, codes: list[str], format: str, output: str, **options) -> None:
        language = options["language"]
        if language and language not in Workshop.Language.values:
            raise CommandError(
                _("Unknown language %(language)s; use one of %(choices)s.")
                % {"language": language, "choices": ", ".join(Workshop.Language.values)}
            )
        with translation.override(language or None):
            try:
                workshops = resolve_workshops(codes)
            except CatalogueError as refused:
                raise CommandError(refused.message) from refused
        catalogue = build_catalogue(workshops, title=options["title"], language=language)
        export = export_catalogue(catalogue, format)
        with translation.override(catalogue.language):
            for notice in catalogue.notices:
                self.stderr.write(self.style.WARNING(notice))
            if output == "-":
                sys.stdout.buffer.write(export.content)
                sys.stdout.flush()
                return
            path = Path(output)
            try:
                path.write_bytes(export.content)
            except OSError as failure:
                raise CommandError(
                    _("Could not write %(path)s: %(error)s")
                    % {"path": path, "error": failure.strerror}
                ) from failure
            self.stdout.write(
                _("Wrote the catalogue “%(title)s” (%(format)s) to %(path)s.")
                % {"title": catalogue.title, "format": format, "path": path}
            )
