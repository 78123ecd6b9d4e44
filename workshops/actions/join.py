"""Joining a workshop from a phone, without an account."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, hold_workshop
from workshops.codes import new_participant_token
from workshops.devices import is_barred
from workshops.join_limits import PER_ADDRESS, joins
from workshops.models import Organisation, Participant, Workshop

NAME_MAX = 60
BARRED_MESSAGE = _("The facilitator has removed you from this workshop.")
BUSY_MESSAGES = {
    PER_ADDRESS: _(
        "Very many people have joined from this network in the last minute. "
        "Wait a minute and try again: what you typed is kept."
    ),
    "": _("Very many people are joining right now. Try again in a moment: what you typed is kept."),
}
ORGANISATION_NAME_MAX = 200


@dataclass(frozen=True)
class Joined:
    participant: Participant
    token: str  # goes into the participant's cookie; only its hash is stored


def check_join(
    workshop: Workshop, *, display_name: str, anonymous: bool, role: str, new_organisation: str
) -> None:
    if workshop.is_closed or workshop.closed_at is not None:
        raise ActionError(_("This workshop has ended."), code="closed")
    if anonymous and not workshop.anonymous_allowed:
        raise ActionError(_("This workshop asks everyone to give a name."), field="display_name")
    if not anonymous and not display_name.strip():
        raise ActionError(_("Write the name others will see."), field="display_name")
    if len(display_name) > NAME_MAX:
        raise ActionError(
            _("Names can be at most %(max)d characters.") % {"max": NAME_MAX}, field="display_name"
        )
    if role not in Participant.Role.values:
        raise ActionError(_("Choose a role."), field="role")
    if len(new_organisation) > ORGANISATION_NAME_MAX:
        raise ActionError(_("The organisation's name is too long."), field="new_organisation")


def _organisation(
    workshop: Workshop, organisation_id: int | None, new_organisation: str
) -> Organisation | None:
    """The organisation chosen, or the one typed: a new name is a proposal that only this
    workshop's join form offers until staff approve it into the shared registry."""
    name = new_organisation.strip()
    if name:
        existing = Organisation.objects.filter(name__iexact=name).first()
        if existing:
            return existing
        try:
            with transaction.atomic():  # joins run side by side: two may type the same name
                return Organisation.objects.create(name=name, approved=False, proposed_in=workshop)
        except IntegrityError:
            return Organisation.objects.get(name=name)
    if organisation_id:
        return Organisation.objects.offered_in(workshop).filter(pk=organisation_id).first()
    return None


def do_join(
    *,
    workshop: Workshop,
    display_name: str = "",
    anonymous: bool = False,
    role: str = Participant.Role.CITIZEN,
    organisation_id: int | None = None,
    new_organisation: str = "",
    device_key: str = "",
    address: str = "",
) -> Joined:
    """Add a participant and hand back the token that identifies them from now on.
    `device_key` (workshops/devices.py) is the device they join from: a device whose
    participant was removed may not join again until the facilitator readmits them.
    `address` is the client's network address: joins per address and per workshop are
    limited (workshops/join_limits.py)."""
    check_join(
        workshop,
        display_name=display_name,
        anonymous=anonymous,
        role=role,
        new_organisation=new_organisation,
    )
    if refused_by := joins.allow(address=address, workshop_id=workshop.pk):
        raise ActionError(BUSY_MESSAGES.get(refused_by, BUSY_MESSAGES[""]), code="busy")
    token = new_participant_token()
    with transaction.atomic():
        # Held, not locked: a join records only a counter event, so a rush of joins need not
        # queue on the workshop row (a phase change still waits for them, and they for it).
        workshop = hold_workshop(workshop.pk)
        check_join(
            workshop,
            display_name=display_name,
            anonymous=anonymous,
            role=role,
            new_organisation=new_organisation,
        )
        if is_barred(workshop, device_key):
            raise ActionError(BARRED_MESSAGE, code="barred")
        participant = Participant.objects.create(
            workshop=workshop,
            display_name="" if anonymous else display_name.strip(),
            anonymous=anonymous,
            role=role,
            organisation=_organisation(workshop, organisation_id, new_organisation),
            token_hash=Participant.hash_token(token),
            device_key=device_key,
        )
        record_event(
            workshop,
            "participant.joined",
            actor=Actor.for_participant(participant),
            payload={"participant_id": participant.pk},
        )
    return Joined(participant=participant, token=token)
