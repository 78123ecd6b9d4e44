"""A registered person's link joins them to the right meeting, as themselves, exactly once."""

import pytest

from registrations.actions.joining import do_join_with_registration
from registrations.actions.registration import do_cancel_registration
from registrations.models import Registration
from tests.conftest import make_workshop
from tests.registrations.conftest import make_invitation, register, today
from workshops.actions.base import ActionError
from workshops.codes import participant_cookie_name
from workshops.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(workshop):
    """The meeting is later today: personal links join."""
    return make_invitation(workshop, **today())


def test_the_link_joins_the_right_meeting_with_name_role_and_organisation(
    workshop, facilitator, sports_club
):
    other_meeting = make_workshop(facilitator, title="Another meeting")
    make_invitation(other_meeting, **today())
    registration = register(
        make_invitation(workshop, **today()),
        "Anna Berg",
        organisation_id=sports_club.pk,
        role="association",
    ).registration

    joined = do_join_with_registration(registration=registration)

    participant = joined.participant
    assert participant.workshop == workshop
    assert (participant.display_name, participant.role) == ("Anna Berg", "association")
    assert participant.organisation == sports_club
    registration.refresh_from_db()
    assert registration.participant == participant
    assert not other_meeting.participants.exists()


def test_a_new_organisation_comes_along_to_the_meeting(invitation):
    registration = register(
        invitation, new_organisation="Nordby Landsbyråd", sector="rural"
    ).registration
    participant = do_join_with_registration(registration=registration).participant
    assert participant.organisation.name == "Nordby Landsbyråd"


def test_the_link_joins_only_once(invitation):
    registration = register(invitation).registration
    do_join_with_registration(registration=registration)
    with pytest.raises(ActionError) as refused:
        do_join_with_registration(registration=Registration.objects.get(pk=registration.pk))
    assert refused.value.code == "used"
    assert "already been used" in str(refused.value.message)
    assert Participant.objects.filter(workshop=invitation.workshop).count() == 1


def test_a_stale_copy_of_the_registration_cannot_join_twice(invitation):
    """Two phones opened the link before either joined: the row lock lets only one in."""
    registration = register(invitation).registration
    stale = Registration.objects.get(pk=registration.pk)
    do_join_with_registration(registration=registration)
    with pytest.raises(ActionError):
        do_join_with_registration(registration=stale)
    assert Participant.objects.count() == 1


def test_the_waiting_list_and_the_cancelled_cannot_join(workshop):
    small = make_invitation(workshop, capacity=1, **today())
    first = register(small, "Anna").registration
    waiting = register(small, "Bo").registration
    with pytest.raises(ActionError) as refused:
        do_join_with_registration(registration=waiting)
    assert refused.value.code == "waiting"
    do_cancel_registration(registration=first)
    with pytest.raises(ActionError) as refused:
        do_join_with_registration(registration=Registration.objects.get(pk=first.pk))
    assert refused.value.code == "cancelled"


def test_someone_who_joined_cannot_cancel(invitation):
    registration = register(invitation).registration
    do_join_with_registration(registration=registration)
    with pytest.raises(ActionError) as refused:
        do_cancel_registration(registration=registration)
    assert refused.value.code == "joined"


def test_over_http_the_link_joins_and_sets_the_participant_cookie(client, invitation):
    registration = register(invitation).registration
    code = invitation.workshop.join_code

    page = client.get(f"/r/{registration.token}/")
    assert page.status_code == 200
    assert b"Join the meeting" in page.content

    response = client.post(f"/r/{registration.token}/join/")
    assert response.status_code == 302
    assert response["Location"] == f"/w/{code}/"
    assert client.cookies[participant_cookie_name(code)].value
    assert client.get(f"/w/{code}/").status_code == 200

    again = client.get(f"/r/{registration.token}/")
    assert b"Go to the meeting" in again.content


def test_a_used_link_on_another_phone_says_so(client, invitation):
    registration = register(invitation).registration
    do_join_with_registration(registration=registration)
    response = client.post(f"/r/{registration.token}/join/", follow=True)
    assert b"already been used to join" in response.content
    assert Participant.objects.count() == 1


def test_an_unknown_link_is_not_found(client, db):
    assert client.get("/r/not-a-token/").status_code == 404
    assert client.post("/r/not-a-token/join/").status_code == 404


def test_weeks_before_the_meeting_the_link_does_not_join_yet(client, workshop):
    """Tapping it right after registering on a laptop must not use up the link the person
    needs on their phone on the day."""
    early = make_invitation(workshop)  # in two weeks
    registration = register(early).registration
    with pytest.raises(ActionError) as refused:
        do_join_with_registration(registration=registration)
    assert refused.value.code == "too_early"
    assert "Joining opens on" in str(refused.value.message)
    page = client.get(f"/r/{registration.token}/").content.decode()
    assert "Join the meeting</button>" not in page
    assert "On the day, open this page again" in page
    assert not Participant.objects.exists()
