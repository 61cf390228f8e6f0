"""One polling pass: claim due feeds, fetch and parse them, store what is new, hand it on.

The fetcher and parser know nothing of the database and the queries know nothing of HTTP;
this module joins them. Database work runs in a worker thread so the event loop that drives
the fetches (and, in the service, the bot) never waits on it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from alerts.detection.core import EntryText
from alerts.feeds.fetch import FeedRequest, Fetcher, FetchStatus
from alerts.feeds.parse import ParsedEntry
from alerts.feeds.poll import PollOutcome, poll_cycle
from alerts.incidents import Outcome, StoredEntry
from alerts.schedule import ServerHints, after_error, after_success
from db import feeds as feed_queries
from db.engine import transaction
from db.models import Feed

log = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=5)
CLAIM_LIMIT = 2000
GUID_KEY_MAX = 512
WRITE_BATCH = 32  # feeds stored per transaction at most
WRITE_QUEUE = 64  # fetched feeds waiting for the writer at most

Clock = Callable[[], datetime]
# Called inside the transaction that stored the entries, so a crash cannot leave stored
# entries that were never looked at.
NewEntriesHook = Callable[[Session, list[StoredEntry], datetime], Outcome]


@dataclass(frozen=True)
class FeedReport:
    """One line of `gearwatch poll`'s table."""

    feed_id: int
    name: str
    outcome: str  # "new" | "not modified" | "error: <reason>"
    new_entries: int
    seconds: float
    found: Outcome | None = None  # what detection made of the new entries


@dataclass(frozen=True)
class _Claimed:
    id: int
    name: str
    interval: timedelta
    language: str | None
    region: str | None
    request: FeedRequest


