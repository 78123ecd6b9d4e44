"""Fan-out benchmark: N phones on one workshop, ideas posted, every screen must see each once.

Starts Samskab under Daphne (SQLite in a temporary directory; the in-memory channel layer, or
Redis with --redis), creates a workshop in the idea phase with N participants, connects N
participant websockets from this process (Origin header and participant cookie, like a phone),
posts M ideas from some of them at a steady pace, and prints one JSON line:

    {"layer": ..., "clients": N, "ideas": M, "senders": ..., "p50_ms": ..., "p95_ms": ...,
     "p99_ms": ..., "max_ms": ..., "lost": ..., "duplicated": ..., "rss_per_connection_kb": ...,
     "acked": ..., "connect_s": ...}

Latency is from just before the submit frame leaves the sender until the *last* of the N
screens has received the idea's fragment (matched by a marker in the idea's text). `lost`
counts (idea, screen) pairs never received within the grace period, `duplicated` pairs received
in more than one frame. Memory per connection is the growth of the server's resident set
(/proc/<pid>/status VmRSS) from before the N sockets connect to after, divided by N.
`acked` counts the senders' acknowledgements (should equal M); `connect_s` is how long the N
sockets took to connect, CONNECT_CONCURRENCY at a time. This one client parses all N frames
per idea, so its own work is inside the latency (an upper bound). Everything runs on 127.0.0.1,
bounded by --time-limit; the SQLite file goes to $TMPDIR (TMPDIR=/dev/shm leaves disk
sync latency out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from tests.live_server import LiveServer, live_server  # noqa: E402

REDIS_BENCH_URL = "redis://127.0.0.1:6379/14"
MARKER = re.compile(r"\[\[bm(\d{6})\]\]")
SEQ = re.compile(r'data-rt="seq" data-seq="(\d+)"')
CONNECT_CONCURRENCY = 20  # phones opening their sockets at the same moment

# Runs inside the server's database: a workshop in the idea phase and N participants with
# tokens (only hashes stored, as in the real join), printed as JSON for this process.
SETUP = """
import json, secrets
from django.contrib.auth import get_user_model
from workshops.actions.base import Actor
from workshops.actions.workshop import do_create_workshop
from workshops.models import Participant, Workshop

user = get_user_model().objects.create_user("bench-facilitator", password=secrets.token_hex(8))
workshop = do_create_workshop(
    actor=Actor.for_facilitator(user), title="Fan-out benchmark",
    question="How fast does an idea reach every phone?", language="en",
    base_url={base_url!r},
)
Workshop.objects.filter(pk=workshop.pk).update(phase="ideas")
tokens = [secrets.token_urlsafe(32) for _ in range({count})]
Participant.objects.bulk_create(
    Participant(workshop=workshop, display_name=f"Phone {{i}}", role="citizen",
                token_hash=Participant.hash_token(token))
    for i, token in enumerate(tokens)
)
print(json.dumps({{"code": workshop.join_code, "tokens": tokens}}))
"""


class Screen:
    """One participant's socket; notes when each idea marker arrives and how often."""

    def __init__(self, socket: ClientConnection):
        self.socket = socket
        self.first_seen: dict[int, float] = {}
        self.times_seen: dict[int, int] = {}
        self.acks = 0
        self.snapshot = asyncio.Event()
        self.last_frame_at = time.perf_counter()
        self.seq = 0

    async def read(self) -> None:
        async for frame in self.socket:
            now = self.last_frame_at = time.perf_counter()
            if 'id="screen"' in frame:
                self.snapshot.set()
            seqs = SEQ.findall(frame)
            if seqs:
                self.seq = int(seqs[-1])
            if 'data-rt="ack"' in frame:
                self.acks += 1
            # The participant fragment holds the text twice (the idea and its edit form).
            for marker in {int(m) for m in MARKER.findall(frame)}:
                self.first_seen.setdefault(marker, now)
                self.times_seen[marker] = self.times_seen.get(marker, 0) + 1


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def open_screen(server: LiveServer, code: str, token: str, gate: asyncio.Semaphore):
    async with gate:
        socket = await connect(
            server.ws_url(f"/ws/w/{code}/participant/"),
            origin=server.origin,
            additional_headers={"Cookie": f"samskab_p_{code}={token}"},
            open_timeout=60,
            max_size=2**22,
            ping_interval=None,
        )
        screen = Screen(socket)
        screen.reader = asyncio.create_task(screen.read())
        await asyncio.wait_for(screen.snapshot.wait(), 60)
        return screen


