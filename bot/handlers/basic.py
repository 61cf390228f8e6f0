"""/start, /help, /about, the /start buttons, and answers to anything else."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot import texts
from bot.handlers import language, recent, verify
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    db_call,
    ensure_current_chat,
    in_transaction,
    keyboard,
    reply,
    services,
    translator_for,
)
from bot.i18n import Translator

START_PREFIX = "start"


def start_buttons(t: Translator) -> list[list[tuple[str, str]]]:
    return [
        [
            (t.gettext(texts.BUTTON_SUBSCRIBE), f"{START_PREFIX}:subscribe"),
            (t.gettext(texts.BUTTON_VERIFY), f"{START_PREFIX}:verify"),
        ],
        [
            (t.gettext(texts.BUTTON_RECENT), f"{START_PREFIX}:recent"),
            (t.gettext(texts.BUTTON_LANGUAGE), f"{START_PREFIX}:language"),
        ],
    ]


async def start(update: Update, context: Context) -> None:
    """Welcome in the user's language; a private chat is remembered from its first /start."""
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        await db_call(in_transaction(context, lambda s: ensure_current_chat(s, update)))
    t = await translator_for(update, context)
    await reply(update, context, t.gettext(texts.WELCOME), keyboard(start_buttons(t)))


async def help_command(update: Update, context: Context) -> None:
    t = await translator_for(update, context)
    await reply(update, context, t.gettext(texts.HELP))


async def about(update: Update, context: Context) -> None:
    t = await translator_for(update, context)
    text = t.gettext(texts.ABOUT)
    contact = services(context).settings.operator_contact
    if contact:
        text += "\n\n" + t.gettext(texts.ABOUT_CONTACT, contact=contact)
    await reply(update, context, text)


async def start_button(update: Update, context: Context) -> None:
    """The next steps offered by /start: each answers as its command would."""
    parts = callback_parts(update, START_PREFIX, 1)
    await answer_query(update)
    if parts is None:
        return
    action = parts[0]
    if action == "subscribe":
        t = await translator_for(update, context)
        await reply(update, context, t.gettext(texts.SUBSCRIBE_USAGE))
    elif action == "verify":
        await verify.send_overview(update, context, place=None)
    elif action == "recent":
        await recent.send_recent(update, context, "")
    elif action == "language":
        await language.send_prompt(update, context)


async def unknown_command(update: Update, context: Context) -> None:
    t = await translator_for(update, context)
    await reply(update, context, t.gettext(texts.UNKNOWN_COMMAND))


async def plain_text(update: Update, context: Context) -> None:
    """Text that is not a command, in a private chat: point to what the bot understands."""
    t = await translator_for(update, context)
    await reply(update, context, t.gettext(texts.TEXT_HINT))


async def ignore_button(update: Update, context: Context) -> None:
    """Buttons the bot does not know (old versions, forged data): acknowledge, do nothing."""
    await answer_query(update)
