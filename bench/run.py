"""Samskab's live benchmarks (issue 7): real phones against Samskab, then against a bare
`websockets` broadcast server (bench/baseline.py) with the same phones, one JSON line per run.

    .venv/bin/python bench/run.py ideas --clients 1000 --processes 2
    .venv/bin/python bench/run.py stormote
    .venv/bin/python bench/run.py suite          # what `make bench` runs (sizes from env vars)

Scenarios (bench/README.md has the details and the fields of the JSON line):
- ideas           N phones connected; ideas posted; latency from the tap to the last phone.
- stormote        104 people (79 from 56 associations, 25 staff), 208 ideas in ~9 s, then
                  every participant spends 5 dots within 4 s.
- join-rush       N phones join over HTTP and open their socket within 60 s.
- vote-burst      N participants x 5 dots within 30 s.
- reconnect-storm N phones; kill -9 of every Daphne, restart; all phones come back by their own
                  backoff rules; time until all are current, nothing lost.

Phones (bench/phones.py) join through HTTP, run realtime.js's heartbeat and reconnect rules and
live in separate client processes. Each run has its own database and Redis prefix.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shlex
import signal
import statistics
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from bench.phones import Clients, Worker, now  # noqa: E402
from bench.servers import (  # noqa: E402
    Baseline,
    CpuWindow,
    Samskab,
    log,
    machine_ticks,
    postgres_connections,
)
from deploy.cluster import raise_nofile  # noqa: E402

FACILITATOR = {"username": "bench-facilitator", "password": "bench-facilitator-password-7"}

# Runs in the run's database before any phone comes: the facilitator, the workshop, and (for
# the voting scenarios) ideas from a few seed participants and an open voting round.
SETUP = """
import json, uuid
from django.contrib.auth import get_user_model
from ideas.actions.ideas import do_submit_idea
from ideas.actions.votes import do_open_voting
from workshops.actions.base import Actor
from workshops.actions.join import do_join
from workshops.actions.phase import do_change_phase
from workshops.actions.workshop import do_create_workshop
from workshops.models import Workshop
from workshops.phases import Phase

spec = json.loads({spec!r})
user = get_user_model().objects.create_user(spec["username"], password=spec["password"])
facilitator = Actor.for_facilitator(user)
workshop = do_create_workshop(
    actor=facilitator, title=spec["title"], question=spec["question"],
    language=spec["language"], base_url=spec["base_url"],
)
order = [phase.value for phase in Phase]
idea_ids = []
for step in order[1 : order.index(spec["phase"]) + 1]:
    do_change_phase(actor=facilitator, workshop=Workshop.objects.get(pk=workshop.pk), target=step)
    if step == "ideas" and spec["seed_ideas"]:
        authors = [
            do_join(workshop=Workshop.objects.get(pk=workshop.pk), display_name=f"Seed {{i}}",
                    role="citizen").participant
            for i in range(4)
        ]
        for i in range(spec["seed_ideas"]):
            idea, _created = do_submit_idea(
                actor=Actor.for_participant(authors[i % len(authors)]),
                workshop=Workshop.objects.get(pk=workshop.pk),
                text=f"Seed idea {{i}}: a place where generations meet, every week",
                client_key=uuid.uuid4(),
            )
            idea_ids.append(idea.pk)
if spec["open_voting"]:
    do_open_voting(actor=facilitator, workshop=Workshop.objects.get(pk=workshop.pk))
print(json.dumps({{"code": workshop.join_code, "workshop_id": workshop.pk, "idea_ids": idea_ids}}))
"""

# Without the console's socket (--no-screens): phase changes through the actions.
PHASE = """
import json
from django.contrib.auth import get_user_model
from ideas.actions.votes import do_open_voting
from workshops.actions.base import Actor
from workshops.actions.phase import do_change_phase
from workshops.models import Workshop

spec = json.loads({spec!r})
facilitator = Actor.for_facilitator(get_user_model().objects.get(username=spec["username"]))
for target in spec["phases"]:
    do_change_phase(actor=facilitator, workshop=Workshop.objects.get(pk=spec["id"]), target=target)
if spec["open_voting"]:
    do_open_voting(actor=facilitator, workshop=Workshop.objects.get(pk=spec["id"]))
