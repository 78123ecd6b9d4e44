"""The in-memory channel layer, made cheap per receiver for fan-out to a room of phones.

Channels' `InMemoryChannelLayer` does two things per receiver that cost a lot at 200 phones
(measured with py-spy under `bench/run.py ideas`):

- it walks all channels and all group memberships on *every* `receive()` to drop expired
  messages, so one event fanned out to N screens cost O(N²). The sweep only enforces expiry
  (60 s), so here it runs at most once a second;
- it deep-copies the message for every receiver. Here each receiver gets its own top-level
  dict, sharing the (immutable) strings inside: consumers must not mutate nested values, which
  ours never do. Across processes (channels-redis) every receiver decodes its own copy anyway.
"""

from __future__ import annotations

import asyncio
import time

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer

SWEEP_INTERVAL_S = 1.0


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    _last_sweep = 0.0

    async def send(self, channel: str, message: dict) -> None:
        assert isinstance(message, dict), "message is not a dict"
        assert "__asgi_channel__" not in message
        self.require_valid_channel_name(channel)
        queue = self.channels.setdefault(channel, asyncio.Queue(maxsize=self.get_capacity(channel)))
        try:
            queue.put_nowait((time.time() + self.expiry, dict(message)))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_INTERVAL_S:
            return
        self._last_sweep = now
        super()._clean_expired()
