"""Feeds to incidents to queued deliveries, over real HTTP and a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from alerts.feeds.config import FeedSpec
from alerts.feeds.fetch import Fetcher, FetchLimits
from alerts.pipeline import Pipeline
from alerts.publishing import PublishPolicy
from db import chats
from db import feeds as feed_queries
from db.engine import make_sessionmaker, transaction
from db.models import Delivery, Entry, Incident
from tests.feeds_fixtures import (
    ANAHEIM_EN,
    ICE_OPERATION,
    OAKLAND_CHOICE,
    OAKLAND_EN,
    OAKLAND_ES,
    rss,
)
from tests.feedserver import FeedServer

NOW = datetime.now(UTC).replace(microsecond=0)
LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_timeout=5)


def _setup(engine: Engine, server: FeedServer) -> None:
    english = server.feed(
        "/en.xml",
        rss(
            [
                ("oak-1", *OAKLAND_EN, NOW - timedelta(hours=5)),
                ("ice-1", *ICE_OPERATION, NOW - timedelta(hours=4)),
                ("ana-old", *ANAHEIM_EN, NOW - timedelta(days=10)),
            ]
        ),
        etag='"v1"',
    )
    spanish = server.feed(
        "/es.xml", rss([("oak-es", *OAKLAND_ES, NOW - timedelta(hours=3))]), etag='"v1"'
    )
    with transaction(make_sessionmaker(engine)) as session:
        feed_queries.sync_feeds(
            session,
            [
                FeedSpec(english, "KPIX", language="en"),
                FeedSpec(spanish, "Telemundo", language="es"),
            ],
        )
        for telegram_id, choice in ((1, OAKLAND_CHOICE), (2, _state("NY"))):
            chat = chats.ensure_chat(session, telegram_id, "private", "en")
            chats.subscribe(session, chat, choice)


def _state(code: str) -> chats.PlaceChoice:
    return chats.PlaceChoice(
        scope="state", place_key=f"state:US:{code}", label=code, state=code, country="US"
    )


def _pipeline(engine: Engine, fetcher: Fetcher, policy: PublishPolicy) -> Pipeline:
    return Pipeline(
        make_sessionmaker(engine), fetcher, timedelta(minutes=10), policy, lambda: datetime.now(UTC)
    )


async def test_reports_become_one_incident_each_and_fresh_ones_are_queued(
    engine: Engine, feed_server: FeedServer
) -> None:
    _setup(engine, feed_server)
    async with Fetcher(limits=LIMITS) as fetcher:
        pipeline = _pipeline(engine, fetcher, PublishPolicy(review="none"))
        first = await pipeline.poll()
        second = await pipeline.poll(every=True)

    assert [r.outcome for r in first.reports] == ["new", "new"]
    assert sum(r.new_entries for r in first.reports) == 4
    assert [r.outcome for r in second.reports] == ["not modified", "not modified"]
    assert len(first.created) == 2 and first.deliveries == 1

    with Session(engine) as session:
        incidents = {i.city: i for i in session.scalars(select(Incident))}
        assert set(incidents) == {"Oakland", "Anaheim"}
        oakland = incidents["Oakland"]
        assert oakland.kind == "stolen_gear" and oakland.status == "published"
        assert len(oakland.sources) == 2  # the English and the Spanish report
        assert oakland.reported_at == NOW - timedelta(hours=5)
        assert incidents["Anaheim"].kind == "impersonation"
        # the 10-day-old report is history: stored, published, never sent
        assert session.scalar(select(func.count()).select_from(Delivery)) == 1
        unclassified = session.scalar(
            select(func.count()).select_from(Entry).where(Entry.classified_at.is_(None))
        )
        assert unclassified == 0


async def test_uncertain_incidents_wait_for_review(engine: Engine, feed_server: FeedServer) -> None:
    _setup(engine, feed_server)
    async with Fetcher(limits=LIMITS) as fetcher:
        pipeline = _pipeline(engine, fetcher, PublishPolicy(review="all"))
        result = await pipeline.poll()
    assert len(result.pending) == 2 and result.deliveries == 0
    with Session(engine) as session:
        statuses = set(session.scalars(select(Incident.status)))
    assert statuses == {"pending"}


async def test_a_failing_feed_does_not_stop_the_others(
    engine: Engine, feed_server: FeedServer
) -> None:
    good = feed_server.feed("/good.xml", rss([("oak-1", *OAKLAND_EN, NOW)]))
    with transaction(make_sessionmaker(engine)) as session:
        feed_queries.sync_feeds(
            session,
            [
                FeedSpec(feed_server.url("/missing.xml"), "Broken"),
                FeedSpec(good, "Good"),
            ],
        )
    async with Fetcher(limits=LIMITS) as fetcher:
        pipeline = _pipeline(engine, fetcher, PublishPolicy())
        result = await pipeline.poll()
    outcomes = {r.name: r.outcome for r in result.reports}
    assert outcomes["Good"] == "new"
    assert outcomes["Broken"].startswith("error: ") and "404" in outcomes["Broken"]
    with Session(engine) as session:
        broken = {f.name: f for f in feed_queries.list_feeds(session)}["Broken"]
        assert broken.error_count == 1 and broken.last_error and "404" in broken.last_error


async def test_a_stored_batch_reads_its_feeds_in_one_query(
    engine: Engine, feed_server: FeedServer
) -> None:
    """Feeds are read together for each stored batch, never one query per feed: with a
    thousand feeds, that was most of a cycle of 304s."""
    urls = [
        feed_server.feed(f"/{n}.xml", rss([(f"g{n}", *OAKLAND_EN, NOW)]), etag=f'"v{n}"')
        for n in range(6)
    ]
    with transaction(make_sessionmaker(engine)) as session:
        feed_queries.sync_feeds(session, [FeedSpec(url, f"Feed {n}") for n, url in enumerate(urls)])
    by_key: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "FROM feeds" in statement and "feeds.id = " in statement:
            by_key.append(statement)

    async with Fetcher(limits=LIMITS) as fetcher:
        pipeline = _pipeline(engine, fetcher, PublishPolicy())
        event.listen(engine, "before_cursor_execute", record)
        try:
            first = await pipeline.poll()
            second = await pipeline.poll(every=True)
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert {r.outcome for r in first.reports} == {"new"}
    assert {r.outcome for r in second.reports} == {"not modified"}
    assert by_key == []


async def test_a_guid_repeated_with_another_link_is_read_as_its_own_text(
    engine: Engine, feed_server: FeedServer
) -> None:
    """A document repeats a guid: its first item's link is already stored (from another
    feed), so only the second item is stored. It must be classified on its own text."""
    known = feed_server.feed("/known.xml", rss([("op", *ICE_OPERATION, NOW)]))
    item = (
        "<item><guid>dup</guid><title>{}</title><link>https://news.test/{}</link>"
        "<description>{}</description><pubDate>{}</pubDate></item>"
    )
    when = format_datetime(NOW - timedelta(hours=2))
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Mixed</title>'
        "<link>https://news.test/</link>"
        + item.format(escape(ICE_OPERATION[0]), "op", escape(ICE_OPERATION[1]), when)
        + item.format(escape(OAKLAND_EN[0]), "oak", escape(OAKLAND_EN[1]), when)
        + "</channel></rss>"
    ).encode()
    mixed = feed_server.feed("/mixed.xml", body)
    with transaction(make_sessionmaker(engine)) as session:
        feed_queries.sync_feeds(session, [FeedSpec(known, "Known")])
    async with Fetcher(limits=LIMITS) as fetcher:
        pipeline = _pipeline(engine, fetcher, PublishPolicy(review="none"))
        await pipeline.poll()
        with transaction(make_sessionmaker(engine)) as session:
            feed_queries.sync_feeds(session, [FeedSpec(known, "Known"), FeedSpec(mixed, "Mixed")])
        result = await pipeline.poll()
    assert [r.new_entries for r in result.reports if r.name == "Mixed"] == [1]
    with Session(engine) as session:
        oakland = session.scalars(select(Entry).where(Entry.title == OAKLAND_EN[0])).one()
        assert oakland.kind == "stolen_gear"
        assert {i.city for i in session.scalars(select(Incident))} == {"Oakland"}
