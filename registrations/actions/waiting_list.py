"""The waiting list: when a place frees up, the person who has waited longest gets it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from registrations.models import Invitation, Registration


def confirmed_count(invitation: Invitation) -> int:
    return invitation.registrations.filter(status=Registration.Status.CONFIRMED).count()


def is_full(invitation: Invitation) -> bool:
    return invitation.capacity is not None and confirmed_count(invitation) >= invitation.capacity


def promote_waiting(invitation: Invitation) -> list[Registration]:
    """Give free places to the waiting list in order. Call with the invitation row locked;
    each promoted person with an e-mail is told after the commit."""
    from registrations.mail import send_registration_mail

    waiting = invitation.registrations.filter(status=Registration.Status.WAITING).order_by(
        "created_at", "pk"
    )
    if invitation.capacity is not None:
        waiting = waiting[: max(invitation.capacity - confirmed_count(invitation), 0)]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.status_changed_at = now
        registration.save(update_fields=["status", "status_changed_at"])
        if registration.email:
            transaction.on_commit(
                lambda pk=registration.pk: send_registration_mail(pk, promoted=True)
            )
    return promoted
