"""The sender against the fake Bot API: limits, Telegram's errors, and every outcome recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from telegram import Bot

from bot.delivery import Sender, database_composer, set_paused
from bot.ratelimit import SendLimiter
from db import deliveries
from db.engine import make_sessionmaker, transaction
from db.models import Chat, Delivery, Entry, Feed, Incident, IncidentSource
from tests.fakebot import FakeTelegram

NOW = datetime.now(UTC)


@pytest.fixture
def telegram(fake_telegram: FakeTelegram) -> FakeTelegram:
    return fake_telegram


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(telegram.token, base_url=telegram.base_url) as bot:
        yield bot


def _seed(engine: Engine, chats: list[tuple[int, str, str]]) -> None:
    """One published Oakland incident queued for each (telegram id, type, language) chat."""
    with transaction(make_sessionmaker(engine)) as session:
        feed = Feed(url="https://kpix.test/rss", name="KPIX")
        entry = Entry(
            feed=feed, guid_key="1", title="t", outlet="KPIX 5", link="https://kpix.test/1"
        )
        incident = Incident(
            kind="stolen_gear",
            status="published",
            title="t",
            city="Oakland",
            state="CA",
            country="US",
            lat=37.8,
            lon=-122.27,
            items=["vest"],
            agencies=["HSI"],
            tactics=[],
            confidence=0.9,
            reported_at=NOW,
            sources=[IncidentSource(entry=entry)],
        )
        rows = [Chat(telegram_id=tid, type=kind, language=lang) for tid, kind, lang in chats]
        session.add_all([incident, *rows])
        session.flush()
        deliveries.queue_deliveries(session, incident.id, [c.id for c in rows], NOW)


def _sender(engine: Engine, bot: Bot, rate: float = 30.0) -> Sender:
    sessions = make_sessionmaker(engine)
    return Sender(
        bot,
        sessions,
        database_composer(sessions),
        SendLimiter(rate),
        clock=lambda: datetime.now(UTC),
    )


async def _run_until_settled(sender: Sender, engine: Engine, deadline: float = 15.0) -> None:
    """Run the sender until no delivery is queued any more (or fail at the deadline)."""
    task = asyncio.create_task(sender.run())
    try:
        async with asyncio.timeout(deadline):
            while _statuses(engine).count("queued"):  # noqa: ASYNC110 - state is in the database
                await asyncio.sleep(0.05)
    finally:
        sender.stop()
        await task


def _statuses(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Delivery.status).order_by(Delivery.id)))


def _delivery(engine: Engine, telegram_id: int) -> Delivery:
    with Session(engine) as session:
        return session.scalars(
            select(Delivery).join(Chat).where(Chat.telegram_id == telegram_id)
        ).one()


async def test_each_chat_gets_one_message_in_its_language(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana, luis = telegram.add_user("Ana"), telegram.add_user("Luis", language_code="es")
    group = telegram.add_group("Vecinos", creator=ana)
    _seed(
        engine, [(ana.id, "private", "en"), (luis.id, "private", "es"), (group.id, "group", "es")]
    )
    await _run_until_settled(_sender(engine, bot), engine)
    assert _statuses(engine) == ["sent", "sent", "sent"]
    assert "Stolen agency gear reported in Oakland, CA" in telegram.sent_messages(ana.id)[0].text
    assert "Oakland, CA" in telegram.sent_messages(luis.id)[0].text
    assert "Reported by" not in telegram.sent_messages(group.id)[0].text
    assert len(telegram.sent_messages()) == 3
    sent = _delivery(engine, ana.id)
    assert sent.message_id == telegram.sent_messages(ana.id)[0].message_id


async def test_flood_limit_waits_and_sends_the_same_message(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana = telegram.add_user("Ana")
    _seed(engine, [(ana.id, "private", "en")])
    telegram.inject_flood(retry_after=1, chat_id=ana.id)
    await _run_until_settled(_sender(engine, bot), engine)
    assert len(telegram.sent_messages(ana.id)) == 1
    delivery = _delivery(engine, ana.id)
    assert delivery.status == "sent" and delivery.last_error == "429: retry after 1s"


async def test_blocked_chat_is_deactivated_and_its_delivery_dropped(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana, bea = telegram.add_user("Ana"), telegram.add_user("Bea")
    telegram.block_bot(bea)
    _seed(engine, [(ana.id, "private", "en"), (bea.id, "private", "en")])
    await _run_until_settled(_sender(engine, bot), engine)
    assert _delivery(engine, bea.id).status == "dropped"
    assert "blocked" in (_delivery(engine, bea.id).last_error or "")
    with Session(engine) as session:
        chat = session.scalars(select(Chat).where(Chat.telegram_id == bea.id)).one()
        assert not chat.active
    assert len(telegram.sent_messages(ana.id)) == 1


async def test_migrated_group_gets_the_message_at_its_new_id(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana = telegram.add_user("Ana")
    group = telegram.add_group("Vecinos", creator=ana)
    _seed(engine, [(group.id, "group", "en")])
    supergroup = telegram.migrate_to_supergroup(group)
    await _run_until_settled(_sender(engine, bot), engine)
    assert len(telegram.sent_messages(supergroup.id)) == 1
    assert _delivery(engine, supergroup.id).status == "sent"


async def test_unparseable_html_is_sent_again_as_plain_text(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana = telegram.add_user("Ana")
    _seed(engine, [(ana.id, "private", "en")])
    telegram.inject_cant_parse(chat_id=ana.id)
    await _run_until_settled(_sender(engine, bot), engine)
    [message] = telegram.sent_messages(ana.id)
    assert message.parse_mode is None and "https://kpix.test/1" in message.text
    assert _delivery(engine, ana.id).plain_text


async def test_server_errors_are_retried_with_backoff_not_dropped(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana = telegram.add_user("Ana")
    _seed(engine, [(ana.id, "private", "en")])
    telegram.inject_server_error(count=2, chat_id=ana.id)
    await _run_until_settled(_sender(engine, bot), engine, deadline=20)
    assert len(telegram.sent_messages(ana.id)) == 1
    delivery = _delivery(engine, ana.id)
    assert delivery.status == "sent" and delivery.attempts == 3


async def test_paused_sending_holds_the_queue(
    engine: Engine, telegram: FakeTelegram, bot: Bot
) -> None:
    ana = telegram.add_user("Ana")
    _seed(engine, [(ana.id, "private", "en")])
    with transaction(make_sessionmaker(engine)) as session:
        set_paused(session, True)
    assert await _sender(engine, bot).drain_once() is False
    assert _statuses(engine) == ["queued"]