async def settle(screens: list[Screen], quiet_s: float = 1.5, limit_s: float = 120) -> None:
    """Wait until the server is idle: no screen hears anything for a while (the presence events
    of a connect storm, and the catch-ups they cause), then a heartbeat answers promptly."""
    deadline = time.monotonic() + limit_s
    probe = screens[0]
    while time.monotonic() < deadline:
        last = max(screen.last_frame_at for screen in screens)
        if time.perf_counter() - last < quiet_s:
            await asyncio.sleep(0.1)
            continue
        started = time.perf_counter()
        await probe.socket.send(json.dumps({"verb": "sync", "seq": probe.seq}))
        while probe.last_frame_at < started and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        if probe.last_frame_at - started < 0.1:
            return


async def measure(server: LiveServer, args: argparse.Namespace) -> dict:
    setup = await asyncio.to_thread(
        server.run_python, SETUP.format(base_url=server.base_url, count=args.clients + 1)
    )
    code, tokens = setup["code"], setup["tokens"]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    # One warm-up socket loads templates and code paths, so the growth below is per socket.
    warm = await open_screen(server, code, tokens[-1], gate)
    await settle([warm])
    rss_before = server.rss_kb()
    started = time.perf_counter()
    screens = await asyncio.gather(*(open_screen(server, code, t, gate) for t in tokens[:-1]))
    connect_s = time.perf_counter() - started
    await settle([warm, *screens])
    rss_after = server.rss_kb()

    senders = screens[: max(1, min(args.senders, len(screens)))]
    sent_at: dict[int, float] = {}
    for number in range(args.ideas):
        sender = senders[number % len(senders)]
        frame = json.dumps(
            {
                "verb": "idea.submit",
                "client_key": str(uuid.uuid4()),
                "title": "",
                "text": f"Benchmark idea {number} [[bm{number:06d}]]",
            }
        )
        sent_at[number] = time.perf_counter()
        await sender.socket.send(frame)
        await asyncio.sleep(args.pace_ms / 1000)

    # Wait for every screen to have every idea, or the grace period to end.
    deadline = time.monotonic() + args.grace
    while time.monotonic() < deadline:
        if all(len(s.first_seen) >= args.ideas for s in screens):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # a late second copy would show up now

    latencies, lost, duplicated = [], 0, 0
    for number, started in sent_at.items():
        arrivals = [s.first_seen.get(number) for s in screens]
        lost += sum(1 for arrival in arrivals if arrival is None)
        duplicated += sum(1 for s in screens if s.times_seen.get(number, 0) > 1)
        received = [arrival for arrival in arrivals if arrival is not None]
        if len(received) == len(screens):
            latencies.append((max(received) - started) * 1000)
        if args.verbose:
            first = f"{(min(received) - started) * 1000:.1f}" if received else "-"
            last = f"{(max(received) - started) * 1000:.1f}" if received else "-"
            print(
                f"idea {number}: first {first} ms, last {last} ms, {len(received)} screens",
                file=sys.stderr,
            )

    for screen in [warm, *screens]:
        await screen.socket.close()
        screen.reader.cancel()

    def ms(value: float) -> float | None:
        return None if math.isnan(value) else round(value, 1)

    return {
        "layer": "redis" if args.redis else "in-memory",
        "clients": args.clients,
        "ideas": args.ideas,
        "senders": len(senders),
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "max_ms": ms(max(latencies) if latencies else math.nan),
        "lost": lost,
        "duplicated": duplicated,
        "rss_per_connection_kb": round((rss_after - rss_before) / args.clients, 1),
        "acked": sum(screen.acks for screen in senders),
        "connect_s": round(connect_s, 1),
    }


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200, help="participant websockets")
    parser.add_argument("--ideas", type=int, default=50, help="ideas to post")
    parser.add_argument("--senders", type=int, default=10, help="how many phones post them")
    parser.add_argument("--pace-ms", type=float, default=100, help="pause between two ideas")
    parser.add_argument("--grace", type=float, default=15, help="seconds to wait for stragglers")
    parser.add_argument("--redis", action="store_true", help=f"channels-redis on {REDIS_BENCH_URL}")
    parser.add_argument("--profile", default="", help="write the server's cProfile stats here")
    parser.add_argument("--verbose", action="store_true", help="per-idea latencies on stderr")
    parser.add_argument("--time-limit", type=float, default=300, help="abort after this many s")
    args = parser.parse_args()

    redis_url = ""
    if args.redis:
        redis_url = REDIS_BENCH_URL
        flush_redis(redis_url)

    async def run() -> dict:
        async with asyncio.timeout(args.time_limit):
            with live_server(redis_url=redis_url, profile_path=args.profile) as server:
                return await measure(server, args)

    print(json.dumps(asyncio.run(run())), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
