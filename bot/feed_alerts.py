"""Tell the admin chats about a feed that has failed for a day (issue: never dropped silently)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from alerts.schedule import FAILING_AFTER
from bot import texts
from bot.i18n import translator
from db import chats
from db import feeds as feed_queries
from db.engine import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FailingFeed:
    name: str
    hours: int
    error: str


def _claim(sessions: sessionmaker[Session], now: datetime) -> list[FailingFeed]:
    with transaction(sessions) as session:
        feeds = feed_queries.claim_failure_reports(session, now - FAILING_AFTER, now)
        return [
            FailingFeed(
                name=feed.name,
                hours=int((now - feed.failing_since).total_seconds() // 3600)
                if feed.failing_since
                else 24,
                error=feed.last_error or "?",
            )
            for feed in feeds
        ]


def _languages(sessions: sessionmaker[Session], chat_ids: Sequence[int]) -> dict[int, str]:
    with sessions() as session:
        found = {chat_id: chats.get_chat(session, chat_id) for chat_id in chat_ids}
        return {chat_id: chat.language if chat else "en" for chat_id, chat in found.items()}


async def alert_failing_feeds(
    bot: Bot, sessions: sessionmaker[Session], admin_chat_ids: Sequence[int], now: datetime
) -> int:
    """Announce each feed that started failing a day ago, once; returns messages sent."""
    if not admin_chat_ids:
        return 0
    failing = await asyncio.to_thread(_claim, sessions, now)
    if not failing:
        return 0
    languages = await asyncio.to_thread(_languages, sessions, admin_chat_ids)
    sent = 0
    for feed in failing:
        for chat_id in admin_chat_ids:
            t = translator(languages[chat_id])
            text = t.gettext(
                texts.FEED_FAILING, name=feed.name, hours=feed.hours, error=feed.error[:200]
            )
            try:
                await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
                sent += 1
            except TelegramError as error:
                log.warning("could not tell admin chat about a failing feed: %s", error)
    return sent
