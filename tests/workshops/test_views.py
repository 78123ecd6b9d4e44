"""Pages: the start page, joining, the participant screen, the console and the projector."""

import json
import re

import pytest
from django.urls import reverse

from ideas.models import Idea
from tests.conftest import join, make_workshop, set_phase
from workshops.codes import participant_cookie_name
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db


def test_start_page_finds_a_workshop_by_typed_code(client, workshop):
    response = client.post("/", {"code": workshop.join_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{workshop.join_code}/"


def test_unknown_code_gets_a_clear_message(client, workshop):
    response = client.post("/", {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "No open workshop has that code" in response.content.decode()


def test_closed_workshop_code_gets_a_clear_message(client, workshop):
    set_phase(workshop, "closed")
    Workshop.objects.filter(pk=workshop.pk).update(closed_at=workshop.created_at)
    response = client.get(f"/j/{workshop.join_code}/")
    assert response.status_code == 404
    assert "may have ended" in response.content.decode()


def test_join_sets_a_cookie_that_restores_the_participant(client, facilitator):
    workshop = make_workshop(facilitator, language="da")
    page = client.get(f"/j/{workshop.join_code}/")
    assert page.status_code == 200
    assert 'lang="da"' in page.content.decode()  # the workshop's language is the default
    response = client.post(
        f"/j/{workshop.join_code}/",
        {"display_name": "Anna", "role": "volunteer", "new_organisation": ""},
    )
    assert response.status_code == 302
    cookie = response.cookies[participant_cookie_name(workshop.join_code)]
    assert cookie["httponly"]
    participant = Participant.objects.get()
    assert participant.token_hash != cookie.value
    # A closed and reopened browser still has the cookie: same participant, straight in.
    again = client.get(f"/j/{workshop.join_code}/")
    assert again.status_code == 302 and again["Location"] == f"/w/{workshop.join_code}/"
    screen = client.get(f"/w/{workshop.join_code}/")
    assert screen.status_code == 200
    assert "Anna" in screen.content.decode()
    assert Participant.objects.count() == 1


def test_bad_join_keeps_what_was_typed(client, workshop):
    response = client.post(
        f"/j/{workshop.join_code}/",
        {"display_name": "", "role": "volunteer", "new_organisation": "Kor & Co"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv det navn" in html or "Write the name" in html
    assert "Kor &amp; Co" in html
    assert not Participant.objects.exists()


def test_participant_screen_without_cookie_goes_to_join(client, workshop):
    response = client.get(f"/w/{workshop.join_code}/")
    assert response.status_code == 302 and response["Location"] == f"/j/{workshop.join_code}/"


def test_user_text_is_escaped_on_every_screen(client, facilitator):
    workshop = set_phase(make_workshop(facilitator, title="<i>Titel</i>"), "ideas")
    participant, token = join(workshop, '<img src=x onerror="alert(1)">')
    Idea.objects.create(workshop=workshop, author=participant, text="<script>alert(2)</script>")
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    phone = client.get(f"/w/{workshop.join_code}/").content.decode()
    client.force_login(facilitator)
    console = client.get(f"/w/{workshop.join_code}/console/").content.decode()
    projector = client.get(f"/w/{workshop.join_code}/projector/").content.decode()
    for html in (phone, console, projector):
        assert "<script>alert(2)" not in html
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
        assert "<i>Titel</i>" not in html
    assert "<img src=x" not in phone + console


def test_idea_posted_without_websocket_is_stored(client, workshop):
    set_phase(workshop, "ideas")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    response = client.post(
        f"/w/{workshop.join_code}/act/idea.submit/",
        {"text": "Bytte-reol på biblioteket", "client_key": "7d3f0b7e-9d7e-4a47-a6a8-3c2d1c4a5b6f"},
    )
    assert response.status_code == 302
    assert Idea.objects.get().text == "Bytte-reol på biblioteket"


def test_refused_idea_without_websocket_keeps_the_text(client, workshop):
    set_phase(workshop, "ideas")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    long_text = "lang " * 120
    response = client.post(
        f"/w/{workshop.join_code}/act/idea.submit/", {"text": long_text}, follow=True
    )
    html = response.content.decode()
    assert re.search(r'id="idea-text-error"[^>]*>An idea can be at most 500 characters', html)
    assert long_text.strip() in html
    assert not Idea.objects.exists()


def test_console_and_projector_are_for_this_workshops_facilitators(
    client, workshop, other_facilitator
):
    for page in ("console", "projector"):
        url = f"/w/{workshop.join_code}/{page}/"
        assert client.get(url).status_code == 302  # to sign-in
        client.force_login(other_facilitator)
        assert client.get(url).status_code == 404
        client.logout()


def test_projector_lobby_shows_qr_code_and_join_url(client, workshop, facilitator):
    client.force_login(facilitator)
    html = client.get(f"/w/{workshop.join_code}/projector/").content.decode()
    assert "<svg" in html and 'class="segno"' in html
    assert workshop.join_url in html
    assert workshop.join_code in html


def test_facilitator_creates_a_workshop(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("workshops:dashboard"),
        {
            "title": "Unges trivsel",
            "question": "Hvad får unge til at blive i foreningslivet?",
            "language": "sv",
            "vote_budget": 6,
            "max_votes_per_idea": 3,
            "anonymous_allowed": "on",
        },
    )
    workshop = Workshop.objects.get(title="Unges trivsel")
    assert response["Location"] == f"/w/{workshop.join_code}/console/"
    assert (workshop.language, workshop.vote_budget, workshop.max_votes_per_idea) == ("sv", 6, 3)
    assert workshop.join_url == f"http://testserver/j/{workshop.join_code}/"


def test_facilitator_action_over_http(client, workshop, facilitator):
    client.force_login(facilitator)
    response = client.post(
        f"/w/{workshop.join_code}/console/act/phase.change/", {"phase": "knowledge"}
    )
    assert response.status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).phase == "knowledge"


def test_participant_cannot_use_the_console_endpoint(client, workshop):
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    response = client.post(
        f"/w/{workshop.join_code}/console/act/phase.change/", {"phase": "knowledge"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Workshop.objects.get(pk=workshop.pk).phase == "lobby"


@pytest.mark.django_db(transaction=True)  # the check runs on its own thread's connection
def test_healthz_reports_database_and_channel_layer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == "ok" and body["channel_layer"] == "ok" and body["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_healthz_says_503_when_the_channel_layer_is_down(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},  # nothing listens there
        }
    }
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["channel_layer"].startswith("error")


def _form_defaults(html: str, verb: str) -> dict[str, str]:
    """What a browser would send from a form left as it is: each field's value as rendered."""
    from lxml import html as lxml_html

    form = lxml_html.fromstring(html).xpath(f'//form[@data-verb="{verb}"]')[0]
    return dict(form.form_values())


@pytest.mark.parametrize("language", ["da", "sv", "en"])
def test_existing_activity_form_starts_empty_in_every_language(client, facilitator, language):
    """The 'already exists' fields and their error lines start empty (no stray `{}`), so a
    participant who only writes the text sends an untitled card."""
    from workshops.models import KnowledgeCard

    workshop = set_phase(make_workshop(facilitator, language=language), "knowledge")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    html = client.get(f"/w/{workshop.join_code}/").content.decode()
    assert "{}" not in html
    fields = _form_defaults(html, "card.add_existing")
    assert fields == {"title": "", "body": ""}

    fields["body"] = "Seniordans i hallen"
    client.post(f"/w/{workshop.join_code}/act/card.add_existing/", fields)
    card = KnowledgeCard.objects.get(kind=KnowledgeCard.Kind.EXISTING_ACTIVITY)
    assert (card.title, card.body) == ("", "Seniordans i hallen")


def test_refused_existing_activity_keeps_the_text_and_says_why(client, workshop):
    set_phase(workshop, "knowledge")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    response = client.post(
        f"/w/{workshop.join_code}/act/card.add_existing/",
        {"title": "Dans", "body": "   "},
        follow=True,
    )
    html = response.content.decode()
    assert re.search(r'id="existing-body-error"[^>]*>Write something on the card\.<', html)
    assert _form_defaults(html, "card.add_existing")["title"] == "Dans"
    # Shown once: the next visit starts clean.
    again = client.get(f"/w/{workshop.join_code}/").content.decode()
    assert _form_defaults(again, "card.add_existing") == {"title": "", "body": ""}
    assert "{}" not in again
