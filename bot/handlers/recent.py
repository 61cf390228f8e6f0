"""/recent [place]: the latest published incidents for a place or the chat's subscriptions.

Matching follows SPEC §7 (a city within its radius, a whole state, or all), the same rule
the fan-out uses, so what /recent shows is what the chat would have been sent.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session
from telegram import Update

from alerts.advisory import advisory_for
from bot import placechoice, texts
from bot.advisory_text import place_label
from bot.handlers.common import (
    Context,
    command_args,
    db_call,
    in_transaction,
    reply,
    translator_for,
)
from bot.handlers.placereply import problem_text
from bot.i18n import Html, Translator, escape
from bot.placechoice import Ambiguous, Chosen
from db import chats, queries
from db.chats import PlaceChoice
from db.geo import distance_km
from db.models import Incident, Subscription

WINDOW = timedelta(days=365)
SCAN_LIMIT = 1000
SHOWN = 5


def covers(choice: PlaceChoice, incident: Incident) -> bool:
    """Whether a subscription to ``choice`` would have received ``incident``."""
    if choice.scope == "all":
        return True
    if choice.scope == "state":
        return incident.country == choice.country and incident.state == choice.state
    if None in (incident.lat, incident.lon, choice.lat, choice.lon):
        return False
    distance = distance_km(incident.lat, incident.lon, choice.lat, choice.lon)  # type: ignore[arg-type]
    return distance <= (choice.radius_km or 0.0)


def recent_matching(
    session: Session, choices: Sequence[PlaceChoice], limit: int = SHOWN
) -> list[Incident]:
    """The newest published incidents any of ``choices`` covers."""
    since = datetime.now(UTC) - WINDOW
    found = []
    for incident in queries.recent_published(session, since, SCAN_LIMIT):
        if any(covers(choice, incident) for choice in choices):
            found.append(incident)
            if len(found) >= limit:
                break
    return found


def incident_line(t: Translator, incident: Incident) -> str:
    """One incident in a list: date, kind, place and its first source, linked."""
    advisory = advisory_for(incident)
    place = place_label(incident.city, incident.state, incident.country)
    source = advisory.sources[0] if advisory.sources else None
    if source is None:
        link = ""
    elif source.link:
        link = f'<a href="{html.escape(source.link, quote=True)}">{escape(source.name)}</a>'
    else:
        link = escape(source.name)
    return t.gettext(
        texts.RECENT_ITEM,
        date=t.date(advisory.local_date),
        kind=t.gettext(texts.KIND_NAMES[incident.kind]),
        place=place or t.gettext(texts.ADVISORY_PLACE_UNKNOWN),
        sources=Html(link),
    )


def incident_list(t: Translator, heading: str, incidents: Sequence[Incident]) -> str:
    return "\n".join([heading, *(incident_line(t, i) for i in incidents)])


def as_choices(subscriptions: Sequence[Subscription]) -> list[PlaceChoice]:
    """A chat's subscriptions as the places they follow."""
    return [
        PlaceChoice(
            scope=s.scope,
            place_key=s.place_key,
            label=s.label,
            city=s.city,
            state=s.state,
            country=s.country,
            lat=s.lat,
            lon=s.lon,
            radius_km=s.radius_km,
        )
        for s in subscriptions
    ]


def place_for(args: str) -> tuple[PlaceChoice | None, placechoice.Outcome]:
    """The place an argument names; an ambiguous name means its largest namesake."""
    outcome = placechoice.parse(args)
    if isinstance(outcome, Chosen):
        return outcome.choice, outcome
    if isinstance(outcome, Ambiguous):
        return placechoice.city_choice(outcome.options[0], outcome.radius_km), outcome
    return None, outcome


def choice_label(t: Translator, choice: PlaceChoice) -> str:
    return t.gettext(texts.SUBSCRIPTION_ALL_ITEM) if choice.scope == "all" else choice.label


async def send_recent(update: Update, context: Context, args: str) -> None:
    """Shared by /recent and the /start button."""
    t = await translator_for(update, context)
    chat = update.effective_chat
    if args:
        choice, outcome = place_for(args)
        if choice is None:
            await reply(update, context, problem_text(t, outcome) or "")
            return
        found = await db_call(in_transaction(context, lambda s: recent_matching(s, [choice])))
        label = choice_label(t, choice)
        if not found:
            await reply(update, context, t.gettext(texts.NO_RECENT, place=label))
        else:
            heading = t.gettext(texts.RECENT_HEADING, place=label)
            await reply(update, context, incident_list(t, heading, found))
        return

    def for_chat(session: Session) -> tuple[bool, list[Incident]]:
        row = chats.get_chat(session, chat.id) if chat else None
        subs = as_choices(chats.subscriptions(session, row)) if row else []
        return bool(subs), recent_matching(session, subs) if subs else []

    subscribed, found = await db_call(in_transaction(context, for_chat))
    if not subscribed:
        await reply(update, context, t.gettext(texts.RECENT_NEED_PLACE))
    elif not found:
        await reply(update, context, t.gettext(texts.NO_RECENT_SUBSCRIPTIONS))
    else:
        heading = t.gettext(texts.RECENT_HEADING_SUBSCRIPTIONS)
        await reply(update, context, incident_list(t, heading, found))


async def recent_command(update: Update, context: Context) -> None:
    await send_recent(update, context, command_args(context))
