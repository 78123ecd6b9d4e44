"""NUL, control characters, invisible text and directional overrides sent to every verb that
stores text (issue 8, finding 2). On PostgreSQL a NUL used to make the insert raise and the
socket die with 1011; run this file with DATABASE_URL=postgres://… to see it hold there too."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea, Initiative, InitiativeComment, Theme
from realtime import verbs
from realtime.protocol import Frame
from realtime.viewers import Viewer
from tests.conftest import join, open_screen, set_phase
from tests.ideas.flow_helpers import initiative_in
from workshops.codes import participant_cookie_name
from workshops.models import KnowledgeCard, Space, SpaceLocation, Workshop

# NUL, BEL, ESC, NEL (C1), a right-to-left override left open, a carriage return.
RAW = "\x00Kaffe\x07 og\x1b kage\x85\u202e!\r\n"
AS_LINE = "Kaffe og kage!"  # names, titles, topics: no overrides at all
AS_TEXT = "Kaffe og kage\u202e!\u202c"  # longer text: the override is closed within it
INVISIBLE = "\u200b \u200d\ufeff\n\u3164\u2800\x00"


@dataclass
class Case:
    verb: str
    role: str  # "participant" or "facilitator"
    phase: str
    fields: dict[str, str]
    stored: Callable[[Workshop], dict[str, str]]  # what ended up in the database
    expected: dict[str, str]


def _idea(workshop: Workshop) -> Idea:
    return Idea.objects.filter(workshop=workshop).latest("pk")


CASES = {
    "idea.submit": Case(
        "idea.submit",
        "participant",
        "ideas",
        {"title": RAW, "text": RAW},
        lambda w: {"title": _idea(w).title, "text": _idea(w).text},
        {"title": AS_LINE, "text": AS_TEXT},
    ),
    "idea.edit": Case(
        "idea.edit",
        "participant",
        "ideas",
        {"idea_id": "{own_idea}", "title": RAW, "text": RAW},
        lambda w: {"title": _idea(w).title, "text": _idea(w).text},
        {"title": AS_LINE, "text": AS_TEXT},
    ),
    "idea.suggest_theme": Case(
        "idea.suggest_theme",
        "participant",
        "clustering",
        {"idea_id": "{own_idea}", "name": RAW},
        lambda w: {"name": _idea(w).suggested_theme},
        {"name": AS_LINE},
    ),
    "card.add_existing": Case(
        "card.add_existing",
        "participant",
        "knowledge",
        {"title": RAW, "body": RAW},
        lambda w: KnowledgeCard.objects.filter(workshop=w).values("title", "body").get(),
        {"title": AS_LINE, "body": AS_TEXT},
    ),
    "card.create": Case(
        "card.create",
        "facilitator",
        "knowledge",
        {"kind": "fact", "title": RAW, "body": RAW},
        lambda w: KnowledgeCard.objects.filter(workshop=w).values("title", "body").get(),
        {"title": AS_LINE, "body": AS_TEXT},
    ),
    "space.propose": Case(
        "space.propose",
        "participant",
        "ideas",
        {"topic": RAW},
        lambda w: Space.objects.filter(workshop=w).values("topic").latest("pk"),
        {"topic": AS_LINE},
    ),
    "space.report": Case(
        "space.report",
        "participant",
        "ideas",
        {"space_id": "{own_space}", "key_points": RAW, "who": RAW, "next_step": RAW},
        lambda w: (
            Space.objects.filter(workshop=w)
            .values("report_key_points", "report_who", "report_next_step")
            .get()
        ),
        {"report_key_points": AS_TEXT, "report_who": AS_TEXT, "report_next_step": AS_TEXT},
    ),
    "space.configure": Case(
        "space.configure",
        "facilitator",
        "ideas",
        {"op": "add_location", "name": RAW},
        lambda w: SpaceLocation.objects.filter(workshop=w).values("name").get(),
        {"name": AS_LINE},
    ),
    "theme.manage": Case(
        "theme.manage",
        "facilitator",
        "clustering",
        {"op": "create", "name": RAW},
        lambda w: Theme.objects.filter(workshop=w).values("name").get(),
        {"name": AS_LINE},
    ),
    "idea.move": Case(
        "idea.move",
        "facilitator",
        "clustering",
        {"idea_id": "{own_idea}", "theme_name": RAW},
        lambda w: Theme.objects.filter(workshop=w).values("name").get(),
        {"name": AS_LINE},
    ),
    "initiative.promote": Case(
        "initiative.promote",
        "facilitator",
        "refinement",
        {"idea-{own_idea}": "on", "title": RAW},
        lambda w: Initiative.objects.filter(workshop=w).values("title").latest("pk"),
        {"title": AS_LINE},
    ),
    "initiative.edit": Case(
        "initiative.edit",
        "facilitator",
        "refinement",
        {"initiative_id": "{initiative}", "field": "purpose", "value": RAW, "version": "0"},
        lambda w: Initiative.objects.filter(workshop=w).values("purpose").get(),
        {"purpose": AS_TEXT},
    ),
    "initiative.edit title": Case(
        "initiative.edit",
        "facilitator",
        "refinement",
        {"initiative_id": "{initiative}", "field": "title", "value": RAW, "version": "0"},
        lambda w: Initiative.objects.filter(workshop=w).values("title").latest("pk"),
        {"title": AS_LINE},
    ),
    "initiative.comment": Case(
        "initiative.comment",
        "facilitator",
        "refinement",
        {"initiative_id": "{initiative}", "text": RAW},
        lambda w: InitiativeComment.objects.values("text").get(),
        {"text": AS_TEXT},
    ),
}


def stage(workshop: Workshop, facilitator, case: Case) -> tuple[Viewer, dict[str, str]]:
    """The workshop in the case's phase with what the verb refers to; the viewer to send as,
    and the case's fields with the ids filled in."""
    Workshop.objects.filter(pk=workshop.pk).update(use_spaces=True)
    anna, _token = join(workshop, "Anna")
    idea = Idea.objects.create(workshop=workshop, author=anna, text="Gåtur")
    space = Space.objects.create(workshop=workshop, topic="Gåture", host=anna)
    initiative = initiative_in(workshop) if case.phase == "refinement" else None
    set_phase(workshop, case.phase)
    ids = {
        "own_idea": idea.pk,
        "own_space": space.pk,
        "initiative": initiative.pk if initiative else "",
    }
    fields = {
        name.format(**ids): value.format(**ids) if value.startswith("{") else value
        for name, value in case.fields.items()
    }
    if case.role == "participant":
        viewer = Viewer(workshop.pk, "participant", "en", participant_id=anna.pk)
    else:
        viewer = Viewer(workshop.pk, "facilitator", "en", user_id=facilitator.pk)
    return viewer, fields


