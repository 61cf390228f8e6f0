"""Feed and entry queries: the file sync, claiming due feeds, recording fetches, storing entries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import Entry, Feed
from db.queries import NotFoundError


class FeedDefinition(Protocol):
    """A feed as the feeds file describes it."""

    url: str
    name: str
    interval: int | None
    language: str | None
    region: str | None
    enabled: bool


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    disabled: int


def sync_feeds(session: Session, definitions: Sequence[FeedDefinition]) -> SyncReport:
    """Make the database follow the feeds file.

    Feeds in the file are added or updated; feeds that came from the file and left it are
    disabled. Feeds added from the CLI are left alone, and a feed an operator removed stays
    disabled even while the file still lists it.
    """
    existing = {feed.url: feed for feed in session.scalars(select(Feed))}
    added = updated = disabled = 0
    for definition in definitions:
        feed = existing.get(definition.url)
        if feed is None:
            session.add(_new_feed(definition))
            added += 1
        elif feed.origin == "file" and _apply(feed, definition):
            updated += 1
    listed = {definition.url for definition in definitions}
    for feed in existing.values():
        if feed.origin == "file" and feed.url not in listed and feed.enabled:
            feed.enabled = False
            disabled += 1
    session.flush()
    return SyncReport(added=added, updated=updated, disabled=disabled)


def _new_feed(definition: FeedDefinition) -> Feed:
    feed = Feed(url=definition.url, origin="file", removed=False)
    _apply(feed, definition)
    return feed


def _apply(feed: Feed, definition: FeedDefinition) -> bool:
    """Copy the file's fields onto the feed; True when anything changed."""
    wanted: dict[str, Any] = {
        "name": definition.name,
        "interval": definition.interval,
        "language": definition.language,
        "region": definition.region,
        "enabled": definition.enabled and not feed.removed,
    }
    changed = False
    for field, value in wanted.items():
        if getattr(feed, field) != value:
            setattr(feed, field, value)
            changed = True
    return changed


def list_feeds(session: Session) -> list[Feed]:
    return list(session.scalars(select(Feed).order_by(Feed.id)))


def load_feeds(session: Session, feed_ids: Sequence[int]) -> list[Feed]:
    """Read several feeds in one query (hold on to them: the session keeps them only as long
    as something else does)."""
    return list(session.scalars(select(Feed).where(Feed.id.in_(feed_ids))))


def add_feed(session: Session, url: str, name: str, region: str | None, now: datetime) -> Feed:
    """Add a feed from the CLI, or re-enable one an operator removed (its history is kept)."""
    feed = session.scalar(select(Feed).where(Feed.url == url))
    if feed is None:
        feed = Feed(url=url, name=name, region=region, origin="cli")
        session.add(feed)
    else:
        feed.name, feed.region, feed.origin = name, region or feed.region, "cli"
        feed.enabled, feed.removed = True, False
    feed.next_fetch_at = now
    session.flush()
    return feed


def remove_feed(session: Session, feed_id: int) -> Feed:
    """Disable a feed for good: the file sync will not re-enable it; entries are kept."""
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFoundError(f"no feed with id {feed_id}")
    feed.enabled, feed.removed = False, True
    return feed


def claim_due_feeds(
    session: Session, now: datetime, lease: timedelta, limit: int, every: bool = False
) -> list[Feed]:
    """Take the feeds due for a poll, pushing their next poll past the lease.

    On PostgreSQL the rows are locked with SKIP LOCKED, so concurrent workers claim disjoint
    feeds; once this transaction commits the lease keeps them away until the fetch is recorded.
    """
    query = select(Feed).where(Feed.enabled)
    if not every:
        query = query.where(or_(Feed.next_fetch_at.is_(None), Feed.next_fetch_at <= now))
    query = (
        query.order_by(Feed.next_fetch_at.asc().nulls_first(), Feed.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    feeds = list(session.scalars(query))
    for feed in feeds:
        feed.next_fetch_at = now + lease
    session.flush()
    return feeds


def record_success(
    feed: Feed,
    now: datetime,
    next_fetch_at: datetime,
    etag: str | None,
    last_modified: str | None,
) -> None:
    feed.last_fetch_at = feed.last_success_at = now
    feed.next_fetch_at = next_fetch_at
    feed.etag, feed.last_modified = etag, last_modified
    feed.error_count, feed.last_error = 0, None
    feed.failing_since = feed.failure_reported_at = None


def record_error(feed: Feed, now: datetime, next_fetch_at: datetime, reason: str) -> None:
    feed.last_fetch_at = now
    feed.next_fetch_at = next_fetch_at
    feed.error_count += 1
    feed.last_error = reason[:500]
    if feed.failing_since is None:
        feed.failing_since = now


StoredKey = tuple[int, str, str | None]  # feed id, guid key, canonical link


def stored_key(row: Mapping[str, Any]) -> StoredKey:
    """What tells a row apart among those inserted together: a document may repeat a guid
    with another link, and then only one of the two is stored."""
    return (row["feed_id"], row["guid_key"], row.get("canonical_link"))


def store_entries(session: Session, rows: Iterable[Mapping[str, Any]]) -> dict[StoredKey, int]:
    """Insert entries, skipping any already stored (same feed and guid, or same link).

    Returns the ids of the rows really inserted, by ``stored_key``, so only new entries go
    on to detection.
    One executemany through the Core table: the ORM's per-value coercion cost more than the
    database did for a busy feed.
    """
    values = list(rows)
    if not values:
        return {}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = Entry.__table__
    statement = (
        insert(table)
        .on_conflict_do_nothing()
        .returning(table.c.id, table.c.feed_id, table.c.guid_key, table.c.canonical_link)
    )
    result = session.connection().execute(statement, values)
    return {(feed, guid, link): entry_id for entry_id, feed, guid, link in result}


def claim_failure_reports(session: Session, failing_before: datetime, now: datetime) -> list[Feed]:
    """Enabled feeds failing since before `failing_before` that operators were not told of.

    They are marked as reported in the same (locking) transaction, so with several workers
    each failure is announced once.
    """
    feeds = list(
        session.scalars(
            select(Feed)
            .where(
                Feed.enabled,
                Feed.failing_since <= failing_before,
                Feed.failure_reported_at.is_(None),
            )
            .order_by(Feed.id)
            .with_for_update(skip_locked=True)
        )
    )
    for feed in feeds:
        feed.failure_reported_at = now
    session.flush()
    return feeds
