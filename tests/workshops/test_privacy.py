"""Personal data: the notice on the join page, a participant's download and deletions from
their phone (published live), staff erasure, and the retention rule."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ideas.actions.ideas import do_submit_idea
from ideas.models import Idea, Initiative, InitiativeComment
from tests.conftest import join, make_workshop, open_screen, set_phase
from workshops.actions.base import ActionError, Actor
from workshops.actions.privacy import do_erase_expired_personal_data, do_forget_my_name
from workshops.codes import participant_cookie_name
from workshops.devices import is_barred
from workshops.models import KnowledgeCard, Organisation, Participant, Workshop

pytestmark = pytest.mark.django_db


def phone(client, workshop, token):
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    return client


def idea_by(participant, text):
    set_phase(participant.workshop, "ideas")
    idea, _created = do_submit_idea(
        actor=Actor.for_participant(participant),
        workshop=participant.workshop,
        text=text,
        client_key=uuid.uuid4(),
    )
    return idea


# -- the notice ------------------------------------------------------------------------------


@override_settings(PERSONAL_DATA_RETENTION_DAYS=90)
def test_the_join_page_says_what_is_stored_for_how_long_in_the_workshops_language(
    client, facilitator
):
    workshop = make_workshop(facilitator, language="da")
    page = client.get(reverse("workshops:join", args=[workshop.join_code])).content.decode()
    assert 'id="privacy-notice"' in page
    assert "90 dage efter værkstedet lukker" in page
    assert reverse("workshops:privacy", args=[workshop.join_code]) in page
    notice = client.get(reverse("workshops:privacy", args=[workshop.join_code])).content.decode()
    assert "Hvad der gemmes" in notice and "90 dage" in notice


@override_settings(PERSONAL_DATA_RETENTION_DAYS=0)
def test_without_a_retention_period_the_notice_says_until_staff_erase(client, facilitator):
    workshop = make_workshop(facilitator)
    page = client.get(reverse("workshops:privacy", args=[workshop.join_code])).content.decode()
    assert "kept until staff erase them" in page


# -- the participant's own data -------------------------------------------------------------


def test_the_download_holds_my_contributions_and_nobody_elses(client, workshop):
    anna, token = join(workshop, "Anna", new_organisation="Strikkeklubben")
    bo, _token = join(workshop, "Bo")
    idea_by(anna, "Annas idé")
    idea_by(bo, "Bos idé")
    KnowledgeCard.objects.create(
        workshop=workshop, kind="existing_activity", body="Kort", author=anna
    )
    response = phone(client, workshop, token).get(
        reverse("workshops:my_data_download", args=[workshop.join_code])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["you"]["name"] == "Anna" and data["you"]["organisation"] == "Strikkeklubben"
    assert [idea["text"] for idea in data["ideas"]] == ["Annas idé"]
    assert [card["text"] for card in data["cards"]] == ["Kort"]
    assert "Bos idé" not in response.content.decode()


def test_no_cookie_no_download(client, workshop):
    join(workshop, "Anna")
    url = reverse("workshops:my_data_download", args=[workshop.join_code])
    assert client.get(url).status_code == 404


def test_forgetting_my_name_keeps_my_ideas_as_anonymous(client, workshop):
    anna, token = join(workshop, "Anna Andersen", new_organisation="Strikkeklubben")
    idea = idea_by(anna, "Fælles madklub")
    initiative = Initiative.objects.create(
        workshop=workshop,
        title="Madklub",
        field_editors={"title": "Anna Andersen", "purpose": "Bo"},
    )
    url = reverse("workshops:my_data", args=[workshop.join_code])
    response = phone(client, workshop, token).post(
        url, {"what": "forget_name", "confirm": "yes"}, follow=True
    )
    assert "Your name is deleted" in response.content.decode()
    anna.refresh_from_db()
    assert (anna.display_name, anna.anonymous, anna.organisation) == ("", True, None)
    assert anna.erased_at is not None
    idea.refresh_from_db()
    assert idea.author_name == "Anonymous" and idea.text == "Fælles madklub"
    initiative.refresh_from_db()
    assert initiative.field_editors == {"title": "Anonymous", "purpose": "Bo"}
    # The phone still works: only the name is gone.
    page = client.get(reverse("workshops:participant", args=[workshop.join_code])).content
    assert "Anna Andersen" not in page.decode()


def test_deleting_what_i_wrote_leaves_others_alone(client, workshop):
    anna, token = join(workshop, "Anna")
    bo, _token = join(workshop, "Bo")
    idea_by(anna, "Annas idé")
    idea_by(bo, "Bos idé")
    KnowledgeCard.objects.create(workshop=workshop, kind="existing_activity", body="K", author=anna)
    initiative = Initiative.objects.create(workshop=workshop, title="Madklub")
    InitiativeComment.objects.create(initiative=initiative, author=anna, text="Min kommentar")
    InitiativeComment.objects.create(initiative=initiative, author=bo, text="Bos kommentar")
    response = phone(client, workshop, token).post(
        reverse("workshops:my_data", args=[workshop.join_code]),
        {"what": "delete_contributions", "confirm": "yes"},
    )
    assert response.status_code == 302
    assert list(Idea.objects.values_list("text", flat=True)) == ["Bos idé"]
    assert not KnowledgeCard.objects.filter(author=anna).exists()
    assert list(InitiativeComment.objects.values_list("text", flat=True)) == ["Bos kommentar"]
    anna.refresh_from_db()
    assert anna.display_name == "Anna"  # deleting posts is not deleting the name


@pytest.mark.parametrize("what", ["forget_name", "delete_contributions"])
def test_nothing_happens_without_the_tick(client, workshop, what):
    anna, token = join(workshop, "Anna")
    idea_by(anna, "Annas idé")
    response = phone(client, workshop, token).post(
        reverse("workshops:my_data", args=[workshop.join_code]), {"what": what}
    )
    assert response.status_code == 422
    assert "Tick the box to confirm" in response.content.decode()
    anna.refresh_from_db()
    assert anna.display_name == "Anna" and Idea.objects.filter(author=anna).exists()


def test_my_rights_last_after_the_workshop_closes(workshop):
    anna, _token = join(workshop, "Anna")
    Workshop.objects.filter(pk=workshop.pk).update(phase="closed", closed_at=timezone.now())
    workshop.refresh_from_db()
    do_forget_my_name(actor=Actor.for_participant(anna), workshop=workshop)
    anna.refresh_from_db()
    assert anna.display_name == ""


def test_a_removed_participant_cannot_act_on_others_data(workshop):
    anna, _token = join(workshop, "Anna")
    Participant.objects.filter(pk=anna.pk).update(removed_at=timezone.now())
    anna.refresh_from_db()
    with pytest.raises(ActionError):
        do_forget_my_name(actor=Actor.for_participant(anna), workshop=workshop)


# -- live -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_every_screen_shows_the_change_at_once(workshop, facilitator):
    anna, anna_token = await database_sync_to_async(join)(workshop, "Anna Andersen")
    _bo, bo_token = await database_sync_to_async(join)(workshop, "Bo")
    await database_sync_to_async(idea_by)(anna, "Fælles madklub")
    console, _ok, _code = await open_screen(workshop, "facilitator", user=facilitator)
    other_phone, _ok, _code = await open_screen(workshop, "participant", token=bo_token)
    for screen in (console, other_phone):
        assert "Anna Andersen" in await screen.receive_until('id="screen"')

    await database_sync_to_async(do_forget_my_name)(
        actor=Actor.for_participant(anna), workshop=workshop
    )
    for screen in (console, other_phone):
        frame = await screen.receive_until('id="screen"')
        assert "Fælles madklub" in frame and "Anna Andersen" not in frame
    await console.disconnect()
    await other_phone.disconnect()


# -- staff ------------------------------------------------------------------------------------


def test_staff_erase_a_participant_from_the_people_page(client, workshop, facilitator):
    anna, token = join(workshop, "Anna Andersen", new_organisation="Strikkeklubben")
    idea = idea_by(anna, "Fælles madklub")
    client.force_login(facilitator)
    people = reverse("workshops:console_people", args=[workshop.join_code])
    assert "Erase personal data" in client.get(people).content.decode()
    url = reverse("workshops:erase_participant", args=[workshop.join_code, anna.pk])
    response = client.post(url, follow=True)
    assert "personal data is erased" in response.content.decode()
    anna.refresh_from_db()
    assert (anna.display_name, anna.organisation, anna.device_key) == ("", None, "")
    assert Idea.objects.get(pk=idea.pk).author_name == "Anonymous"
    # The phone is no longer linked to the rows.
    client.logout()
    assert Participant.objects.filter(token_hash=Participant.hash_token(token)).count() == 0


def test_only_the_workshops_facilitators_may_erase(client, workshop, other_facilitator):
    anna, _token = join(workshop, "Anna")
    client.force_login(other_facilitator)
    url = reverse("workshops:erase_participant", args=[workshop.join_code, anna.pk])
    assert client.post(url).status_code == 404
    anna.refresh_from_db()
    assert anna.display_name == "Anna"


# -- retention --------------------------------------------------------------------------------


def closed_days_ago(workshop, days):
    Workshop.objects.filter(pk=workshop.pk).update(
        phase="closed", closed_at=timezone.now() - timedelta(days=days)
    )


def test_retention_erases_workshops_closed_long_enough_ago(facilitator):
    old = make_workshop(facilitator, title="Gammelt")
    recent = make_workshop(facilitator, title="Nyligt")
    still_open = make_workshop(facilitator, title="Åbent")
    people = {
        w.title: join(w, "Anna", new_organisation="Klubben")[0] for w in (old, recent, still_open)
    }
    idea_by(people["Gammelt"], "Bliver stående")
    closed_days_ago(old, 400)
    closed_days_ago(recent, 10)

    erased = do_erase_expired_personal_data(days=365)
    assert {w.title: n for w, n in erased.items()} == {"Gammelt": 1}
    for title, person in people.items():
        person.refresh_from_db()
        assert (person.display_name == "") is (title == "Gammelt")
    assert Idea.objects.get(text="Bliver stående").author_name == "Anonymous"
    assert Organisation.objects.filter(name="Klubben").exists()  # the registry stays
    assert do_erase_expired_personal_data(days=365) == {}  # already done


@override_settings(PERSONAL_DATA_RETENTION_DAYS=30)
def test_the_command_uses_the_setting_and_can_list_first(facilitator):
    workshop = make_workshop(facilitator)
    anna, _token = join(workshop, "Anna")
    closed_days_ago(workshop, 31)
    out = io.StringIO()
    call_command("erase_expired_personal_data", "--dry-run", stdout=out)
    assert f"due: {workshop.join_code}" in out.getvalue()
    anna.refresh_from_db()
    assert anna.display_name == "Anna"
    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "erased 1 participant" in out.getvalue()
    anna.refresh_from_db()
    assert anna.display_name == ""


@override_settings(PERSONAL_DATA_RETENTION_DAYS=0)
def test_a_retention_of_zero_erases_nothing(facilitator):
    workshop = make_workshop(facilitator)
    anna, _token = join(workshop, "Anna")
    closed_days_ago(workshop, 4000)
    out = io.StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "nothing is erased" in out.getvalue()
    anna.refresh_from_db()
    assert anna.display_name == "Anna"


def sign_up(workshop, name, email, participant=None):
    from registrations.models import Invitation, Registration

    invitation, _created = Invitation.objects.get_or_create(
        workshop=workshop,
        defaults={
            "starts_at": timezone.now(),
            "ends_at": timezone.now(),
            "place": "Biblioteket",
            "address": "Torvet 1",
            "registration_deadline": timezone.now(),
            "contact_name": "Lise",
        },
    )
    return Registration.objects.create(
        invitation=invitation,
        name=name,
        email=email,
        needs="Glutenfri",
        role="citizen",
        consented_at=timezone.now(),
        status=Registration.Status.CONFIRMED,
        participant=participant,
    )


def test_retention_also_erases_everyone_who_signed_up(facilitator):
    workshop = make_workshop(facilitator)
    anna, _token = join(workshop, "Anna")
    came = sign_up(workshop, "Anna", "anna@example.org", participant=anna)
    stayed_home = sign_up(workshop, "Bo", "bo@example.org")
    closed_days_ago(workshop, 400)
    assert do_erase_expired_personal_data(days=365) == {Workshop.objects.get(pk=workshop.pk): 2}
    for registration in (came, stayed_home):
        registration.refresh_from_db()
        assert (registration.name, registration.email, registration.needs) == ("", "", "")
    assert do_erase_expired_personal_data(days=365) == {}


def test_erasing_a_participant_erases_their_sign_up(client, workshop, facilitator):
    anna, _token = join(workshop, "Anna")
    registration = sign_up(workshop, "Anna", "anna@example.org", participant=anna)
    other = sign_up(workshop, "Bo", "bo@example.org")
    client.force_login(facilitator)
    client.post(reverse("workshops:erase_participant", args=[workshop.join_code, anna.pk]))
    registration.refresh_from_db()
    other.refresh_from_db()
    assert registration.email == "" and other.email == "bo@example.org"


def test_a_removed_participant_can_be_erased_too(client, workshop, facilitator):
    anna, _token = join(workshop, "Anna Andersen", device_key="a-device")
    Participant.objects.filter(pk=anna.pk).update(removed_at=timezone.now())
    client.force_login(facilitator)
    people = client.get(reverse("workshops:console_people", args=[workshop.join_code]))
    erase = reverse("workshops:erase_participant", args=[workshop.join_code, anna.pk])
    assert erase in people.content.decode()
    client.post(erase)
    anna.refresh_from_db()
    # Still barred while the workshop runs: the device key (no name) stays until retention.
    assert anna.display_name == "" and anna.removed_at is not None
    assert is_barred(workshop, "a-device")
