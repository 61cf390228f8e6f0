"""A feed failing for a day is announced to the admin chats once, in their language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from telegram import Bot

from bot.feed_alerts import alert_failing_feeds
from db import chats
from db.engine import make_sessionmaker, transaction
from db.models import Feed
from tests.fakebot import FakeTelegram

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _feeds(engine: Engine) -> None:
    with transaction(make_sessionmaker(engine)) as session:
        session.add_all(
            [
                Feed(
                    url="https://a.test/rss",
                    name="Down <since> Monday",
                    error_count=30,
                    last_error="HTTP 503",
                    failing_since=NOW - timedelta(hours=26),
                ),
                Feed(
                    url="https://b.test/rss",
                    name="Briefly down",
                    error_count=2,
                    last_error="timed out",
                    failing_since=NOW - timedelta(hours=3),
                ),
                Feed(url="https://c.test/rss", name="Fine"),
            ]
        )


async def test_each_failure_is_announced_once(engine: Engine, fake_telegram: FakeTelegram) -> None:
    admin, colega = fake_telegram.add_user("Op"), fake_telegram.add_user("Colega")
    _feeds(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        chats.ensure_chat(session, colega.id, "private", "es")
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        assert await alert_failing_feeds(bot, sessions, [admin.id, colega.id], NOW) == 2
        assert await alert_failing_feeds(bot, sessions, [admin.id, colega.id], NOW) == 0
    [english] = fake_telegram.sent_messages(admin.id)
    assert "Down &lt;since&gt; Monday" in english.text and "26 hours" in english.text
    assert "HTTP 503" in english.text
    [spanish] = fake_telegram.sent_messages(colega.id)
    assert "lleva 26 horas fallando" in spanish.text
