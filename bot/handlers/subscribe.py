"""/subscribe <place> [radius], the buttons for ambiguous names, and shared locations."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from telegram import Update

from alerts.places import Place, nearest_city
from bot import placechoice, texts
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    command_args,
    db_call,
    edit,
    ensure_current_chat,
    in_rows,
    in_transaction,
    keyboard,
    parse_int,
    refuse_unless_allowed,
    reply,
    translator_for,
)
from bot.handlers.placereply import problem_text
from bot.handlers.recent import incident_list, recent_matching
from bot.i18n import Translator
from bot.placechoice import Ambiguous, Chosen
from db import chats
from db.chats import PlaceChoice
from db.models import Incident, Subscription

CHOICE_PREFIX = "sub"
RECENT_SHOWN = 3
MAX_SUBSCRIPTIONS = 50


def _subscribe(session: Session, update: Update, choice: PlaceChoice) -> tuple[str, list[Incident]]:
    """Store the subscription: ("new" | "already" | "full", recent incidents there).

    A chat follows at most MAX_SUBSCRIPTIONS places, so its list and its /unsubscribe
    buttons stay within one Telegram message.
    """
    chat = ensure_current_chat(session, update)
    existing = session.scalar(
        select(Subscription).where(
            Subscription.chat_id == chat.id, Subscription.place_key == choice.place_key
        )
    )
    if existing is None:
        count = session.scalar(
            select(func.count()).select_from(Subscription).where(Subscription.chat_id == chat.id)
        )
        if (count or 0) >= MAX_SUBSCRIPTIONS:
            return "full", []
    already = existing is not None and existing.radius_km == choice.radius_km
    chats.subscribe(session, chat, choice)
    return "already" if already else "new", recent_matching(session, [choice], RECENT_SHOWN)


def confirmation(
    t: Translator,
    choice: PlaceChoice,
    outcome: str,
    recent: list[Incident],
    alternative: Place | None = None,
) -> str:
    """What the chat now follows, how to correct a guess, and what happened there lately."""
    if outcome == "full":
        return t.gettext(texts.TOO_MANY_SUBSCRIPTIONS, n=MAX_SUBSCRIPTIONS)
    if outcome == "already":
        label = t.gettext(texts.SUBSCRIPTION_ALL_ITEM) if choice.scope == "all" else choice.label
        lines = [t.gettext(texts.ALREADY_SUBSCRIBED, place=label)]
    elif choice.scope == "all":
        lines = [t.gettext(texts.SUBSCRIBED_ALL)]
    elif choice.scope == "state":
        lines = [t.gettext(texts.SUBSCRIBED_STATE, state=choice.label)]
    else:
        radius = round(choice.radius_km or placechoice.DEFAULT_RADIUS_KM)
        lines = [t.gettext(texts.SUBSCRIBED_CITY, place=choice.label, radius=radius)]
    if alternative is not None and choice.city:
        # "London, ON", not "London, CA" (CA reads as California)
        by_code = alternative.state and alternative.country in ("US", "CA")
        example = alternative.state if by_code else alternative.country
        lines.append(t.gettext(texts.SUBSCRIBED_CITY_HINT, name=choice.city, example=example))
    if recent and choice.scope != "all":
        heading = t.gettext(texts.SUBSCRIBE_RECENT_HEADING, place=choice.label)
        lines += ["", incident_list(t, heading, recent)]
    return "\n".join(lines)


def ambiguous_buttons(outcome: Ambiguous) -> list[list[tuple[str, str]]]:
    buttons = [
        (place.label, f"{CHOICE_PREFIX}:{place.geonameid}:{outcome.radius_km}")
        for place in outcome.options
    ]
    return in_rows(buttons)


async def subscribe_command(update: Update, context: Context) -> None:
    if not await refuse_unless_allowed(update, context):
        return
    t = await translator_for(update, context)
    outcome = await db_call(placechoice.parse, command_args(context))
    problem = problem_text(t, outcome)
    if problem is not None:
        await reply(update, context, problem)
    elif isinstance(outcome, Ambiguous):
        text = t.gettext(texts.AMBIGUOUS_PLACE, name=outcome.name)
        await reply(update, context, text, keyboard(ambiguous_buttons(outcome)))
    elif isinstance(outcome, Chosen):
        choice = outcome.choice
        stored, recent = await db_call(
            in_transaction(context, lambda s: _subscribe(s, update, choice))
        )
        text = confirmation(t, choice, stored, recent, outcome.alternative)
        await reply(update, context, text)


async def choose_place(update: Update, context: Context) -> None:
    """A button under "There is more than one …": subscribe to that one."""
    parts = callback_parts(update, CHOICE_PREFIX, 2)
    place_id, radius = (parse_int(parts[0]), parse_int(parts[1])) if parts else (None, None)
    place = placechoice.by_id(place_id) if place_id is not None else None
    radius = placechoice.valid_radius(radius) if radius is not None else None
    if place is None or radius is None:
        await answer_query(update)
        return
    if not await refuse_unless_allowed(update, context):
        return
    await answer_query(update)
    choice = placechoice.city_choice(place, radius)
    t = await translator_for(update, context)
    stored, recent = await db_call(in_transaction(context, lambda s: _subscribe(s, update, choice)))
    await edit(update, confirmation(t, choice, stored, recent))


async def shared_location(update: Update, context: Context) -> None:
    """A shared location follows the nearest city, with the default radius."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    if not await refuse_unless_allowed(update, context):
        return
    location = message.location
    place = await db_call(nearest_city, location.latitude, location.longitude)
    t = await translator_for(update, context)
    if place is None:
        await reply(update, context, t.gettext(texts.SUBSCRIBE_USAGE))
        return
    choice = placechoice.city_choice(place)
    stored, recent = await db_call(in_transaction(context, lambda s: _subscribe(s, update, choice)))
    await reply(update, context, confirmation(t, choice, stored, recent))
