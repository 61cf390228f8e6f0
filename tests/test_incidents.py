"""Filing reports into incidents across transactions and workers, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from alerts.detection.core import EntryText
from alerts.incidents import CandidatePool, Outcome, StoredEntry, process_entries
from alerts.publishing import PublishPolicy
from db.engine import make_sessionmaker, transaction
from db.models import Entry, Feed, Incident
from tests.feeds_fixtures import ANAHEIM_EN, ICE_OPERATION, OAKLAND_EN, OAKLAND_ES

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
SAN_JOSE_EN = (
    "Man in vest marked ICE robs worker in San Jose",
    "SAN JOSE, Calif. — A man wearing a vest marked ICE stopped a worker outside a taqueria "
    "and took his wallet, police said.",
)
POLICY = PublishPolicy(review="none")


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        session.add(Feed(url="https://news.test/feed.xml", name="News"))
    return factory


def _file(
    sessions: sessionmaker[Session],
    report: tuple[str, str],
    pool: CandidatePool,
    hours_ago: int = 1,
) -> Outcome:
    """Store one entry and file it, in a transaction of its own, as the poller does."""
    with transaction(sessions) as session:
        return process_entries(session, [_stored(session, report, hours_ago)], NOW, POLICY, pool)


def _stored(session: Session, report: tuple[str, str], hours_ago: int) -> StoredEntry:
    title, summary = report
    published = NOW - timedelta(hours=hours_ago)
    feed = session.scalars(select(Feed)).one()
    entry = Entry(feed_id=feed.id, guid_key=f"{title}-{hours_ago}", title=title,
                  summary=summary, published_at=published, fetched_at=NOW)  # fmt: skip
    session.add(entry)
    session.flush()
    return StoredEntry(entry.id, EntryText(title, summary, published=published), NOW)


def _incidents(sessions: sessionmaker[Session]) -> dict[str | None, int]:
    """Each incident's city with its number of sources."""
    with sessions() as session:
        return {i.city: len(i.sources) for i in session.scalars(select(Incident))}


def test_a_later_transaction_merges_into_an_incident_filed_earlier(
    sessions: sessionmaker[Session],
) -> None:
    pool = CandidatePool()
    first = _file(sessions, OAKLAND_EN, pool, hours_ago=5)
    second = _file(sessions, OAKLAND_ES, pool, hours_ago=3)
    assert len(first.created) == 1 and second.merged == first.created
    assert _incidents(sessions) == {"Oakland": 2}


def test_an_incident_another_worker_filed_is_merged_into_not_opened_again(
    sessions: sessionmaker[Session],
) -> None:
    ours, theirs = CandidatePool(), CandidatePool()
    _file(sessions, ANAHEIM_EN, ours)  # ours now holds the incidents it has read
    opened = _file(sessions, OAKLAND_EN, theirs, hours_ago=5).created
    merged = _file(sessions, OAKLAND_ES, ours, hours_ago=3).merged
    assert merged == opened
    assert _incidents(sessions) == {"Anaheim": 1, "Oakland": 2}


def test_a_filing_that_fails_midway_leaves_no_trace_in_the_pool(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    """The database fails after a report opened an incident, before the transaction
    ends. The rolled-back incident must not linger: on SQLite its id is given to the next
    incident, and the pool must neither confuse the two nor trip over them later."""
    pool = CandidatePool()
    _file(sessions, ANAHEIM_EN, pool, hours_ago=2)
    failing = [True]

    def fail_once(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if failing[0] and "FROM subscriptions" in statement:  # publishing the new incident
            failing[0] = False
            raise OSError("connection lost")

    event.listen(engine, "before_cursor_execute", fail_once)
    try:
        with pytest.raises(OSError, match="connection lost"):
            _file(sessions, OAKLAND_EN, pool, hours_ago=5)
    finally:
        event.remove(engine, "before_cursor_execute", fail_once)
    assert not failing[0], "the failure was not reached"
    _file(sessions, SAN_JOSE_EN, pool, hours_ago=1)  # takes the rolled-back id on SQLite
    _file(sessions, ANAHEIM_EN, pool, hours_ago=-40 * 24)  # far later: old ones let go
    again = _file(sessions, OAKLAND_ES, pool, hours_ago=3)
    assert len(again.created) == 1 and not again.merged
    with sessions() as session:
        cities = sorted(i.city or "" for i in session.scalars(select(Incident)))
    assert cities == ["Anaheim", "Anaheim", "Oakland", "San Jose"]


def test_every_entry_keeps_its_classification_for_reviewers(
    sessions: sessionmaker[Session],
) -> None:
    pool = CandidatePool()
    with transaction(sessions) as session:
        entries = [_stored(session, OAKLAND_EN, 5), _stored(session, ICE_OPERATION, 4)]
        process_entries(session, entries, NOW, POLICY, pool)
    with sessions() as session:
        stored = {e.title: e for e in session.scalars(select(Entry))}
    report, other = stored[OAKLAND_EN[0]], stored[ICE_OPERATION[0]]
    assert report.kind == "stolen_gear" and report.confidence and report.evidence
    assert any(cue.startswith(("theft:", "break-in:")) for cue in report.evidence)
    assert other.kind is None and other.evidence is None
    with sessions() as session:  # SQL NULL, not a JSON null: "no evidence" reads the same
        unset = session.scalars(select(Entry.title).where(Entry.evidence.is_(None))).all()
    assert unset == [ICE_OPERATION[0]]
    assert report.classified_at == other.classified_at == NOW


def test_a_late_report_of_an_old_incident_still_finds_it(sessions: sessionmaker[Session]) -> None:
    """The pool lets go of incidents far older than what it is asked about, and reads them
    again when a late report of one arrives."""
    pool = CandidatePool()
    old = _file(sessions, OAKLAND_EN, pool, hours_ago=60 * 24).created
    _file(sessions, ANAHEIM_EN, pool, hours_ago=1)
    late = _file(sessions, OAKLAND_ES, pool, hours_ago=60 * 24 - 3)
    assert late.merged == old
    assert _incidents(sessions) == {"Oakland": 2, "Anaheim": 1}