class Poller:
    """Polls the feeds that are due, shared safely between workers through the database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        fetcher: Fetcher,
        default_interval: timedelta,
        clock: Clock,
        on_new_entries: NewEntriesHook | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._sessions = sessions
        self._fetcher = fetcher
        self._default_interval = default_interval
        self._clock = clock
        self._on_new_entries = on_new_entries
        self._rng = rng or random.Random()

    async def poll_due(self, every: bool = False) -> list[FeedReport]:
        """Poll the feeds due now (every enabled feed with `every`); one report per feed.

        Fetches run concurrently; one writer stores what they bring, several feeds per
        transaction, so the database sees a few sequential writes rather than dozens of
        contending ones. The bounded queue makes fetchers wait when storage falls behind.
        """
        claimed = await asyncio.to_thread(self._claim, every)
        if not claimed:
            return []
        by_url = {feed.request.url: feed for feed in claimed}
        queue: asyncio.Queue[PollOutcome | None] = asyncio.Queue(maxsize=WRITE_QUEUE)
        writer = asyncio.create_task(self._write(queue, by_url))
        try:
            await poll_cycle(self._fetcher, [feed.request for feed in claimed], queue.put)
        finally:
            await queue.put(None)
            reports = await writer
        order = {feed.id: index for index, feed in enumerate(claimed)}
        return sorted(reports, key=lambda report: order[report.feed_id])

    async def _write(
        self, queue: asyncio.Queue[PollOutcome | None], by_url: dict[str, _Claimed]
    ) -> list[FeedReport]:
        reports: list[FeedReport] = []
        finished = False
        while not finished:
            batch = [await queue.get()]
            while not queue.empty() and len(batch) < WRITE_BATCH:
                batch.append(queue.get_nowait())
            finished = batch[-1] is None
            items = [(by_url[o.request.url], o) for o in batch if o is not None]
            if items:
                reports += await asyncio.to_thread(self._store_batch, items)
        return reports

    def _store_batch(self, items: list[tuple[_Claimed, PollOutcome]]) -> list[FeedReport]:
        """Store several feeds in one transaction; if that fails, each feed on its own."""
        try:
            with transaction(self._sessions) as session:
                # one query for all, held here: the session's identity map keeps no object
                # alive, so a later `session.get` would query again for each
                feeds = feed_queries.load_feeds(session, [claimed.id for claimed, _ in items])
                by_id = {feed.id: feed for feed in feeds}
                return [
                    self._store(session, claimed, outcome, by_id.get(claimed.id))
                    for claimed, outcome in items
                ]
        except Exception:
            log.exception("storing %d feeds together failed; storing them one by one", len(items))
        return [self._store_alone(claimed, outcome) for claimed, outcome in items]

    def _store_alone(self, claimed: _Claimed, outcome: PollOutcome) -> FeedReport:
        try:
            with transaction(self._sessions) as session:
                return self._store(session, claimed, outcome, session.get(Feed, claimed.id))
        except Exception as error:  # its lease runs out and it is polled again
            log.exception("storing feed %s failed", claimed.id)
            return _report(claimed, f"error: storing failed: {type(error).__name__}", 0, outcome)

    def _claim(self, every: bool) -> list[_Claimed]:
        with transaction(self._sessions) as session:
            feeds = feed_queries.claim_due_feeds(
                session, self._clock(), CLAIM_LEASE, CLAIM_LIMIT, every
            )
            return [self._describe(feed) for feed in feeds]

    def _describe(self, feed: Feed) -> _Claimed:
        interval = timedelta(seconds=feed.interval) if feed.interval else self._default_interval
        request = FeedRequest(feed.url, feed.etag, feed.last_modified)
        return _Claimed(feed.id, feed.name, interval, feed.language, feed.region, request)

    def _store(
        self, session: Session, claimed: _Claimed, outcome: PollOutcome, feed: Feed | None
    ) -> FeedReport:
        now = self._clock()
        if feed is None:  # deleted while we fetched
            return FeedReport(claimed.id, claimed.name, "error: feed deleted", 0, 0.0)
        hints = _hints(outcome)
        if not outcome.ok:
            reason = outcome.error or "unknown error"
            nxt = after_error(now, claimed.interval, feed.error_count + 1, hints, self._rng)
            feed_queries.record_error(feed, now, nxt, reason)
            log.info("feed %s failed: %s", claimed.id, reason)
            return _report(claimed, f"error: {reason}", 0, outcome)
        nxt = after_success(now, claimed.interval, hints, self._rng)
        fetch = outcome.fetch
        feed_queries.record_success(feed, now, nxt, fetch.etag, fetch.last_modified)
        if fetch.status is FetchStatus.NOT_MODIFIED or outcome.feed is None:
            return _report(claimed, "not modified", 0, outcome)
        rows = [_entry_row(claimed, entry, now) for entry in outcome.feed.entries]
        stored = feed_queries.store_entries(session, rows)
        new = _stored_entries(claimed, rows, stored)
        found = None
        if new and self._on_new_entries is not None:
            found = self._on_new_entries(session, new, now)
        text = "new" if new else "no new entries"
        return replace(_report(claimed, text, len(new), outcome), found=found)


def _stored_entries(
    claimed: _Claimed, rows: list[dict[str, Any]], stored: dict[feed_queries.StoredKey, int]
) -> list[StoredEntry]:
    """The rows really inserted, with their ids; a row repeated in one document once."""
    out: list[StoredEntry] = []
    for row in rows:
        entry_id = stored.pop(feed_queries.stored_key(row), None)
        if entry_id is None:
            continue  # known already, or a repeat
        text = EntryText(
            row["title"], row["summary"], claimed.language, claimed.region, row["published_at"]
        )
        out.append(StoredEntry(entry_id, text, row["fetched_at"]))
    return out


def _report(claimed: _Claimed, outcome_text: str, new: int, outcome: PollOutcome) -> FeedReport:
    return FeedReport(claimed.id, claimed.name, outcome_text, new, outcome.elapsed)


def _hints(outcome: PollOutcome) -> ServerHints:
    fetch = outcome.fetch
    ttl = outcome.feed.ttl if outcome.feed is not None else None
    return ServerHints(
        retry_after=timedelta(seconds=fetch.retry_after) if fetch.retry_after else None,
        max_age=timedelta(seconds=fetch.max_age) if fetch.max_age else None,
        ttl=timedelta(minutes=ttl) if ttl else None,
    )


def _entry_row(claimed: _Claimed, entry: ParsedEntry, now: datetime) -> dict[str, Any]:
    key = entry.key
    if len(key) > GUID_KEY_MAX:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    link = entry.link or None
    if link is not None and len(link) > 2048:
        link = None
    return {
        "feed_id": claimed.id,
        "guid_key": key,
        "link": link,
        "canonical_link": link,
        "title": entry.title_raw,
        "summary": entry.summary_text,
        "outlet": entry.outlet,
        "language": claimed.language,
        "published_at": entry.published,
        "fetched_at": now,
    }
