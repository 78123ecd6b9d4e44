"""The websocket consumer: who may connect, what bad frames get, resync after gaps."""

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea
from realtime import broadcast
from tests.conftest import ORIGIN, join, make_workshop, open_screen, set_phase
from workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def ideas_workshop(workshop):
    return await database_sync_to_async(set_phase)(workshop, "ideas")


async def phone(workshop, name="Anna"):
    participant, token = await database_sync_to_async(join)(workshop, name)
    screen, connected, _ = await open_screen(workshop, "participant", token=token)
    assert connected
    await screen.receive_until('id="screen"')
    await screen.drain()
    return participant, token, screen


async def test_foreign_or_missing_origin_is_refused(ideas_workshop):
    _participant, token = await database_sync_to_async(join)(ideas_workshop, "Anna")
    for headers in ([(b"origin", b"https://evil.example")], []):
        screen, connected, _ = await open_screen(
            ideas_workshop, "participant", token=token, headers=headers
        )
        assert not connected
        await screen.disconnect()


async def test_phone_without_token_is_told_to_reload(ideas_workshop):
    screen, connected, _ = await open_screen(ideas_workshop, "participant", token="made-up")
    assert connected  # accepted only to close with a code the client won't retry
    closed = await screen.communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4403}


async def test_console_needs_this_workshops_facilitator(ideas_workshop, other_facilitator):
    screen, connected, _ = await open_screen(ideas_workshop, "facilitator", user=other_facilitator)
    closed = await screen.communicator.receive_output(timeout=2)
    assert connected and closed["code"] == 4403
    projector, connected, _ = await open_screen(ideas_workshop, "projector")
    closed = await projector.communicator.receive_output(timeout=2)
    assert closed["code"] == 4403


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[1, 2]",
        json.dumps({"text": "no verb"}),
        json.dumps({"verb": "idea.teleport"}),
        json.dumps({"verb": "idea.edit", "text": "no idea_id"}),
        json.dumps({"verb": "idea.submit", "client_key": "not-a-uuid", "text": "x"}),
        json.dumps({"verb": "idea.submit", "text": {"nested": 1}}),
        json.dumps({"verb": "idea.submit", "text": "x" * 20000}),
        json.dumps({"verb": "sync", "seq": -1}),
        "[" * 8000 + "]" * 8000,  # deeper than the JSON parser recurses
    ],
)
async def test_malformed_frames_get_an_error_and_the_socket_stays(ideas_workshop, raw):
    _participant, _token, screen = await phone(ideas_workshop)
    await screen.communicator.send_to(text_data=raw)
    frame = await screen.receive_until('data-rt="error"')
    assert "Traceback" not in frame
    # Still connected and working:
    await screen.send("idea.submit", client_key=uuid.uuid4(), text="Still here")
    await screen.receive_until('data-rt="ack"')
    assert await database_sync_to_async(Idea.objects.count)() == 1
    await screen.disconnect()


async def test_binary_frames_are_refused(ideas_workshop):
    _participant, _token, screen = await phone(ideas_workshop)
    await screen.communicator.send_to(bytes_data=b"\x00\x01")
    await screen.receive_until('data-rt="error"')
    await screen.disconnect()


async def test_wrong_phase_is_refused_to_that_user_only(workshop, facilitator):
    _anna, _t, anna_screen = await phone(workshop, "Anna")
    _bo, _t2, bo_screen = await phone(workshop, "Bo")
    await anna_screen.drain()
    key = uuid.uuid4()
    await anna_screen.send("idea.submit", client_key=key, text="Too early")
    error = await anna_screen.receive_until('data-rt="error"')
    assert str(key) in error
    assert await database_sync_to_async(Idea.objects.count)() == 0
    assert await bo_screen.nothing_more()
    await anna_screen.disconnect()
    await bo_screen.disconnect()


async def test_participant_cannot_send_facilitator_verbs(ideas_workshop):
    _anna, _t, screen = await phone(ideas_workshop)
    for verb, fields in [
        ("phase.change", {"phase": "clustering"}),
        ("timer.start", {"minutes": "5"}),
        ("card.create", {"kind": "fact", "body": "x"}),
    ]:
        await screen.send(verb, **fields)
        frame = await screen.receive_until('data-rt="error"')
        assert "facilitator" in frame.lower()
    workshop = await database_sync_to_async(Workshop.objects.get)(pk=ideas_workshop.pk)
    assert (workshop.phase, workshop.phase_ends_at) == ("ideas", None)
    await screen.disconnect()


async def test_resent_submission_is_stored_once_and_acked_twice(ideas_workshop):
    _anna, _t, screen = await phone(ideas_workshop)
    key = uuid.uuid4()
    for _ in range(2):
        await screen.send("idea.submit", client_key=key, text="Bænke ved søen")
        ack = await screen.receive_until('data-rt="ack"')
        assert str(key) in ack
    assert await database_sync_to_async(Idea.objects.filter(client_key=key).count)() == 1
    await screen.disconnect()


async def test_resend_over_a_second_connection_is_stored_once(ideas_workshop):
    """The held frame of a dead socket and the resend of the new one both arrive."""
    _anna, token, old = await phone(ideas_workshop)
    new, connected, _ = await open_screen(ideas_workshop, "participant", token=token)
    assert connected
    key = uuid.uuid4()
    await new.send("idea.submit", client_key=key, text="Cykelværksted")
    await old.send("idea.submit", client_key=key, text="Cykelværksted")
    await new.receive_until('data-rt="ack"')
    await old.receive_until('data-rt="ack"')
    assert await database_sync_to_async(Idea.objects.count)() == 1
    await old.disconnect()
    await new.disconnect()


