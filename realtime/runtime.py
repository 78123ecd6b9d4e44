"""What each server process keeps beside its sockets: one publisher, one hub and one presence
registry per event loop, a few threads for the sockets' database work, one for rendering.

Rendering a fragment for nine screens or a whole screen for a new phone must not queue behind
(or hold up) the verbs that phones are waiting for, so renders get a thread of their own.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections

if TYPE_CHECKING:
    from realtime.hub import Hub
    from realtime.presence import Presence
    from realtime.publisher import Publisher

T = TypeVar("T")

_render_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="samskab-render")
_db_threads = ThreadPoolExecutor(
    max_workers=int(os.environ.get("DB_THREADS", "4")), thread_name_prefix="samskab-db"
)


def drop_broken_connections() -> None:
    """Close only connections that failed. The two long-lived threads that serve sockets keep
    theirs: opening and closing a connection around every call (what CONN_MAX_AGE=0 does in
    Channels' database_sync_to_async) was half of their time in a burst of dots."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.errors_occurred:
            if not connection.is_usable():
                connection.close()
            connection.errors_occurred = False


def _with_connection(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    finally:
        drop_broken_connections()


async def in_render_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run database reads and template rendering off the event loop and off the verbs' thread."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_render_thread, _with_connection, fn, *args)


async def in_db_thread(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run a socket's database work (identifying it, a verb, personal state) on one of a few
    threads that keep their connections. Channels' database_sync_to_async runs every socket's
    calls on one thread, one at a time, so a burst of dots on PostgreSQL waited for each
    round trip of every dot before it. One socket's frames are still handled in order: the
    consumer awaits each before it reads the next."""
    loop = asyncio.get_running_loop()
    call = functools.partial(_with_connection, fn, *args, **kwargs)
    return await loop.run_in_executor(_db_threads, call)


def close_thread_connections() -> None:
    """Close the connections the long-lived threads keep (before a test database is dropped):
    one task per thread, held at a barrier so that every thread runs one."""
    for executor in (_db_threads, _render_thread):
        workers = executor._max_workers
        barrier = threading.Barrier(workers)

        def close(barrier: threading.Barrier = barrier) -> None:
            barrier.wait(timeout=10)
            connections.close_all()

        for done in [executor.submit(close) for _ in range(workers)]:
            done.result()


class LoopServices:
    """The per-loop singletons, made on first use."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        from realtime.batches import Batches
        from realtime.hub import Hub
        from realtime.limits import RateLimiter
        from realtime.presence import Presence
        from realtime.publisher import Publisher

        self.loop = loop
        self.publisher = Publisher(loop)
        self.hub = Hub()
        self.presence = Presence(self.publisher)
        self.limiter = RateLimiter()
        self.batches = Batches()


_services: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopServices] = (
    weakref.WeakKeyDictionary()
)
# The loop that serves this process's sockets and requests; actions committed on other threads
# hand their events to its publisher.
_serving: LoopServices | None = None


def attach() -> LoopServices:
    """The running loop's services; also makes this loop the one committed events go to."""
    global _serving
    loop = asyncio.get_running_loop()
    services = _services.get(loop)
    if services is None:
        services = _services[loop] = LoopServices(loop)
    _serving = services
    return services


def serving() -> LoopServices | None:
    """The services of the loop that serves this process, if it is still running."""
    services = _serving
    if services is None or services.loop.is_closed() or not services.loop.is_running():
        return None
    return services


def hub() -> Hub:
    return attach().hub


def presence() -> Presence:
    return attach().presence


def publisher() -> Publisher:
    return attach().publisher
