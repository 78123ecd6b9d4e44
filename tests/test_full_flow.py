"""A whole workshop over websockets, from the lobby to closed: one facilitator, three phones.

Every step is sent as a phone or the console would send it, and checked on the other screens.
"""

import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea, Initiative, Theme, Vote
from tests.conftest import join, open_screen
from workshops.models import KnowledgeCard, Workshop

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def db(fn):
    return fn()


async def connect(workshop, facilitator):
    console, ok, _ = await open_screen(workshop, "facilitator", user=facilitator)
    projector, ok2, _ = await open_screen(workshop, "projector", user=facilitator)
    phones = []
    for name in ("Anna", "Bo", "Cecilie"):
        _participant, token = await database_sync_to_async(join)(workshop, name)
        phone, ok3, _ = await open_screen(workshop, "participant", token=token)
        assert ok3
        phones.append(phone)
    assert ok and ok2
    screens = [console, projector, *phones]
    for screen in screens:
        await screen.receive_until('id="screen"')
        await screen.drain()
    return console, projector, phones


async def move_to(console, screens, phase):
    await console.send("phase.change", phase=phase)
    for screen in screens:
        await screen.receive_until(f'data-phase="{phase}"')
        await screen.drain()


async def test_lobby_to_closed(workshop, facilitator):
    console, projector, phones = await connect(workshop, facilitator)
    anna, bo, cecilie = phones
    everyone = [console, projector, *phones]

    # Knowledge-building: a fact from the facilitator, an existing activity from a phone.
    await move_to(console, everyone, "knowledge")
    await console.send("card.create", kind="fact", body="Hver femte over 75 bor alene")
    for screen in everyone:
        await screen.receive_until("Hver femte over 75 bor alene")
    await anna.send("card.add_existing", client_key=uuid.uuid4(), body="Seniordans i hallen")
    for screen in everyone:
        await screen.receive_until("Seniordans i hallen")
    assert await db(lambda: KnowledgeCard.objects.count()) == 2

    # Ideas from every phone reach every screen.
    await move_to(console, everyone, "ideas")
    texts = {
        anna: "Fællesspisning med skolebørn",
        bo: "Gåture med hunde fra internatet",
        cecilie: "Fællesspisning hver fredag",
    }
    for phone, text in texts.items():
        await phone.send("idea.submit", client_key=uuid.uuid4(), text=text)
        for screen in everyone:
            await screen.receive_until(text)
    ideas = await db(lambda: {idea.text: idea.pk for idea in Idea.objects.all()})
    assert set(ideas) == set(texts.values())

    # Clustering: a theme, two ideas moved into it.
    await move_to(console, everyone, "clustering")
    await console.send("theme.manage", op="create", name="Mad og fællesskab")
    for screen in everyone:
        await screen.receive_until("Mad og fællesskab")
    theme_id = await db(lambda: Theme.objects.get(name="Mad og fællesskab").pk)
    for text in (texts[anna], texts[cecilie]):
        await console.send(
            "idea.move", client_key=uuid.uuid4(), idea_id=str(ideas[text]), theme_id=str(theme_id)
        )
        await console.receive_until('data-rt="ack"')
    for screen in everyone:
        await screen.drain()
    assert await db(lambda: Theme.objects.get(pk=theme_id).ideas.count()) == 2

    # Voting: open, every phone spends dots, totals hidden until the reveal.
    await move_to(console, everyone, "voting")
    await console.send("voting.open", client_key=uuid.uuid4(), target="ideas")
    await console.receive_until('data-rt="ack"')
    for screen in everyone:
        await screen.drain()
    favourite = ideas[texts[anna]]
    for phone in phones:
        await phone.send("vote.cast", client_key=uuid.uuid4(), item_id=str(favourite))
        await phone.receive_until('data-rt="ack"')
    await bo.send("vote.cast", client_key=uuid.uuid4(), item_id=str(ideas[texts[bo]]))
    await bo.receive_until('data-rt="ack"')
    for screen in everyone:
        await screen.drain()
    assert await db(lambda: sum(Vote.objects.values_list("dots", flat=True))) == 4
    await console.send("voting.reveal")
    revealed = await projector.receive_until(texts[anna])
    assert "1" in revealed
    for screen in everyone:
        await screen.drain()

    # Refinement: the winner becomes an initiative; a phone joins its group and edits it.
    await move_to(console, everyone, "refinement")
    await console.send("initiative.promote", **{f"idea-{favourite}": "on"}, title="Spisevenner")
    for screen in everyone:
        await screen.receive_until("Spisevenner")
    initiative = await db(lambda: Initiative.objects.get())
    await anna.send("initiative.join", client_key=uuid.uuid4(), initiative_id=str(initiative.pk))
    await anna.receive_until('data-rt="ack"')
    await anna.send(
        "initiative.edit",
        client_key=uuid.uuid4(),
        initiative_id=str(initiative.pk),
        field="purpose",
        value="Færre spiser alene",
        version="0",
    )
    await anna.receive_until('data-rt="ack"')
    for screen in (console, projector):
        await screen.receive_until("Færre spiser alene")
    await bo.send(
        "initiative.comment",
        client_key=uuid.uuid4(),
        initiative_id=str(initiative.pk),
        text="Godt!",
    )
    await bo.receive_until('data-rt="ack"')
    assert await db(lambda: Initiative.objects.get().purpose) == "Færre spiser alene"
    assert await db(lambda: list(Initiative.objects.get().ideas.values_list("pk", flat=True))) == [
        favourite
    ]

    # Closing: every screen follows, and nothing can change any more.
    await console.send("phase.change", phase="closed", confirmed="1")
    for screen in everyone:
        await screen.receive_until('data-phase="closed"')
    await cecilie.send("idea.submit", client_key=uuid.uuid4(), text="For sent")
    refused = await cecilie.receive_until('data-rt="error"')
    assert "closed" in refused
    workshop = await db(lambda: Workshop.objects.get())
    assert workshop.closed_at is not None
    assert await db(lambda: Idea.objects.count()) == 3
    for screen in everyone:
        await screen.disconnect()
