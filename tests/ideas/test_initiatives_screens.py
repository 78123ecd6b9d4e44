"""Refinement over websockets: groups, live field edits, and the stale edit that is refused
and shown to its editor with the current text next to their own."""

import re
import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Initiative
from tests.conftest import join, open_screen, set_phase
from tests.ideas.flow_helpers import add_ideas, initiative_in

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def setup_refinement(workshop):
    _anna, anna_token = join(workshop, "Anna")
    _bo, bo_token = join(workshop, "Bo")
    set_phase(workshop, "refinement")
    return anna_token, bo_token, initiative_in(workshop)


@database_sync_to_async
def stored(initiative):
    return Initiative.objects.get(pk=initiative.pk)


async def connect(workshop, facilitator, anna_token, bo_token):
    screens = {
        "console": await open_screen(workshop, "facilitator", user=facilitator),
        "projector": await open_screen(workshop, "projector", user=facilitator),
        "anna": await open_screen(workshop, "participant", token=anna_token),
        "bo": await open_screen(workshop, "participant", token=bo_token),
    }
    for name, (screen, ok, _code) in screens.items():
        assert ok, name
        await screen.receive_until('id="screen"')
    return {name: screen for name, (screen, _ok, _code) in screens.items()}


async def test_two_editors_from_one_version_one_wins_the_other_merges(workshop, facilitator):
    anna_token, bo_token, initiative = await setup_refinement(workshop)
    screens = await connect(workshop, facilitator, anna_token, bo_token)
    pk = initiative.pk
    try:
        for name in ("anna", "bo"):
            await screens[name].send(
                "initiative.join", client_key=uuid.uuid4(), initiative_id=str(pk)
            )
            style = await screens[name].receive_until('id="my-group-style"')
            assert f"#initiative-{pk} .members-only" in style  # the phone shows its group's forms
        await screens["console"].receive_until("Anna, Bo")

        keys = {"anna": uuid.uuid4(), "bo": uuid.uuid4()}
        texts = {"anna": "Færre ensomme ældre", "bo": "Flere mødes på tværs"}
        for name in ("anna", "bo"):  # both started from version 0, sent back to back
            await screens[name].send(
                "initiative.edit",
                client_key=keys[name],
                initiative_id=str(pk),
                field="purpose",
                value=texts[name],
                version="0",
            )
        replies = {name: await screens[name].receive_until(str(keys[name])) for name in keys}
        refused = [name for name, reply in replies.items() if 'data-rt="error"' in reply]
        assert len(refused) == 1
        loser = refused[0]
        winner = "bo" if loser == "anna" else "anna"
        winner_name = winner.capitalize()

        saved = await stored(initiative)
        assert saved.purpose == texts[winner] and saved.field_versions == {"purpose": 1}
        # The winner's form comes back at the new version.
        assert f'id="initiative-{pk}-purpose-form"' in replies[winner]
        assert 'name="version" value="1"' in replies[winner]
        # The loser keeps their text, sees the current one beside it, and can save from v1.
        merge = replies[loser]
        assert 'data-field="value"' in merge
        assert f'<blockquote class="merge-current">{texts[winner]}</blockquote>' in merge
        assert re.search(rf"<textarea[^>]*>{texts[loser]}</textarea>", merge)
        assert 'name="version" value="1"' in merge
        assert winner_name in merge

        # Every screen shows the new text and who changed it, in the field's view only.
        for name, screen in screens.items():
            frame = await screen.receive_until(f'id="initiative-{pk}-purpose-view"')
            assert texts[winner] in frame and f"Last changed by {winner_name}" in frame, name
            assert f'id="initiative-{pk}-purpose-form"' not in frame, name

        # The loser merges and saves from the version shown.
        merged = f"{texts[winner]}. {texts[loser]}"
        key = uuid.uuid4()
        await screens[loser].send(
            "initiative.edit",
            client_key=key,
            initiative_id=str(pk),
            field="purpose",
            value=merged,
            version="1",
        )
        reply = await screens[loser].receive_until(str(key))
        assert 'data-rt="error"' not in reply
        assert (await stored(initiative)).purpose == merged
        frame = await screens["projector"].receive_until(f'id="initiative-{pk}-purpose-view"')
        assert merged in frame
    finally:
        for screen in screens.values():
            await screen.disconnect()


async def test_promoted_initiative_and_comments_reach_every_screen(workshop, facilitator):
    anna_token, bo_token, _initiative = await setup_refinement(workshop)
    (idea,) = await database_sync_to_async(add_ideas)(workshop, "Strikkecafé <i>hver</i> tirsdag")
    screens = await connect(workshop, facilitator, anna_token, bo_token)
    try:
        await screens["console"].send("initiative.promote", **{f"idea-{idea.pk}": "1"}, title="")
        for name, screen in screens.items():
            frame = await screen.receive_until('data-into="initiatives"')
            assert "Strikkecafé &lt;i&gt;hver" in frame and "<i>" not in frame, name
        promoted = await database_sync_to_async(
            lambda: Initiative.objects.filter(workshop=workshop).order_by("-pk").first()
        )()
        assert promoted.reference == "2"
        key = uuid.uuid4()
        await screens["bo"].send(
            "initiative.comment",
            client_key=key,
            initiative_id=str(promoted.pk),
            text="Jeg vil gerne hjælpe",
        )
        await screens["bo"].receive_until('data-rt="ack"')
        for name, screen in screens.items():
            frame = await screen.receive_until(f'data-into="initiative-{promoted.pk}-comments"')
            assert "Jeg vil gerne hjælpe" in frame, name
    finally:
        for screen in screens.values():
            await screen.disconnect()
