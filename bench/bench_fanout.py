"""Fan-out benchmark (SPEC §11): find 10,000 subscribed chats, then send to them all.

Finding: the matching query for an incident with 10,000 subscriptions (city radius, state and
`all` mixed), median of several runs, beside the floor of a bare `SELECT` of the same rows.
Sending: the real sender through the fake Bot API with its rate limit on. Both limits are
raised together (the SPEC allows it: the ratio counts) so the run takes under a minute.

    python -m bench.bench_fanout [--chats 10000] [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from telegram import Bot
from telegram.request import HTTPXRequest

from alerts.publishing import PublishPolicy, publish
from bench.results import machine_line, write_section
from bot.delivery import Sender, database_composer
from bot.ratelimit import SendLimiter
from db import deliveries, migrate
from db.engine import make_engine, make_sessionmaker, transaction
from db.models import Chat, Delivery, Entry, Feed, Incident, IncidentSource, Subscription
from tests.fakebot import FakeTelegram

OAKLAND = (37.80437, -122.2708)
FIND_TARGET_MS = 100.0
RATE_TARGET = 0.95
HEADING = "## Fan-out and sending"


def seed(sessions: object, chats: int, telegram_ids: list[int]) -> None:
    """Chats around the Bay Area (city subscriptions), California (state) and `all`."""
    rng = random.Random(7)
    with transaction(sessions) as session:  # type: ignore[arg-type]
        rows = []
        for n, telegram_id in enumerate(telegram_ids[:chats]):
            kind = n % 10
            if kind < 7:
                lat = OAKLAND[0] + rng.uniform(-0.2, 0.2)
                lon = OAKLAND[1] + rng.uniform(-0.2, 0.2)
                sub = Subscription(
                    scope="city",
                    place_key=f"city:{n}",
                    label="c",
                    city="c",
                    state="CA",
                    country="US",
                    lat=lat,
                    lon=lon,
                    radius_km=50,
                )
            elif kind < 9:
                sub = Subscription(
                    scope="state", place_key="state:US:CA", label="CA", state="CA", country="US"
                )
            else:
                sub = Subscription(scope="all", place_key="all", label="all")
            rows.append(
                Chat(telegram_id=telegram_id, type="private", language="en", subscriptions=[sub])
            )
        session.add_all(rows)


def make_incident(session: Session) -> Incident:
    feed = Feed(url="https://kpix.test/rss", name="KPIX")
    entry = Entry(feed=feed, guid_key="1", title="t", outlet="KPIX 5", link="https://kpix.test/1")
    incident = Incident(
        kind="stolen_gear",
        status="pending",
        title="t",
        city="Oakland",
        state="CA",
        country="US",
        lat=OAKLAND[0],
        lon=OAKLAND[1],
        items=["vest"],
        agencies=["HSI"],
        tactics=[],
        confidence=0.9,
        reported_at=datetime.now(UTC),
        sources=[IncidentSource(entry=entry)],
    )
    session.add(incident)
    session.flush()
    return incident


def time_finding(sessions: object, runs: int) -> tuple[float, float, int]:
    """Median ms to find the chats, median ms of the floor query, chats found."""
    found, times, floors = 0, [], []
    with sessions() as session:  # type: ignore[operator]
        incident = make_incident(session)
        for _ in range(runs):
            started = time.perf_counter()
            found = len(deliveries.matching_chat_ids(session, incident))
            times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            session.execute(select(Subscription.chat_id)).all()
            floors.append((time.perf_counter() - started) * 1000)
        session.rollback()
    return statistics.median(times), statistics.median(floors), found


async def time_sending(sessions: object, fake: FakeTelegram, rate: float) -> dict[str, float]:
    with transaction(sessions) as session:  # type: ignore[arg-type]
        incident = make_incident(session)
        queued = publish(session, incident, PublishPolicy(review="none"), datetime.now(UTC))
    request = HTTPXRequest(connection_pool_size=32)
    async with Bot(fake.token, base_url=fake.base_url, request=request) as bot:
        sender = Sender(
            bot,
            sessions,
            database_composer(sessions),
            SendLimiter(rate),  # type: ignore[arg-type]
            lambda: datetime.now(UTC),
        )
        task = asyncio.create_task(sender.run())
        started = time.perf_counter()
        while _queued(sessions) and time.perf_counter() - started < 900:  # noqa: ASYNC110
            await asyncio.sleep(0.5)
        sender.stop()
        await task
    per_chat = Counter(m.chat_id for m in fake.sent_messages())
    return {
        "queued": queued,
        "sent": len(per_chat),
        "duplicates": sum(c - 1 for c in per_chat.values()),
        "rate": fake.achieved_rate(),
        "429s": fake.status_counts("sendMessage").get(429, 0),
    }


def _queued(sessions: object) -> bool:
    with sessions() as session:  # type: ignore[operator]
        return (
            session.scalar(select(Delivery.id).where(Delivery.status == "queued").limit(1))
            is not None
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0, help="send rate (msg/s)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as fake:
        fake.set_rate_limits(per_second=args.rate * 30 / 25)  # Telegram's 30 vs our 25
        users = [fake.add_user(f"u{n}").id for n in range(args.chats)]
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        seed(sessions, args.chats, users)
        find_ms, floor_ms, found = time_finding(sessions, args.runs)
        sending = asyncio.run(time_sending(sessions, fake, args.rate))
        engine.dispose()
    section = report(args, load, (find_ms, floor_ms, found), sending)
    print(section)
    if not args.no_write:
        write_section(HEADING, section)


def report(
    args: argparse.Namespace,
    load: float,
    finding: tuple[float, float, int],
    sending: dict[str, float],
) -> str:
    find_ms, floor_ms, found = finding
    share = sending["rate"] / args.rate
    return "\n".join(
        [
            HEADING,
            "",
            f"`python -m bench.bench_fanout --chats {args.chats} --rate {args.rate:g}` — one "
            f"incident in Oakland, {args.chats:,} private chats subscribed (70 % by city "
            "radius around it, 20 % to California, 10 % to everything), SQLite. Sending goes "
            "through the real sender to the fake Bot API with its limits on; the send rate "
            "and the fake's global limit are raised together "
            f"({args.rate:g} and {args.rate * 30 / 25:g} per second: Telegram's 30 against "
            "our default 25).",
            machine_line(load),
            "",
            "| what | measured | target | floor |",
            "|---|---|---|---|",
            f"| find the matching chats | {find_ms:.1f} ms (median of {args.runs}; "
            f"{found:,} found) | ≤ {FIND_TARGET_MS:.0f} ms "
            f"({'met' if find_ms <= FIND_TARGET_MS else 'MISSED'}) | {floor_ms:.1f} ms: a "
            "bare select of every subscription |",
            f"| achieved send rate | {sending['rate']:.1f}/s = {share:.1%} of "
            f"{args.rate:g}/s | ≥ {RATE_TARGET:.0%} "
            f"({'met' if share >= RATE_TARGET else 'MISSED'}) | {args.rate:g}/s configured |",
            f"| chats served / duplicates / 429 answers | {int(sending['sent']):,} of "
            f"{int(sending['queued']):,} / {int(sending['duplicates'])} / "
            f"{int(sending['429s'])} | all / 0 / no storm | |",
            "",
        ]
    )


if __name__ == "__main__":
    main()
