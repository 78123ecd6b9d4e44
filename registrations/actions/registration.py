"""Registering for a meeting without an account, and cancelling.

The invitation row is locked while places are counted, so two people registering at once for
the last place cannot both get it: the second goes on the waiting list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from registrations.actions.waiting_list import is_full, promote_waiting
from registrations.models import Invitation, Registration
from workshops.actions.base import ActionError
from workshops.models import Organisation, Participant
from workshops.text import clean_line, clean_text

NAME_MAX = 60  # the participant's name on the day has the same limit (workshops/actions/join.py)
ORGANISATION_NAME_MAX = 200
NEEDS_MAX = 1000


@dataclass(frozen=True)
class Registered:
    registration: Registration
    waiting_position: int | None  # None: a place is confirmed
    organisation_pending: bool  # a new organisation's name waits for staff approval


def _deadline_text(invitation: Invitation) -> str:
    return formats.date_format(
        timezone.localtime(invitation.registration_deadline), "DATETIME_FORMAT"
    )


def check_open_for_registration(invitation: Invitation) -> None:
    """Refuse when the meeting is not (or no longer) taking registrations."""
    workshop = invitation.workshop
    if not invitation.published:
        raise ActionError(_("This invitation is not published."), code="unpublished")
    if workshop.is_closed or workshop.closed_at is not None:
        raise ActionError(_("This meeting has ended."), code="closed")
    if timezone.now() > invitation.registration_deadline:
        raise ActionError(
            _("Registration closed on %(deadline)s. Contact %(contact)s if you still want to come.")
            % {"deadline": _deadline_text(invitation), "contact": invitation.contact_name},
            code="deadline",
        )


def check_registration(
    *,
    name: str,
    organisation_id: int | None,
    new_organisation: str,
    sector: str,
    role: str,
    email: str,
    needs: str,
    consent: bool,
) -> None:
    if not name:
        raise ActionError(_("Write your name."), field="name")
    if len(name) > NAME_MAX:
        raise ActionError(
            _("Names can be at most %(max)d characters.") % {"max": NAME_MAX}, field="name"
        )
    if new_organisation:
        if len(new_organisation) > ORGANISATION_NAME_MAX:
            raise ActionError(_("The organisation's name is too long."), field="new_organisation")
        if sector not in Organisation.Sector.values:
            raise ActionError(_("Choose the sector of your organisation."), field="sector")
    elif (
        organisation_id is not None
        and not Organisation.objects.filter(pk=organisation_id, approved=True).exists()
    ):
        raise ActionError(_("Choose an organisation from the list."), field="organisation")
    if role not in Participant.Role.values:
        raise ActionError(_("Choose a role."), field="role")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionError(
                _("Check the e-mail address: it should look like name@example.org."),
                field="email",
            ) from None
    if len(needs) > NEEDS_MAX:
        raise ActionError(
            _("Write at most %(max)d characters about your needs.") % {"max": NEEDS_MAX},
            field="needs",
        )
    if not consent:
        raise ActionError(
            _("To register, tick that you have read the privacy notice."), field="consent"
        )


def check_not_registered(
    invitation: Invitation, *, name: str, organisation: Organisation | None, email: str
) -> None:
    """One registration per person: the same e-mail, or the same name from the same
    organisation, is someone already registered."""
    active = invitation.registrations.exclude(status=Registration.Status.CANCELLED)
    if email and active.filter(email__iexact=email).exists():
        raise ActionError(
            _(
                "This e-mail address is already registered for this meeting. Your confirmation "
                "has a personal link where you can see or cancel the registration."
            ),
            field="email",
            code="duplicate",
        )
    if active.filter(name__iexact=name, organisation=organisation).exists():
        raise ActionError(
            _(
                "%(name)s is already registered for this meeting. Your confirmation has a "
                "personal link where you can see or cancel the registration."
            )
            % {"name": name},
            field="name",
            code="duplicate",
        )


def _organisation(
    invitation: Invitation, organisation_id: int | None, new_organisation: str, sector: str
) -> Organisation | None:
    """The chosen organisation; a typed name is matched to the registry first, and a new one
    is created held for staff approval, proposed in this meeting (as joining does)."""
    if new_organisation:
        existing = Organisation.objects.filter(name__iexact=new_organisation).first()
        return existing or Organisation.objects.create(
            name=new_organisation,
            sector=sector,
            approved=False,
            proposed_in=invitation.workshop,
        )
    if organisation_id is not None:
        return Organisation.objects.get(pk=organisation_id)
    return None


def waiting_position(registration: Registration) -> int | None:
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = registration.invitation.registrations.filter(
        status=Registration.Status.WAITING, created_at__lt=registration.created_at
    ).count()
    return ahead + 1


def do_register(
    *,
    invitation: Invitation,
    name: str,
    organisation_id: int | None = None,
    new_organisation: str = "",
    sector: str = "",
    role: str,
    email: str = "",
    needs: str = "",
    consent: bool,
) -> Registered:
    """Register someone for the meeting: a confirmed place while there is one, else a place on
    the waiting list. A confirmation goes to the e-mail, if one is given."""
    from registrations.mail import send_registration_mail

    name = clean_line(name)
    new_organisation = clean_line(new_organisation)
    email = email.strip()
    needs = clean_text(needs)
    fields = {
        "name": name,
        "organisation_id": organisation_id,
        "new_organisation": new_organisation,
        "sector": sector,
        "role": role,
        "email": email,
        "needs": needs,
        "consent": consent,
    }
    check_open_for_registration(invitation)
    check_registration(**fields)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("workshop").get(pk=invitation.pk)
        )
        check_open_for_registration(invitation)
        organisation = _organisation(invitation, organisation_id, new_organisation, sector)
        check_not_registered(invitation, name=name, organisation=organisation, email=email)
        now = timezone.now()
        registration = Registration.objects.create(
            invitation=invitation,
            name=name,
            organisation=organisation,
            role=role,
            email=email,
            needs=needs,
            consented_at=now,
            status=Registration.Status.WAITING
            if is_full(invitation)
            else Registration.Status.CONFIRMED,
        )
        if email:
            transaction.on_commit(lambda: send_registration_mail(registration.pk))
    return Registered(
        registration=registration,
        waiting_position=waiting_position(registration),
        organisation_pending=organisation is not None and not organisation.approved,
    )


def do_cancel_registration(*, registration: Registration) -> list[Registration]:
    """Cancel a registration (by its person, or by staff); a freed place goes to the waiting
    list. Returns who was promoted. Someone who has already joined the meeting stays."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=registration.invitation_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.participant_id is not None:
            raise ActionError(
                _("You have already joined the meeting with this registration."), code="joined"
            )
        if registration.status == Registration.Status.CANCELLED:
            return []
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        return promote_waiting(invitation)


def do_cancel_registration_as_staff(*, user, registration: Registration) -> list[Registration]:
    """Staff cancel someone's registration (they called, or wrote)."""
    from registrations.actions.access import check_manage

    check_manage(user, registration.invitation.workshop)
    return do_cancel_registration(registration=registration)
