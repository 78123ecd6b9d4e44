"""Open Space over websockets: a proposed topic and people moving reach every screen live."""

import uuid

import pytest
from channels.db import database_sync_to_async

from tests.conftest import join, open_screen, set_phase
from workshops.models import Space, SpaceLocation, SpaceSlot

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def open_space_workshop(workshop):
    workshop.use_spaces = True
    workshop.save(update_fields=["use_spaces"])
    set_phase(workshop, "ideas")
    SpaceLocation.objects.create(workshop=workshop, name="Bord 1")
    SpaceSlot.objects.create(workshop=workshop, label="10:00")


async def connect_all(workshop, facilitator, tokens):
    screens = [await open_screen(workshop, "facilitator", user=facilitator)]
    screens.append(await open_screen(workshop, "projector", user=facilitator))
    screens += [await open_screen(workshop, "participant", token=token) for token in tokens]
    assert all(ok for _screen, ok, _code in screens)
    screens = [screen for screen, _ok, _code in screens]
    for screen in screens:
        await screen.receive_until('id="screen"')
    return screens


async def test_proposed_topic_placed_joined_and_reported_live(workshop, facilitator):
    await open_space_workshop(workshop)
    (anna, anna_token) = await database_sync_to_async(join)(workshop, "Anna")
    (bo, bo_token) = await database_sync_to_async(join)(workshop, "Bo")
    console, projector, phone_a, phone_b = await connect_all(
        workshop, facilitator, [anna_token, bo_token]
    )

    key = uuid.uuid4()
    await phone_a.send("space.propose", client_key=key, topic="Spise<b>venner</b>")
    assert str(key) in await phone_a.receive_until('data-rt="ack"')
    space = await database_sync_to_async(Space.objects.get)(client_key=key)
    for screen in (console, phone_a, phone_b):
        frame = await screen.receive_until(f'id="space-{space.pk}"')
        assert "Spise&lt;b&gt;venner&lt;/b&gt;" in frame and "<b>venner" not in frame
        assert "data-host" not in frame  # who hosts is told to the host alone:
    style = await phone_a.receive_until('id="my-space-style"')
    assert f"#space-{space.pk} .host-only {{ display: block; }}" in style
    assert f"#space-{space.pk} .host-only" not in "".join(phone_b.frames)
    agenda = await projector.receive_until('id="agenda"')
    assert "Spise&lt;b&gt;venner" in agenda  # on the wall's "not placed yet" list

    location = await database_sync_to_async(SpaceLocation.objects.get)(workshop=workshop)
    slot = await database_sync_to_async(SpaceSlot.objects.get)(workshop=workshop)
    await phone_a.send("space.place", space_id=space.pk, cell=f"{location.pk}:{slot.pk}")
    wall = await projector.receive_until('class="agenda-topic"')
    assert "Spise&lt;b&gt;venner" in wall

    # A taken cell is refused to that phone only, with a clear message.
    await phone_b.send("space.propose", client_key=uuid.uuid4(), topic="Gåture")
    await phone_b.receive_until('data-rt="ack"')
    other = await database_sync_to_async(Space.objects.get)(topic="Gåture")
    await phone_b.send("space.place", space_id=other.pk, cell=f"{location.pk}:{slot.pk}")
    refused = await phone_b.receive_until('data-rt="error"')
    assert "already taken" in refused or "optaget" in refused

    await phone_b.send("space.join", space_id=space.pk)
    for screen in (console, phone_a, phone_b):
        frame = await screen.receive_until("<li>Bo</li>")
        assert f'id="space-{space.pk}-people"' in frame and "data-member" not in frame
    style = await phone_b.receive_until(f"#space-{space.pk} .present-only")
    assert f"#space-{space.pk} .absent-only {{ display: none; }}" in style
    await phone_b.send("space.join", space_id=other.pk)  # the law of two feet
    frame = await phone_a.receive_until(f'id="space-{other.pk}-people"')
    assert "<li>Bo</li>" in frame.split(f'id="space-{other.pk}-people"')[1]
    style = await phone_b.receive_until(f"#space-{other.pk} .present-only")
    assert f"#space-{space.pk} .present-only" not in style
    assert f"#space-{other.pk} .host-only" in style  # Bo hosts "Gåture"

    await phone_a.send("space.report", space_id=space.pk, key_points="Mad samler folk")
    for screen in (console, phone_b):
        frame = await screen.receive_until(f'id="space-{space.pk}-report"')
        assert "Mad samler folk" in frame

    for screen in (console, projector, phone_a, phone_b):
        await screen.disconnect()


async def test_facilitator_sets_up_places_live(workshop, facilitator):
    await open_space_workshop(workshop)
    (_anna, anna_token) = await database_sync_to_async(join)(workshop, "Anna")
    console, projector, phone = await connect_all(workshop, facilitator, [anna_token])
    await console.send("space.configure", op="add_location", name="Biblioteket")
    for screen in (console, projector, phone):
        frame = await screen.receive_until('id="spaces"')
        assert "Biblioteket" in frame
    await phone.send("space.configure", op="add_location", name="Hacker")
    refused = await phone.receive_until('data-rt="error"')
    assert "Hacker" not in refused
    for screen in (console, projector, phone):
        await screen.disconnect()
