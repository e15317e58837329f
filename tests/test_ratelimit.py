"""The per-user rate limiter: a sliding window that forgets idle users."""

from __future__ import annotations

from bot.ratelimit import Notices, RateLimiter


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


def test_one_notice_per_key_per_interval_and_old_keys_forgotten() -> None:
    """A refused user is told once per interval, whatever they send; memory follows the keys
    told within the last interval."""
    now = [0.0]
    notices = Notices(30.0, clock=lambda: now[0])
    assert notices.due(1) and not notices.due(1) and notices.due(2)
    now[0] = 29.0
    assert not notices.due(1)
    now[0] = 31.0
    assert notices.due(1)
    now[0] = 100.0
    assert notices.due(3) and len(notices) == 1
