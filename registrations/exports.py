"""The registrations of a meeting as CSV for staff: one row a person, cells neutralised
against spreadsheet formulas as the catalogue's CSV is."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.exports.csv import neutralise
from registrations.models import Registration


def _stamp(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def columns() -> list[tuple[str, Callable[[Registration], object]]]:
    def organisation(r):
        return r.organisation.name if r.organisation else ""

    def sector(r):
        return r.organisation.get_sector_display() if r.organisation else ""

    def pending(r):
        return _("awaits approval") if r.organisation and not r.organisation.approved else ""

    return [
        (_("Name"), lambda r: r.name),
        (_("Organisation"), organisation),
        (_("Sector"), sector),
        (_("New organisation"), pending),
        (_("Role"), lambda r: r.get_role_display()),
        (_("E-mail"), lambda r: r.email),
        (_("Accessibility or dietary needs"), lambda r: r.needs),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Registered at"), lambda r: _stamp(r.created_at)),
        (
            _("Joined the meeting at"),
            lambda r: _stamp(r.participant.joined_at if r.participant else None),
        ),
    ]


def registrations_csv(registrations) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    chosen = columns()
    writer.writerow([neutralise(title) for title, _getter in chosen])
    for registration in registrations:
        writer.writerow([neutralise(getter(registration)) for _title, getter in chosen])
    # A byte-order mark, so spreadsheet programs read the names' letters (æ, ø, å) right.
    return ("\ufeff" + buffer.getvalue()).encode()