async def test_a_dropped_broadcast_is_recovered_from_the_log(ideas_workshop, monkeypatch):
    _anna, _t, watcher = await phone(ideas_workshop, "Anna")
    _bo, _t2, poster = await phone(ideas_workshop, "Bo")
    real_send_all = broadcast.send_all
    dropped = []

    async def drop_first_event(sends):
        if not dropped and any(m["type"] == "workshop.event" for _g, m in sends):
            dropped.append(sends)  # the layer lost it: at most once, by specification
            return
        await real_send_all(sends)

    monkeypatch.setattr(broadcast, "send_all", drop_first_event)
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Lost on the way")
    await poster.receive_until('data-rt="ack"')
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Arrives normally")
    frame = await watcher.receive_until("Arrives normally")
    frames = "".join(watcher.frames)
    assert "Lost on the way" in frames  # the gap was filled from the event log
    assert frame.count('data-rt="seq"') >= 1
    await watcher.disconnect()
    await poster.disconnect()


async def test_client_sync_recovers_frames_it_never_got(ideas_workshop):
    _anna, _t, watcher = await phone(ideas_workshop, "Anna")
    _bo, _t2, poster = await phone(ideas_workshop, "Bo")
    seq_before = watcher.seq
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Lektiecafé")
    await watcher.receive_until("Lektiecafé")
    # The phone says it only has the old seq (its frames were lost): the server resends.
    await watcher.send("sync", seq=seq_before)
    frame = await watcher.receive_until("Lektiecafé")
    assert 'data-rt="seq"' in frame
    # In sync: the answer is just the seq.
    await watcher.send("sync", seq=watcher.seq)
    pong = await watcher.receive()
    assert pong.startswith('<div data-rt="seq"')
    await watcher.disconnect()
    await poster.disconnect()


async def test_reconnect_gets_a_full_snapshot_with_what_it_missed(ideas_workshop):
    _anna, anna_token, anna = await phone(ideas_workshop, "Anna")
    await anna.disconnect()
    _bo, _t, bo = await phone(ideas_workshop, "Bo")
    await bo.send("idea.submit", client_key=uuid.uuid4(), text="Gåklub om morgenen")
    await bo.receive_until('data-rt="ack"')
    again, connected, _ = await open_screen(ideas_workshop, "participant", token=anna_token)
    assert connected
    await again.receive_until('id="screen"')
    # In the whole screen's frame, or right after it if this process had not heard of it yet.
    if "Gåklub om morgenen" not in again.frames[-1]:
        await again.receive_until("Gåklub om morgenen")
    await again.disconnect()
    await bo.disconnect()


async def test_phase_change_reaches_every_screen(ideas_workshop, facilitator):
    console, connected, _ = await open_screen(ideas_workshop, "facilitator", user=facilitator)
    assert connected
    await console.receive_until('id="screen"')
    _anna, _t, anna = await phone(ideas_workshop)
    await console.send("phase.change", phase="clustering")
    await console.receive_until('data-phase="clustering"')
    await anna.receive_until('data-phase="clustering"')
    await console.disconnect()
    await anna.disconnect()


async def test_removed_participant_is_disconnected(ideas_workshop, facilitator):
    anna, _t, screen = await phone(ideas_workshop)
    console, _ok, _ = await open_screen(ideas_workshop, "facilitator", user=facilitator)
    await console.receive_until('id="screen"')
    await console.send("participant.remove", participant_id=str(anna.pk))
    await screen.receive_until('data-rt="reload"')
    closed = await screen.communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4403}
    await console.disconnect()


async def test_presence_counts_connected_people(ideas_workshop, facilitator):
    projector, _ok, _ = await open_screen(ideas_workshop, "projector", user=facilitator)
    await projector.receive_until('id="screen"')
    _anna, _t, anna = await phone(ideas_workshop)
    await projector.receive_until("<strong>1</strong> person connected")
    await anna.disconnect()
    await projector.receive_until("<strong>0</strong> people connected")
    await projector.disconnect()


async def test_events_of_another_workshop_never_arrive(ideas_workshop, facilitator):
    other = await database_sync_to_async(make_workshop)(facilitator)
    await database_sync_to_async(set_phase)(other, "ideas")
    _a, _t, here = await phone(ideas_workshop)
    _b, _t2, there = await phone(other, "Bo")
    await here.drain()
    await there.send("idea.submit", client_key=uuid.uuid4(), text="Elsewhere")
    await there.receive_until('data-rt="ack"')
    assert await here.nothing_more(0.5)
    await here.disconnect()
    await there.disconnect()


def test_origin_header_constant_is_allowed(settings):
    assert ORIGIN[1].decode().split("//")[1].split(":")[0] in settings.ALLOWED_HOSTS


async def test_an_unexpected_failure_in_a_verb_is_answered_and_the_socket_stays(
    ideas_workshop, monkeypatch
):
    from django.db import DatabaseError

    from ideas.actions import ideas as idea_actions

    _anna, _t, anna = await phone(ideas_workshop)

    def broken(**_kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(idea_actions, "do_submit_idea", broken)
    key = uuid.uuid4()
    await anna.send("idea.submit", client_key=key, text="Kaffe og krydsord")
    refusal = await anna.receive_until('data-rt="error"')
    assert f'data-key="{key}"' in refusal
    assert "Something went wrong on our side" in refusal
    await anna.send("sync", seq=anna.seq)
    assert 'data-rt="seq"' in await anna.receive()  # still connected and answering
    await anna.disconnect()
