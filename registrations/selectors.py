"""Reads for the invitation, the registration pages and the staff lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from ideas.actions.followup import is_staff
from registrations.models import Invitation, Registration
from workshops.models import Organisation, Workshop


def public_base_url(workshop: Workshop) -> str:
    """Where links in invitations, QR codes and mails point (as the workshop's join link)."""
    return settings.PUBLIC_BASE_URL or workshop.base_url.rstrip("/")


def invitation_by_slug(slug: str) -> Invitation | None:
    return Invitation.objects.select_related("workshop").filter(slug=slug).first()


def invitation_of(workshop: Workshop) -> Invitation | None:
    return Invitation.objects.filter(workshop=workshop).first()


def registration_by_token(token: str) -> Registration | None:
    if not token:
        return None
    return (
        Registration.objects.select_related("invitation__workshop", "organisation")
        .filter(token=token)
        .first()
    )


def registry_organisations() -> QuerySet[Organisation]:
    """The organisations anyone may choose: approved ones only."""
    return Organisation.objects.filter(approved=True).order_by("name")


def pending_organisations(invitation: Invitation) -> QuerySet[Organisation]:
    """New organisations that people registering for this meeting typed in."""
    return (
        Organisation.objects.filter(approved=False, registrations__invitation=invitation)
        .distinct()
        .order_by("name")
    )


def registrations_of(invitation: Invitation) -> QuerySet[Registration]:
    return invitation.registrations.select_related("organisation", "participant").order_by(
        "created_at", "pk"
    )


@dataclass(frozen=True)
class PlaceCounts:
    confirmed: int
    waiting: int
    cancelled: int
    capacity: int | None

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def place_counts(invitation: Invitation) -> PlaceCounts:
    counts = invitation.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
    )
    return PlaceCounts(capacity=invitation.capacity, **counts)


def manageable_workshops(user) -> QuerySet[Workshop]:
    """The meetings whose invitation this user may set up: all for staff, else their own."""
    workshops = Workshop.objects.select_related("invitation").order_by("-created_at")
    if is_staff(user) or user.is_superuser:
        return workshops
    return workshops.filter(facilitators=user)
