"""Real processes for the fault tests: Daphne processes on the run's database (PostgreSQL when
the suite runs on it, else an SQLite file) and Redis, and phones that follow
static/js/realtime.js's rules, run in the test's own event loop.

Nothing here is written twice: the servers are bench/servers.py's `Samskab` (each start gets
its own database and Redis prefix, listening sockets held here so a killed process restarts on
the same port), the phones are bench/phones.py's (heartbeat, abandon, jittered reconnect with
`?seq=`, resend of unacknowledged submissions with their keys), and a phone's screen is
tests/realtime/dom.py's model of what realtime.js does with a frame. What is added: a Redis
server of our own that can be stopped and started, phones that join in bulk, keep their screen,
retry what the server could not save yet (`data-retry`, as realtime.js does) and can freeze.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import lxml.html
import pytest

from bench import phones as bench_phones
from bench.servers import Samskab, rss_kb
from deploy.cluster import http_get, open_listener
from tests.conftest import IN_CI
from tests.realtime import dom

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REDIS_SERVER = "/usr/bin/redis-server"
SHARED_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
FACILITATOR = {"username": "facilitator", "password": "reliability-test-password"}
IDEA_ID = re.compile(r"^idea-\d+$")
RETRY_ERROR = re.compile(
    r'<div data-rt="error" data-key="([^"]*)"[^>]*data-retry="1"[^>]*>.*?</div>'
)


def require(problem: str | None) -> None:
    """Skip without a service; under CI a missing service fails the run instead."""
    if problem:
        if IN_CI:
            pytest.fail(f"Required under CI: {problem}")
        pytest.skip(problem)


def database_kind() -> str:
    """The database the suite runs on: the fault tests use the same kind."""
    url = os.environ.get("DATABASE_URL", "")
    return "postgres" if url.startswith(("postgres:", "postgresql:")) else "sqlite"


def redis_problem(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as failure:  # noqa: BLE001
        return f"Redis at {url}: {type(failure).__name__}: {failure}"
    return None


async def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    """Poll `condition` (a function, may be async) until it returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        await asyncio.sleep(interval)


# ---- a Redis of our own ------------------------------------------------------------------------


