"""The yardstick: a bare `websockets` broadcast server in one process, speaking just enough of
Samskab's wire format for the same phones (bench/phones.py) to run against it.

    python bench/baseline.py --port 8765 --sizes idea.submit=1400,counter=200,snapshot=30000

- `GET /w/` is the phone's page: `data-ws-path="/ws/"` and `data-seq`, `page` bytes long.
- A websocket on `/ws/?seq=N` gets a seq marker if N is current, the missed frames if a few are
  missing, else a `snapshot`-sized screen (`id="screen"`, every idea's text in it).
- `{"verb": "sync", "seq": N}` is answered like Samskab's heartbeat: the missed frames or the seq.
- Any other verb with a `client_key` is stored once (a resent key is acknowledged again, not
  stored again), gets the next seq, and one frame of `sizes[verb]` bytes (the idea's text, a
  seq marker and padding) goes to every connected socket with `websockets.broadcast`; the
  sender gets an ack. `vote.cast` and `vote.retract` move a dot on `item_id` without an event
  (no seq, no frame of their own): a `counter`-sized frame goes to every socket at most once a
  second.
- `GET /stats` answers seq, stored ideas and tallies; `GET /healthz` answers ok.

It renders nothing, touches no database and keeps everything in memory (plus an append-only
`--state` file, so a restart after kill -9 carries on at the same seq).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import resource
import signal
import socket
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

MAX_REPLAY = 50
DEFAULT_SIZES = {"idea.submit": 2000, "counter": 200, "snapshot": 20000, "page": 20000}
# Dots move a counter: stored and acknowledged, no event of their own; every screen gets the
# counter at most once a second (COUNTER_INTERVAL), as issue 7 asks of Samskab.
QUIET_VERBS = frozenset({"vote.cast", "vote.retract"})
COUNTER_INTERVAL = 1.0


def seq_marker(seq: int) -> str:
    return f'<div data-rt="seq" data-seq="{seq}"></div>'


def padded(head: str, tail: str, size: int) -> str:
    """head + padding + tail, `size` characters long (or longer if head and tail are)."""
    filler = size - len(head) - len(tail) - len('<span hidden=""></span>')
    padding = f'<span hidden="">{"x" * filler}</span>' if filler > 0 else ""
    return head + padding + tail


class Room:
    def __init__(self, sizes: dict[str, int], state: Path | None):
        self.sizes = sizes
        self.seq = 0
        self.log: list[str] = []  # frame of seq n at index n - 1
        self.keys: set[str] = set()
        self.ideas: list[str] = []
        self.tallies: Counter[int] = Counter()
        self.sockets: set[ServerConnection] = set()
        self.counter_pending = False
        self.state_path = state
        self.state_file = None
        if state is not None:
            if state.exists():
                for line in state.read_text().splitlines():
                    self.apply(json.loads(line))
            self.state_file = state.open("a")

    def apply(self, event: dict) -> str | None:
        """Store one submission; the frame every screen gets (None for a counter's move)."""
        self.keys.add(event["key"])
        verb = event["verb"]
        if verb in QUIET_VERBS:
            if event.get("item") is not None:
                self.tallies[event["item"]] += 1 if verb == "vote.cast" else -1
            return None
        self.seq += 1
        if verb == "idea.submit":
            self.ideas.append(event["text"])
            head = (
                f'<div data-rt="upsert" data-into="ideas" data-at="start">'
                f'<article id="idea-{self.seq}" class="idea"><p>{html.escape(event["text"])}</p>'
            )
            tail = f"</article></div>{seq_marker(self.seq)}"
        else:
            head = f'<div id="stage-{verb}">'
            tail = f"</div>{seq_marker(self.seq)}"
        frame = padded(head, tail, self.sizes.get(verb, 500))
        self.log.append(frame)
        return frame

    def record(self, event: dict) -> str | None:
        frame = self.apply(event)
        if self.state_file is not None:
            self.state_file.write(json.dumps(event) + "\n")
            self.state_file.flush()
        return frame

    def counter(self) -> str:
        """The dots' counter as every screen sees it (no seq: state, not an event)."""
        return padded(
            f'<div id="vote-progress" data-dots="{sum(self.tallies.values())}">',
            "</div>",
            self.sizes.get("counter", 200),
        )

    def counter_moved(self) -> None:
        """Counters reach screens at most once a second, whatever the rate of dots."""
        if self.counter_pending:
            return
        self.counter_pending = True

        def flush() -> None:
            self.counter_pending = False
            broadcast(self.sockets, self.counter())

        asyncio.get_running_loop().call_later(COUNTER_INTERVAL, flush)

    def snapshot(self) -> str:
        texts = "".join(f"<p>{html.escape(text)}</p>" for text in self.ideas)
        return padded(
            f'<div id="screen" class="screen">{texts}',
            f"</div>{seq_marker(self.seq)}",
            self.sizes.get("snapshot", 20000),
        )

    def catch_up(self, since: int | None) -> str:
        if since is None or since > self.seq or self.seq - since > MAX_REPLAY:
            return self.snapshot()
        if since == self.seq:
            return seq_marker(self.seq)
        return "".join(self.log[since:])

    def page(self) -> str:
        return padded(
            f'<!doctype html><html><body data-ws-path="/ws/" data-seq="{self.seq}">'
            f"{self.snapshot()}",
            "</body></html>",
            self.sizes.get("page", 20000),
        )


def ack(key: str) -> str:
    return f'<div data-rt="ack" data-key="{html.escape(key)}"></div>'


async def handle(room: Room, websocket: ServerConnection) -> None:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(websocket.request.path).query)
    try:
        since = int(query["seq"][0])
    except (KeyError, ValueError):
        since = None
    room.sockets.add(websocket)
    try:
        await websocket.send(room.catch_up(since) if since is not None else room.snapshot())
        async for message in websocket:
            try:
                frame = json.loads(message)
            except ValueError:
                continue
            verb = frame.get("verb")
            if verb == "sync":
                seq = frame.get("seq")
                await websocket.send(room.catch_up(seq if isinstance(seq, int) else None))
                continue
            key = str(frame.get("client_key") or "")
            if not key:
                continue
            if key not in room.keys:
                item = frame.get("item_id")
                event = {
                    "verb": verb,
                    "key": key,
                    "text": str(frame.get("text", "")),
                    "item": int(item) if str(item or "").isdigit() else None,
                }
                frame = room.record(event)
                if frame is None:
                    room.counter_moved()
                else:
                    broadcast(room.sockets, frame)
            await websocket.send(ack(key))
    except ConnectionClosed:
        pass
    finally:
        room.sockets.discard(websocket)


