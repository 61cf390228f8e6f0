"""The delivery queue: fan-out of a published incident to matching chats, claims, outcomes.

A delivery row is written before anything is sent, so a crash or restart never loses one;
workers claim rows with a lease (SKIP LOCKED on PostgreSQL), and a lease that runs out
because its worker died makes the row claimable again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.geo import distance_km
from db.models import Chat, Delivery, Incident, Subscription

MAX_RADIUS_KM = 500.0


@dataclass(frozen=True)
class ClaimedDelivery:
    id: int
    incident_id: int
    chat_id: int
    telegram_id: int
    chat_type: str
    language: str
    attempts: int
    plain_text: bool


def matching_chat_ids(session: Session, incident: Incident) -> set[int]:
    """Active chats with a subscription that covers the incident's place (SPEC §7 Matching)."""
    scopes = [Subscription.scope == "all"]
    if incident.country and incident.state:
        scopes.append(
            and_(
                Subscription.scope == "state",
                Subscription.country == incident.country,
                Subscription.state == incident.state,
            )
        )
    query = select(Subscription.chat_id).join(Chat).where(Chat.active, or_(*scopes))
    found = set(session.scalars(query))
    if incident.lat is not None and incident.lon is not None:
        found |= _chats_within_radius(session, incident.lat, incident.lon)
    return found


def _chats_within_radius(session: Session, lat: float, lon: float) -> set[int]:
    """City subscriptions whose circle holds the point: an indexed box, then exact distance."""
    dlat = MAX_RADIUS_KM / 111.0
    dlon = MAX_RADIUS_KM / max(1.0, 111.0 * math.cos(math.radians(lat)))
    rows = session.execute(
        select(Subscription.chat_id, Subscription.lat, Subscription.lon, Subscription.radius_km)
        .join(Chat)
        .where(
            Chat.active,
            Subscription.scope == "city",
            Subscription.lat.between(lat - dlat, lat + dlat),
            Subscription.lon.between(lon - dlon, lon + dlon),
        )
    )
    return {
        chat_id
        for chat_id, sub_lat, sub_lon, radius in rows
        if distance_km(lat, lon, sub_lat, sub_lon) <= (radius or 0.0)
    }


def queue_deliveries(
    session: Session, incident_id: int, chat_ids: Iterable[int], now: datetime
) -> int:
    """One queued delivery per chat; chats that already have one for this incident are skipped."""
    rows = [
        {
            "incident_id": incident_id,
            "chat_id": chat_id,
            "status": "queued",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "plain_text": False,
        }
        for chat_id in sorted(chat_ids)
    ]
    if not rows:
        return 0
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(Delivery).values(rows).on_conflict_do_nothing().returning(Delivery.id)
    return len(list(session.scalars(statement)))


def claim_deliveries(
    session: Session, now: datetime, worker: str, lease: timedelta, limit: int
) -> list[ClaimedDelivery]:
    """Take queued deliveries that are due and not held by a live claim."""
    query = (
        select(Delivery, Chat)
        .join(Chat, Chat.id == Delivery.chat_id)
        .where(
            Delivery.status == "queued",
            Delivery.next_attempt_at <= now,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Delivery)
    )
    claimed = []
    for delivery, chat in session.execute(query):
        delivery.claimed_by, delivery.claimed_until = worker, now + lease
        claimed.append(
            ClaimedDelivery(
                id=delivery.id,
                incident_id=delivery.incident_id,
                chat_id=chat.id,
                telegram_id=chat.telegram_id,
                chat_type=chat.type,
                language=chat.language,
                attempts=delivery.attempts,
                plain_text=delivery.plain_text,
            )
        )
    session.flush()
    return claimed


def mark_sent(session: Session, delivery_id: int, message_id: int | None, now: datetime) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(
            status="sent",
            message_id=message_id,
            sent_at=now,
            claimed_until=None,
            attempts=Delivery.attempts + 1,
        )
    )


def mark_retry(
    session: Session,
    delivery_id: int,
    at: datetime,
    error: str,
    plain_text: bool | None = None,
    count_attempt: bool = True,
) -> None:
    """Put a delivery back in the queue for `at`, keeping what went wrong."""
    values: dict[str, object] = {
        "next_attempt_at": at,
        "last_error": error[:500],
        "claimed_until": None,
    }
    if count_attempt:
        values["attempts"] = Delivery.attempts + 1
    if plain_text is not None:
        values["plain_text"] = plain_text
    session.execute(update(Delivery).where(Delivery.id == delivery_id).values(values))


def deactivate_chat(session: Session, chat_id: int, reason: str) -> None:
    """The chat blocked or removed the bot: stop sending to it and drop what was queued."""
    session.execute(update(Chat).where(Chat.id == chat_id).values(active=False))
    session.execute(
        update(Delivery)
        .where(Delivery.chat_id == chat_id, Delivery.status == "queued")
        .values(status="dropped", last_error=reason[:500], claimed_until=None)
    )


def move_chat(session: Session, chat_id: int, new_telegram_id: int) -> None:
    """A group became a supergroup: the chat keeps its row, subscriptions and queue.

    A row the bot may already have made for the new id (it saw the supergroup first) gives way
    to the old one, whose subscriptions are the group's.
    """
    other = session.scalar(select(Chat).where(Chat.telegram_id == new_telegram_id))
    if other is not None and other.id != chat_id:
        session.execute(delete(Chat).where(Chat.id == other.id))
        session.flush()
    session.execute(
        update(Chat)
        .where(Chat.id == chat_id)
        .values(telegram_id=new_telegram_id, type="supergroup")
    )
