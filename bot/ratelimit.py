"""Per-user rate limiting: a sliding one-minute window, in memory (one bot process)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

__all__ = ["Notices", "RateLimiter"]

WINDOW_S = 60.0


class RateLimiter:
    """Allows `per_minute` events per key in any `window_s` window (a minute unless told).

    Keys idle for a whole window are forgotten (swept at most once a window, so a check stays
    O(1) on average): memory follows the users active in the last two windows, not every user
    the bot has ever seen.
    """

    def __init__(
        self,
        per_minute: int,
        *,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._clock = clock
        self._events: dict[int, deque[float]] = {}
        self._next_sweep = clock() + window_s

    def __len__(self) -> int:
        """How many keys are tracked now."""
        return len(self._events)

    def check(self, key: int) -> float:
        """Record an event; 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        if now >= self._next_sweep:
            self._sweep(now)
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.per_minute:
            return self.window_s - (now - events[0])
        events.append(now)
        return 0.0

    def _sweep(self, now: float) -> None:
        idle = [
            key
            for key, events in self._events.items()
            if not events or now - events[-1] >= self.window_s
        ]
        for key in idle:
            del self._events[key]
        self._next_sweep = now + self.window_s


class Notices:
    """At most one notice per key every `every_s` seconds ("please wait", "this bot is
    private"): a user who floods the bot gets one reply, not one per message, so replies to
    refused messages cannot fill the handlers or draw flood control on everyone's answers.

    A rate limit of one per interval, which forgets keys as the limiter does.
    """

    def __init__(self, every_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._limiter = RateLimiter(1, window_s=every_s, clock=clock)

    def __len__(self) -> int:
        return len(self._limiter)

    def due(self, key: int) -> bool:
        """Whether a notice to `key` may go out now; if so, it counts as sent."""
        return self._limiter.check(key) == 0
