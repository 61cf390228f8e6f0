"""Review requests for the operators' admin chats: the advisory as it would go out, with
Approve / Reject buttons (SPEC §7). The service sends one per admin chat for each incident
that waits for a moderator; /pending shows the same messages again.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import RetryAfter, TelegramError

from alerts.advisory import advisory_for
from bot import texts
from bot.advisory_text import TELEGRAM_LIMIT, render_html
from bot.i18n import translator
from db import chats
from db.models import Entry, Incident, IncidentSource

log = logging.getLogger(__name__)

CALLBACK_PREFIX = "review"
APPROVE, REJECT = "approve", "reject"
MAX_RETRIES = 3
_TAG = re.compile(r"<[^>]+>")


def review_text(incident: Incident, language: str) -> str:
    """Heading with the detector's confidence and the incident id, then the advisory."""
    t = translator(language)
    confidence = format(incident.confidence, ".2f")
    head = [
        t.gettext(texts.REVIEW_HEADING, confidence=confidence),
        t.gettext(texts.REVIEW_ID, id=str(incident.id)),
    ]
    text = "\n".join(head) + "\n\n" + render_html(advisory_for(incident), language)
    if len(text) > TELEGRAM_LIMIT:  # a long advisory: keep the words, drop the markup
        text = _TAG.sub("", text)[:TELEGRAM_LIMIT]
    return text


def review_buttons(incident_id: int, language: str) -> InlineKeyboardMarkup:
    t = translator(language)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.gettext(texts.REVIEW_APPROVE),
                    callback_data=f"{CALLBACK_PREFIX}:{APPROVE}:{incident_id}",
                ),
                InlineKeyboardButton(
                    t.gettext(texts.REVIEW_REJECT),
                    callback_data=f"{CALLBACK_PREFIX}:{REJECT}:{incident_id}",
                ),
            ]
        ]
    )


def review_request(incident: Incident, language: str) -> tuple[str, InlineKeyboardMarkup]:
    """The review message (Telegram HTML) and its buttons, for an incident whose sources,
    entries and feeds are loaded."""
    return review_text(incident, language), review_buttons(incident.id, language)


def load_incidents(session: Session, incident_ids: Iterable[int]) -> list[Incident]:
    """Incidents with what an advisory needs (sources, their entries and feeds)."""
    ids = list(incident_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.id.in_(ids))
            .options(
                selectinload(Incident.sources)
                .selectinload(IncidentSource.entry)
                .joinedload(Entry.feed)
            )
            .order_by(Incident.id)
        )
    )


def _prepare(
    sessions: sessionmaker[Session], incident_ids: Iterable[int], admin_chat_ids: Sequence[int]
) -> list[tuple[int, str, InlineKeyboardMarkup]]:
    with sessions() as session:
        incidents = [i for i in load_incidents(session, incident_ids) if i.status == "pending"]
        languages = {}
        for chat_id in admin_chat_ids:
            row = chats.get_chat(session, chat_id)
            languages[chat_id] = row.language if row is not None else "en"
        return [
            (chat_id, *review_request(incident, languages[chat_id]))
            for incident in incidents
            for chat_id in admin_chat_ids
        ]


async def send_review_requests(
    bot: Bot,
    sessions: sessionmaker[Session],
    incident_ids: Iterable[int],
    admin_chat_ids: Sequence[int],
) -> int:
    """Send each pending incident to every admin chat; returns the messages sent.

    An admin chat that cannot be reached is logged and skipped, so one wrong id in the
    configuration does not keep the others from hearing about the incident.
    """
    if not admin_chat_ids:
        return 0
    messages = await asyncio.to_thread(_prepare, sessions, incident_ids, admin_chat_ids)
    sent = 0
    for chat_id, text, markup in messages:
        if await _send(bot, chat_id, text, markup):
            sent += 1
    return sent


async def _send(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> bool:
    for _attempt in range(MAX_RETRIES):
        try:
            await bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except RetryAfter as error:
            wait = error.retry_after
            await asyncio.sleep(wait if isinstance(wait, int | float) else wait.total_seconds())
        except TelegramError as error:
            log.warning("review request not delivered to an admin chat: %s", error.message)
            return False
        else:
            return True
    return False
