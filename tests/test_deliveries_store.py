"""Fan-out matching and the delivery queue, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import deliveries
from db.engine import make_sessionmaker, transaction
from db.models import Chat, Delivery, Incident, Subscription

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
OAKLAND = (37.80437, -122.2708)
SAN_FRANCISCO = (37.77493, -122.41942)  # about 13 km from Oakland
SACRAMENTO = (38.58157, -121.4944)  # about 110 km


def _incident(lat: float | None, lon: float | None, state: str | None = "CA") -> Incident:
    return Incident(
        kind="impersonation",
        status="published",
        title="t",
        confidence=0.9,
        reported_at=NOW,
        country="US",
        state=state,
        lat=lat,
        lon=lon,
    )


def _chat(session: Session, telegram_id: int, *subs: Subscription, active: bool = True) -> Chat:
    chat = Chat(telegram_id=telegram_id, type="private", active=active, subscriptions=list(subs))
    session.add(chat)
    return chat


def _city(name: str, point: tuple[float, float], radius: float = 25) -> Subscription:
    return Subscription(
        scope="city",
        place_key=f"city:{name}",
        label=name,
        city=name,
        country="US",
        state="CA",
        lat=point[0],
        lon=point[1],
        radius_km=radius,
    )


def _state(code: str) -> Subscription:
    return Subscription(
        scope="state", place_key=f"state:US:{code}", label=code, country="US", state=code
    )


def test_matching_by_radius_state_and_all(engine: Engine) -> None:
    with Session(engine) as session:
        oakland = _chat(session, 1, _city("Oakland", OAKLAND))
        wide_sf = _chat(session, 2, _city("San Francisco", SAN_FRANCISCO, radius=20))
        narrow_sf = _chat(session, 3, _city("San Francisco", SAN_FRANCISCO, radius=5))
        sacramento = _chat(session, 4, _city("Sacramento", SACRAMENTO))
        california = _chat(session, 5, _state("CA"))
        oregon = _chat(session, 6, _state("OR"))
        everything = _chat(session, 7, Subscription(scope="all", place_key="all", label="all"))
        gone = _chat(
            session, 8, Subscription(scope="all", place_key="all", label="all"), active=False
        )
        incident = _incident(*OAKLAND)
        state_only = _incident(None, None)
        session.add_all([incident, state_only])
        session.flush()
        assert deliveries.matching_chat_ids(session, incident) == {
            oakland.id,
            wide_sf.id,
            california.id,
            everything.id,
        }
        assert deliveries.matching_chat_ids(session, state_only) == {california.id, everything.id}
        assert narrow_sf.id not in deliveries.matching_chat_ids(session, incident)
        assert {sacramento.id, oregon.id, gone.id}.isdisjoint(
            deliveries.matching_chat_ids(session, incident)
        )


def test_fan_out_is_idempotent(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        chats = [_chat(session, n, _state("CA")) for n in range(1, 4)]
        incident = _incident(*OAKLAND)
        session.add(incident)
        session.flush()
        ids = {chat.id for chat in chats}
        assert deliveries.queue_deliveries(session, incident.id, ids, NOW) == 3
        assert deliveries.queue_deliveries(session, incident.id, ids, NOW) == 0
    with Session(engine) as session:
        assert len(session.scalars(select(Delivery)).all()) == 3


def _queue(engine: Engine, count: int) -> None:
    with transaction(make_sessionmaker(engine)) as session:
        chats = [_chat(session, n) for n in range(1, count + 1)]
        incident = _incident(*OAKLAND)
        session.add(incident)
        session.flush()
        deliveries.queue_deliveries(session, incident.id, [c.id for c in chats], NOW)


def test_a_claim_hides_a_delivery_until_its_lease_runs_out(engine: Engine) -> None:
    _queue(engine, 1)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        [claimed] = deliveries.claim_deliveries(session, NOW, "w1", LEASE, 10)
        assert claimed.telegram_id == 1 and claimed.language == "en"
    with transaction(sessions) as session:
        assert deliveries.claim_deliveries(session, NOW + LEASE / 2, "w2", LEASE, 10) == []
    with transaction(sessions) as session:  # w1 died: the row comes back
        assert len(deliveries.claim_deliveries(session, NOW + 2 * LEASE, "w2", LEASE, 10)) == 1
        deliveries.mark_sent(session, claimed.id, 99, NOW)
    with transaction(sessions) as session:
        assert deliveries.claim_deliveries(session, NOW + 9 * LEASE, "w3", LEASE, 10) == []


def test_retry_waits_and_blocked_chats_drop_their_queue(engine: Engine) -> None:
    _queue(engine, 2)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        first, second = deliveries.claim_deliveries(session, NOW, "w", LEASE, 10)
        deliveries.mark_retry(
            session, first.id, NOW + timedelta(seconds=3), "429", count_attempt=False
        )
        deliveries.deactivate_chat(session, second.chat_id, "403 blocked")
    with transaction(sessions) as session:
        assert (
            deliveries.claim_deliveries(session, NOW + timedelta(seconds=1), "w", LEASE, 10) == []
        )
        [again] = deliveries.claim_deliveries(session, NOW + timedelta(seconds=3), "w", LEASE, 10)
        assert again.id == first.id and again.attempts == 0
    with Session(engine) as session:
        dropped = session.get(Delivery, second.id)
        assert dropped is not None and dropped.status == "dropped"


def test_moving_a_chat_keeps_its_subscriptions(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        group = _chat(session, -42, _state("CA"))
        _chat(session, -100042)  # the supergroup, seen before the migration message
        session.flush()
        deliveries.move_chat(session, group.id, -100042)
    with Session(engine) as session:
        moved = session.scalars(select(Chat).where(Chat.telegram_id == -100042)).one()
        assert [s.place_key for s in moved.subscriptions] == ["state:US:CA"]
        assert moved.type == "supergroup"


def test_two_workers_never_claim_the_same_delivery_on_postgresql(postgres_url: str) -> None:
    from db import migrate
    from db.engine import make_engine

    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    _queue(engine, 60)
    sessions = make_sessionmaker(engine)
    both = threading.Barrier(2)
    claimed: list[set[int]] = [set(), set()]

    def worker(slot: int) -> None:
        with transaction(sessions) as session:
            claimed[slot] = {
                d.id for d in deliveries.claim_deliveries(session, NOW, str(slot), LEASE, 40)
            }
            both.wait(timeout=30)

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not claimed[0] & claimed[1]
    assert len(claimed[0] | claimed[1]) == 60
    engine.dispose()
