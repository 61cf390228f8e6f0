"""Which incidents wait for review, and publication that fans out only fresh incidents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alerts import publishing
from alerts.publishing import AlreadyReviewedError, PublishPolicy, needs_review
from db.engine import make_sessionmaker, transaction
from db.models import Chat, Delivery, Incident, Subscription

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("review", "confidence", "waits"),
    [
        ("none", 0.1, False),
        ("all", 0.99, True),
        ("uncertain", 0.79, True),
        ("uncertain", 0.8, False),
    ],
)
def test_review_modes(review: str, confidence: float, waits: bool) -> None:
    assert needs_review(PublishPolicy(review=review, publish_confidence=0.8), confidence) is waits


def _pending(session: Session, reported_at: datetime) -> Incident:
    chat = Chat(
        telegram_id=1,
        type="private",
        subscriptions=[Subscription(scope="all", place_key="all", label="all")],
    )
    incident = Incident(
        kind="impersonation",
        status="pending",
        title="t",
        confidence=0.5,
        reported_at=reported_at,
        state="CA",
        country="US",
    )
    session.add_all([chat, incident])
    session.flush()
    return incident


def _deliveries(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Delivery)) or 0


def test_approval_publishes_and_fans_out_once(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        incident_id = _pending(session, NOW - timedelta(days=1)).id
    with transaction(sessions) as session:
        assert publishing.approve(session, incident_id, "admin:5", PublishPolicy(), NOW) == 1
    with transaction(sessions) as session, pytest.raises(AlreadyReviewedError):
        publishing.approve(session, incident_id, "admin:6", PublishPolicy(), NOW)
    assert _deliveries(engine) == 1
    with Session(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None and incident.reviewed_by == "admin:5"


def test_old_incidents_are_published_but_not_sent(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        incident_id = _pending(session, NOW - timedelta(days=8)).id
    with transaction(sessions) as session:
        assert publishing.approve(session, incident_id, "cli", PublishPolicy(), NOW) == 0
    assert _deliveries(engine) == 0
