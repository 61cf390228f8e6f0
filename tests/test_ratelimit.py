"""The send limiter's arithmetic, on an injected clock."""

from __future__ import annotations

from bot.ratelimit import GROUP_SPACING, SendLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _send_all(limiter: SendLimiter, clock: Clock, count: int, chats: int = 10_000) -> list[float]:
    """Send `count` messages to distinct chats as fast as allowed; returns send times."""
    times = []
    for n in range(count):
        clock.now += limiter.global_wait()
        limiter.take(n % chats, "private")
        times.append(clock.now)
    return times


def test_no_one_second_window_exceeds_telegrams_limit_at_25_per_second() -> None:
    clock = Clock()
    limiter = SendLimiter(25, clock)
    times = _send_all(limiter, clock, 500)
    busiest = max(sum(1 for t in times if start <= t < start + 1) for start in times)
    assert busiest <= 30
    assert (len(times) - 1) / (times[-1] - times[0]) >= 0.95 * 25


def test_a_private_chat_gets_one_message_a_second_and_a_group_twenty_a_minute() -> None:
    clock = Clock()
    limiter = SendLimiter(1000, clock)
    limiter.take(1, "private")
    assert 0.99 <= limiter.chat_wait(1) <= 1.0
    limiter.take(-5, "group")
    assert limiter.chat_wait(-5) == GROUP_SPACING == 3.0
    clock.now += 3
    assert limiter.chat_wait(-5) == 0


def test_telegrams_retry_after_pauses_everything() -> None:
    clock = Clock()
    limiter = SendLimiter(25, clock)
    limiter.pause_all(7)
    limiter.hold_chat(9, 7)
    assert limiter.global_wait() == 7 and limiter.chat_wait(9) == 7
    clock.now += 7
    assert limiter.global_wait() == 0 and limiter.chat_wait(9) == 0
