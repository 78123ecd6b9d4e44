"""A registered person joins the meeting with their personal link: once, as themselves.

The participant gets the registration's name, role and organisation, so the participation
summary knows who came from which organisation without asking them again at the door.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from registrations.models import Registration
from workshops.actions.base import ActionError
from workshops.actions.join import Joined, do_join

# The link joins on the day, not when someone taps it right after registering on a laptop:
# joining uses it up, and on the day they will want it on their phone.
JOIN_OPENS_BEFORE_START = timedelta(hours=6)


def join_opens_at(registration: Registration) -> datetime:
    return registration.invitation.starts_at - JOIN_OPENS_BEFORE_START


def can_join_now(registration: Registration) -> bool:
    return timezone.now() >= join_opens_at(registration)


def check_can_join(registration: Registration) -> None:
    if registration.participant_id is not None:
        raise ActionError(
            _(
                "This personal link has already been used to join the meeting. If that was not "
                "you, tell the facilitator."
            ),
            code="used",
        )
    if registration.status == Registration.Status.CANCELLED:
        raise ActionError(_("This registration was cancelled."), code="cancelled")
    if registration.status == Registration.Status.WAITING:
        raise ActionError(
            _("You are on the waiting list. You can join when you have been given a place."),
            code="waiting",
        )
    if not can_join_now(registration):
        opens = timezone.localtime(join_opens_at(registration))
        raise ActionError(
            _("Joining opens on %(date)s at %(time)s. Come back to this page then.")
            % {
                "date": formats.date_format(opens, "l j F"),
                "time": formats.time_format(opens, "H.i"),
            },
            code="too_early",
        )


def do_join_with_registration(*, registration: Registration, device_key: str = "") -> Joined:
    """Join the registration's meeting as its person. The registration row is locked, so a
    link opened on two phones at once joins only one of them."""
    check_can_join(registration)
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("invitation__workshop")
            .get(pk=registration.pk)
        )
        check_can_join(registration)
        joined = do_join(
            workshop=registration.invitation.workshop,
            display_name=registration.name,
            role=registration.role,
            organisation_id=registration.organisation_id,
            device_key=device_key,
        )
        participant = joined.participant
        if participant.organisation_id != registration.organisation_id:
            # The join form offers only approved organisations and this meeting's proposals;
            # a registration's organisation was accepted when it registered, and stays.
            participant.organisation = registration.organisation
            participant.save(update_fields=["organisation"])
        registration.participant = participant
        registration.save(update_fields=["participant"])
    return joined
