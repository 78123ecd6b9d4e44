"""Live at size: what a process shares between its sockets, and what it no longer sends.

One feed per screen group and process forwards events in seq order, fills a gap once for every
socket, answers a phone that already shows the page without a whole screen, and counters (dots,
people connected) reach screens as a few state updates, not an event per dot or socket.
"""

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from ideas.models import Vote
from realtime import broadcast, hub, sync
from realtime.fragments import audience_key, screen_group
from tests.conftest import ORIGIN, Screen, join, open_screen, set_phase
from tests.ideas.flow_helpers import add_ideas, open_round_directly
from workshops.codes import participant_cookie_name
from workshops.models import Participant, Workshop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def ideas_workshop(workshop):
    return await database_sync_to_async(set_phase)(workshop, "ideas")


async def phone(workshop, name="Anna", *, seq=None, token=None):
    """A phone's socket, optionally resuming from the page or frame at `seq`."""
    from samskab.asgi import application

    if token is None:
        _participant, token = await database_sync_to_async(join)(workshop, name)
    path = f"/ws/w/{workshop.join_code}/participant/"
    if seq is not None:
        path += f"?seq={seq}"
    cookie = f"{participant_cookie_name(workshop.join_code)}={token}".encode()
    communicator = WebsocketCommunicator(application, path, headers=[ORIGIN, (b"cookie", cookie)])
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    screen = Screen(communicator)
    first = await screen.receive()
    return screen, token, first


async def current_seq(workshop) -> int:
    return await database_sync_to_async(sync.current_seq)(workshop.pk)


async def test_a_phone_that_shows_the_current_page_gets_no_whole_screen(ideas_workshop):
    seq = await current_seq(ideas_workshop)
    screen, _token, first = await phone(ideas_workshop, seq=seq)
    assert 'id="screen"' not in first
    assert f'data-rt="seq" data-seq="{seq}"' in first
    await screen.disconnect()


async def test_a_reconnecting_phone_gets_only_what_it_missed(ideas_workshop):
    watcher, _t, _first = await phone(ideas_workshop, "Anna")
    sender, token, first = await phone(ideas_workshop, "Bo")
    assert 'id="screen"' in first  # no seq given: the whole screen
    await sender.drain()
    seen = sender.seq
    await sender.disconnect()
    poster, _t2, _ = await phone(ideas_workshop, "Cai")
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Bytte-reol i biblioteket")
    await watcher.receive_until("Bytte-reol i biblioteket")  # this process has it now

    again, _token, resumed = await phone(ideas_workshop, token=token, seq=seen)
    assert "Bytte-reol i biblioteket" in resumed
    assert 'id="screen"' not in resumed
    for screen in (watcher, poster, again):
        await screen.disconnect()


async def test_messages_from_two_processes_reach_phones_in_seq_order(ideas_workshop):
    screen, _t, _first = await phone(ideas_workshop)
    await screen.drain()
    seq = screen.seq
    group = screen_group(ideas_workshop.pk, audience_key("participant", "en"))
    layer = get_channel_layer()
    # The later event overtakes the earlier one on the way (another process published it).
    for n, text in ((seq + 2, "second"), (seq + 1, "first")):
        message = {"type": "workshop.event", "first": n, "seq": n, "html": f"<p id='{text}'></p>"}
        await layer.group_send(group, message)
    received = await screen.receive() + await screen.receive()
    assert received.index("id='first'") < received.index("id='second'")
    assert await screen.nothing_more()
    await screen.disconnect()


async def test_a_lost_message_is_read_from_the_log_once_for_every_phone(
    ideas_workshop, monkeypatch
):
    phones = [(await phone(ideas_workshop, name))[0] for name in ("Anna", "Bo", "Cai")]
    for screen in phones:
        await screen.drain()
    real_send_all, real_replay = broadcast.send_all, sync.replay
    dropped, replays = [], []

    async def lose_first_event(sends):
        if not dropped and any(m["type"] == "workshop.event" for _g, m in sends):
            dropped.append(sends)
            return
        await real_send_all(sends)

    def counted_replay(*args):
        replays.append(args)
        return real_replay(*args)

    monkeypatch.setattr(broadcast, "send_all", lose_first_event)
    monkeypatch.setattr(sync, "replay", counted_replay)
    poster = phones[0]
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Lost on the way")
    await poster.receive_until('data-rt="ack"')
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Arrives normally")
    for screen in phones:
        await screen.receive_until("Arrives normally")
        assert "Lost on the way" in "".join(screen.frames)
    assert len(replays) == 1  # one read of the log for the three phones
    for screen in phones:
        await screen.disconnect()


async def test_a_lost_last_message_is_found_without_any_phone_asking(ideas_workshop, monkeypatch):
    monkeypatch.setattr(hub, "WATCH_INTERVAL_S", 0.2)
    watcher, _t, _first = await phone(ideas_workshop, "Anna")
    poster, _t2, _ = await phone(ideas_workshop, "Bo")
    await watcher.drain()
    real_send_all = broadcast.send_all

    async def lose_events(sends):
        await real_send_all([s for s in sends if s[1]["type"] != "workshop.event"])

    monkeypatch.setattr(broadcast, "send_all", lose_events)
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Sidste besked")
    await poster.receive_until('data-rt="ack"')
    # No heartbeat is sent: the process notices the workshop moved on by itself.
    await watcher.receive_until("Sidste besked", timeout=5)
    await watcher.disconnect()
    await poster.disconnect()


