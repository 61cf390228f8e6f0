"""Next-poll delay: interval, hints, backoff and jitter."""

from __future__ import annotations

import random

import pytest

from alerts.feeds.schedule import DelayBounds, next_delay

EXACT = DelayBounds(jitter=0.0)


def test_plain_interval() -> None:
    assert next_delay(600, bounds=EXACT) == 600


def test_minimum_delay() -> None:
    assert next_delay(5, bounds=EXACT) == 60


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"max_age": 900}, 900),
        ({"max_age": 30}, 600),
        ({"ttl_minutes": 60}, 3600),
        ({"ttl_minutes": 100_000}, 6 * 3600),
        ({"max_age": 10**9}, 6 * 3600),
    ],
)
def test_server_hints_only_lengthen_within_bounds(kwargs: dict[str, int], expected: int) -> None:
    assert next_delay(600, bounds=EXACT, **kwargs) == expected


def test_exponential_backoff_is_capped() -> None:
    delays = [next_delay(600, errors=n, bounds=EXACT) for n in range(8)]
    assert delays[:4] == [600, 1200, 2400, 4800]
    assert max(delays) == 6 * 3600
    assert next_delay(600, errors=10**6, bounds=EXACT) == 6 * 3600


def test_retry_after_is_honoured_within_cap() -> None:
    assert next_delay(600, errors=1, retry_after=7200, bounds=EXACT) == 7200
    assert next_delay(600, errors=1, retry_after=10**7, bounds=EXACT) == 6 * 3600
    assert next_delay(600, errors=1, retry_after=5, bounds=EXACT) == 1200


def test_long_configured_interval_is_not_shortened_by_caps() -> None:
    assert next_delay(86400, errors=3, bounds=EXACT) == 86400


def test_jitter_spreads_within_ten_percent() -> None:
    rng = random.Random(1)
    delays = {next_delay(600, rng=rng) for _ in range(50)}
    assert len(delays) > 40 and all(540 <= d <= 660 for d in delays)
