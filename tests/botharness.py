"""The real bot Application polling the fake Bot API, on a fresh SQLite database.

Test modules import the ``harness`` fixture from here::

    from tests.botharness import Harness, harness_fixture  # noqa: F401

``Harness.ask`` pushes a command (or text) as a user and waits, with a deadline, for the
bot's answers in that chat.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot.app import build_application
from bot.handlers.guard import SenderLimiter
from bot.resources import Resource
from bot.services import Services, open_services
from bot.settings import load_settings
from db.engine import transaction
from db.models import Chat as ChatRow
from db.models import Entry, Feed, Incident, IncidentSource, Subscription
from tests.fakebot import Chat, FakeTelegram, SentMessage, User

RESOURCES = [
    Resource("Oakland Rapid Response", phone="+1 555 010 0000", city="Oakland", state="CA"),
    Resource("Statewide <Legal> Aid", phone="+1 555 010 0001", state="CA"),
]


class ManualClock:
    """The sender limiter's clock: moves only when a test (or ``ask``) moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Harness:
    fake: FakeTelegram
    app: Application
    services: Services
    operator: User
    admin_chat: Chat
    clock: ManualClock
    _incident_count: int = field(default=0)

    async def ask(
        self,
        user: User | None,
        text: str,
        chat: Chat | int | None = None,
        expect: int = 1,
        *,
        anonymous: bool = False,
        timeout: float = 10.0,  # noqa: ASYNC109 - a deadline for waiting on the fake
    ) -> list[SentMessage]:
        """Send ``text`` (a command or plain text) and return the ``expect`` new answers."""
        chat_id = _chat_id(chat, user)
        before = len(self.fake.sent_messages(chat_id))
        self.clock.advance(10.0)  # a person, not a flood: the sender limit never trips here
        if anonymous:
            self.fake.push_anonymous_command(chat_id, text)
        elif text.startswith("/"):
            assert user is not None
            self.fake.push_command(user, text, chat)
        else:
            assert user is not None
            self.fake.push_text(user, text, chat)
        sent = await self.fake.wait_for_messages_async(before + expect, chat_id, timeout)
        return sent[before:]

    async def press(
        self, user: User, message: SentMessage, data: str, *, edits: int = 1
    ) -> dict[str, Any] | None:
        """Press a button and wait until the bot answered the query (and edited, if asked)."""
        answers = len(self.fake.callback_answers())
        done = len(self.fake.edits(message.chat_id))
        self.clock.advance(10.0)
        self.fake.press_button(user, message, data=data)
        await self.wait(lambda: len(self.fake.callback_answers()) > answers, "callback answer")
        if edits:
            await self.wait(lambda: len(self.fake.edits(message.chat_id)) >= done + edits, "edit")
        return self.fake.message(message.chat_id, message.message_id)

    async def wait(self, predicate: Any, what: str, timeout: float = 10.0) -> Any:  # noqa: ASYNC109
        import asyncio

        return await asyncio.to_thread(self.fake.wait_for, predicate, timeout, what)

    # database ------------------------------------------------------------------------------

    def chat_row(self, telegram_id: int) -> ChatRow | None:
        with self.services.sessions() as session:
            return session.scalar(select(ChatRow).where(ChatRow.telegram_id == telegram_id))

    def subscriptions(self, telegram_id: int) -> list[Subscription]:
        with self.services.sessions() as session:
            return list(
                session.scalars(
                    select(Subscription)
                    .join(ChatRow)
                    .where(ChatRow.telegram_id == telegram_id)
                    .order_by(Subscription.id)
                )
            )

    def add_incident(
        self,
        *,
        city: str | None = "Oakland",
        state: str | None = "CA",
        lat: float | None = 37.80437,
        lon: float | None = -122.2708,
        kind: str = "stolen_gear",
        status: str = "published",
        confidence: float = 0.9,
        outlet: str = "KPIX 5",
        link: str = "https://example.org/news/1",
        reported_at: datetime | None = None,
    ) -> int:
        """An incident with one source, as the pipeline would have stored it."""
        self._incident_count += 1
        n = self._incident_count
        when = reported_at or datetime.now(UTC) - timedelta(hours=n)
        with transaction(self.services.sessions) as session:
            feed = session.scalar(select(Feed).where(Feed.name == "Test feed"))
            if feed is None:
                feed = Feed(url="https://example.org/feed.xml", name="Test feed")
                session.add(feed)
                session.flush()
            entry = Entry(
                feed_id=feed.id,
                guid_key=f"guid-{n}",
                link=f"{link}?n={n}",
                canonical_link=f"{link}?n={n}",
                title="Agency vest stolen",
                outlet=outlet,
                published_at=when,
            )
            incident = Incident(
                kind=kind,
                status=status,
                title="Agency vest stolen",
                city=city,
                state=state,
                country="US",
                lat=lat,
                lon=lon,
                items=["vest", "jacket"],
                agencies=["HSI"],
                tactics=[],
                confidence=confidence,
                reported_at=when,
            )
            session.add_all([entry, incident])
            session.flush()
            session.add(IncidentSource(incident_id=incident.id, entry_id=entry.id))
            return incident.id


def _chat_id(chat: Chat | int | None, user: User | None) -> int:
    if chat is None:
        assert user is not None
        return user.id
    return chat.id if isinstance(chat, Chat) else chat


@pytest.fixture(name="harness")
async def harness_fixture(fake_telegram: FakeTelegram, sqlite_url: str) -> AsyncIterator[Harness]:
    """The bot running against the fake, with one operators' admin chat configured."""
    fake = fake_telegram
    # Replies to one person's quick commands would trip Telegram's per-chat burst; the bot's
    # answers are not what these tests measure.
    fake.set_rate_limits(per_second=1000, private_burst=1000, group_per_minute=10_000)
    operator = fake.add_user("Olga", language_code="en", username="olga_ops")
    admin_chat = fake.add_group("Operators", supergroup=True, creator=operator)
    settings = load_settings(
        telegram_token=fake.token,
        telegram_api_url=fake.base_url,
        database_url=sqlite_url,
        admin_chat_ids=str(admin_chat.id),
        operator_contact="@gearwatch_ops",
    )
    services = open_services(settings)
    clock = ManualClock()
    app = build_application(services, resources=RESOURCES, limiter=SenderLimiter(clock=clock))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield Harness(fake, app, services, operator, admin_chat, clock)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        services.close()
