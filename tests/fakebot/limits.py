"""Telegram's flood limits for sending: per bot, per private chat, per group.

Telegram documents about 30 messages/s for a bot overall, about 1 message/s per private chat
(short bursts tolerated) and 20 messages/min per group; beyond that it answers 429 with
``retry_after``. Senders must be tested against the same limits, so they are enforced here on
a monotonic clock, configurable and switchable off.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class RateLimits:
    """Limits for accepted sends; ``enabled=False`` turns all of them off."""

    enabled: bool = True
    per_second: float = 30.0
    """Messages per bot in any sliding one-second window."""
    private_per_second: float = 1.0
    """Steady rate per private chat (a token bucket)."""
    private_burst: int = 3
    """Messages a private chat may receive at once before the steady rate applies."""
    group_per_minute: int = 20
    """Messages per group, supergroup or channel in any sliding 60-second window."""


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Decides whether a send is accepted now, and how long to wait otherwise."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self.clock = clock
        self._global: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._private: dict[int, _Bucket] = {}

    def reset(self) -> None:
        """Forget past sends, e.g. after the limits change."""
        self._global.clear()
        self._groups.clear()
        self._private.clear()

    def acquire(self, chat_id: int, is_private: bool) -> int | None:
        """Record a send and return None, or return the seconds to wait (no send recorded)."""
        if not self.limits.enabled:
            return None
        now = self.clock()
        waits = [self._global_wait(now)]
        if is_private:
            waits.append(self._private_wait(chat_id, now))
        else:
            waits.append(self._group_wait(chat_id, now))
        wait = max(waits)
        if wait > 0:
            return max(1, math.ceil(wait))
        self._global.append(now)
        if is_private:
            self._private[chat_id].tokens -= 1.0
        else:
            self._groups[chat_id].append(now)
        return None

    def _global_wait(self, now: float) -> float:
        window = self._global
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) < self.limits.per_second:
            return 0.0
        return window[0] + 1.0 - now

    def _group_wait(self, chat_id: int, now: float) -> float:
        window = self._groups.setdefault(chat_id, deque())
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) < self.limits.group_per_minute:
            return 0.0
        return window[0] + 60.0 - now

    def _private_wait(self, chat_id: int, now: float) -> float:
        burst = float(max(1, self.limits.private_burst))
        rate = self.limits.private_per_second
        bucket = self._private.setdefault(chat_id, _Bucket(burst, now))
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) / rate if rate > 0 else math.inf
