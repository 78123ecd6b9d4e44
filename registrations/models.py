"""A meeting's public invitation and the people who register for it, without an account."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Organisation, Participant, Workshop


def new_slug() -> str:
    return secrets.token_urlsafe(9)  # 12 characters: the invitation's public address


def new_personal_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters: a registered person's own link


class Invitation(models.Model):
    """What staff tell people about a meeting: when, where, what happens, until when to sign
    up, how many places. Public at its slug once published."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="invitation")
    slug = models.CharField(max_length=16, unique=True, default=new_slug, editable=False)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    programme = models.TextField(
        _("programme"),
        max_length=3000,
        blank=True,
        help_text=_("One item a line, e.g. “18.00 Coffee”."),
    )
    registration_deadline = models.DateTimeField(_("registration deadline"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def programme_lines(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=60)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Participant.Role)
    email = models.EmailField(_("e-mail"), blank=True)
    needs = models.TextField(_("accessibility or dietary needs"), max_length=1000, blank=True)
    consented_at = models.DateTimeField(_("consented to the privacy notice"))
    status = models.CharField(_("status"), max_length=20, choices=Status)
    # The personal link's secret; kept (not hashed) so staff can print a person's QR code.
    token = models.CharField(max_length=43, unique=True, default=new_personal_token, editable=False)
    # The participant this registration joined the meeting as: set once, by the personal link.
    participant = models.OneToOneField(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["invitation", "status", "created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def personal_path(self) -> str:
        return f"/r/{self.token}/"
