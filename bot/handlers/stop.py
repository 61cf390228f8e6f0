"""/stop: after a confirmation button, delete everything the bot keeps about the chat."""

from __future__ import annotations

from telegram import Update

from bot import texts
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    db_call,
    edit,
    in_transaction,
    keyboard,
    refuse_unless_allowed,
    reply,
    translator_for,
)
from db import chats

CHOICE_PREFIX = "stop"


async def stop_command(update: Update, context: Context) -> None:
    if not await refuse_unless_allowed(update, context):
        return
    t = await translator_for(update, context)
    buttons = [
        [
            (t.gettext(texts.STOP_YES), f"{CHOICE_PREFIX}:yes"),
            (t.gettext(texts.STOP_CANCEL), f"{CHOICE_PREFIX}:no"),
        ]
    ]
    await reply(update, context, t.gettext(texts.STOP_CONFIRM), keyboard(buttons))


async def confirm_stop(update: Update, context: Context) -> None:
    parts = callback_parts(update, CHOICE_PREFIX, 1)
    chat = update.effective_chat
    if parts is None or parts[0] not in ("yes", "no") or chat is None:
        await answer_query(update)
        return
    if not await refuse_unless_allowed(update, context):
        return
    await answer_query(update)
    t = await translator_for(update, context)  # before the chat's language is deleted
    if parts[0] == "no":
        await edit(update, t.gettext(texts.STOP_CANCELLED))
        return
    await db_call(in_transaction(context, lambda s: chats.forget_chat(s, chat.id)))
    await edit(update, t.gettext(texts.STOP_DONE))
