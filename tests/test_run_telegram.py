"""`gearwatch run` with Telegram: advisories reach subscribers, through kill -9 and restarts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.delivery import CONCURRENT_SENDS
from db import chats, migrate
from db.engine import make_engine, make_sessionmaker, transaction
from db.models import Delivery
from tests.fakebot import FakeTelegram
from tests.feeds_fixtures import OAKLAND_CHOICE, OAKLAND_EN, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _environment(
    tmp_path: Path,
    feed_url: str,
    telegram: FakeTelegram,
    database_url: str,
    rate: int,
    **extra: str,
) -> dict[str, str]:
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(f'[[feed]]\nname = "KPIX"\nurl = "{feed_url}"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEARWATCH_")}
    env.update(
        GEARWATCH_DATABASE_URL=database_url,
        GEARWATCH_FEEDS_FILE=str(feeds_file),
        GEARWATCH_REVIEW="none",
        GEARWATCH_TELEGRAM_TOKEN=telegram.token,
        GEARWATCH_TELEGRAM_API_URL=telegram.base_url,
        GEARWATCH_SEND_RATE=str(rate),
        GEARWATCH_POLL_INTERVAL="10",
        GEARWATCH_LOG_LEVEL="DEBUG",
    )
    env.update(extra)
    return env


def _subscribe(database_url: str, telegram_ids: list[int]) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with transaction(make_sessionmaker(engine)) as session:
        for telegram_id in telegram_ids:
            chats.subscribe(
                session, chats.ensure_chat(session, telegram_id, "private", "en"), OAKLAND_CHOICE
            )
    engine.dispose()


def _start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    assert _stop_all([process]) == [0]


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> list[int]:
    """SIGTERM every process, then collect every exit code (a failed one stops no other)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    return [process.wait(timeout=30) for process in processes]


def _queued(database_url: str) -> int:
    engine = make_engine(database_url)
    with Session(engine) as session:
        count = session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == "queued")
        )
    engine.dispose()
    return count or 0


@pytest.fixture
def oakland_feed(feed_server: FeedServer) -> str:
    return feed_server.feed("/kpix.xml", rss([("oak", *OAKLAND_EN, NOW - timedelta(hours=1))]))


def test_subscribers_get_the_advisory_and_the_token_never_reaches_the_log(
    tmp_path: Path, fake_telegram: FakeTelegram, oakland_feed: str, sqlite_url: str
) -> None:
    users = [fake_telegram.add_user(f"U{n}") for n in range(3)]
    _subscribe(sqlite_url, [user.id for user in users])
    log = tmp_path / "run.log"
    process = _start(_environment(tmp_path, oakland_feed, fake_telegram, sqlite_url, 25), log)
    try:
        fake_telegram.wait_for_messages(3, timeout=60)
    finally:
        _stop(process)
    for user in users:
        [message] = fake_telegram.sent_messages(user.id)
        assert "Stolen agency gear reported in Oakland, CA" in message.text
    text = log.read_text()
    assert "sendMessage" in text or "HTTP Request" in text  # DEBUG really logged requests
    assert fake_telegram.token not in text
    assert fake_telegram.token.split(":")[1] not in text


def test_a_rejected_token_stops_with_one_line(
    tmp_path: Path, fake_telegram: FakeTelegram, oakland_feed: str, sqlite_url: str
) -> None:
    fake_telegram.revoke_token()
    env = _environment(tmp_path, oakland_feed, fake_telegram, sqlite_url, 25)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "gearwatch: Telegram rejected the bot token (401): check GEARWATCH_TELEGRAM_TOKEN"
    )
    assert fake_telegram.token not in result.stderr