class OwnRedis:
    """redis-server on a free port, no persistence; stop() and start() again on the same port.
    The machine's Redis is never touched."""

    def __init__(self):
        self.directory = Path(tempfile.mkdtemp(prefix="samskab-redis-"))
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        require(None if os.access(REDIS_SERVER, os.X_OK) else f"{REDIS_SERVER} is missing")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly"]
            + ["no", "--dir", str(self.directory), "--logfile", str(self.directory / "log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while redis_problem(self.url):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server on {self.port} did not start")
            time.sleep(0.05)

    def channels(self) -> set[bytes]:
        """The pub/sub channels someone listens on now."""
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=2)
        try:
            return set(client.pubsub_channels())
        except redis.RedisError:
            return set()
        finally:
            client.close()

    def stop(self) -> None:
        """Gone at once, as a crash or a restart is for its clients."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# ---- Daphne processes --------------------------------------------------------------------------


class Cluster(Samskab):
    """`processes` Daphne processes on one database and one Redis, no proxy: each phone is
    given one process's port, as a proxy would pin it."""

    def __init__(self, *, processes: int, redis_url: str, extra_env: dict[str, str] | None = None):
        super().__init__(
            app_dir=ROOT,
            processes=processes,
            db=database_kind(),
            layer="redis",
            proxy=False,
            extra_env={"REDIS_URL": redis_url, **(extra_env or {})},
        )

    def start(self, *, healthy: bool = True) -> None:
        """Like Samskab.start; with healthy=False only until /healthz answers at all (Redis
        may be down on purpose)."""
        if self.db == "postgres":
            from deploy.cluster import ensure_database

            ensure_database(self.database_url)
            self.started_db = True
        self.manage("migrate", "--noinput")
        for index in range(self.processes):
            self.listeners.append(open_listener(HOST))
            self.daphnes.append(None)
            self.start_daphne(index)
        self.front_port = self.port_of(0)
        for index in range(self.processes):
            self.wait_up(index, healthy=healthy)

    def stop(self, keep: bool = False) -> None:
        """Test servers need no graceful end: killed at once, then cleaned up."""
        for process in self.daphnes:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        super().stop(keep)

    def port_of(self, index: int) -> int:
        return self.listeners[index].getsockname()[1]

    # The first process as tests/live_server.py's helpers (http_request, ws_url) reach one.
    @property
    def port(self) -> int:
        return self.port_of(0)

    @property
    def origin(self) -> str:
        return self.base_url

    def ws_url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"

    def wait_up(self, index: int, *, healthy: bool = True, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.daphnes[index].poll() is not None:
                raise RuntimeError(f"Daphne {index} exited:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                status, _body = http_get(HOST, self.port_of(index), "/healthz", timeout=5)
                if status == 200 or not healthy:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"Daphne {index} not up in {timeout} s:\n{self.log_tail()}")

    def signal(self, index: int, number: int) -> None:
        process = self.daphnes[index]
        process.send_signal(number)
        if number == signal.SIGKILL:
            process.wait(timeout=10)

    def healthz(self, index: int = 0) -> tuple[int, dict]:
        status, body = http_get(HOST, self.port_of(index), "/healthz", timeout=15)
        return status, json.loads(body)

    def rss_kb(self) -> int:
        return sum(rss_kb(pid) for pid in self.server_pids())

    def workshop(self, *, phase: str = "ideas", participants: int = 0) -> dict:
        """A facilitator, a workshop in `phase` and participants joined in bulk: code, id,
        seq and each participant's cookie token."""
        spec = json.dumps({"phase": phase, "participants": participants, **FACILITATOR})
        return self.run_python(SETUP.replace("SPEC", repr(spec)))

    def events_consistent(self, workshop_id: int) -> bool:
        """Nothing half-written: the workshop's seq is its last event's, with no gaps."""
        seq = self.seq(workshop_id)
        seqs = sorted(
            row[0]
            for row in self.query(
                "SELECT seq FROM realtime_workshopevent WHERE workshop_id = ? AND seq IS NOT NULL",
                (workshop_id,),
            )
        )
        return seqs == list(range(seqs[0], seq + 1)) if seqs else seq == 0

    def ideas_by_key(self, workshop_id: int) -> dict[str, int]:
        rows = self.query(
            "SELECT client_key, COUNT(*) FROM ideas_idea WHERE workshop_id = ? GROUP BY client_key",
            (workshop_id,),
        )
        return {str(key).replace("-", ""): count for key, count in rows if key}


SETUP = """
import json
from django.contrib.auth import get_user_model
from workshops.actions.base import Actor
from workshops.actions.join import do_join
from workshops.actions.workshop import do_create_workshop
from workshops.models import Participant, Workshop

spec = json.loads(SPEC)
User = get_user_model()
user = User.objects.filter(username=spec["username"]).first()
if user is None:
    user = User.objects.create_user(spec["username"], password=spec["password"])
workshop = do_create_workshop(
    actor=Actor.for_facilitator(user), title="Fault test", language="en",
    question="How do more people meet across generations?", base_url="http://127.0.0.1",
)
Workshop.objects.filter(pk=workshop.pk).update(phase=spec["phase"])
tokens = [
    do_join(workshop=workshop, display_name=f"Phone {n}", role=Participant.Role.CITIZEN).token
    for n in range(spec["participants"])
]
workshop.refresh_from_db()
print(json.dumps({"code": workshop.join_code, "id": workshop.pk, "seq": workshop.seq,
                  "tokens": tokens}))
"""


# ---- phones ------------------------------------------------------------------------------------


class Phone(bench_phones.Phone):
    """bench/phones.py's phone, joined in bulk beforehand, which also
    - keeps its screen (the page, then every frame applied as realtime.js applies it), when
      the spec says `screen`;
    - keeps a submission the server could not save yet (`data-retry`) queued and sends it
      again 2 to 4 s later, as realtime.js does;
    - can freeze: stop reading its socket (the kernel's buffers fill, the server's writes back
      up) and stop its heartbeat, like a phone whose browser is suspended; thaw() wakes it."""

    def __init__(self, worker, spec):
        super().__init__(worker, spec)
        self.screen = None
        self.retries = 0
        self.retry_messages: list[str] = []
        self.close_codes: list[int] = []
        self.frozen = False
        self.crowd: Crowd | None = None
        self.home = worker

    async def load_page(self) -> None:
        if "token" not in self.spec:
            await super().load_page()
            if self.spec.get("screen"):
                _status, _headers, page = await self.get(self.spec["page"])
                self.screen = lxml.html.document_fromstring(page)
            return
        code = self.w.code
        self.cookies = {f"samskab_p_{code}": self.spec["token"]}
        if not self.spec.get("screen"):
            self.ws_path = f"/ws/w/{code}/participant/"
            self.seq = self.spec["seq"]
            return
        _status, _headers, page = await self.get(f"/w/{code}/")
        self.screen = lxml.html.document_fromstring(page)
        body = self.screen.find("body")
        self.ws_path = body.get("data-ws-path")
        self.seq = int(body.get("data-seq"))

    def apply(self, conn, frame) -> None:
        if isinstance(frame, bytes):
            frame = frame.decode()
        if 'data-retry="1"' in frame:
            for match in RETRY_ERROR.finditer(frame):
                self.retry_later(match.group(1), match.group(0))
            frame = RETRY_ERROR.sub("", frame)
        if self.screen is not None:
            dom.apply(self.screen, frame)
        super().apply(conn, frame)

    def retry_later(self, key: str, element: str) -> None:
        self.retries += 1
        self.retry_messages.append(lxml.html.fragment_fromstring(element).text_content())
        submission = self.queue.get(key)
        if submission is None:
            return

        def again() -> None:
            conn = self.current
            if key in self.queue and conn is not None and conn.open:
                self.send_submission(conn, submission)

        self.w.loop.call_later(2 + 2 * bench_phones.random.random(), again)

    def connect(self) -> None:
        # A proxy in front sends a new connection to a process that is up.
        if self.current is None:
            self.w = self.crowd.route(self)
        super().connect()

    async def run_conn(self, conn) -> None:
        await super().run_conn(conn)
        if conn.ws is not None and conn.ws.close_code is not None:
            self.close_codes.append(conn.ws.close_code)

    def beat(self) -> None:
        if self.frozen:
            self.next_beat += bench_phones.HEARTBEAT_S
            self.beat_handle = self.w.loop.call_at(self.next_beat, self.beat)
            return
        super().beat()

    def freeze(self) -> None:
        self.frozen = True
        conn = self.current
        if conn is not None and conn.ws is not None:
            conn.ws.transport.pause_reading()

    def thaw(self) -> None:
        """Wake up as realtime.js does on visibilitychange: reset the backoff and send a
        heartbeat at once (which abandons a socket that stays silent)."""
        self.frozen = False
        conn = self.current
        if conn is not None and conn.ws is not None:
            conn.ws.transport.resume_reading()
        self.attempt = 0
        self.awaiting_since = None
        if conn is not None and conn.open:
            self.send(conn, json.dumps({"verb": "sync", "seq": self.seq}))
            self.awaiting_since = bench_phones.now()
        elif conn is None and self.reconnect_handle is None:
            self.connect()

    def seen_markers(self) -> set[str]:
        """The markers of every idea that reached this phone (in any frame)."""
        return {f"{marker:06d}" for marker in self.seen}

    def ideas_shown(self) -> dict[str, int]:
        """Per marker in ideas' texts: how many idea elements on this screen show it."""
        shown: dict[str, int] = {}
        for element in self.screen.xpath('//*[starts-with(@id, "idea-")]'):
            if IDEA_ID.match(element.get("id")):
                for marker in set(bench_phones.MARKER.findall(element.text_content())):
                    shown[marker] = shown.get(marker, 0) + 1
        return shown


class Crowd:
    """Phones spread over a cluster's processes, one bench Worker per process, in this loop."""

    def __init__(self, cluster: Cluster, workshop: dict):
        self.cluster = cluster
        self.workshop = workshop
        self.workers: list[bench_phones.Worker] = []
        for index in range(cluster.processes):
            base = f"http://{HOST}:{cluster.port_of(index)}"
            worker = bench_phones.Worker(
                index,
                {"base_url": base, "ws_base": f"ws://{HOST}:{cluster.port_of(index)}"}
                | {"code": workshop["code"], "open_timeout": 30},
            )
            worker.loop = asyncio.get_running_loop()
            self.workers.append(worker)
        self.phones: list[Phone] = []
        self.draining: set[int] = set()

    def route(self, phone: Phone) -> bench_phones.Worker:
        """The phone's own process, or while that one is draining (a deploy) the next one."""
        if phone.home.index not in self.draining:
            return phone.home
        up = [w for w in self.workers if w.index not in self.draining]
        return up[phone.home.index % len(up)] if up else phone.home

    def add(self, spec: dict, process: int) -> Phone:
        worker = self.workers[process]
        phone = Phone(worker, spec)
        phone.crowd = self
        worker.phones.append(phone)
        self.phones.append(phone)
        worker.spawn(phone.start())
        return phone

    def add_participants(self, *, screen: bool = False) -> list[Phone]:
        """Every participant of the workshop, round-robin over the processes."""
        return [
            self.add(
                {"token": token, "seq": self.workshop["seq"], "screen": screen},
                n % len(self.workers),
            )
            for n, token in enumerate(self.workshop["tokens"])
        ]

    def add_facilitator_screens(self) -> list[Phone]:
        """The console on the first process and the projector on the last, signed in."""
        code = self.workshop["code"]
        return [
            self.add({"login": FACILITATOR, "page": f"/w/{code}/{page}/", "screen": True}, process)
            for page, process in (("console", 0), ("projector", len(self.workers) - 1))
        ]

    async def connected(self, timeout: float = 60) -> None:
        await wait_for(
            lambda: all(
                p.current is not None and p.current.open and p.current.frames for p in self.phones
            ),
            timeout,
            "every phone connected",
        )

    def submit(self, phone: Phone, marker: int, text: str = "An idea") -> bench_phones.Submission:
        return phone.submit(
            "idea.submit", {"title": "", "text": f"{text} [[bm{marker:06d}]]"}, "idea"
        )

    def submissions(self) -> list[bench_phones.Submission]:
        return [s for w in self.workers for s in w.submissions.values()]

    def acknowledged(self) -> list[bench_phones.Submission]:
        return [s for s in self.submissions() if s.acked is not None and not s.error]

    def settled(self) -> bool:
        return all(s.acked is not None for s in self.submissions())

    def all_current(self, seq: int, phones: list[Phone] | None = None) -> bool:
        return all(p.seq >= seq for p in phones or self.phones)

    def counter(self, name: str) -> int:
        return sum(w.counters[name] for w in self.workers)

    async def stop(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(worker.cmd_stop(), 10)


def marker_of(submission: bench_phones.Submission) -> str:
    return bench_phones.MARKER.search(submission.fields["text"]).group(1)
