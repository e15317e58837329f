"""Per-user rate limiting: a sliding one-minute window, in memory (one bot process)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    """Allows `per_minute` events per key in any 60-second window."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._events: dict[int, deque[float]] = {}

    def check(self, key: int) -> float:
        """Record an event; 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= 60.0:
            events.popleft()
        if len(events) >= self.per_minute:
            return 60.0 - (now - events[0])
        events.append(now)
        return 0.0
