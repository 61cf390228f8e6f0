"""/subscriptions, and /unsubscribe [place] (one button per subscription without a place)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Update

from bot import placechoice, texts
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    command_args,
    db_call,
    edit,
    in_transaction,
    keyboard,
    parse_int,
    refuse_unless_allowed,
    reply,
    translator_for,
)
from bot.handlers.placereply import problem_text
from bot.i18n import Translator
from bot.placechoice import Ambiguous, Chosen
from db import chats
from db.models import Subscription

CHOICE_PREFIX = "unsub"


def item_text(t: Translator, subscription: Subscription) -> str:
    """How one subscription is named to the chat."""
    if subscription.scope == "all":
        return t.gettext(texts.SUBSCRIPTION_ALL_ITEM)
    if subscription.scope == "state":
        return t.gettext(texts.SUBSCRIPTION_STATE_ITEM, state=subscription.label)
    radius = round(subscription.radius_km or placechoice.DEFAULT_RADIUS_KM)
    return t.gettext(texts.SUBSCRIPTION_CITY_ITEM, place=subscription.label, radius=radius)


def _button_label(t: Translator, subscription: Subscription) -> str:
    if subscription.scope == "all":
        return t.gettext(texts.SUBSCRIPTION_ALL_ITEM)
    return subscription.label


def _chat_subscriptions(session: Session, chat_id: int) -> list[Subscription]:
    row = chats.get_chat(session, chat_id)
    return chats.subscriptions(session, row) if row is not None else []


async def subscriptions_command(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    t = await translator_for(update, context)
    found = await db_call(in_transaction(context, lambda s: _chat_subscriptions(s, chat.id)))
    if not found:
        await reply(update, context, t.gettext(texts.SUBSCRIPTIONS_EMPTY))
        return
    lines = [t.plural(texts.SUBSCRIPTIONS_HEADING, len(found))]
    lines += [f"• {item_text(t, s)}" for s in found]
    await reply(update, context, "\n".join(lines))


def _matches(subscription: Subscription, wanted: str, key: str | None) -> bool:
    return subscription.place_key == key or subscription.label.casefold() == wanted.casefold()


def _unsubscribe_named(session: Session, chat_id: int, wanted: str) -> str | None:
    """Remove the subscription a typed place names; its label, or None if none matched."""
    row = chats.get_chat(session, chat_id)
    if row is None:
        return None
    outcome = placechoice.parse(wanted)
    key = None
    if isinstance(outcome, Chosen):
        key = outcome.choice.place_key
    for subscription in chats.subscriptions(session, row):
        ambiguous = isinstance(outcome, Ambiguous) and any(
            subscription.place_key == f"city:{p.geonameid}" for p in outcome.options
        )
        if ambiguous or _matches(subscription, wanted, key):
            chats.unsubscribe(session, row, subscription.id)
            return subscription.label if subscription.scope != "all" else ""
    return None


async def unsubscribe_command(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None or not await refuse_unless_allowed(update, context):
        return
    t = await translator_for(update, context)
    wanted = command_args(context)
    if wanted:
        if len(wanted) > placechoice.MAX_QUERY_CHARS:
            await reply(update, context, problem_text(t, placechoice.TooLong()) or "")
            return
        removed = await db_call(
            in_transaction(context, lambda s: _unsubscribe_named(s, chat.id, wanted))
        )
        if removed is None:
            await reply(update, context, t.gettext(texts.NOT_SUBSCRIBED, place=wanted))
        else:
            place = removed or t.gettext(texts.SUBSCRIPTION_ALL_ITEM)
            await reply(update, context, t.gettext(texts.UNSUBSCRIBED, place=place))
        return
    found = await db_call(in_transaction(context, lambda s: _chat_subscriptions(s, chat.id)))
    if not found:
        await reply(update, context, t.gettext(texts.SUBSCRIPTIONS_EMPTY))
        return
    rows = [[(_button_label(t, s), f"{CHOICE_PREFIX}:{s.id}")] for s in found]
    await reply(update, context, t.gettext(texts.UNSUBSCRIBE_CHOOSE), keyboard(rows))


def _unsubscribe_id(session: Session, chat_id: int, subscription_id: int) -> Subscription | None:
    row = chats.get_chat(session, chat_id)
    return chats.unsubscribe(session, row, subscription_id) if row is not None else None


async def choose_unsubscribe(update: Update, context: Context) -> None:
    """A button under "Which place do you want to stop following?"."""
    parts = callback_parts(update, CHOICE_PREFIX, 1)
    subscription_id = parse_int(parts[0]) if parts else None
    chat = update.effective_chat
    if subscription_id is None or chat is None:
        await answer_query(update)
        return
    if not await refuse_unless_allowed(update, context):
        return
    await answer_query(update)
    t = await translator_for(update, context)
    removed = await db_call(
        in_transaction(context, lambda s: _unsubscribe_id(s, chat.id, subscription_id))
    )
    if removed is None:  # already removed, or another chat's id in forged data
        await edit(update, t.gettext(texts.BUTTON_EXPIRED))
        return
    await edit(update, t.gettext(texts.UNSUBSCRIBED, place=_button_label(t, removed)))
