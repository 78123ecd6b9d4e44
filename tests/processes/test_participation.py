"""The participation summary of a process: a person at several meetings counts once."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from processes.actions.processes import PlannedMeeting, do_create_process
from processes.catalogue import process_participation
from processes.models import MeetingTemplate
from processes.selectors import process_workshops
from registrations.models import Invitation, Registration
from tests.conftest import join
from workshops.models import Organisation


@pytest.fixture
def two_meetings(db):
    staff = get_user_model().objects.create_user("planner", password="pw", is_staff=True)
    template = MeetingTemplate.objects.get(key="idea-workshop", language="en")
    process = do_create_process(
        user=staff,
        title="P",
        challenge="C?",
        language="en",
        meetings=[PlannedMeeting(template, place="Nordby"), PlannedMeeting(template)],
    )
    return process_workshops(process)


def registered(workshop, name, *, email="", organisation=None, joined_as=None):
    now = timezone.now()
    invitation, _created = Invitation.objects.get_or_create(
        workshop=workshop,
        defaults={
            "starts_at": now + datetime.timedelta(days=7),
            "ends_at": now + datetime.timedelta(days=7, hours=2),
            "place": "Library",
            "address": "Main street 1",
            "registration_deadline": now + datetime.timedelta(days=5),
            "contact_name": "Kim",
        },
    )
    return Registration.objects.create(
        invitation=invitation,
        name=name,
        email=email,
        organisation=organisation,
        role="volunteer",
        consented_at=now,
        status=Registration.Status.CONFIRMED,
        participant=joined_as,
    )


def test_a_person_who_registered_at_two_meetings_counts_once(two_meetings):
    first, second = two_meetings
    club = Organisation.objects.create(name="Boldklubben")
    # Registered with one e-mail, joined under two spellings of her name.
    maja_1, _ = join(first, "Maja")
    maja_2, _ = join(second, "Maja H.")
    registered(first, "Maja Holm", email="maja@example.org", joined_as=maja_1)
    registered(second, "Maja Holm", email="Maja@Example.org ", joined_as=maja_2)
    # No registration: the same name and organisation is the same person.
    join(first, "Ib", organisation_id=club.pk)
    join(second, "ib", organisation_id=club.pk)
    # Two people of the same name without an organisation in common are two people.
    join(first, "Ane", organisation_id=club.pk)
    join(second, "Ane")
    # Anonymous participants cannot be matched: each counts.
    join(first, "", anonymous=True)
    join(second, "", anonymous=True)

    summary = process_participation([first, second])
    assert summary.people == 6  # Maja, Ib, Ane, Ane, two anonymous
    assert summary.organisations == 1
    assert {row.role: row.count for row in summary.by_role} == {"volunteer": 6}
