"""The catalogue as CSV: one row per idea, built from small per-column getters.

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or
a carriage return) is prefixed with an apostrophe, so it shows as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.utils.translation import gettext as _

from ideas.catalogue import Catalogue, IdeaEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell value that cannot start a spreadsheet formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _joined(idea: IdeaEntry, attribute: str) -> str:
    return "; ".join(getattr(link, attribute) for link in idea.initiatives)


def _columns() -> list[tuple[str, Callable[[str, IdeaEntry], object]]]:
    return [
        (_("Workshop"), lambda theme, idea: idea.workshop_code),
        (_("Theme"), lambda theme, idea: theme),
        (_("Title"), lambda theme, idea: idea.title),
        (_("Idea"), lambda theme, idea: idea.text),
        (_("Votes"), lambda theme, idea: "" if idea.votes is None else idea.votes),
        (_("Rank"), lambda theme, idea: "" if idea.rank is None else idea.rank),
        (_("Credit"), lambda theme, idea: idea.credit),
        (_("Open Space session"), lambda theme, idea: idea.space_topic),
        (_("Initiative reference"), lambda theme, idea: _joined(idea, "reference")),
        (_("Initiative"), lambda theme, idea: _joined(idea, "title")),
        (_("Initiative status"), lambda theme, idea: _joined(idea, "status_label")),
    ]


def render(catalogue: Catalogue) -> bytes:
    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(title) for title, _getter in columns])
    for theme, idea in catalogue.all_ideas:
        writer.writerow([neutralise(getter(theme, idea)) for _title, getter in columns])
    # The byte order mark lets Excel recognise UTF-8 (æ, ø, å).
    return out.getvalue().encode("utf-8-sig")
