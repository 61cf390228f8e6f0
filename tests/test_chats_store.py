"""Chats and subscriptions as the bot stores them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from db import chats
from db.engine import make_sessionmaker, transaction
from db.models import Delivery, Incident, Subscription
from tests.feeds_fixtures import OAKLAND_CHOICE


def test_subscribing_twice_updates_the_radius(engine: Engine) -> None:
    with transaction(make_sessionmaker(engine)) as session:
        chat = chats.ensure_chat(session, 10, "private", "es")
        chats.subscribe(session, chat, OAKLAND_CHOICE)
        wider = chats.PlaceChoice(**{**OAKLAND_CHOICE.__dict__, "radius_km": 50})
        chats.subscribe(session, chat, wider)
        [only] = chats.subscriptions(session, chat)
        assert only.radius_km == 50 and chat.language == "es"


def test_unsubscribe_only_touches_the_chats_own_rows(engine: Engine) -> None:
    with transaction(make_sessionmaker(engine)) as session:
        mine = chats.ensure_chat(session, 1, "private", "en")
        theirs = chats.ensure_chat(session, 2, "private", "en")
        their_sub = chats.subscribe(session, theirs, OAKLAND_CHOICE)
        assert chats.unsubscribe(session, mine, their_sub.id) is None
        assert chats.unsubscribe(session, theirs, their_sub.id) is not None


def test_stop_deletes_everything_about_the_chat(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        chat = chats.ensure_chat(session, -500, "group", "en")
        chats.subscribe(session, chat, OAKLAND_CHOICE)
        incident = Incident(
            kind="stolen_gear",
            status="published",
            title="t",
            confidence=1,
            reported_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        session.add(incident)
        session.flush()
        session.add(Delivery(incident_id=incident.id, chat_id=chat.id))
    with transaction(sessions) as session:
        assert chats.forget_chat(session, -500)
        assert not chats.forget_chat(session, -500)
    with Session(engine) as session:
        assert chats.get_chat(session, -500) is None
        assert session.scalar(select(func.count()).select_from(Subscription)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0
