"""Joining from a phone: tokens, names, organisations, and refusals."""

import pytest

from tests.conftest import make_workshop
from workshops.actions.base import ActionError
from workshops.actions.join import do_join
from workshops.models import Organisation, Participant
from workshops.selectors import participant_by_token

pytestmark = pytest.mark.django_db


def test_join_stores_only_the_hash_of_an_unguessable_token(workshop):
    joined = do_join(workshop=workshop, display_name="Anna", role="volunteer")
    assert len(joined.token) >= 40
    assert joined.participant.token_hash == Participant.hash_token(joined.token)
    assert joined.token not in joined.participant.token_hash
    assert participant_by_token(workshop, joined.token) == joined.participant
    assert participant_by_token(workshop, joined.token + "x") is None


def test_join_is_logged_quietly(workshop):
    """A join moves the people counter, not the screens' sequence: a room of 2,000 phones
    joining must not send every phone 2,000 frames."""
    before = workshop.seq
    joined = do_join(workshop=workshop, display_name="Anna", role="citizen")
    workshop.refresh_from_db()
    assert workshop.seq == before
    event = workshop.events.last()
    assert (event.kind, event.seq) == ("participant.joined", None)
    assert event.payload == {"participant_id": joined.participant.pk}


def test_new_organisation_is_added_to_the_registry_once(workshop):
    first = do_join(
        workshop=workshop, display_name="A", role="association", new_organisation="Strikkeklubben"
    )
    second = do_join(
        workshop=workshop, display_name="B", role="association", new_organisation="strikkeklubben"
    )
    assert first.participant.organisation == second.participant.organisation
    assert Organisation.objects.filter(name__iexact="strikkeklubben").count() == 1


def test_anonymous_only_where_allowed(facilitator):
    open_workshop = make_workshop(facilitator, anonymous_allowed=True)
    joined = do_join(workshop=open_workshop, anonymous=True, role="citizen")
    assert joined.participant.public_name == "Anonymous"

    named_only = make_workshop(facilitator, anonymous_allowed=False)
    with pytest.raises(ActionError) as refused:
        do_join(workshop=named_only, anonymous=True, role="citizen")
    assert refused.value.field == "display_name"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"display_name": "", "role": "citizen"}, "display_name"),
        ({"display_name": "x" * 61, "role": "citizen"}, "display_name"),
        ({"display_name": "Anna", "role": "king"}, "role"),
    ],
)
def test_bad_join_input_is_refused_on_its_field(workshop, kwargs, field):
    with pytest.raises(ActionError) as refused:
        do_join(workshop=workshop, **kwargs)
    assert refused.value.field == field
    assert not Participant.objects.filter(workshop=workshop).exists()


def test_closed_workshop_cannot_be_joined(workshop):
    workshop.phase = "closed"
    workshop.save()
    with pytest.raises(ActionError):
        do_join(workshop=workshop, display_name="Late", role="citizen")
