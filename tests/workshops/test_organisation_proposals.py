"""An organisation typed at joining belongs to its workshop until staff approve it: other
workshops' join forms don't offer it (finding 4: 300 joins made 300 names in every form)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import join, make_workshop
from workshops.models import Organisation, Participant

pytestmark = pytest.mark.django_db


def join_page(client, workshop) -> str:
    return client.get(reverse("workshops:join", args=[workshop.join_code])).content.decode()


def test_a_typed_name_is_offered_only_where_it_was_typed(client, facilitator, other_facilitator):
    here = make_workshop(facilitator)
    elsewhere = make_workshop(other_facilitator, title="Et andet værksted")
    Organisation.objects.create(name="Nordby Boldklub")  # already in the registry
    participant, _token = join(here, "Anna", new_organisation="Strikkeklubben Maske")

    proposal = participant.organisation
    assert (proposal.name, proposal.approved, proposal.proposed_in) == (
        "Strikkeklubben Maske",
        False,
        here,
    )
    assert "Strikkeklubben Maske" in join_page(client, here)
    page = join_page(client, elsewhere)
    assert "Nordby Boldklub" in page
    assert "Strikkeklubben Maske" not in page


def test_another_workshops_proposal_cannot_be_chosen_by_id(client, facilitator, other_facilitator):
    here = make_workshop(facilitator)
    elsewhere = make_workshop(other_facilitator, title="Et andet værksted")
    participant, _token = join(here, "Anna", new_organisation="Strikkeklubben Maske")
    response = client.post(
        reverse("workshops:join", args=[elsewhere.join_code]),
        {"display_name": "Bo", "role": "citizen", "organisation": participant.organisation_id},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Participant.objects.filter(workshop=elsewhere).exists()


def test_typing_a_registered_name_reuses_it(facilitator):
    workshop = make_workshop(facilitator)
    registered = Organisation.objects.create(name="Nordby Boldklub")
    participant, _token = join(workshop, "Anna", new_organisation="nordby boldklub")
    assert participant.organisation == registered
    assert Organisation.objects.count() == 1


def test_staff_approve_a_proposal_into_the_shared_registry(client, facilitator, other_facilitator):
    here = make_workshop(facilitator)
    elsewhere = make_workshop(other_facilitator, title="Et andet værksted")
    participant, _token = join(here, "Anna", new_organisation="Strikkeklubben Maske")
    staff = get_user_model().objects.create_superuser("admin", password="pw-for-tests-only")
    client.force_login(staff)
    response = client.post(
        reverse("admin:workshops_organisation_changelist"),
        {"action": "approve", "_selected_action": [participant.organisation_id]},
        follow=True,
    )
    assert "1 organisation approved." in response.content.decode()
    proposal = Organisation.objects.get(pk=participant.organisation_id)
    assert proposal.approved and proposal.proposed_in is None
    client.logout()
    assert "Strikkeklubben Maske" in join_page(client, elsewhere)
