"""/verify [place]: key tips with topic buttons; local help lines first; recent incidents.

The operator's local hotlines are matched to the place given, else to the chat's first
subscription, because calling the police can feel unsafe to some residents (SPEC §7). The
topic buttons carry the given place's key, so every topic page keeps its hotlines.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Update

from bot import texts
from bot.handlers.common import (
    Context,
    answer_query,
    command_args,
    db_call,
    edit,
    in_rows,
    in_transaction,
    keyboard,
    reply,
    resources,
    translator_for,
)
from bot.handlers.placereply import problem_text
from bot.handlers.recent import (
    as_choices,
    choice_label,
    incident_list,
    place_for,
    recent_matching,
)
from bot.placechoice import choice_of_key
from bot.resources import Resource, match_resources
from bot.verify import place_from_callback, render_verify, topic_buttons, topic_from_callback
from db import chats
from db.chats import PlaceChoice

RECENT_SHOWN = 3


def _chat_place(session: Session, chat_id: int) -> PlaceChoice | None:
    """The place the chat follows first, to pick its local help lines."""
    row = chats.get_chat(session, chat_id)
    followed = as_choices(chats.subscriptions(session, row)) if row is not None else []
    return next((choice for choice in followed if choice.scope != "all"), None)


def _local(context: Context, place: PlaceChoice | None) -> list[Resource]:
    city = place.city if place is not None else None
    state = place.state if place is not None else None
    return match_resources(resources(context), city, state)


async def _place_of_chat(update: Update, context: Context) -> PlaceChoice | None:
    chat = update.effective_chat
    if chat is None:
        return None
    return await db_call(in_transaction(context, lambda s: _chat_place(s, chat.id)))


async def send_overview(update: Update, context: Context, place: PlaceChoice | None) -> None:
    """The key tips with topic buttons, for /verify and the /start button."""
    language = (await translator_for(update, context)).language
    where = place or await _place_of_chat(update, context)
    text = render_verify(language, None, _local(context, where))
    buttons = topic_buttons(language, place_key=place.place_key if place else None)
    await reply(update, context, text, keyboard(in_rows(buttons)))


async def verify_command(update: Update, context: Context) -> None:
    args = command_args(context)
    if not args:
        await send_overview(update, context, None)
        return
    t = await translator_for(update, context)
    choice, outcome = await db_call(place_for, args)
    if choice is None:
        await reply(update, context, problem_text(t, outcome) or "")
        return
    await send_overview(update, context, choice)
    found = await db_call(in_transaction(context, lambda s: recent_matching(s, [choice], 3)))
    label = choice_label(t, choice)
    if found:
        heading = t.gettext(texts.RECENT_HEADING, place=label)
        await reply(update, context, incident_list(t, heading, found))
    else:
        await reply(update, context, t.gettext(texts.NO_RECENT, place=label))


async def verify_topic(update: Update, context: Context) -> None:
    """A topic button: the message becomes that topic's page (anyone may browse)."""
    query = update.callback_query
    topic = topic_from_callback(query.data if query else None)
    await answer_query(update)
    if topic is None:
        return
    language = (await translator_for(update, context)).language
    key = place_from_callback(query.data if query else None)
    where = (choice_of_key(key) if key else None) or await _place_of_chat(update, context)
    text = render_verify(language, topic, _local(context, where))
    await edit(update, text, keyboard(in_rows(topic_buttons(language, topic, key))))
