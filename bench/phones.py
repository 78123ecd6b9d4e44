"""The client harness: phones that behave like a browser running static/js/realtime.js.

Each phone
- joins through HTTP like a browser without help: GET /j/<code>/, POST the join form with its
  CSRF token (name, role, organisation typed in the new-organisation field), keeps the cookies
  (csrftoken, samskab_p_<code>) and GETs its participant page, whose body carries
  `data-ws-path` and `data-seq` (a facilitator's screens sign in at /accounts/login/ first);
- opens `ws://host<data-ws-path>?seq=<N>` with an Origin header and its cookies, N being the
  page's seq at first and the last seq it saw on a reconnect;
- follows realtime.js exactly: every 5 s from page load a heartbeat sends
  `{"verb":"sync","seq":lastSeq}`; if no frame at all arrived within 4 s of a sync (checked at
  the next heartbeat) the socket is abandoned (close 4000, not waited for) and a new one opened;
  on close it reconnects after 200 ms, then after min(30 s, 1 s * 2^attempt) with jitter between
  half and all of it; `attempt` resets when a socket opens; a heartbeat without a socket and
  without a pending reconnect connects at once; frames from an abandoned socket are ignored;
- keeps every submission until its ack (or error) arrives and sends all unacknowledged ones
  again, same client_key, whenever a socket opens (realtime.js does this for its queued forms;
  here every verb is queued);
- reads every frame: seq markers set lastSeq (the last one in a frame wins), acks and errors
  settle submissions, `id="screen"` marks a full snapshot (counted as "on connect" when it is a
  socket's first frame, else as "connected": a snapshot sent to a phone that never slept),
  `[[bmNNNNNN]]` markers in ideas' texts are noted with their first arrival time. Frames
  without a seq marker (state messages) count as frames like any other.

Phones run in worker processes (`Clients` starts them with multiprocessing, spawn), several
hundred per asyncio loop; the coordinator talks to each worker over a pipe. Times are
time.monotonic(), one clock for every process on the machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import random
import re
import resource
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict

from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

HEARTBEAT_S = 5.0
DEAD_AFTER_S = 4.0
MAX_BACKOFF_S = 30.0
FIRST_BACKOFF_S = 0.2
HTTP_TIMEOUT_S = 120.0
HTTP_ATTEMPTS = 5
USER_AGENT = "Mozilla/5.0 (samskab-bench phone)"
SIZE_SAMPLES = 4000

SEQ = re.compile(r'data-rt="seq" data-seq="(\d+)"')
ACK = re.compile(r'data-rt="ack" data-key="([^"]*)"')
ERROR = re.compile(r'data-rt="error" data-key="([^"]*)"')
MARKER = re.compile(r"\[\[bm(\d+)\]\]")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WS_PATH = re.compile(r'data-ws-path="([^"]+)"')
PAGE_SEQ = re.compile(r'data-seq="(\d+)"')
BODY = re.compile(r"<body[^>]*>")
SCREEN = 'id="screen"'


def now() -> float:
    return time.monotonic()


def raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# ---- HTTP, as a browser without JavaScript does it -----------------------------------------------


class HttpFailure(Exception):
    pass


async def http_request(
    host: str,
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    timeout: float = HTTP_TIMEOUT_S,
) -> tuple[int, dict[str, list[str]], str]:
    """One HTTP/1.1 request on its own connection; (status, headers, body)."""
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            origin = f"http://{host}:{port}"
            lines = [
                f"{method} {path} HTTP/1.1",
                f"Host: {host}:{port}",
                "Connection: close",
                f"User-Agent: {USER_AGENT}",
                "Accept: text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Encoding: identity",
            ]
            if cookies:
                lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
            body = b""
            if form is not None:
                body = urllib.parse.urlencode(form).encode()
                lines += [
                    "Content-Type: application/x-www-form-urlencoded",
                    f"Content-Length: {len(body)}",
                    f"Origin: {origin}",
                    f"Referer: {origin}{path}",
                ]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:
                raise HttpFailure(f"{method} {path}: connection closed without an answer")
            status = int(status_line.split()[1])
            headers: dict[str, list[str]] = defaultdict(list)
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _sep, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()].append(value.strip())
            if "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
                chunks = []
                while True:
                    size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        break
                    chunks.append(await reader.readexactly(size))
                    await reader.readline()
                data = b"".join(chunks)
            elif "content-length" in headers:
                data = await reader.readexactly(int(headers["content-length"][0]))
            else:
                data = await reader.read()
            return status, headers, data.decode("utf-8", "replace")
        finally:
            writer.close()


def set_cookies(headers: dict[str, list[str]]) -> dict[str, str]:
    cookies = {}
    for value in headers.get("set-cookie", []):
        name, _sep, rest = value.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


# ---- one phone ---------------------------------------------------------------------------------


class Submission:
    __slots__ = ("key", "tag", "verb", "fields", "created", "sent", "acked", "error", "sends")

    def __init__(self, tag: str, verb: str, fields: dict):
        self.key = str(uuid.uuid4())
        self.tag = tag
        self.verb = verb
        self.fields = fields
        self.created = now()  # the tap: latencies count from here
        self.sent = None
        self.acked = None
        self.error = False
        self.sends = 0

    def report(self) -> list:
        return [
            self.key,
            self.tag,
            self.verb,
            self.fields,
            self.created,
            self.sent,
            self.acked,
            self.error,
            self.sends,
        ]


class Conn:
    """One WebSocket object of realtime.js (CONNECTING, then OPEN, then gone)."""

    __slots__ = ("ws", "open", "frames", "task", "started", "opened")

    def __init__(self):
        self.ws = None
        self.open = False
        self.frames = 0
        self.task = None
        self.started = now()
        self.opened = None


class Phone:
    def __init__(self, worker: Worker, spec: dict):
        self.w = worker
        self.spec = spec
        self.cookies: dict[str, str] = {}
        self.ws_path = ""
        self.seq = 0
        self.current: Conn | None = None
        self.reconnect_handle: asyncio.TimerHandle | None = None
        self.beat_handle: asyncio.TimerHandle | None = None
        self.next_beat = 0.0
        self.attempt = 0
        self.awaiting_since: float | None = None
        self.queue: dict[str, Submission] = {}
        self.seen: dict[int, float] = {}
        self.join_started = None
        self.page_loaded = None
        self.first_opened = None
        self.first_frame = None
        self.last_first_frame = None
        self.failure = ""

    # -- the page

    async def start(self) -> None:
        self.join_started = now()
        for attempt in range(HTTP_ATTEMPTS):
            try:
                await self.load_page()
                break
            except (OSError, TimeoutError, HttpFailure, ValueError, IndexError) as failure:
                self.w.counters["http_failures"] += 1
                self.failure = repr(failure)[:300]
                if attempt + 1 == HTTP_ATTEMPTS or self.w.stopping:
                    self.w.counters["join_failed"] += 1
                    return
                await asyncio.sleep(1 + attempt + random.random())
        self.page_loaded = now()
        self.next_beat = self.page_loaded + HEARTBEAT_S
        self.beat_handle = self.w.loop.call_at(self.next_beat, self.beat)
        self.connect()

    async def get(self, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        status, headers, body = await http_request(
            self.w.host,
            self.w.port,
            "POST" if form is not None else "GET",
            path,
            cookies=self.cookies,
            form=form,
        )
        self.cookies.update(set_cookies(headers))
        if status >= 500:
            raise HttpFailure(f"{path} answered {status}")
        return status, headers, body

    async def load_page(self) -> None:
        spec, code = self.spec, self.w.code
        if self.w.mode == "baseline":
            page_path = "/w/"
        elif spec.get("login"):
            status, _h, body = await self.get("/accounts/login/")
            token = CSRF.search(body).group(1)
            status, _h, body = await self.get(
                "/accounts/login/",
                {
                    "csrfmiddlewaretoken": token,
                    "username": spec["login"]["username"],
                    "password": spec["login"]["password"],
                    "next": "",
                },
            )
            if status != 302:
                raise HttpFailure(f"signing in answered {status}")
            page_path = spec["page"]
        else:
            page_path = f"/w/{code}/"
            status, headers, body = await self.get(f"/j/{code}/")
            if status == 200:
                token = CSRF.search(body).group(1)
                form = {
                    "csrfmiddlewaretoken": token,
                    "display_name": spec.get("name", ""),
                    "organisation": "",
                    "new_organisation": spec.get("organisation", ""),
                    "role": spec.get("role", "citizen"),
                }
                status, headers, body = await self.get(f"/j/{code}/", form)
                if status != 302:
                    raise HttpFailure(f"joining answered {status}: {body[:300]!r}")
            elif status != 302:  # 302: joined already (a retry after a lost answer)
                raise HttpFailure(f"the join page answered {status}")
        status, _headers, body = await self.get(page_path)
        if status != 200:
            raise HttpFailure(f"{page_path} answered {status}")
        tag = BODY.search(body)
        attributes = tag.group(0) if tag else body
        self.ws_path = WS_PATH.search(attributes).group(1)
        self.seq = int(PAGE_SEQ.search(attributes).group(1))
        self.w.size("page", len(body))

    # -- the socket (realtime.js: connect, lost, abandon, heartbeat)

    def connect(self) -> None:
        if self.reconnect_handle is not None:
            self.reconnect_handle.cancel()
            self.reconnect_handle = None
        if self.current is not None or self.w.stopping:
            return
        conn = Conn()
        self.current = conn
        self.awaiting_since = None
        conn.task = self.w.spawn(self.run_conn(conn))

    async def run_conn(self, conn: Conn) -> None:
        w = self.w
        path = self.ws_path
        if w.send_seq:
            path += ("&" if "?" in path else "?") + f"seq={self.seq}"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        w.counters["handshakes"] += 1
        try:
            ws = await ws_connect(
                w.ws_base + path,
                origin=w.origin,
                additional_headers=headers if self.cookies else None,
                user_agent_header=USER_AGENT,
                open_timeout=w.open_timeout,
                ping_interval=None,  # browsers answer pings but send none
                close_timeout=3,
                max_size=None,
                proxy=None,
            )
        except asyncio.CancelledError:
            raise
        except Exception as failure:  # noqa: BLE001 - every failed handshake is counted
            w.counters["refused"] += 1
            w.counters[f"refused_{failure_kind(failure)}"] += 1
            if self.current is conn:
                self.current = None
                self.lost()
            return
        conn.ws = ws
        conn.opened = now()
        if self.current is not conn or w.stopping:
            await ws.close()
            return
        conn.open = True
        self.attempt = 0
        w.counters["opens"] += 1
        if self.first_opened is None:
            self.first_opened = conn.opened
        for submission in list(self.queue.values()):
            self.send_submission(conn, submission)
        try:
            async for frame in ws:
                if self.current is conn:
                    self.apply(conn, frame)
        except ConnectionClosed:
            pass
        conn.open = False
        if self.current is conn:
            self.current = None
            w.counters["closed_by_server"] += 1
            w.counters[f"closed_{ws.close_code}"] += 1
            self.lost()

    def lost(self) -> None:
        if self.reconnect_handle is not None or self.w.stopping:
            return
        ceiling = min(MAX_BACKOFF_S, 1.0 * 2**self.attempt)
        delay = (
            FIRST_BACKOFF_S if self.attempt == 0 else ceiling / 2 + random.random() * ceiling / 2
        )
        self.attempt += 1
        self.reconnect_handle = self.w.loop.call_later(delay, self.connect)

    def abandon(self) -> None:
        conn, self.current = self.current, None
        self.w.counters["abandoned"] += 1
        if conn is not None and conn.ws is not None:
            self.w.spawn(quiet_close(conn.ws, 4000))
        self.lost()

    def beat(self) -> None:
        if self.w.stopping:
            return
        self.next_beat += HEARTBEAT_S
        self.beat_handle = self.w.loop.call_at(self.next_beat, self.beat)
        conn = self.current
        if conn is None:
            if self.reconnect_handle is None:
                self.connect()
            return
        if not conn.open:
            return
        t = now()
        if self.awaiting_since is not None and t - self.awaiting_since > DEAD_AFTER_S:
            self.abandon()
            return
        if not self.w.heartbeat:
            return
        self.send(conn, f'{{"verb":"sync","seq":{self.seq}}}')
        self.w.counters["syncs"] += 1
        if self.awaiting_since is None:
            self.awaiting_since = t

    def send(self, conn: Conn, text: str) -> None:
        """WebSocket.send: never waits for the network."""
        self.w.spawn(quiet_send(conn.ws, text))

    # -- submissions

    def submit(self, verb: str, fields: dict, tag: str) -> Submission:
        submission = Submission(tag, verb, fields)
        self.w.submissions[submission.key] = submission
        self.queue[submission.key] = submission
        conn = self.current
        if conn is not None and conn.open:
            self.send_submission(conn, submission)
        return submission

    def send_submission(self, conn: Conn, submission: Submission) -> None:
        submission.sends += 1
        if submission.sends > 1:
            self.w.counters["resent"] += 1
        if submission.sent is None:
            submission.sent = now()
        frame = {**submission.fields, "verb": submission.verb, "client_key": submission.key}
        self.send(conn, json.dumps(frame, separators=(",", ":")))

    def settle(self, key: str, error: bool, t: float) -> None:
        submission = self.queue.pop(key, None) or self.w.submissions.get(key)
        if submission is not None and submission.acked is None:
            submission.acked = t
            submission.error = error

    # -- frames

    def apply(self, conn: Conn, frame: str | bytes) -> None:
        t = now()
        w = self.w
        c = w.counters
        if isinstance(frame, bytes):
            frame = frame.decode("utf-8", "replace")
        if self.awaiting_since is not None:
            w.heartbeat_waits.append(t - self.awaiting_since)
            self.awaiting_since = None
        conn.frames += 1
        first = conn.frames == 1
        if first:
            self.last_first_frame = t
            if self.first_frame is None:
                self.first_frame = t
            w.size("first_frame", len(frame))
        c["frames"] += 1
        c["bytes"] += len(frame)
        snapshot = SCREEN in frame
        if snapshot:
            c["snapshots_on_connect" if first else "snapshots_connected"] += 1
            w.size("screen", len(frame))
        events = 0
        if 'data-rt="seq"' in frame:
            found = SEQ.findall(frame)
            if found:
                self.seq = int(found[-1])
                events = len(found)
        acked = False
        if 'data-rt="ack"' in frame:
            for key in ACK.findall(frame):
                self.settle(key, False, t)
                acked = True
        if 'data-rt="error"' in frame:
            c["errors"] += 1
            for key in ERROR.findall(frame):
                if key:
                    self.settle(key, True, t)
        if not (events or acked or snapshot):
            c["unsequenced"] += 1
            if 'data-rt="error"' not in frame:
                w.size(f"{w.window}:state", len(frame))
        if "[[bm" in frame:
            for marker in {int(m) for m in MARKER.findall(frame)}:
                if marker in self.seen:
                    if not snapshot:
                        c["redelivered"] += 1
                else:
                    self.seen[marker] = t
            if events == 1 and not snapshot:  # one idea's fragment, not a catch-up
                w.size(f"{w.window}:marker", len(frame))
        elif events == 1 and not snapshot and not acked:
            w.size(f"{w.window}:event", len(frame))

    async def close(self) -> None:
        for handle in (self.reconnect_handle, self.beat_handle):
            if handle is not None:
                handle.cancel()
        conn, self.current = self.current, None
        if conn is not None and conn.ws is not None:
            await quiet_close(conn.ws, 1001)


def failure_kind(failure: Exception) -> str:
    if isinstance(failure, InvalidStatus):
        return f"status_{failure.response.status_code}"
    if isinstance(failure, TimeoutError):
        return "timeout"
    if isinstance(failure, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(failure, ConnectionResetError | EOFError | ConnectionClosed):
        return "reset"
    return type(failure).__name__


async def quiet_send(ws, text: str) -> None:
    with contextlib.suppress(Exception):  # a send on a dying socket is lost, as in a browser
        await ws.send(text)


async def quiet_close(ws, code: int) -> None:
    with contextlib.suppress(Exception):
        await ws.close(code)


# ---- a worker: many phones in one asyncio loop ---------------------------------------------------


class Worker:
    def __init__(self, index: int, config: dict):
        self.index = index
        self.mode = config.get("mode", "samskab")
        base = urllib.parse.urlsplit(config["base_url"])
        self.host, self.port = base.hostname, base.port
        self.origin = config["base_url"]
        self.ws_base = config["ws_base"]
        self.code = config.get("code", "")
        self.send_seq = config.get("send_seq", True)
        self.heartbeat = config.get("heartbeat", True)
        self.open_timeout = config.get("open_timeout", 60)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.phones: list[Phone] = []
        self.submissions: dict[str, Submission] = {}
        self.counters: Counter[str] = Counter()
        self.sizes: dict[str, list[int]] = defaultdict(list)
        self.heartbeat_waits: list[float] = []
        self.tasks: set[asyncio.Task] = set()
        self.window = "setup"
        self.stopping = False

    def spawn(self, coroutine) -> asyncio.Task:
        task = self.loop.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def size(self, name: str, value: int) -> None:
        sample = self.sizes[name]
        if len(sample) < SIZE_SAMPLES:
            sample.append(value)

    # -- commands (each returns something picklable)

    async def cmd_start(self, phones: list[dict]) -> int:
        """Start phones; each spec's `at` is when it begins to join (monotonic time)."""
        self.loop = asyncio.get_running_loop()
        for spec in phones:
            phone = Phone(self, spec)
            self.phones.append(phone)
            self.loop.call_at(spec["at"], lambda p=phone: self.spawn(p.start()))
        return len(self.phones)

    async def cmd_status(self, target_seq: int | None = None, since: float | None = None) -> dict:
        loaded = [p for p in self.phones if p.page_loaded is not None]
        status = {
            "phones": len(self.phones),
            "page_loaded": len(loaded),
            "join_failed": self.counters["join_failed"],
            "first_frame": sum(1 for p in self.phones if p.first_frame is not None),
            "open": sum(1 for p in self.phones if p.current is not None and p.current.open),
            "min_seq": min((p.seq for p in loaded), default=0),
            "max_seq": max((p.seq for p in loaded), default=0),
            "queued": sum(len(p.queue) for p in self.phones),
        }
        if target_seq is not None:
            status["current"] = sum(1 for p in loaded if p.seq >= target_seq)
        if since is not None:
            status["reconnected"] = sum(
                1 for p in self.phones if p.last_first_frame and p.last_first_frame > since
            )
        return status

    async def cmd_submit(self, items: list[dict]) -> int:
        """Schedule submissions: {phone (index in this worker), verb, fields, tag, at}."""
        for item in items:
            phone = self.phones[item["phone"]]
            self.loop.call_at(
                item["at"], phone.submit, item["verb"], item["fields"], item.get("tag", "")
            )
        return len(items)

    async def cmd_marker_count(self, markers: list[int]) -> int:
        """How many (phone, marker) pairs have arrived."""
        wanted = set(markers)
        return sum(len(wanted.intersection(p.seen)) for p in self.phones)

    async def cmd_markers(self, markers: list[int]) -> dict:
        """Per marker: [phones that have it, last arrival, first arrival]."""
        result = {}
        for marker in markers:
            times = [p.seen[marker] for p in self.phones if marker in p.seen]
            result[marker] = [len(times), max(times, default=None), min(times, default=None)]
        return result

    async def cmd_submissions(self, tag: str | None = None) -> list[list]:
        return [s.report() for s in self.submissions.values() if tag is None or s.tag == tag]

    async def cmd_timings(self) -> list[list]:
        return [
            [p.join_started, p.page_loaded, p.first_opened, p.first_frame]
            for p in self.phones
            if p.join_started is not None
        ]

    async def cmd_reconnect_times(self, since: float) -> list[float | None]:
        return [
            p.last_first_frame - since
            if p.last_first_frame and p.last_first_frame > since
            else None
            for p in self.phones
        ]

    async def cmd_stats(self, window: str | None = None) -> dict:
        """Counters and samples since the last window began; `window` starts a new one."""
        stats = {
            "counters": dict(self.counters),
            "heartbeat_waits": list(self.heartbeat_waits),
            "sizes": {name: list(values) for name, values in self.sizes.items()},
            "failures": [p.failure for p in self.phones if p.failure][:5],
        }
        if window is not None:
            self.window = window
            self.counters = Counter({"join_failed": self.counters["join_failed"]})
            self.heartbeat_waits = []
        return stats

    async def cmd_stop(self) -> bool:
        self.stopping = True
        await asyncio.gather(*(p.close() for p in self.phones), return_exceptions=True)
        for task in list(self.tasks):
            task.cancel()
        return True