print(json.dumps({{"seq": Workshop.objects.get(pk=spec["id"]).seq}}))
"""

# Names for the phones (a Swedish meeting); organisations typed in the join form.
FIRST_NAMES = (  # noqa: SIM905
    "Anna Erik Maria Lars Karin Anders Eva Johan Lena Per Sara Mikael Emma Nils Ingrid Oskar "
    "Elin Gustav Maja Olof Astrid Hassan Leila Ahmed Fatima Björn Sofia Jonas Ebba Viktor"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Lindberg Lindqvist Berg Holm Ali Mohammed Nyström Sandberg"
).split()
ASSOCIATION_KINDS = (  # noqa: SIM905
    "Hyresgästföreningen|PRO|SPF Seniorerna|Röda Korset|Scouterna|IFK|Studieförbundet "
    "Vuxenskolan|ABF|Svenska kyrkan|Friluftsfrämjandet|Kulturföreningen|Idrottsföreningen|"
    "Föräldraföreningen|Biblioteksvännerna"
).split("|")
PLACES = ("Norra", "Söder", "Väster", "Östra", "Centrum")


def person(index: int) -> str:
    rng = random.Random(index)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {index}"


def associations(count: int) -> list[str]:
    names = [f"{kind} {place}" for place in PLACES for kind in ASSOCIATION_KINDS]
    return names[:count]


def idea_text(number: int) -> str:
    return (
        f"Idé {number}: en öppen mötesplats i kvarteret där unga och äldre lagar mat "
        f"tillsammans varje torsdag [[bm{number:06d}]]"
    )


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def spread(values: list[float], prefix: str = "") -> dict:
    """p50, p95, p99 and max (ms) of durations in seconds."""
    return {
        f"{prefix}p50_ms": ms(percentile(values, 0.50)),
        f"{prefix}p95_ms": ms(percentile(values, 0.95)),
        f"{prefix}p99_ms": ms(percentile(values, 0.99)),
        f"{prefix}max_ms": ms(max(values) if values else None),
    }


def median_int(values: list[int]) -> int | None:
    return int(statistics.median(values)) if values else None


class Run:
    """One scenario against one server set-up (Samskab or the baseline)."""

    def __init__(self, stack: Samskab | Baseline, args: argparse.Namespace):
        self.stack = stack
        self.args = args
        self.clients: Clients | None = None
        self.screens: Worker | None = None
        self.n = 0
        self.live = 0  # phones that got in (joined and had a first frame)
        self.info: dict = {}
        self.result: dict = {}
        self.counters: Counter = Counter()
        self.sizes: dict[str, list[int]] = {}
        self.heartbeat_waits: list[float] = []

    @property
    def baseline(self) -> bool:
        return self.stack.kind == "baseline"

    # -- set-up

    async def setup(
        self, *, phase: str = "lobby", language: str = "da", seed_ideas: int = 0, vote=False
    ):
        if self.baseline:
            self.info = {
                "code": "",
                "workshop_id": 0,
                "idea_ids": list(range(1, seed_ideas + 1)),
            }
            return
        spec = {
            **FACILITATOR,
            "title": "Stormöte" if language == "sv" else "Benchmark",
            "question": "Hur möts fler människor över generationsgränserna?"
            if language == "sv"
            else "Hvordan mødes flere mennesker på tværs af generationer?",
            "language": language,
            "base_url": self.stack.base_url,
            "phase": phase,
            "seed_ideas": seed_ideas,
            "open_voting": vote,
        }
        self.info = await asyncio.to_thread(
            self.stack.run_python, SETUP.format(spec=json.dumps(spec))
        )

    @property
    def workshop_id(self) -> int:
        return self.info["workshop_id"]

    def start_clients(self, n: int) -> None:
        self.n = n
        workers = self.args.workers or max(2, min(8, math.ceil(n / 350)))
        self.clients = Clients(workers, self.client_config())
        self.result["client_processes"] = workers

    def client_config(self) -> dict:
        return {
            "mode": self.stack.kind,
            "base_url": self.stack.base_url,
            "ws_base": self.stack.ws_base,
            "code": self.info["code"],
            "send_seq": not self.args.no_seq,
            "heartbeat": not self.args.no_heartbeat,
            "open_timeout": self.args.open_timeout,
        }

    async def open_screens(self) -> None:
        """The facilitator's console and the projector, signed in, as in a real meeting."""
        if self.baseline or self.args.no_screens:
            return
        self.screens = Worker(-1, self.client_config())
        code = self.info["code"]
        specs = [
            {"login": FACILITATOR, "page": f"/w/{code}/console/", "at": now()},
            {"login": FACILITATOR, "page": f"/w/{code}/projector/", "at": now()},
        ]
        await self.screens.cmd_start(specs)
        deadline = now() + 60
        while now() < deadline:
            if all(p.first_frame for p in self.screens.phones):
                return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"the console and projector did not connect: {self.screens.counters}")

    def cpu_groups(self) -> dict[str, list[int]]:
        groups = dict(self.stack.cpu_groups())
        groups["client"] = [*self.clients.pids(), os.getpid()]
        for index, pid in enumerate(self.clients.pids()):
            groups[f"worker{index}"] = [pid]
        return groups

    def cpu_result(self, window: CpuWindow, prefix: str = "") -> dict:
        raw = window.stop(self.cpu_groups())
        workers = [v for k, v in raw.items() if k.startswith("worker")]
        result = {f"{prefix}{k}": v for k, v in raw.items() if not k.startswith("worker")}
        result[f"{prefix}client_cpu_max_pct"] = max(workers, default=None)
        ours = sum(raw[f"{name}_cpu_pct"] for name in ("client", "server", "proxy", "db", "redis"))
        # Anything else on the machine (other processes' load makes the figures noisy).
        result[f"{prefix}other_cpu_pct"] = round(max(0.0, raw["machine_cpu_pct"] - ours), 1)
        return result

    # -- phones

    def phone_specs(self, n: int) -> list[dict]:
        return [{"name": person(i), "role": "citizen"} for i in range(n)]

    async def join(self, specs: list[dict], window: float) -> dict:
        """Start the phones' joins spread over `window` seconds; wait for every first frame."""
        self.stack.warm(self.info["code"])
        rss_before = self.stack.rss_kb()
        n = len(specs)
        t0 = now() + 0.5
        offsets = sorted(random.uniform(0, window) for _ in range(n)) if window > 0 else [0] * n
        per_worker: list[list[dict]] = [[] for _ in range(self.clients.count)]
        for number, spec in enumerate(specs):
            worker, _index = self.clients.place(number)
            per_worker[worker].append({**spec, "at": t0 + offsets[number]})
        cpu = CpuWindow()
        await self.clients.all("start", per_worker=[{"phones": p} for p in per_worker])
        deadline = t0 + window + self.args.connect_limit
        while now() < deadline:
            statuses = await self.clients.all("status")
            if sum(s["first_frame"] + s["join_failed"] for s in statuses) >= n:
                break
            await asyncio.sleep(0.5)
        timings = [row for rows in await self.clients.all("timings") for row in rows]
        connected = [row for row in timings if row[3] is not None]
        self.live = len(connected)
        rss_after = self.stack.rss_kb()
        result = {
            "connected": len(connected),
            "join_failed": n - len(connected),
            "connect_s": round(max((r[3] for r in connected), default=t0) - t0, 1),
            "rss_per_conn_kb": round((rss_after - rss_before) / max(1, n), 1),
            **spread([r[3] - r[0] for r in connected], "join_"),
        }
        result.update(self.cpu_result(cpu, "connect_"))
        stats = await self.window("joined")
        result["connect_refused"] = stats["counters"].get("refused", 0)
        result["connect_abandoned"] = stats["counters"].get("abandoned", 0)
        self.result.update(result)
        return {"timings": timings, "t0": t0}

    async def window(self, name: str) -> dict:
        """Counters since the last window (summed over workers); a new window begins."""
        merged = {"counters": Counter(), "heartbeat_waits": [], "sizes": {}, "failures": []}
        for stats in await self.clients.all("stats", window=name):
            merged["counters"].update(stats["counters"])
            merged["heartbeat_waits"] += stats["heartbeat_waits"]
            merged["failures"] += stats["failures"]
            for key, values in stats["sizes"].items():
                merged["sizes"].setdefault(key, []).extend(values)
        self.counters.update(merged["counters"])
        self.heartbeat_waits += merged["heartbeat_waits"]
        self.sizes = merged["sizes"]  # sizes are kept by the workers, so this is all of them
        if merged["failures"]:
            self.result["join_failures"] = merged["failures"][:3]
        return merged

    async def submit(self, items: list[dict]) -> None:
        per_worker: list[list[dict]] = [[] for _ in range(self.clients.count)]
        for item in items:
            worker, index = self.clients.place(item["phone"])
            per_worker[worker].append({**item, "phone": index})
        await self.clients.all("submit", per_worker=[{"items": p} for p in per_worker])

    async def submissions(self, tag: str) -> list[list]:
        return [row for rows in await self.clients.all("submissions", tag=tag) for row in rows]

    async def wait_markers(self, markers: list[int], deadline: float) -> bool:
        wanted = len(markers) * self.live
        while now() < deadline:
            got = sum(await self.clients.all("marker_count", markers=markers))
            if got >= wanted:
                return True
            await asyncio.sleep(0.25)
        return False

    async def markers(self, markers: list[int]) -> dict[int, list]:
        merged: dict[int, list] = {m: [0, None, None] for m in markers}
        for result in await self.clients.all("markers", markers=markers):
            for marker, (count, last, first) in result.items():
                entry = merged[int(marker)]
                entry[0] += count
                if last is not None:
                    entry[1] = last if entry[1] is None else max(entry[1], last)
                    entry[2] = first if entry[2] is None else min(entry[2], first)
        return merged

    async def wait_settled(self, deadline: float) -> bool:
        """Every submission acknowledged (or refused)."""
        while now() < deadline:
            if sum(s["queued"] for s in await self.clients.all("status")) == 0:
                return True
            await asyncio.sleep(0.1)
        return False

    async def wait_current(self, deadline: float) -> float | None:
        """Until every phone's seq is the database's; how long it took."""
        started = now()
        while now() < deadline:
            target = await asyncio.to_thread(self.stack.seq, self.workshop_id)
            statuses = await self.clients.all("status", target_seq=target)
            if sum(s["current"] for s in statuses) >= self.live:
                return now() - started
            await asyncio.sleep(0.25)
        return None

    async def act(self, verb: str, fields: dict, limit: float = 120) -> None:
        """A facilitator action through the console's socket; waits for its ack."""
        console = self.screens.phones[0]
        submission = console.submit(verb, fields, "facilitator")
        deadline = now() + limit
        while submission.acked is None and now() < deadline:
            await asyncio.sleep(0.05)
        if submission.error:
            raise RuntimeError(f"the console's {verb} was refused")
        if submission.acked is None:
            # It may be stored with its ack still on the way: go on, the phones will tell.
            log(f"the console's {verb} was not acknowledged in {limit:.0f} s; going on")
            self.result["facilitator_unacked"] = self.result.get("facilitator_unacked", 0) + 1

    async def change_phases(self, phases: list[str], open_voting: bool) -> None:
        if self.baseline:
            return
        if self.screens is None:
            spec = {
                "username": FACILITATOR["username"],
                "id": self.workshop_id,
                "phases": phases,
                "open_voting": open_voting,
            }
            await asyncio.to_thread(self.stack.run_python, PHASE.format(spec=json.dumps(spec)))
            return
        limit = 60 + 2 * self.args.grace
        for phase in phases:
            await self.act("phase.change", {"phase": phase}, limit)
        if open_voting:
            await self.act("voting.open", {}, limit)

    async def idea_ids(self) -> list[int]:
        if self.baseline:
            return self.info["idea_ids"] or list(range(1, 209))
        rows = await asyncio.to_thread(
            self.stack.query,
            "SELECT id FROM ideas_idea WHERE workshop_id = ? AND hidden = ?",
            (self.workshop_id, False),
        )
        return [row[0] for row in rows]

    # -- measurements shared by scenarios

    async def ideas_delivery(self, markers: list[int], deadline: float, prefix: str = "") -> dict:
        """Latency from each idea's tap to the last phone, acks, lost and doubled."""
        await self.wait_markers(markers, deadline)
        await asyncio.sleep(0.5)  # a late second copy shows up now
        sent = {}
        acks = []
        for _key, _tag, _verb, fields, created, _s, acked, error, _n in await self.submissions(
            "idea"
        ):
            marker = int(fields["text"].rsplit("[[bm", 1)[1][:6])
            if marker in markers:
                sent[marker] = created
                if acked is not None and not error:
                    acks.append(acked - created)
        arrivals = await self.markers(markers)
        last, first, lost = [], [], 0
        for marker in markers:
            count, latest, earliest = arrivals[marker]
            lost += max(0, self.live - count)
            if count >= self.live and marker in sent:
                last.append(latest - sent[marker])
                first.append(earliest - sent[marker])
        stored = Counter()
        for text in await asyncio.to_thread(self.stack.ideas_stored, self.workshop_id):
            if "[[bm" in text:
                stored[int(text.rsplit("[[bm", 1)[1][:6])] += 1
        result = {
            **spread(last, prefix),
            f"{prefix}first_p95_ms": ms(percentile(first, 0.95)),
            **spread(acks, f"{prefix}ack_"),
            f"{prefix}sent": len(sent),
            f"{prefix}acked": len(acks),
            f"{prefix}stored": sum(1 for m in markers if stored[m]),
            f"{prefix}lost": lost,
            f"{prefix}doubled": sum(count - 1 for m, count in stored.items() if m in markers),
        }
        return result

    async def dots(self, voters: int, per: int, span: float, grace: float, prefix="votes_"):
        """Each of `voters` phones puts `per` dots on distinct ideas at random moments within
        `span` seconds; time until all are stored and acknowledged, tallies checked."""
        ideas = await self.idea_ids()
        start = now() + 0.5
        items = []
        for phone in range(voters):
            rng = random.Random(phone)
            moments = sorted(rng.uniform(0, span) for _ in range(per))
            for item_id, moment in zip(rng.sample(ideas, per), moments, strict=True):
                items.append(
                    {
                        "phone": phone,
                        "verb": "vote.cast",
                        "fields": {"item_id": str(item_id)},
                        "tag": "vote",
                        "at": start + moment,
                    }
                )
        expected = len(items)
        cpu = CpuWindow()
        await self.submit(items)
        deadline = start + span + grace
        stored_at, stored = None, 0
        while now() < deadline:
            try:
                stored = await asyncio.to_thread(self.stack.dots_stored, self.workshop_id)
            except Exception as failure:  # noqa: BLE001 - a busy server: ask again
                log(f"counting the dots failed: {failure!r}")
                stored = 0
            if stored >= expected:
                stored_at = now()
                break
            await asyncio.sleep(0.1)
        await self.wait_settled(deadline)
        cpu_result = self.cpu_result(cpu)
        rows = await self.submissions("vote")
        first_tap = min(row[4] for row in rows)
        acked = [row for row in rows if row[6] is not None and not row[7]]
        errors = sum(1 for row in rows if row[7])
        latencies = [row[6] - row[4] for row in acked]
        wanted = Counter(int(row[3]["item_id"]) for row in rows)
        tallies = await asyncio.to_thread(self.stack.tallies, self.workshop_id)
        stored = sum(tallies.values())
        return {
            # Every dot stored once: the database's count on each idea is what was tapped.
            f"{prefix}tallies_exact": dict(tallies) == dict(wanted),
            f"{prefix}lost": sum(max(0, n - tallies.get(item, 0)) for item, n in wanted.items()),
            f"{prefix}doubled": sum(max(0, n - wanted.get(item, 0)) for item, n in tallies.items()),
            **spread(latencies, f"{prefix}ack_"),
            f"{prefix}sent": expected,
            f"{prefix}acked": len(acked),
            f"{prefix}errors": errors,
            f"{prefix}stored": stored,
            f"{prefix}stored_s": round(stored_at - first_tap, 2) if stored_at else None,
            f"{prefix}acked_s": round(max(r[6] for r in acked) - first_tap, 2) if acked else None,
            "_cpu": cpu_result,
        }

    def finish(self) -> dict:
        c = self.counters
        result = dict(self.result)
        result.update(
            refused=c.get("refused", 0),
            refused_kinds={k[8:]: v for k, v in c.items() if k.startswith("refused_")},
            abandoned=c.get("abandoned", 0),
            http_failures=c.get("http_failures", 0),
            closed_by_server=c.get("closed_by_server", 0),
            close_codes={
                k[7:]: v
                for k, v in c.items()
                if k.startswith("closed_") and k != "closed_by_server"
            },
            resent=c.get("resent", 0),
            redelivered=c.get("redelivered", 0),
            heartbeat_wait_p95_ms=ms(percentile(self.heartbeat_waits, 0.95)),
            frames=c.get("frames", 0),
            mbytes=round(c.get("bytes", 0) / 1e6, 1),
        )
        return result

    def sizes_for_baseline(self) -> dict[str, int]:
        sizes = {}
        # An idea's fragment: single-event frames with an idea's marker while ideas were being
        # posted (later windows re-render stages that quote every idea: not an idea's size).
        markers = self.sizes.get("ideas:marker", []) + self.sizes.get("storm:marker", [])
        counters = self.sizes.get("votes:state", [])
        for name, values in (
            ("idea.submit", markers),
            ("counter", counters),
            ("snapshot", self.sizes.get("screen", [])),
            ("page", self.sizes.get("page", [])),
        ):
            if values:
                sizes[name] = median_int(values)
        if "snapshot" not in sizes and "page" in sizes:
            sizes["snapshot"] = sizes["page"]  # no whole screen was sent: the page is one
        return sizes

    async def close(self) -> None:
        if self.clients is not None:
            await self.clients.stop()
        if self.screens is not None:
            await self.screens.cmd_stop()


