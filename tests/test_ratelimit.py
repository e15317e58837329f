"""The per-user rate limiter: a sliding window that forgets idle users."""

from __future__ import annotations

from bot.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window() -> None:
    clock = Clock()
    limiter = RateLimiter(2, clock=clock)
    assert limiter.check(1) == 0 and limiter.check(1) == 0
    assert limiter.check(1) == 60.0
    clock.now += 30
    assert limiter.check(1) == 30.0 and limiter.check(2) == 0  # others are not affected
    clock.now += 30
    assert limiter.check(1) == 0


def test_idle_users_are_forgotten() -> None:
    """A bot seen by 100k users once does not keep 100k entries for the rest of its life."""
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)
    for user in range(100_000):
        limiter.check(user)
    assert len(limiter) == 100_000
    clock.now += 30
    limiter.check(7)
    clock.now += 31  # users 0..99999 idle a whole window, except 7 (30 s ago)
    limiter.check(1)
    assert len(limiter) == 2
    clock.now += 120
    limiter.check(1)
    assert len(limiter) == 1
