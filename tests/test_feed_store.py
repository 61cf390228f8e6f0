"""Feed sync, claiming due feeds and storing entries once, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alerts.feeds.config import FeedSpec
from db import feeds as feed_queries
from db.engine import make_sessionmaker, transaction
from db.models import Entry, Feed

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def _feeds(engine: Engine) -> dict[str, Feed]:
    with Session(engine) as session:
        return {feed.url: feed for feed in session.scalars(select(Feed))}


def _sync(engine: Engine, *definitions: FeedSpec) -> feed_queries.SyncReport:
    with transaction(make_sessionmaker(engine)) as session:
        return feed_queries.sync_feeds(session, definitions)


def test_sync_adds_updates_and_disables_what_left_the_file(engine: Engine) -> None:
    a, b = FeedSpec("https://a.test/rss", "A"), FeedSpec("https://b.test/rss", "B")
    assert _sync(engine, a, b) == feed_queries.SyncReport(added=2, updated=0, disabled=0)
    assert _sync(engine, a, b) == feed_queries.SyncReport(added=0, updated=0, disabled=0)
    renamed = FeedSpec("https://a.test/rss", "A news", region="Oakland, CA")
    assert _sync(engine, renamed) == feed_queries.SyncReport(added=0, updated=1, disabled=1)
    feeds = _feeds(engine)
    assert feeds["https://a.test/rss"].region == "Oakland, CA"
    assert not feeds["https://b.test/rss"].enabled


def test_sync_leaves_cli_feeds_alone_and_removed_feeds_off(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        feed_queries.add_feed(session, "https://cli.test/rss", "cli", None, NOW)
    listed = FeedSpec("https://listed.test/rss", "listed")
    _sync(engine, listed)
    with transaction(sessions) as session:
        feed_queries.remove_feed(session, _feeds(engine)[listed.url].id)
    _sync(engine, listed)
    feeds = _feeds(engine)
    assert feeds["https://cli.test/rss"].enabled
    assert not feeds[listed.url].enabled and feeds[listed.url].removed


def test_claiming_pushes_next_poll_past_the_lease(engine: Engine) -> None:
    _sync(engine, FeedSpec("https://a.test/rss", "A"))
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        assert len(feed_queries.claim_due_feeds(session, NOW, LEASE, limit=10)) == 1
    with transaction(sessions) as session:
        assert feed_queries.claim_due_feeds(session, NOW + LEASE / 2, LEASE, limit=10) == []
        assert len(feed_queries.claim_due_feeds(session, NOW, LEASE, 10, every=True)) == 1
    with transaction(sessions) as session:
        assert len(feed_queries.claim_due_feeds(session, NOW + 3 * LEASE, LEASE, limit=10)) == 1


def test_concurrent_workers_claim_disjoint_feeds_on_postgresql(postgres_url: str) -> None:
    from db import migrate
    from db.engine import make_engine

    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    _sync(engine, *(FeedSpec(f"https://f{i}.test/rss", f"f{i}") for i in range(40)))
    sessions = make_sessionmaker(engine)
    both_locked = threading.Barrier(2)
    claimed: list[list[int]] = [[], []]

    def worker(slot: int) -> None:
        with transaction(sessions) as session:
            feeds = feed_queries.claim_due_feeds(session, NOW, LEASE, limit=25)
            claimed[slot] = [feed.id for feed in feeds]
            both_locked.wait(timeout=30)  # hold the row locks until both have claimed

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not set(claimed[0]) & set(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == 40
    engine.dispose()


def test_entries_are_stored_once_per_guid_and_once_per_link(engine: Engine) -> None:
    _sync(engine, FeedSpec("https://a.test/rss", "A"), FeedSpec("https://b.test/rss", "B"))
    ids = {url: feed.id for url, feed in _feeds(engine).items()}
    a, b = ids["https://a.test/rss"], ids["https://b.test/rss"]

    def row(feed_id: int, guid: str, link: str | None) -> dict[str, object]:
        return {
            "feed_id": feed_id,
            "guid_key": guid,
            "title": guid,
            "canonical_link": link,
            "link": link,
            "summary": "",
            "fetched_at": NOW,
        }

    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        first = feed_queries.store_entries(
            session, [row(a, "1", "https://n.test/1"), row(a, "2", None)]
        )
    with transaction(sessions) as session:
        again = feed_queries.store_entries(
            session,
            [row(a, "1", "https://n.test/1"), row(b, "x", "https://n.test/1"), row(b, "3", None)],
        )
    assert len(first) == 2 and len(again) == 1
    with Session(engine) as session:
        assert session.scalars(select(Entry.guid_key).order_by(Entry.id)).all() == ["1", "2", "3"]