def test_kill_9_mid_fan_out_loses_nothing(
    tmp_path: Path, fake_telegram: FakeTelegram, oakland_feed: str, sqlite_url: str
) -> None:
    fake_telegram.set_rate_limits(per_second=1000)
    users = [fake_telegram.add_user(f"U{n}") for n in range(120)]
    _subscribe(sqlite_url, [user.id for user in users])
    env = _environment(tmp_path, oakland_feed, fake_telegram, sqlite_url, rate=40)
    log = tmp_path / "run.log"
    first = _start(env, log)
    fake_telegram.wait_for_messages(30, timeout=60)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    sent_before_restart = len(fake_telegram.sent_messages())
    assert sent_before_restart < 120, "the kill came too late to test anything"
    assert _queued(sqlite_url) > 0

    second = _start(env, log)
    try:
        fake_telegram.wait_for(
            lambda: len({m.chat_id for m in fake_telegram.sent_messages()}) == 120,
            timeout=90,
            what="every chat served",
        )
    finally:
        _stop(second)
    per_chat = Counter(m.chat_id for m in fake_telegram.sent_messages())
    duplicates = sum(count - 1 for count in per_chat.values())
    assert set(per_chat) == {user.id for user in users}
    assert duplicates <= CONCURRENT_SENDS  # only messages in flight at the kill may go twice
    assert _queued(sqlite_url) == 0


def test_two_workers_on_postgresql_send_each_delivery_once(
    tmp_path: Path,
    fake_telegram: FakeTelegram,
    oakland_feed: str,
    postgres_url: str,
    feed_server: FeedServer,
) -> None:
    fake_telegram.set_rate_limits(per_second=1000)
    users = [fake_telegram.add_user(f"U{n}") for n in range(80)]
    _subscribe(postgres_url, [user.id for user in users])
    env = _environment(tmp_path, oakland_feed, fake_telegram, postgres_url, rate=20)
    log = tmp_path / "run.log"
    workers = [_start(env, log), _start(env, log, "--no-updates")]
    try:
        fake_telegram.wait_for(
            lambda: len(fake_telegram.sent_messages()) >= 80, timeout=90, what="every chat served"
        )
    finally:
        codes = _stop_all(workers)
    assert codes == [0, 0]
    per_chat = Counter(m.chat_id for m in fake_telegram.sent_messages())
    assert set(per_chat) == {user.id for user in users}
    assert max(per_chat.values()) == 1
    assert feed_server.count("/kpix.xml") <= 2  # claimed by one worker per poll
    assert len(fake_telegram.requests("getUpdates")) > 0


def test_an_incident_waiting_for_review_goes_out_once_an_admin_approves(
    tmp_path: Path, fake_telegram: FakeTelegram, oakland_feed: str, sqlite_url: str
) -> None:
    admin, resident = fake_telegram.add_user("Op"), fake_telegram.add_user("Ana")
    _subscribe(sqlite_url, [resident.id])
    env = _environment(
        tmp_path,
        oakland_feed,
        fake_telegram,
        sqlite_url,
        25,
        GEARWATCH_REVIEW="all",
        GEARWATCH_ADMIN_CHAT_IDS=str(admin.id),
    )
    process = _start(env, tmp_path / "run.log")
    try:
        [request] = fake_telegram.wait_for_messages(1, chat_id=admin.id, timeout=60)
        assert "Review needed" in request.text
        assert fake_telegram.sent_messages(resident.id) == []
        approve = next(data for data in request.callback_data if "approve" in data)
        fake_telegram.press_button(admin, request, data=approve)
        [advisory] = fake_telegram.wait_for_messages(1, chat_id=resident.id, timeout=60)
    finally:
        _stop(process)
    assert "Stolen agency gear reported in Oakland, CA" in advisory.text


def test_an_unreachable_bot_api_is_retried_until_it_answers(
    tmp_path: Path, fake_telegram: FakeTelegram, oakland_feed: str, sqlite_url: str
) -> None:
    resident = fake_telegram.add_user("Ana")
    _subscribe(sqlite_url, [resident.id])
    env = _environment(tmp_path, oakland_feed, fake_telegram, sqlite_url, 25)
    log = tmp_path / "run.log"
    fake_telegram.stop()  # the API is down when the service starts
    process = _start(env, log)
    try:
        deadline = time.monotonic() + 30
        while "Bot API unreachable" not in log.read_text():
            assert time.monotonic() < deadline, "no retry was logged"
            assert process.poll() is None, "the service gave up"
            time.sleep(0.1)
        fake_telegram.start()
        fake_telegram.wait_for_messages(1, chat_id=resident.id, timeout=60)
    finally:
        _stop(process)
