"""The participation summary: organisations and people by sector, the municipality apart."""

import pytest

from registrations.actions.joining import do_join_with_registration
from registrations.actions.registration import do_cancel_registration
from registrations.summary import participation_summary
from tests.conftest import join
from tests.registrations.conftest import make_invitation, register, today
from workshops.models import Organisation

pytestmark = pytest.mark.django_db


def org(name, sector):
    return Organisation.objects.create(name=name, sector=sector)


def test_organisations_and_people_by_sector_with_the_municipality_apart(workshop):
    invitation = make_invitation(workshop, **today())
    club, church = org("Boldklub", "sports"), org("Sogn", "faith")
    culture_dept, care_dept = org("Kultur og Fritid", "municipal"), org("Omsorg", "municipal")
    register(invitation, "Anna", organisation_id=club.pk)
    register(invitation, "Bo", organisation_id=club.pk)
    register(invitation, "Carl", organisation_id=church.pk)
    register(invitation, "Dorte", organisation_id=culture_dept.pk, role="staff")
    register(invitation, "Erik", organisation_id=care_dept.pk, role="staff")
    register(invitation, "Frida", role="citizen")
    cancelled = register(invitation, "Gert", organisation_id=church.pk).registration
    do_cancel_registration(registration=cancelled)
    # Someone who came without registering, and someone whose registration joined (once).
    join(workshop, "Hanne", organisation_id=church.pk)
    do_join_with_registration(registration=register(invitation, "Ib").registration)
    join(workshop, "Jens", role="staff")  # municipal staff without a department chosen

    summary = participation_summary([workshop])

    assert (summary.civil_organisations, summary.civil_people) == (2, 4)
    assert (summary.municipal_departments, summary.municipal_people) == (2, 3)
    assert summary.people_without_organisation == 2  # Frida, Ib
    assert summary.people == 9
    rows = [(row.sector, row.organisations, row.people) for row in summary.by_sector]
    assert rows == [("faith", 1, 2), ("sports", 1, 2), ("municipal", 2, 3)]


def test_across_meetings_an_organisation_is_counted_once(workshop, facilitator):
    from tests.conftest import make_workshop

    second = make_workshop(facilitator, title="Second meeting")
    club = org("Boldklub", "sports")
    register(make_invitation(workshop), "Anna", organisation_id=club.pk)
    register(make_invitation(second), "Bo", organisation_id=club.pk)
    summary = participation_summary([workshop, second])
    assert (summary.civil_organisations, summary.civil_people) == (1, 2)
