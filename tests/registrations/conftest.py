"""Fixtures for invitations and registrations: a meeting with a published invitation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from registrations.actions.registration import do_register
from registrations.models import Invitation
from workshops.models import Organisation, Participant


def make_invitation(workshop, **overrides) -> Invitation:
    starts = timezone.now() + timedelta(days=14)
    fields = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "place": "Nordby Medborgerhus",
        "address": "Skolevej 4, 9999 Nordby",
        "programme": "18.00 Coffee\n18.30 Welcome\n19.00 Idea workshop",
        "registration_deadline": starts - timedelta(days=3),
        "capacity": None,
        "contact_name": "Mette Holm",
        "contact_email": "mette@nordby.example",
        "contact_phone": "+45 12 34 56 78",
        "published": True,
    }
    fields.update(overrides)
    return Invitation.objects.create(workshop=workshop, **fields)


def today(hours_to_start: float = 2) -> dict:
    """An invitation's times for a meeting later today: the personal links join already."""
    starts = timezone.now() + timedelta(hours=hours_to_start)
    return {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "registration_deadline": starts - timedelta(minutes=30),
    }


@pytest.fixture
def invitation(workshop):
    return make_invitation(workshop)


@pytest.fixture
def sports_club(db):
    return Organisation.objects.create(name="Nordby Boldklub", sector=Organisation.Sector.SPORTS)


def register(invitation, name="Anna Berg", **fields):
    fields.setdefault("role", Participant.Role.VOLUNTEER)
    fields.setdefault("consent", True)
    return do_register(invitation=invitation, name=name, **fields)


def form_data(**overrides) -> dict[str, str]:
    data = {
        "name": "Anna Berg",
        "organisation": "",
        "new_organisation": "",
        "sector": "",
        "role": "volunteer",
        "email": "anna@example.org",
        "needs": "Step-free access, please",
        "consent": "on",
    }
    data.update(overrides)
    return data