def plain_http(room: Room):
    def process_request(connection: ServerConnection, request):
        path = urllib.parse.urlsplit(request.path).path
        if path.startswith("/ws/"):
            return None  # the websocket handshake goes on
        if path == "/healthz":
            return connection.respond(200, "ok\n")
        if path == "/stats":
            stats = {
                "seq": room.seq,
                "connected": len(room.sockets),
                "ideas": room.ideas,
                "tallies": {str(k): v for k, v in room.tallies.items()},
            }
            return connection.respond(200, json.dumps(stats))
        if path.startswith("/w/"):
            response = connection.respond(200, room.page())
            response.headers["Content-Type"] = "text/html; charset=utf-8"
            return response
        return connection.respond(404, "not found\n")

    return process_request


async def serve_forever(args: argparse.Namespace) -> None:
    sizes = dict(DEFAULT_SIZES)
    for pair in filter(None, args.sizes.split(",")):
        name, _sep, value = pair.partition("=")
        sizes[name.strip()] = int(value)
    room = Room(sizes, Path(args.state) if args.state else None)
    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
    else:
        sock = socket.create_server((args.host, args.port), backlog=4096)
    stop = asyncio.get_running_loop().create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set_result, None)
    async with serve(
        lambda websocket: handle(room, websocket),
        sock=sock,
        process_request=plain_http(room),
        compression=None,  # like Daphne: no permessage-deflate
        max_size=2**20,
        ping_interval=20,
        ping_timeout=20,
    ):
        await stop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fd", type=int, help="serve on this listening socket instead")
    parser.add_argument("--sizes", default="", help="verb=bytes,... (also snapshot=, page=)")
    parser.add_argument("--state", default="", help="append-only event file (survives restarts)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(serve_forever(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