# ---- scenarios -----------------------------------------------------------------------------------


def join_window(args: argparse.Namespace, n: int) -> float:
    return args.join_window if args.join_window is not None else max(3.0, n / args.join_rate)


async def scenario_ideas(run: Run) -> dict:
    args = run.args
    n = args.clients
    await run.setup(phase="ideas")
    run.start_clients(n)
    await run.open_screens()
    await run.join(run.phone_specs(n), join_window(args, n))
    await run.window("ideas")
    cpu = CpuWindow()
    start = now() + 0.5
    senders = [i * n // args.senders for i in range(min(args.senders, n))]
    markers = list(range(args.ideas))
    await run.submit(
        [
            {
                "phone": senders[number % len(senders)],
                "verb": "idea.submit",
                "fields": {"title": "", "text": idea_text(number)},
                "tag": "idea",
                "at": start + number * args.pace_ms / 1000,
            }
            for number in markers
        ]
    )
    deadline = start + len(markers) * args.pace_ms / 1000 + args.grace
    run.result.update(await run.ideas_delivery(markers, deadline))
    run.result.update(run.cpu_result(cpu))
    stats = await run.window("done")
    run.result["snapshots_connected"] = stats["counters"].get("snapshots_connected", 0)
    run.result["snapshots_on_connect"] = stats["counters"].get("snapshots_on_connect", 0)
    run.result["ideas"] = args.ideas
    return run.finish()


async def scenario_stormote(run: Run) -> dict:
    args = run.args
    organisations = associations(56)
    specs = [
        {"name": person(i), "role": "association", "organisation": organisations[i % 56]}
        for i in range(79)
    ] + [{"name": person(79 + i), "role": "staff"} for i in range(25)]
    n = len(specs)
    await run.setup(phase="ideas", language="sv")
    run.start_clients(n)
    await run.open_screens()
    await run.join(specs, args.join_window if args.join_window is not None else 20)

    # 208 ideas: everyone sends two, at random moments within ~9 s.
    await run.window("ideas")
    cpu = CpuWindow()
    start = now() + 0.5
    items = []
    for phone in range(n):
        rng = random.Random(1000 + phone)
        for moment in sorted(rng.uniform(0, 9) for _ in range(2)):
            items.append({"phone": phone, "at": start + moment})
    items.sort(key=lambda item: item["at"])
    for number, item in enumerate(items):
        item.update(verb="idea.submit", fields={"title": "", "text": idea_text(number)}, tag="idea")
    await run.submit(items)
    markers = list(range(len(items)))
    run.result.update(await run.ideas_delivery(markers, start + 9 + args.grace))
    run.result.update({f"ideas_{k}": v for k, v in run.cpu_result(cpu).items()})
    stats = await run.window("phase")
    ideas_snapshots = stats["counters"].get("snapshots_connected", 0)

    # The facilitator moves on to voting; every screen follows.
    started = now()
    await run.change_phases(["clustering", "voting"], open_voting=True)
    current = await run.wait_current(now() + 120)
    run.result["phase_change_s"] = round(now() - started, 2) if current is not None else None
    stats = await run.window("votes")
    run.result["phase_snapshots"] = stats["counters"].get("snapshots_connected", 0)

    # 520 dots within 4 s.
    votes = await run.dots(n, 5, 4.0, args.grace)
    run.result.update({f"votes_{k}": v for k, v in votes.pop("_cpu").items()})
    run.result.update(votes)
    stats = await run.window("done")
    run.result["votes_snapshots_connected"] = stats["counters"].get("snapshots_connected", 0)
    run.result["snapshots_connected"] = ideas_snapshots + run.result["votes_snapshots_connected"]
    if not run.baseline:
        rows = await asyncio.to_thread(
            run.stack.query,
            "SELECT role, COUNT(*), COUNT(DISTINCT organisation_id) FROM workshops_participant "
            "WHERE workshop_id = ? GROUP BY role",
            (run.workshop_id,),
        )
        run.result["people"] = {role: [count, orgs] for role, count, orgs in rows}
    return run.finish()


async def scenario_join_rush(run: Run) -> dict:
    args = run.args
    n = args.clients
    # 2,000 phones in 60 s; other sizes at the same rate.
    window = args.join_window if args.join_window is not None else max(5.0, n * 60 / 2000)
    await run.setup(phase="lobby")
    run.start_clients(n)
    await run.open_screens()
    joined = await run.join(run.phone_specs(n), window)
    connected = [row for row in joined["timings"] if row[3] is not None]
    run.result.update(spread([r[3] - r[0] for r in connected]))
    run.result.update(spread([r[1] - r[0] for r in connected if r[1]], "http_"))
    run.result.update(spread([r[3] - r[1] for r in connected], "socket_"))
    run.result["join_window_s"] = window
    # The window measured here is the rush itself.
    run.result.update(
        {k[8:]: v for k, v in run.result.items() if k.startswith("connect_") and "cpu" in k}
    )
    # Hold on for a while with every phone's heartbeat running.
    await asyncio.sleep(args.hold)
    stats = await run.window("done")
    statuses = await run.clients.all("status")
    run.result["open_at_end"] = sum(s["open"] for s in statuses)
    run.result["snapshots_connected"] = stats["counters"].get("snapshots_connected", 0)
    return run.finish()


async def scenario_vote_burst(run: Run) -> dict:
    args = run.args
    n = args.clients
    await run.setup(phase="voting", seed_ideas=20, vote=True)
    run.start_clients(n)
    await run.open_screens()
    await run.join(run.phone_specs(n), join_window(args, n))
    await run.window("votes")
    votes = await run.dots(n, 5, args.span, args.grace, prefix="")
    run.result.update(votes.pop("_cpu"))
    run.result.update(votes)
    run.result["stored_after_span_s"] = (
        round(votes["stored_s"] - args.span, 2) if votes["stored_s"] else None
    )
    stats = await run.window("done")
    run.result["snapshots_connected"] = stats["counters"].get("snapshots_connected", 0)
    return run.finish()


async def scenario_reconnect_storm(run: Run) -> dict:
    args = run.args
    n = args.clients
    await run.setup(phase="ideas")
    run.start_clients(n)
    await run.open_screens()
    await run.join(run.phone_specs(n), join_window(args, n))
    settled = await run.wait_current(now() + 180)
    run.result["settle_s"] = round(settled, 1) if settled is not None else None
    rss = run.stack.rss_kb()
    await run.window("storm")

    cpu = CpuWindow()
    killed_at = now()
    await asyncio.to_thread(run.stack.kill)
    # Ten people post an idea while the server is down: queued, sent again on reconnect.
    markers = list(range(1000, 1010))
    await run.submit(
        [
            {
                "phone": (i * n) // len(markers),
                "verb": "idea.submit",
                "fields": {"title": "", "text": idea_text(marker)},
                "tag": "idea",
                "at": killed_at + 0.3,
            }
            for i, marker in enumerate(markers)
        ]
    )
    await asyncio.sleep(args.down)
    await asyncio.to_thread(run.stack.restart)
    await asyncio.to_thread(run.stack.wait_healthy)
    run.result["restart_s"] = round(now() - killed_at, 2)
    deadline = killed_at + args.grace + 60
    reconnected_at = current_at = None
    while now() < deadline:
        target = await asyncio.to_thread(run.stack.seq, run.workshop_id)
        statuses = await run.clients.all("status", target_seq=target, since=killed_at)
        if reconnected_at is None and sum(s["reconnected"] for s in statuses) >= run.live:
            reconnected_at = now()
        stored = await asyncio.to_thread(run.stack.ideas_stored, run.workshop_id)
        all_stored = sum(1 for text in stored if "[[bm0010" in text) >= len(markers)
        if (
            reconnected_at
            and all_stored
            and sum(s["current"] for s in statuses) >= run.live
            and sum(s["queued"] for s in statuses) == 0
        ):
            current_at = now()
            break
        await asyncio.sleep(0.25)
    times = [t for rows in await run.clients.all("reconnect_times", since=killed_at) for t in rows]
    back = [t for t in times if t is not None]
    run.result.update(spread(back))
    run.result["reconnected"] = len(back)
    run.result["all_reconnected_s"] = (
        round(reconnected_at - killed_at, 2) if reconnected_at else None
    )
    run.result["all_current_s"] = round(current_at - killed_at, 2) if current_at else None
    delivery = await run.ideas_delivery(markers, now() + 5, prefix="outage_")
    run.result.update(
        {k: v for k, v in delivery.items() if k.startswith(("outage_p95", "outage_stored"))}
    )
    run.result["lost"] = delivery["outage_lost"]
    run.result["doubled"] = delivery["outage_doubled"]
    run.result.update(run.cpu_result(cpu))
    run.result["rss_before_storm_kb"] = rss
    run.result["rss_after_storm_kb"] = run.stack.rss_kb()
    stats = await run.window("done")
    run.result["snapshots_on_reconnect"] = stats["counters"].get("snapshots_on_connect", 0)
    run.result["snapshots_connected"] = stats["counters"].get("snapshots_connected", 0)
    return run.finish()


SCENARIOS = {
    "ideas": scenario_ideas,
    "stormote": scenario_stormote,
    "join-rush": scenario_join_rush,
    "vote-burst": scenario_vote_burst,
    "reconnect-storm": scenario_reconnect_storm,
}
# What the ratio to the baseline compares, per scenario (the key of both runs' results).
RATIO_OF = {
    "ideas": "p95_ms",
    "stormote": "p95_ms",
    "join-rush": "p95_ms",
    "vote-burst": "ack_p95_ms",
    "reconnect-storm": "p95_ms",
}
DEFAULT_CLIENTS = {
    "ideas": 200,
    "stormote": 104,
    "join-rush": 2000,
    "vote-burst": 1000,
    "reconnect-storm": 1000,
}


async def run_against(stack, args: argparse.Namespace) -> tuple[dict, dict]:
    run = Run(stack, args)
    result: dict = {}
    peaks = [0, 0]

    async def sample_connections() -> None:
        # The database connections the servers hold, and the PostgreSQL server's total
        # (max_connections is shared with everything else on the machine).
        while True:
            try:
                found = await asyncio.to_thread(stack.connections)
            except Exception:  # noqa: BLE001 - only informative
                found = None
            if found is None:
                return
            peaks[0], peaks[1] = max(peaks[0], found[0]), max(peaks[1], found[1])
            await asyncio.sleep(1)

    sampler = None
    try:
        await asyncio.to_thread(stack.start)
        sampler = asyncio.create_task(sample_connections())
        async with asyncio.timeout(args.time_limit):
            result = await SCENARIOS[args.scenario](run)
        if stack.kind == "samskab" and args.db == "postgres":
            result["db_connections_peak"], result["pg_connections_peak"] = peaks
    except Exception as failure:  # noqa: BLE001 - reported in the JSON line
        log(f"{stack.kind} run failed: {failure!r}\n{traceback.format_exc()}\n{stack.log_tail()}")
        result = {**run.finish(), "error": f"{type(failure).__name__}: {failure}"}
    finally:
        if sampler is not None:
            sampler.cancel()
        await run.close()
        stack.close_query()
        await asyncio.to_thread(stack.stop, args.keep)
    return result, run.sizes_for_baseline()


def header(args: argparse.Namespace, stack) -> dict:
    return {
        "scenario": args.scenario,
        "label": args.label,
        "clients": 104 if args.scenario == "stormote" else args.clients,
        **stack.describe(),
        "heartbeat": not args.no_heartbeat,
        "load_before": round(os.getloadavg()[0], 2),
        "pg_connections_before": postgres_connections() if args.db == "postgres" else None,
    }


async def measure(args: argparse.Namespace) -> dict:
    line: dict = {}
    sizes: dict[str, int] = {}
    if not args.baseline_only:
        stack = Samskab(
            app_dir=args.app_dir,
            processes=args.processes,
            db=args.db,
            layer=args.layer,
            proxy={"auto": None, "nginx": True, "none": False}[args.proxy],
            daphne_args=shlex.split(args.daphne_args) if args.daphne_args is not None else None,
            extra_env=dict(pair.split("=", 1) for pair in args.env),
        )
        line = header(args, stack)
        result, sizes = await run_against(stack, args)
        line.update(result)
    if args.no_baseline:
        return line
    baseline = Baseline(sizes=sizes)
    result, _sizes = await run_against(baseline, args)
    key = RATIO_OF[args.scenario]
    if args.baseline_only:
        return {**header(args, baseline), **result}
    line["baseline_sizes"] = sizes
    line["baseline_p95_ms"] = result.get(key)
    ours = line.get(key)
    line["ratio"] = round(ours / result[key], 1) if ours and result.get(key) else None
    if args.scenario == "stormote":
        line["baseline_votes_ack_p95_ms"] = result.get("votes_ack_p95_ms")
        ours, theirs = line.get("votes_ack_p95_ms"), result.get("votes_ack_p95_ms")
        line["votes_ratio"] = round(ours / theirs, 1) if ours and theirs else None
    line["baseline"] = {
        k: result.get(k)
        for k in (
            "p50_ms",
            "p95_ms",
            "ack_p95_ms",
            "votes_ack_p95_ms",
            "connect_s",
            "rss_per_conn_kb",
            "server_cpu_pct",
            "client_cpu_pct",
            "lost",
            "all_current_s",
            "error",
        )
        if k in result
    }
    return line


# ---- the command line ----------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scenario", choices=[*SCENARIOS, "suite"])
    p.add_argument("--clients", type=int, help="phones (default per scenario)")
    p.add_argument("--processes", type=int, help="Daphne processes (stormote 2, others 1)")
    p.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    p.add_argument("--layer", choices=["redis", "memory"], default="redis")
    p.add_argument(
        "--proxy", choices=["auto", "nginx", "none"], default="auto", help="auto: nginx if >1"
    )
    p.add_argument("--app-dir", type=Path, default=REPO, help="the Samskab tree to measure")
    p.add_argument("--label", default="", help="a name for this code in the JSON line")
    p.add_argument("--daphne-args", help="instead of '--websocket_connect_timeout 30'")
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for the servers")
    p.add_argument("--workers", type=int, default=0, help="client processes (default N/350)")
    p.add_argument("--join-rate", type=float, default=40, help="phones joining per second")
    p.add_argument("--join-window", type=float, help="seconds over which phones join")
    p.add_argument("--connect-limit", type=float, default=240, help="wait for sockets this long")
    p.add_argument("--open-timeout", type=float, default=60, help="a handshake's own limit")
    p.add_argument("--ideas", type=int, default=40, help="ideas (scenario ideas)")
    p.add_argument("--senders", type=int, default=10, help="phones posting them")
    p.add_argument("--pace-ms", type=float, default=250, help="between two ideas")
    p.add_argument("--span", type=float, default=30, help="seconds of the vote burst")
    p.add_argument("--hold", type=float, default=10, help="join-rush: seconds after joining")
    p.add_argument("--down", type=float, default=0.0, help="reconnect-storm: seconds down")
    p.add_argument("--grace", type=float, default=90, help="wait this long for stragglers")
    p.add_argument("--time-limit", type=float, default=900, help="abort a run after this")
    p.add_argument("--no-heartbeat", action="store_true", help="phones send no sync")
    p.add_argument("--no-seq", action="store_true", help="no ?seq= on the socket's URL")
    p.add_argument("--no-screens", action="store_true", help="no console and projector")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--baseline-only", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the servers' logs (temp dirs)")
    p.add_argument("--wait-quiet", type=float, default=60, help="wait for an idle machine")
    p.add_argument("--out", type=Path, help="also append the JSON lines to this file")
    return p


