"""Chats and their subscriptions: the little the bot stores about the people it serves."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db.models import Chat, Subscription


@dataclass(frozen=True)
class PlaceChoice:
    """A place a chat wants to follow, resolved by the caller from the gazetteer."""

    scope: str  # city | state | all
    place_key: str
    label: str
    city: str | None = None
    state: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None


def get_chat(session: Session, telegram_id: int) -> Chat | None:
    return session.scalar(select(Chat).where(Chat.telegram_id == telegram_id))


def ensure_chat(session: Session, telegram_id: int, chat_type: str, language: str) -> Chat:
    """The chat's row, created on first contact; a chat that comes back is active again."""
    chat = get_chat(session, telegram_id)
    if chat is None:
        chat = Chat(telegram_id=telegram_id, type=chat_type, language=language, active=True)
        session.add(chat)
        session.flush()
    elif not chat.active:
        chat.active = True
    return chat


def set_language(session: Session, chat: Chat, language: str) -> None:
    chat.language = language


def subscribe(session: Session, chat: Chat, choice: PlaceChoice) -> Subscription:
    """Follow a place; following it again updates the radius instead of adding a duplicate."""
    existing = session.scalar(
        select(Subscription).where(
            Subscription.chat_id == chat.id, Subscription.place_key == choice.place_key
        )
    )
    if existing is not None:
        existing.radius_km = choice.radius_km
        return existing
    subscription = Subscription(
        chat_id=chat.id,
        scope=choice.scope,
        place_key=choice.place_key,
        label=choice.label,
        city=choice.city,
        state=choice.state,
        country=choice.country,
        lat=choice.lat,
        lon=choice.lon,
        radius_km=choice.radius_km,
    )
    session.add(subscription)
    session.flush()
    return subscription


def subscriptions(session: Session, chat: Chat) -> list[Subscription]:
    return list(
        session.scalars(
            select(Subscription).where(Subscription.chat_id == chat.id).order_by(Subscription.id)
        )
    )


def unsubscribe(session: Session, chat: Chat, subscription_id: int) -> Subscription | None:
    """Remove one of this chat's subscriptions; None when it is not this chat's."""
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or subscription.chat_id != chat.id:
        return None
    session.delete(subscription)
    return subscription


def forget_chat(session: Session, telegram_id: int) -> bool:
    """/stop: delete the chat with its subscriptions and queued deliveries."""
    result = session.execute(delete(Chat).where(Chat.telegram_id == telegram_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]
