"""How many joins one network address and one workshop may make per minute.

Sized for a real venue: hundreds of phones share the Wi-Fi's one public address, and a room of
2,000 joins within a few minutes, so neither limit refuses a real crowd; they stop one client
from creating thousands of participants (finding 4 of issue 8: 300 joins from one client).
Counted in the memory of each process, in a sliding minute (with several processes behind a
proxy each counts its own share). The numbers are settings (README, configuration).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from django.conf import settings

WINDOW = 60.0
PER_ADDRESS = "address"
PER_WORKSHOP = "workshop"


class JoinLimiter:
    def __init__(self) -> None:
        self._recent: dict[tuple[str, object], deque[float]] = {}
        self._lock = threading.Lock()  # joins are HTTP requests, on several threads

    def _limits(self) -> dict[str, int]:
        return {
            PER_ADDRESS: settings.JOINS_PER_ADDRESS_PER_MINUTE,
            PER_WORKSHOP: settings.JOINS_PER_WORKSHOP_PER_MINUTE,
        }

    def allow(self, *, address: str, workshop_id: int, now: float | None = None) -> str:
        """Count one join; "" if allowed, else which limit refused it (then nothing is
        counted, so a refused phone that tries again later is not punished twice)."""
        now = time.monotonic() if now is None else now
        keys = {PER_WORKSHOP: (PER_WORKSHOP, workshop_id)}
        if address:
            keys[PER_ADDRESS] = (PER_ADDRESS, address)
        limits = self._limits()
        with self._lock:
            if len(self._recent) > 10_000:
                self._forget_idle(now)
            queues = {kind: self._recent.setdefault(key, deque()) for kind, key in keys.items()}
            for kind, queue in queues.items():
                while queue and queue[0] <= now - WINDOW:
                    queue.popleft()
                if len(queue) >= limits[kind]:
                    return kind
            for queue in queues.values():
                queue.append(now)
        return ""

    def reset(self) -> None:
        with self._lock:
            self._recent.clear()

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, q in self._recent.items() if not q or q[-1] <= now - WINDOW]:
            del self._recent[key]


joins = JoinLimiter()
