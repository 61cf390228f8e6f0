"""The finding side of the service in one object: sync the feeds file, poll, detect, publish.

`gearwatch poll` runs it once; `gearwatch run` runs it on a schedule. It knows nothing of
Telegram: what it found is returned for the caller to print, send or put up for review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from alerts.feeds.config import load_feeds_file
from alerts.feeds.fetch import Fetcher
from alerts.incidents import CandidatePool, Outcome, StoredEntry, process_entries
from alerts.poller import FeedReport, Poller
from alerts.publishing import PublishPolicy
from db import feeds as feed_queries
from db.engine import serialize, transaction


@dataclass
class PollResult(Outcome):
    """A pass's feed reports, and the incidents it opened, merged, published or queued."""

    reports: list[FeedReport] = field(default_factory=list)


def sync_feeds_file(sessions: sessionmaker[Session], path: Path) -> feed_queries.SyncReport:
    """Make the database follow the feeds file (raises FeedsFileError with one line)."""
    definitions = load_feeds_file(path)
    with transaction(sessions) as session:
        serialize(session, "gearwatch:feeds-file")  # workers starting together take turns
        return feed_queries.sync_feeds(session, definitions)


class Pipeline:
    """Polls due feeds and turns what is new into incidents."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        fetcher: Fetcher,
        default_interval: timedelta,
        policy: PublishPolicy,
        clock: Callable[[], datetime],
    ) -> None:
        self._policy = policy
        self._candidates = CandidatePool()  # kept between the stored batches and passes
        self._poller = Poller(sessions, fetcher, default_interval, clock, self._on_new_entries)

    def _on_new_entries(
        self, session: Session, entries: list[StoredEntry], now: datetime
    ) -> Outcome:
        return process_entries(session, entries, now, self._policy, self._candidates)

    async def poll(self, every: bool = False) -> PollResult:
        """One pass over the due feeds (all enabled feeds with `every`)."""
        result = PollResult(reports=await self._poller.poll_due(every))
        for report in result.reports:
            if report.found is not None:
                result.absorb(report.found)
        return result
