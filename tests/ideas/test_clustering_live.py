"""The clustering board over websockets: moves, themes and suggestions reach every screen."""

import re
import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea, Theme
from realtime.models import WorkshopEvent
from tests.conftest import join, open_screen, set_phase

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = [
    "Besøgsvenner til ensomme ældre",
    "Fællesspisning for ensomme ældre",
    "Flere cykelstier og cykler",
    "Delebiler og cykler i landsbyerne",
]


@database_sync_to_async
def board_with_ideas(workshop, author):
    set_phase(workshop, "clustering")
    return [Idea.objects.create(workshop=workshop, author=author, text=t) for t in TEXTS]


async def connect_all(workshop, facilitator, token):
    screens = [
        await open_screen(workshop, "facilitator", user=facilitator),
        await open_screen(workshop, "projector", user=facilitator),
        await open_screen(workshop, "participant", token=token),
    ]
    assert all(ok for _screen, ok, _code in screens)
    screens = [screen for screen, _ok, _code in screens]
    for screen in screens:
        await screen.receive_until('id="board"')
    return screens


def column_of(frame, column_id):
    """The HTML of one column in a frame."""
    match = re.search(rf'<section id="{column_id}".*?</section>', frame, re.S)
    assert match, column_id
    return match.group(0)


async def test_theme_and_moved_idea_reach_every_screen(workshop, facilitator):
    (anna, token) = await database_sync_to_async(join)(workshop, "Anna")
    ideas = await board_with_ideas(workshop, anna)
    console, projector, phone = await connect_all(workshop, facilitator, token)

    await console.send("theme.manage", op="create", name="Ældre <i>")
    theme = None
    for screen in (console, projector, phone):
        frame = await screen.receive_until('id="board"')
        assert "Ældre &lt;i&gt;" in frame and "Ældre <i>" not in frame
    theme = await database_sync_to_async(Theme.objects.get)(workshop=workshop)

    await console.send("idea.move", idea_id=ideas[1].pk, theme_id=theme.pk, position="")
    for screen in (console, projector, phone):
        frame = await screen.receive_until(f'id="column-{theme.pk}"')
        themed = column_of(frame, f"column-{theme.pk}")
        unsorted = column_of(frame, "column-unsorted")
        assert f'id="board-idea-{ideas[1].pk}"' in themed
        assert f'id="board-idea-{ideas[1].pk}"' not in unsorted
        assert '<span aria-hidden="true">1</span>' in themed  # the theme's count
        assert '<span aria-hidden="true">3</span>' in unsorted

    # Placed at the top of the theme.
    await console.send("idea.move", idea_id=ideas[0].pk, theme_id=theme.pk, position="0")
    frame = await projector.receive_until(f'id="board-idea-{ideas[0].pk}"')
    themed = column_of(frame, f"column-{theme.pk}")
    assert themed.index(f"board-idea-{ideas[0].pk}") < themed.index(f"board-idea-{ideas[1].pk}")

    # A participant cannot move ideas.
    await phone.send("idea.move", idea_id=ideas[2].pk, theme_id=theme.pk)
    await phone.receive_until('data-rt="error"')
    assert (await database_sync_to_async(Idea.objects.get)(pk=ideas[2].pk)).theme_id is None

    for screen in (console, projector, phone):
        await screen.disconnect()


async def test_participant_suggestion_reaches_the_facilitator_who_accepts(workshop, facilitator):
    (anna, token) = await database_sync_to_async(join)(workshop, "Anna")
    ideas = await board_with_ideas(workshop, anna)
    console, projector, phone = await connect_all(workshop, facilitator, token)

    await phone.send("idea.suggest_theme", idea_id=ideas[2].pk, name="Grøn omstilling")
    frame = await console.receive_until(f'id="board-idea-{ideas[2].pk}"')
    assert "Grøn omstilling" in frame and 'name="theme_name"' in frame

    await console.send("idea.move", idea_id=ideas[2].pk, theme_name="Grøn omstilling")
    for screen in (console, projector, phone):
        frame = await screen.receive_until('id="board"')
        theme = await database_sync_to_async(Theme.objects.get)(name="Grøn omstilling")
        assert f'id="board-idea-{ideas[2].pk}"' in column_of(frame, f"column-{theme.pk}")

    for screen in (console, projector, phone):
        await screen.disconnect()


async def test_suggest_groups_accept_and_undo_live(workshop, facilitator):
    (anna, token) = await database_sync_to_async(join)(workshop, "Anna")
    ideas = await board_with_ideas(workshop, anna)
    console, projector, phone = await connect_all(workshop, facilitator, token)

    await console.send("theme.suggest", op="run")
    panel = await console.receive_until('id="theme-suggestions"')
    assert "Ensomme · ældre" in panel and "Cykler" in panel
    run = await database_sync_to_async(
        lambda: WorkshopEvent.objects.filter(kind="theme.suggested").last()
    )()
    key = next(s["key"] for s in run.payload["suggestions"] if s["name"] == "Ensomme · ældre")

    await console.send("theme.suggest", op="accept", suggestion_seq=str(run.seq), key=key)
    frames = {console: await console.receive_until('id="board"')}
    theme = await database_sync_to_async(Theme.objects.get)(workshop=workshop)
    for screen in (console, projector, phone):
        frame = frames.get(screen) or await screen.receive_until('id="board"')
        themed = column_of(frame, f"column-{theme.pk}")
        assert f"board-idea-{ideas[0].pk}" in themed and f"board-idea-{ideas[1].pk}" in themed
        # The console's suggestions panel comes in the same frame, offering the undo.
        assert ('value="undo"' in frame) == (screen is console)

    accepted = await database_sync_to_async(
        lambda: WorkshopEvent.objects.filter(kind="theme.suggestion_accepted").last()
    )()
    await console.send("theme.suggest", op="undo", accepted_seq=str(accepted.seq))
    for screen in (console, projector, phone):
        frame = await screen.receive_until('id="board"')
        assert f'id="column-{theme.pk}"' not in frame
        assert f"board-idea-{ideas[0].pk}" in column_of(frame, "column-unsorted")
    assert not await database_sync_to_async(Theme.objects.filter(pk=theme.pk).exists)()

    for screen in (console, projector, phone):
        await screen.disconnect()


async def test_late_idea_lands_in_unsorted(workshop, facilitator):
    """An idea sent just before the phase changed (the draft grace) appears on the board."""
    (anna, token) = await database_sync_to_async(join)(workshop, "Anna")
    await board_with_ideas(workshop, anna)

    @database_sync_to_async
    def just_moved_on():
        from django.utils import timezone

        workshop.previous_phase = "ideas"
        workshop.phase_changed_at = timezone.now()
        workshop.save(update_fields=["previous_phase", "phase_changed_at"])

    await just_moved_on()
    console, projector, phone = await connect_all(workshop, facilitator, token)
    key = uuid.uuid4()
    await phone.send("idea.submit", client_key=key, text="Sent i sidste øjeblik")
    for screen in (console, projector, phone):
        frame = await screen.receive_until("Sent i sidste øjeblik")
        assert "Sent i sidste øjeblik" in column_of(frame, "column-unsorted")
    for screen in (console, projector, phone):
        await screen.disconnect()
