"""The bot's own membership (added, removed, blocked) and a group's move to a supergroup."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot import texts
from bot.handlers.basic import start_buttons
from bot.handlers.common import Context, db_call, in_transaction, keyboard, user_language
from bot.i18n import translator
from db import chats, deliveries

log = logging.getLogger(__name__)

PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def _arrived(session: Session, chat_id: int, chat_type: str, language: str) -> tuple[bool, str]:
    """(is new, language): a group starts in the language of the admin who added the bot.

    A private chat is only reactivated here (the user unblocked the bot); it is stored when
    the user first asks for something.
    """
    existing = chats.get_chat(session, chat_id)
    if existing is None and chat_type == ChatType.PRIVATE:
        return False, language
    row = chats.ensure_chat(session, chat_id, chat_type, language)
    return existing is None, row.language


def _left(session: Session, chat_id: int, reason: str) -> None:
    row = chats.get_chat(session, chat_id)
    if row is not None:
        deliveries.deactivate_chat(session, row.id, reason)


async def my_chat_member(update: Update, context: Context) -> None:
    """Store a chat the bot joins; stop sending to one that removed or blocked it."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    status = change.new_chat_member.status
    if status in PRESENT:
        language = user_language(update)
        is_new, language = await db_call(
            in_transaction(context, lambda s: _arrived(s, chat.id, chat.type, language))
        )
        was_present = change.old_chat_member.status in PRESENT
        if is_new or not was_present:
            await _welcome(context, chat.id, chat.type, language)
    else:  # left, kicked (a private chat: blocked), restricted without rights
        reason = f"membership: {status}"
        await db_call(in_transaction(context, lambda s: _left(s, chat.id, reason)))


async def _welcome(context: Context, chat_id: int, chat_type: str, language: str) -> None:
    """Greet a group the bot was just added to, so its admins see how to subscribe."""
    if chat_type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    t = translator(language)
    try:
        await context.bot.send_message(
            chat_id,
            t.gettext(texts.WELCOME),
            parse_mode="HTML",
            reply_markup=keyboard(start_buttons(t)),
        )
    except TelegramError as error:  # e.g. added without the right to write
        log.info("could not greet a new group: %s", error.message)


def _move(session: Session, old_id: int, new_id: int) -> None:
    row = chats.get_chat(session, old_id)
    if row is not None:
        deliveries.move_chat(session, row.id, new_id)


async def migration(update: Update, context: Context) -> None:
    """A group became a supergroup: its row, subscriptions and queue follow the new id.

    Telegram sends two service messages (one in each chat); whichever comes first moves the
    row, the second finds nothing left under the old id.
    """
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await db_call(in_transaction(context, lambda s: _move(s, old_id, new_id)))