@database_sync_to_async
def voting_room(workshop: Workshop, people: int):
    tokens = [join(workshop, f"Person {n}")[1] for n in range(people)]
    set_phase(workshop, "voting")
    ideas = add_ideas(workshop, "Fællesspisning", "Gå-hold", "Lektiecafé")
    open_round_directly(workshop, budget=5, max_per_item=3)
    workshop.refresh_from_db()
    return tokens, ideas, workshop.seq


async def test_a_burst_of_dots_reaches_screens_as_a_few_counter_updates(workshop, facilitator):
    tokens, ideas, seq_before = await voting_room(workshop, 3)
    projector, connected, _ = await open_screen(workshop, "projector", user=facilitator)
    assert connected
    await projector.receive_until('id="screen"')
    voters = [(await phone(workshop, token=token))[0] for token in tokens]
    await projector.drain()
    keys = []
    for voter in voters:
        for n in range(5):
            keys.append(uuid.uuid4())
            await voter.send("vote.cast", client_key=keys[-1], item_id=str(ideas[n % 3].pk))
    for voter in voters:
        for _ in range(5):
            await voter.receive_until('data-rt="ack"')
    await projector.receive_until("<strong>3</strong> of 3", timeout=3)
    await asyncio.sleep(0.5)
    await projector.drain()
    updates = [frame for frame in projector.frames if 'id="voting-status"' in frame]
    assert 1 <= len(updates) < 15  # 15 dots, a handful of updates
    assert await database_sync_to_async(Vote.objects.count)() == 9  # 15 dots on 9 (person, idea)
    assert await current_seq(workshop) == seq_before  # dots are not steps of the sequence
    for screen in (projector, *voters):
        await screen.disconnect()


async def test_presence_is_counted_and_written_in_one_batch(ideas_workshop, facilitator):
    seq_before = await current_seq(ideas_workshop)
    console, connected, _ = await open_screen(ideas_workshop, "facilitator", user=facilitator)
    assert connected
    await console.receive_until('id="screen"')
    phones = [(await phone(ideas_workshop, name))[0] for name in ("Anna", "Bo", "Cai")]
    await console.receive_until("<strong>3</strong> people connected", timeout=4)
    connections = await database_sync_to_async(
        lambda: sorted(Participant.objects.values_list("connections", flat=True))
    )()
    assert connections == [1, 1, 1]
    for screen in phones:
        assert 'id="presence"' not in "".join(screen.frames)  # phones are not told
        await screen.disconnect()
    await console.receive_until("<strong>0</strong> people connected", timeout=4)
    assert await current_seq(ideas_workshop) == seq_before
    await console.disconnect()


async def test_a_silent_phone_is_not_queued_for_and_catches_up_when_it_speaks(
    ideas_workshop, monkeypatch
):
    """A frozen phone's buffers stay bounded: after a silence nothing more is queued for it;
    its next heartbeat says what it has and it gets the rest."""
    monkeypatch.setattr(hub, "ASLEEP_AFTER_S", 0.5)
    sleeper, _t, _first = await phone(ideas_workshop, "Anna")
    poster, _t2, _ = await phone(ideas_workshop, "Bo")
    await sleeper.drain()
    seq_before = sleeper.seq
    await asyncio.sleep(0.6)  # Anna's phone says nothing (asleep, or frozen)
    await poster.send("idea.submit", client_key=uuid.uuid4(), text="Strikkecafé")
    await poster.receive_until('data-rt="ack"')
    await poster.receive_until("Strikkecafé")
    assert await sleeper.nothing_more(timeout=0.5)
    await sleeper.send("sync", seq=seq_before)  # awake again
    await sleeper.receive_until("Strikkecafé")
    await sleeper.disconnect()
    await poster.disconnect()


async def test_a_phone_far_behind_gets_a_whole_screen_with_everything(ideas_workshop, monkeypatch):
    monkeypatch.setattr(hub, "RING_SIZE", 2)
    monkeypatch.setattr(sync, "MAX_REPLAY", 2)
    behind, _t, _first = await phone(ideas_workshop, "Anna")
    poster, _t2, _ = await phone(ideas_workshop, "Bo")
    await behind.drain()
    seq_before = behind.seq
    texts = [f"Idé om fællesskab {n}" for n in range(5)]
    for text in texts:
        await poster.send("idea.submit", client_key=uuid.uuid4(), text=text)
        await poster.receive_until(text)
    await behind.receive_until(texts[-1])
    behind.frames.clear()
    # Its frames never arrived: too many for the ring and the replay, so a whole screen.
    await behind.send("sync", seq=seq_before)
    frame = await behind.receive_until('id="screen"')
    assert all(text in frame for text in texts)
    assert behind.seq == await current_seq(ideas_workshop)
    await behind.disconnect()
    await poster.disconnect()


async def test_what_a_phone_missed_is_split_into_frames_daphne_accepts(ideas_workshop, monkeypatch):
    watcher, _t, _first = await phone(ideas_workshop, "Anna")
    sleeper, token, _ = await phone(ideas_workshop, "Bo")
    await sleeper.drain()
    seen = sleeper.seq
    await sleeper.disconnect()
    texts = [f"Gåtur nummer {n}" for n in range(3)]
    for text in texts:
        await watcher.send("idea.submit", client_key=uuid.uuid4(), text=text)
        await watcher.receive_until(text)
    monkeypatch.setattr(hub, "FRAME_CHARS", 1)  # every part a frame of its own
    again, _token, first = await phone(ideas_workshop, token=token, seq=seen)
    frames = [first] + [await again.receive() for _ in range(len(texts) - 1)]
    for frame, text in zip(frames, texts, strict=True):  # one missed event per frame
        assert text in frame and all(other not in frame for other in texts if other != text)
    await again.drain()
    assert again.seq == await current_seq(ideas_workshop)
    await watcher.disconnect()
    await again.disconnect()