def suite(args: argparse.Namespace) -> list[argparse.Namespace]:
    """`make bench`: each scenario against 1 and 2 processes, sizes from the environment."""

    def sizes(name: str, default: str) -> list[int]:
        return [int(v) for v in os.environ.get(name, default).split(",") if v.strip()]

    processes = sizes("PROCESSES", "1,2")
    plan = [("stormote", 104, 2)]
    plan += [("ideas", n, p) for n in sizes("CLIENTS", "200,1000") for p in processes]
    plan += [("vote-burst", n, p) for n in sizes("VOTERS", "1000") for p in processes]
    plan += [("join-rush", n, p) for n in sizes("RUSH_CLIENTS", "1000") for p in processes]
    plan += [("reconnect-storm", n, p) for n in sizes("STORM_CLIENTS", "1000") for p in processes]
    only = os.environ.get("SCENARIOS")
    runs = []
    for scenario, clients, count in plan:
        if only and scenario not in only.split(","):
            continue
        one = argparse.Namespace(**vars(args))
        one.scenario, one.clients, one.processes = scenario, clients, count
        runs.append(one)
    return runs


def other_benches() -> list[int]:
    """Other bench/run.py coordinators on this machine (two benches spoil each other)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"python" in argv[0] and any(arg.endswith(b"bench/run.py") for arg in argv[1:3]):
            found.append(int(entry))
    return found


def wait_quiet(limit: float, threshold: float = 25.0) -> tuple[float, float]:
    """Wait (up to `limit` s) until the machine is nearly idle and no other bench runs: other
    work on the same cores makes every figure worse. Returns the last busy share (% of one
    core) and the wait."""
    started = time.monotonic()
    cores = os.cpu_count() or 1
    while True:
        busy0, total0 = machine_ticks()
        time.sleep(2)
        busy1, total1 = machine_ticks()
        busy = round(100 * cores * (busy1 - busy0) / max(1, total1 - total0), 1)
        waited = round(time.monotonic() - started, 1)
        others = other_benches()
        if (busy < threshold and not others) or waited >= limit:
            return busy, waited
        why = f"another bench runs (pid {others[0]})" if others else f"{busy}% of a core busy"
        log(f"waiting for a quiet machine: {why}")
        time.sleep(3)


def main() -> int:
    args = parser().parse_args()
    raise_nofile()
    # SIGTERM (timeout, kill) stops like Ctrl-C: servers, databases and clients are cleaned up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    runs = suite(args) if args.scenario == "suite" else [args]
    for one in runs:
        if one.clients is None:
            one.clients = DEFAULT_CLIENTS[one.scenario]
        if one.processes is None:
            one.processes = 2 if one.scenario == "stormote" else 1
        busy, waited = wait_quiet(one.wait_quiet)
        log(f"{one.scenario}: {one.clients} phones, {one.processes} process(es)")
        started = time.monotonic()
        try:
            line = asyncio.run(measure(one))
        except KeyboardInterrupt:
            log("interrupted; servers, databases and clients were stopped")
            return 130
        line["wall_s"] = round(time.monotonic() - started, 1)
        line["busy_before_pct"] = busy
        line["quiet_wait_s"] = waited
        text = json.dumps(line, ensure_ascii=False)
        print(text, flush=True)
        if one.out:
            with one.out.open("a") as out:
                out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