def control_characters(value: str) -> list[str]:
    return [c for c in value if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cs")]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_every_text_verb_stores_clean_text(workshop, facilitator, name):
    case = CASES[name]
    viewer, fields = stage(workshop, facilitator, case)
    key = uuid.uuid4()
    reply = verbs.dispatch(viewer, Frame(verb=case.verb, fields=fields, client_key=key))
    assert 'data-rt="error"' not in reply, reply
    assert f'data-rt="ack" data-key="{key}"' in reply
    stored = case.stored(workshop)
    assert stored == case.expected
    for value in stored.values():
        assert control_characters(value) == []


REFUSALS = {
    "idea.submit": ("text", "Write your idea before sending it."),
    "card.add_existing": ("body", "Write something on the card."),
    "card.create": ("body", "Write something on the card."),
    "space.propose": ("topic", "Write the topic you want to host."),
    "space.configure": ("name", "Write a name first."),
    "space.report": ("key_points", "Write at least the key points."),
    "theme.manage": ("name", "Give the theme a name."),
    "initiative.comment": ("text", "Write a comment before sending it."),
    "initiative.edit title": ("value", "An initiative needs a title."),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", REFUSALS)
def test_text_with_nothing_visible_is_refused_with_a_clear_message(workshop, facilitator, name):
    case = CASES[name]
    field, message = REFUSALS[name]
    viewer, fields = stage(workshop, facilitator, case)
    snapshot = _rows(workshop)
    fields = {key: INVISIBLE if value == RAW else value for key, value in fields.items()}
    key = uuid.uuid4()
    reply = verbs.dispatch(viewer, Frame(verb=case.verb, fields=fields, client_key=key))
    assert re.search(
        rf'data-rt="error" data-key="{key}" data-field="{field}">{re.escape(message)}<', reply
    ), reply
    assert _rows(workshop) == snapshot  # nothing stored, nothing changed


@pytest.mark.django_db
def test_the_refusal_is_translated(facilitator):
    from tests.conftest import make_workshop

    workshop = make_workshop(facilitator, language="da")
    viewer, fields = stage(workshop, facilitator, CASES["idea.submit"])
    viewer = Viewer(workshop.pk, "participant", "da", participant_id=viewer.participant_id)
    fields["text"] = INVISIBLE
    reply = verbs.dispatch(viewer, Frame(verb="idea.submit", fields=fields))
    assert 'data-field="text">Skriv din idé' in reply


def _rows(workshop: Workshop) -> dict[str, list]:
    return {
        "ideas": list(Idea.objects.filter(workshop=workshop).values()),
        "cards": list(KnowledgeCard.objects.filter(workshop=workshop).values()),
        "spaces": list(Space.objects.filter(workshop=workshop).values()),
        "places": list(SpaceLocation.objects.filter(workshop=workshop).values()),
        "themes": list(Theme.objects.filter(workshop=workshop).values()),
        "initiatives": list(Initiative.objects.filter(workshop=workshop).values()),
        "comments": list(InitiativeComment.objects.values()),
    }


@pytest.mark.django_db
def test_refused_plain_post_keeps_what_was_typed(client, workshop):
    """Without a websocket: the invisible idea is refused and its title is still in the form."""
    set_phase(workshop, "ideas")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    response = client.post(
        f"/w/{workshop.join_code}/act/idea.submit/",
        {"title": "Mit forslag", "text": INVISIBLE},
        follow=True,
    )
    html = response.content.decode()
    assert "Write your idea before sending it." in html
    assert 'value="Mit forslag"' in html
    assert not Idea.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_hostile_text_over_the_socket_is_cleaned_and_the_socket_stays(facilitator):
    from tests.conftest import make_workshop

    workshop = await database_sync_to_async(make_workshop)(facilitator)
    await database_sync_to_async(set_phase)(workshop, "ideas")
    _anna, token = await database_sync_to_async(join)(workshop, "Anna")
    console, connected, _ = await open_screen(workshop, "facilitator", user=facilitator)
    assert connected
    await console.receive_until('id="screen"')
    phone, connected, _ = await open_screen(workshop, "participant", token=token)
    assert connected
    await phone.receive_until('id="screen"')

    key = uuid.uuid4()
    await phone.send("idea.submit", client_key=key, text="Bænke\x00 ved\x07 søen\x9b")
    await phone.receive_until(f'data-rt="ack" data-key="{key}"')
    shown = await console.receive_until("Bænke ved søen")
    assert control_characters(shown) == []
    assert "\u202e" not in shown

    blank = uuid.uuid4()
    await phone.send("idea.submit", client_key=blank, text=INVISIBLE)
    refusal = await phone.receive_until(f'data-key="{blank}"')
    assert 'data-rt="error"' in refusal and 'data-field="text"' in refusal

    # Still connected and working.
    again = uuid.uuid4()
    await phone.send("idea.submit", client_key=again, text="Stadig her")
    await phone.receive_until(f'data-rt="ack" data-key="{again}"')
    texts = await database_sync_to_async(
        lambda: sorted(Idea.objects.values_list("text", flat=True))
    )()
    assert texts == ["Bænke ved søen", "Stadig her"]
    await phone.disconnect()
    await console.disconnect()
