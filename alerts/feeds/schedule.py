"""When to poll a feed next: its interval, the server's hints and backoff.

Pure arithmetic, so the scheduler that stores feeds can stay simple and the
rules can be tested without a clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DelayBounds:
    """Limits on what servers and failures can do to a feed's schedule."""

    min_delay: float = 60.0
    max_hint: float = 6 * 3600.0
    max_backoff: float = 6 * 3600.0
    jitter: float = 0.1


def next_delay(
    interval: float,
    *,
    errors: int = 0,
    retry_after: float | None = None,
    max_age: float | None = None,
    ttl_minutes: int | None = None,
    bounds: DelayBounds | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the next poll.

    Server hints (Cache-Control max-age, RSS ttl) may only lengthen the interval,
    up to `max_hint`. After `errors` consecutive failures the interval doubles
    each time up to `max_backoff`, and a Retry-After is honoured within the same
    cap. Jitter spreads feeds that share an interval so they do not fire together.
    """
    b = bounds or DelayBounds()
    delay = max(interval, b.min_delay)
    hint = max(max_age or 0.0, (ttl_minutes or 0) * 60.0)
    if hint > delay:
        delay = min(hint, max(b.max_hint, interval))
    if errors > 0:
        delay = min(delay * 2.0 ** min(errors, 20), max(b.max_backoff, interval))
    if retry_after and retry_after > delay:
        delay = min(retry_after, max(b.max_backoff, interval))
    spread = (rng or random).uniform(1.0 - b.jitter, 1.0 + b.jitter) if b.jitter else 1.0
    return max(b.min_delay, delay * spread)