def worker_main(connection, index: int, config: dict) -> None:
    raise_nofile()
    random.seed()
    asyncio.run(_serve(connection, index, config))


async def _serve(connection, index: int, config: dict) -> None:
    worker = Worker(index, config)
    worker.loop = loop = asyncio.get_running_loop()
    finished = loop.create_future()
    handling: set[asyncio.Task] = set()

    async def handle(message: dict) -> None:
        try:
            method = getattr(worker, f"cmd_{message['cmd']}")
            result = {"ok": await method(**message.get("args", {}))}
        except Exception as failure:  # noqa: BLE001 - goes back to the coordinator
            result = {"error": f"{type(failure).__name__}: {failure}"}
        connection.send(result)
        if message["cmd"] == "stop" and not finished.done():
            finished.set_result(None)

    def readable() -> None:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            loop.remove_reader(connection.fileno())
            if not finished.done():
                finished.set_result(None)
            return
        task = loop.create_task(handle(message))
        handling.add(task)
        task.add_done_callback(handling.discard)

    loop.add_reader(connection.fileno(), readable)
    await finished
    worker.stopping = True


# ---- the coordinator's side ----------------------------------------------------------------------


class Clients:
    """Worker processes with phones; phone number g lives in worker g % n at index g // n."""

    def __init__(self, workers: int, config: dict):
        context = multiprocessing.get_context("spawn")
        self.count = workers
        self.pipes = []
        self.processes = []
        for index in range(workers):
            parent, child = context.Pipe()
            process = context.Process(target=worker_main, args=(child, index, config), daemon=True)
            process.start()
            child.close()
            self.pipes.append(parent)
            self.processes.append(process)
        self.locks = [asyncio.Lock() for _ in range(workers)]

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def place(self, phone: int) -> tuple[int, int]:
        return phone % self.count, phone // self.count

    def _rpc(self, index: int, message: dict, timeout: float) -> object:
        pipe = self.pipes[index]
        pipe.send(message)
        if not pipe.poll(timeout):
            raise TimeoutError(f"client worker {index} did not answer {message['cmd']}")
        answer = pipe.recv()
        if "error" in answer:
            raise RuntimeError(f"client worker {index}: {answer['error']}")
        return answer["ok"]

    async def call(self, index: int, cmd: str, timeout: float = 120, **args) -> object:
        async with self.locks[index]:
            return await asyncio.to_thread(self._rpc, index, {"cmd": cmd, "args": args}, timeout)

    async def all(self, cmd: str, per_worker: list[dict] | None = None, **args) -> list:
        return await asyncio.gather(
            *(
                self.call(index, cmd, **(per_worker[index] if per_worker else args))
                for index in range(self.count)
            )
        )

    async def stop(self) -> None:
        with contextlib.suppress(Exception):  # the processes are ended below anyway
            await asyncio.wait_for(self.all("stop"), 30)
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)
