"""What every handler needs: the services, the chat's language, replies, and who may act.

Database work is synchronous SQLAlchemy, so handlers run it through :func:`db_call` in a
worker thread and keep each call to one short transaction.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session
from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.i18n import Translator, resolve_language, translator
from bot.ratelimit import retry_seconds
from bot.resources import Resource
from bot.services import Services
from db import chats
from db.engine import transaction

log = logging.getLogger(__name__)

SERVICES_KEY = "services"
RESOURCES_KEY = "resources"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADMIN_STATUSES = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

Context = ContextTypes.DEFAULT_TYPE
P = ParamSpec("P")
R = TypeVar("R")


def services(context: Context) -> Services:
    return context.bot_data[SERVICES_KEY]


def resources(context: Context) -> Sequence[Resource]:
    return context.bot_data.get(RESOURCES_KEY, ())


async def db_call(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run blocking database work off the event loop, so jobs and other chats go on."""
    return await asyncio.to_thread(func, *args, **kwargs)


def in_transaction(context: Context, work: Callable[[Session], R]) -> Callable[[], R]:
    """A callable for :func:`db_call` that runs ``work`` in one transaction."""
    sessions = services(context).sessions

    def run() -> R:
        with transaction(sessions) as session:
            return work(session)

    return run


def user_language(update: Update) -> str:
    """Telegram's language_code of whoever acted, as a catalog language."""
    user = update.effective_user
    return resolve_language(user.language_code if user else None)


async def chat_language(update: Update, context: Context) -> str:
    """The language stored for the chat, else the acting user's own."""
    chat = update.effective_chat
    if chat is None:
        return user_language(update)

    def stored(session: Session) -> str | None:
        row = chats.get_chat(session, chat.id)
        return row.language if row is not None else None

    return await db_call(in_transaction(context, stored)) or user_language(update)


async def translator_for(update: Update, context: Context) -> Translator:
    return translator(await chat_language(update, context))


def command_args(context: Context) -> str:
    """The words after the command, spaces normalised."""
    return " ".join(context.args or [])


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Inline buttons from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def in_rows(buttons: Sequence[tuple[str, str]], per_row: int = 2) -> list[list[tuple[str, str]]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


async def reply(
    update: Update,
    context: Context,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Answer in the chat of the update (HTML); in groups as a reply to the command."""
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.effective_message
    quote = None
    if message is not None and chat.type != ChatType.PRIVATE and update.callback_query is None:
        quote = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    return await after_flood(
        lambda: context.bot.send_message(
            chat_id=chat.id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
            reply_parameters=quote,
        )
    )


# A reply later than this is worse than none: the user has moved on, and the wait would hold
# the handler. Telegram's floods on replies are usually a few seconds.
REPLY_FLOOD_WAIT_MAX_S = 30.0


async def after_flood(send: Callable[[], Awaitable[R]]) -> R:
    """Send; after Telegram's 429, wait the time it asks (when short) and send once more."""
    try:
        return await send()
    except RetryAfter as error:
        wait = retry_seconds(error.retry_after)
        if wait > REPLY_FLOOD_WAIT_MAX_S:
            raise
        log.info("reply flood-limited; retrying in %.0f s", wait)
        await asyncio.sleep(wait)
        return await send()


async def edit(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text of the message whose button was pressed."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await after_flood(
            lambda: query.edit_message_text(
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():  # the same button pressed twice
            raise


def is_anonymous_admin(message: Message | None, chat: Chat) -> bool:
    """An anonymous group admin (or a channel) writes as the chat itself."""
    sender = message.sender_chat if message is not None else None
    return sender is not None and sender.id == chat.id


async def is_chat_admin(context: Context, chat: Chat, user: User | None) -> bool:
    """Whether ``user`` administers ``chat`` (asks Telegram; a failure means no)."""
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as error:
        log.info("could not check a member's status: %s", error.message)
        return False
    return member.status in ADMIN_STATUSES


async def may_change(update: Update, context: Context) -> bool:
    """Private chats always; groups and channels only for administrators (SPEC §7)."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    # Only a channel's administrators can post in it; anonymous admins write as the group.
    # A button press always comes from a person, whose status Telegram is asked for.
    written_as_chat = chat.type == ChatType.CHANNEL or is_anonymous_admin(
        update.effective_message, chat
    )
    if written_as_chat and update.callback_query is None:
        return True
    return await is_chat_admin(context, chat, update.effective_user)


async def decline(
    update: Update, context: Context, msgid: str, button_msgid: str | None = None
) -> None:
    """Say no politely: an alert on a pressed button (``button_msgid`` if given), else a reply."""
    t = await translator_for(update, context)
    if update.callback_query is not None:
        await answer_query(update, t.gettext(button_msgid or msgid), alert=True)
    else:
        await reply(update, context, t.gettext(msgid))


async def refuse_unless_allowed(update: Update, context: Context) -> bool:
    """True when the sender may change the chat's settings; otherwise answers politely."""
    if await may_change(update, context):
        return True
    await decline(update, context, texts.ADMIN_ONLY, texts.ADMIN_ONLY_BUTTON)
    return False


def ensure_current_chat(session: Session, update: Update) -> chats.Chat:
    """The chat's row, created on first use in the language of the person who set it up."""
    chat = update.effective_chat
    assert chat is not None
    return chats.ensure_chat(session, chat.id, chat.type, user_language(update))


async def answer_query(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Acknowledge a button press; a stale query (Telegram forgot it) is not an error."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except TelegramError as error:
        log.debug("callback answer failed: %s", error.message)


def callback_parts(update: Update, prefix: str, count: int) -> list[str] | None:
    """The fields of ``prefix:a:b`` callback data, None if it is malformed or forged."""
    query = update.callback_query
    if query is None or not isinstance(query.data, str) or query.message is None:
        return None
    parts = query.data.split(":")
    if parts[0] != prefix or len(parts) != count + 1:
        return None
    return parts[1:]


def parse_int(value: str) -> int | None:
    """An integer from callback data, None for anything else (forged data is ignored)."""
    if not value or len(value) > 19 or not value.lstrip("-").isdigit():
        return None
    return int(value)
