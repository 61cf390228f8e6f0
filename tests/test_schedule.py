"""The polling policy: interval with jitter, server hints within bounds, capped backoff."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from alerts.schedule import (
    MAX_BACKOFF,
    MAX_HINT,
    ServerHints,
    after_error,
    after_success,
    is_failing,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
TEN_MINUTES = timedelta(minutes=10)


def _delay(moment: datetime) -> timedelta:
    return moment - NOW


def test_success_waits_the_interval_with_jitter() -> None:
    delays = {
        _delay(after_success(NOW, TEN_MINUTES, ServerHints(), random.Random(s))) for s in range(20)
    }
    assert len(delays) > 1
    assert all(TEN_MINUTES * 0.9 <= delay <= TEN_MINUTES * 1.1 for delay in delays)


def test_server_hints_stretch_the_interval_but_only_so_far() -> None:
    rng = random.Random(1)
    ttl = after_success(NOW, TEN_MINUTES, ServerHints(ttl=timedelta(hours=1)), rng)
    assert _delay(ttl) >= timedelta(minutes=54)
    huge = after_success(NOW, TEN_MINUTES, ServerHints(max_age=timedelta(days=30)), rng)
    assert _delay(huge) <= MAX_HINT * 1.1
    short = after_success(NOW, TEN_MINUTES, ServerHints(max_age=timedelta(seconds=5)), rng)
    assert _delay(short) >= TEN_MINUTES * 0.9


def test_errors_back_off_exponentially_up_to_a_cap() -> None:
    rng = random.Random(2)
    delays = [_delay(after_error(NOW, TEN_MINUTES, n, ServerHints(), rng)) for n in range(1, 12)]
    assert delays[0] <= TEN_MINUTES * 1.1
    assert delays[3] >= TEN_MINUTES * 8 * 0.9
    assert max(delays) <= MAX_BACKOFF * 1.1


def test_retry_after_is_honoured_on_errors() -> None:
    moment = after_error(
        NOW, TEN_MINUTES, 1, ServerHints(retry_after=timedelta(hours=2)), random.Random(3)
    )
    assert _delay(moment) >= timedelta(hours=2) * 0.9


def test_a_feed_failing_for_a_day_is_flagged() -> None:
    assert not is_failing(None, NOW)
    assert not is_failing(NOW - timedelta(hours=23), NOW)
    assert is_failing(NOW - timedelta(days=1), NOW)
