"""Telegram's send limits, kept by the sender itself so retries stay visible (SPEC §9).

Overall: GEARWATCH_SEND_RATE messages per second (a token bucket). Its burst is a tenth of a
second's worth, so no one-second window ever holds more than 1.1 x the rate: 25/s stays under
Telegram's 30 in any window.
Per chat: about one message a second to a private chat and twenty a minute to a group.
Time comes from an injected monotonic clock, so the arithmetic is tested without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

PRIVATE_SPACING = 1.0
GROUP_SPACING = 3.0  # 20 per minute
FORGET_AFTER = 60.0
BURST_SECONDS = 0.1


def chat_spacing(chat_type: str) -> float:
    return PRIVATE_SPACING if chat_type == "private" else GROUP_SPACING


class SendLimiter:
    """Answers "how long until this message may go?" and books the slot when it goes."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = rate
        self._capacity = max(1.0, rate * BURST_SECONDS)
        self._tokens = self._capacity
        self._clock = clock
        self._updated = clock()
        self._chat_next: dict[int, float] = {}
        self._paused_until = 0.0

    def _refill(self, now: float) -> None:
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    @property
    def rate(self) -> float:
        return self._rate

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may receive its next message."""
        return max(0.0, self._chat_next.get(chat_id, 0.0) - self._clock())

    def global_wait(self) -> float:
        """Seconds until the overall rate (and any Telegram-imposed pause) allows a send."""
        now = self._clock()
        self._refill(now)
        pause = max(0.0, self._paused_until - now)
        missing = max(0.0, 1.0 - self._tokens)
        return max(pause, missing / self._rate)

    def take(self, chat_id: int, chat_type: str) -> None:
        """Book a send now: one token overall and the chat's next slot."""
        now = self._clock()
        self._refill(now)
        self._tokens -= 1.0
        self._chat_next[chat_id] = now + chat_spacing(chat_type)
        if len(self._chat_next) > 50_000:
            self._forget(now)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said to wait before writing to this chat again."""
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), self._clock() + seconds)

    def pause_all(self, seconds: float) -> None:
        """A flood-limit answer: everybody waits, not only the chat that hit it."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _forget(self, now: float) -> None:
        stale = [chat for chat, slot in self._chat_next.items() if slot < now - FORGET_AFTER]
        for chat in stale:
            del self._chat_next[chat]


def retry_seconds(value: int | timedelta) -> float:
    """Telegram's ``retry_after`` in seconds (PTB gives an int or a timedelta)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
