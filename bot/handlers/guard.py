"""Before and after every handler: a per-sender rate limit, and the error handler.

A person (or a script) sending many commands a second gets one polite notice and is then
ignored until the bucket refills, so the bot stays responsive for everyone else and never
answers a flood with a flood. Errors are logged without message text and answered with a
short apology, so nothing a user sends can leave them without an answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import texts
from bot.handlers.common import Context, answer_query, reply, translator_for, user_language
from bot.i18n import translator

log = logging.getLogger(__name__)

LIMITER_KEY = "user_limiter"
BURST = 5  # commands at once
PER_SECOND = 1.0  # steady rate afterwards
FORGET_AFTER = 300.0


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned: bool = False


class SenderLimiter:
    """A token bucket per sender; time comes from an injected monotonic clock."""

    def __init__(
        self,
        burst: int = BURST,
        per_second: float = PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = float(burst)
        self._rate = per_second
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def check(self, sender: int) -> str:
        """ "ok" to go on, "warn" for the first refusal of a streak, "drop" after that."""
        now = self._clock()
        bucket = self._buckets.get(sender)
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._forget(now)
            bucket = self._buckets[sender] = _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.stamp) * self._rate)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return "ok"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def _forget(self, now: float) -> None:
        for key in [k for k, b in self._buckets.items() if now - b.stamp > FORGET_AFTER]:
            del self._buckets[key]


def _sender_id(update: Update) -> int | None:
    """Who is acting: the user, or the chat for anonymous admins and channel posts."""
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    user = update.effective_user
    return user.id if user is not None else None


async def rate_limit(update: Update, context: Context) -> None:
    """Runs before every other handler; stops the update when its sender is over the limit."""
    if not isinstance(update, Update) or update.my_chat_member is not None:
        return
    sender = _sender_id(update)
    limiter: SenderLimiter | None = context.bot_data.get(LIMITER_KEY)
    if sender is None or limiter is None:
        return
    verdict = limiter.check(sender)
    if verdict == "ok":
        return
    if verdict == "warn":
        notice = translator(user_language(update)).gettext(texts.RATE_LIMITED)
        if update.callback_query is not None:
            await answer_query(update, notice, alert=True)
        else:
            await reply(update, context, notice)
    elif update.callback_query is not None:
        await answer_query(update)
    raise ApplicationHandlerStop


async def on_error(update: object, context: Context) -> None:
    """Log the failure (the token is redacted by the log formatter) and apologise."""
    error = context.error
    log.error(
        "handling an update or a job failed: %s",
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, RetryAfter):
        return  # Telegram refuses messages until the flood is over: an apology would be too
    try:
        try:
            t = await translator_for(update, context)
        except Exception:  # the database may be what failed
            t = translator(user_language(update))
        if update.callback_query is not None:
            await answer_query(update, t.gettext(texts.ERROR), alert=True)
        else:
            await reply(update, context, t.gettext(texts.ERROR))
    except TelegramError as failure:
        log.warning("could not tell the user about the error: %s", type(failure).__name__)
