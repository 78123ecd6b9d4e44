"""How fast one participant may act, so one phone cannot flood every screen.

Counted per participant and kind of verb in a sliding minute, in the memory of the process
that holds the socket (a participant's sockets usually share one process; with several the
limit is per process). Sized far above what a person does by hand in a workshop: a burst of
five dots, a run of ideas typed from a prepared list. Facilitators are not limited.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque

# verb prefix -> (submissions, seconds)
LIMITS: dict[str, tuple[int, float]] = {
    "idea.": (30, 60.0),
    "card.": (30, 60.0),
    "space.": (30, 60.0),
    "initiative.": (120, 60.0),  # field-by-field editing of a shared text
    "vote.": (120, 60.0),
}
DEFAULT_LIMIT = (120, 60.0)
# Sockets one participant may hold open in one process (phone, tablet, a few tabs).
MAX_SOCKETS_PER_PARTICIPANT = 8


def family(verb: str) -> str:
    return next((prefix for prefix in LIMITS if verb.startswith(prefix)), "")


class RateLimiter:
    def __init__(self) -> None:
        self.recent: dict[tuple[int, str], deque[tuple[float, str]]] = defaultdict(deque)

    def allow(
        self, participant_id: int, verb: str, key: str = "", now: float | None = None
    ) -> bool:
        """Count one submission; False if it is over the limit (then it is not counted).
        A resend of a submission already counted (same client key, after a reconnect) is
        always allowed: the limit is on what a person sends, not on how often it is retried."""
        kind = family(verb)
        most, window = LIMITS.get(kind, DEFAULT_LIMIT)
        now = time.monotonic() if now is None else now
        times = self.recent[(participant_id, kind)]
        while times and times[0][0] <= now - window:
            times.popleft()
        if key and any(seen == key for _at, seen in times):
            return True
        if len(times) >= most:
            return False
        times.append((now, key))
        return True
