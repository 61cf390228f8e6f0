"""/language: English / Español buttons; the choice is stored per chat."""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Update

from bot import texts
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    command_args,
    db_call,
    edit,
    ensure_current_chat,
    in_transaction,
    keyboard,
    refuse_unless_allowed,
    reply,
    translator_for,
)
from bot.i18n import available_languages, language_choices, resolve_language, translator
from db import chats

CHOICE_PREFIX = "lang"


def _store(session: Session, update: Update, language: str) -> None:
    chats.set_language(session, ensure_current_chat(session, update), language)


async def send_prompt(update: Update, context: Context) -> None:
    """The language buttons (each language named in itself)."""
    t = await translator_for(update, context)
    rows = [[(name, f"{CHOICE_PREFIX}:{code}")] for code, name in language_choices()]
    await reply(update, context, t.gettext(texts.LANGUAGE_PROMPT), keyboard(rows))


async def language_command(update: Update, context: Context) -> None:
    """Without an argument, the buttons; `/language es` switches at once."""
    if not await refuse_unless_allowed(update, context):
        return
    wanted = command_args(context).strip().lower()
    if wanted in available_languages():
        language = resolve_language(wanted)
        await db_call(in_transaction(context, lambda s: _store(s, update, language)))
        await reply(update, context, translator(language).gettext(texts.LANGUAGE_SET))
        return
    await send_prompt(update, context)


async def choose_language(update: Update, context: Context) -> None:
    parts = callback_parts(update, CHOICE_PREFIX, 1)
    if parts is None or parts[0] not in available_languages():
        await answer_query(update)
        return
    if not await refuse_unless_allowed(update, context):
        return
    await answer_query(update)
    language = parts[0]
    await db_call(in_transaction(context, lambda s: _store(s, update, language)))
    await edit(update, translator(language).gettext(texts.LANGUAGE_SET))
