"""Staff set a meeting's invitation: when, where, programme, deadline, places, contact."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from registrations.actions.access import check_manage
from registrations.actions.waiting_list import promote_waiting
from registrations.models import Invitation
from workshops.actions.base import ActionError
from workshops.models import Workshop
from workshops.text import clean_line, clean_text

FIELDS = (
    "starts_at",
    "ends_at",
    "place",
    "address",
    "programme",
    "registration_deadline",
    "capacity",
    "contact_name",
    "contact_email",
    "contact_phone",
    "published",
)


def check_invitation(
    *,
    starts_at: datetime,
    ends_at: datetime,
    registration_deadline: datetime,
    capacity: int | None,
    place: str,
    address: str,
    contact_name: str,
    **_other,
) -> None:
    if ends_at <= starts_at:
        raise ActionError(_("The meeting must end after it starts."), field="ends_at")
    if registration_deadline > starts_at:
        raise ActionError(
            _("The registration deadline must be before the meeting starts."),
            field="registration_deadline",
        )
    if capacity is not None and capacity < 1:
        raise ActionError(_("Give at least one place, or leave it empty."), field="capacity")
    for field, value, message in (
        ("place", place, _("Write where the meeting is.")),
        ("address", address, _("Write the address, so people can find the place.")),
        ("contact_name", contact_name, _("Write who people can contact.")),
    ):
        if not clean_line(value):
            raise ActionError(message, field=field)


def do_save_invitation(*, user, workshop: Workshop, **fields) -> Invitation:
    """Create or update the meeting's invitation. More places promote people from the
    waiting list, first come first served."""
    check_manage(user, workshop)
    values = {name: fields[name] for name in FIELDS}
    for name in ("place", "address", "contact_name", "contact_phone"):
        values[name] = clean_line(values[name])
    values["programme"] = clean_text(values["programme"])
    check_invitation(**values)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(workshop=workshop).first()
        if invitation is None:
            invitation = Invitation(workshop=workshop)
        for name, value in values.items():
            setattr(invitation, name, value)
        invitation.save()
        promote_waiting(invitation)
    return invitation
