"""The unique constraints that make polling and fan-out idempotent hold on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Chat, Delivery, Entry, Feed, Incident, Subscription

WHEN = datetime(2017, 12, 18, 19, 2, tzinfo=UTC)


def _incident() -> Incident:
    return Incident(
        kind="stolen_gear", status="published", title="t", confidence=0.9, reported_at=WHEN
    )


def _fails_to_commit(engine: Engine, *rows: object) -> bool:
    with Session(engine) as session:
        session.add_all(rows)
        try:
            session.commit()
        except IntegrityError:
            return True
    return False


def test_a_delivery_is_unique_per_incident_and_chat(engine: Engine) -> None:
    with Session(engine) as session:
        incident, chat = _incident(), Chat(telegram_id=-1001, type="group")
        session.add_all([incident, chat])
        session.flush()
        session.add(Delivery(incident_id=incident.id, chat_id=chat.id))
        session.commit()
        ids = incident.id, chat.id
    assert _fails_to_commit(engine, Delivery(incident_id=ids[0], chat_id=ids[1]))


def test_an_entry_is_unique_per_feed_guid_and_across_feeds_by_link(engine: Engine) -> None:
    with Session(engine) as session:
        feeds = [Feed(url="https://a.test/rss", name="a"), Feed(url="https://b.test/rss", name="b")]
        session.add_all(feeds)
        session.flush()
        session.add(
            Entry(feed_id=feeds[0].id, guid_key="g1", title="x", canonical_link="https://n.test/1")
        )
        session.commit()
        a, b = feeds[0].id, feeds[1].id
    assert _fails_to_commit(engine, Entry(feed_id=a, guid_key="g1", title="again"))
    assert _fails_to_commit(
        engine, Entry(feed_id=b, guid_key="other", title="x", canonical_link="https://n.test/1")
    )


def test_a_subscription_is_unique_per_chat_and_place(engine: Engine) -> None:
    with Session(engine) as session:
        chat = Chat(telegram_id=42, type="private")
        session.add(chat)
        session.flush()
        session.add(Subscription(chat_id=chat.id, scope="all", place_key="all", label="all"))
        session.commit()
        chat_id = chat.id
    assert _fails_to_commit(
        engine, Subscription(chat_id=chat_id, scope="all", place_key="all", label="all")
    )


def test_deleting_a_chat_deletes_its_subscriptions_and_deliveries(engine: Engine) -> None:
    with Session(engine) as session:
        incident, chat = _incident(), Chat(telegram_id=7, type="private")
        session.add_all([incident, chat])
        session.flush()
        session.add(Subscription(chat_id=chat.id, scope="all", place_key="all", label="all"))
        session.add(Delivery(incident_id=incident.id, chat_id=chat.id))
        session.commit()
        session.delete(chat)
        session.commit()
        assert session.scalars(select(Subscription)).all() == []
        assert session.scalars(select(Delivery)).all() == []


def test_times_come_back_as_utc(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(_incident())
        session.commit()
    with Session(engine) as session:
        stored = session.scalars(select(Incident)).one()
        assert stored.reported_at == WHEN
        assert stored.reported_at.tzinfo is not None


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    with Session(engine) as session:
        incident = _incident()
        incident.reported_at = datetime(2017, 12, 18)
        session.add(incident)
        with pytest.raises(Exception, match="naive datetime"):
            session.commit()
