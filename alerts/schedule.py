"""When to poll a feed next: its interval, the server's hints, jitter, and backoff on errors.

Pure functions of their inputs (the random source is injected) so the policy is tested
without clocks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_INTERVAL = timedelta(seconds=10)
MAX_HINT = timedelta(hours=6)  # a server's ttl/max-age never delays a feed longer than this
MAX_BACKOFF = timedelta(hours=6)
FAILING_AFTER = timedelta(days=1)
JITTER = 0.1


@dataclass(frozen=True)
class ServerHints:
    """What the feed's server said about polling it again."""

    retry_after: timedelta | None = None
    max_age: timedelta | None = None
    ttl: timedelta | None = None


def _jittered(delay: timedelta, rng: random.Random) -> timedelta:
    """Spread polls of feeds that share an interval so they do not all fire together."""
    return delay * (1 + rng.uniform(-JITTER, JITTER))


def after_success(
    now: datetime, interval: timedelta, hints: ServerHints, rng: random.Random
) -> datetime:
    """The feed's interval, stretched (within bounds) when the server asks for less traffic."""
    delay = max(interval, MIN_INTERVAL)
    for hint in (hints.max_age, hints.ttl, hints.retry_after):
        if hint is not None:
            delay = max(delay, min(hint, MAX_HINT))
    return now + _jittered(delay, rng)


def after_error(
    now: datetime,
    interval: timedelta,
    error_count: int,
    hints: ServerHints,
    rng: random.Random,
) -> datetime:
    """Exponential backoff from the interval, capped, never sooner than Retry-After asks."""
    base = max(interval, MIN_INTERVAL)
    delay = min(base * (2 ** min(max(error_count - 1, 0), 16)), max(MAX_BACKOFF, base))
    if hints.retry_after is not None:
        delay = max(delay, min(hints.retry_after, MAX_BACKOFF))
    return now + _jittered(delay, rng)


def is_failing(failing_since: datetime | None, now: datetime) -> bool:
    """A feed that has failed without a success for a day is flagged to operators."""
    return failing_since is not None and now - failing_since >= FAILING_AFTER
