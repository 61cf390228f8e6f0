"""`gearwatch poll` and `gearwatch run` as operators run them: real processes, real HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.feeds_fixtures import ANAHEIM_EN, OAKLAND_EN, rss
from tests.feedserver import FeedServer

NOW = datetime.now(UTC)


def _env(tmp_path: Path, feeds: list[tuple[str, str]], **extra: str) -> dict[str, str]:
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(
        "".join(f'[[feed]]\nname = "{name}"\nurl = "{url}"\n\n' for name, url in feeds)
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEARWATCH_")}
    env.update(
        GEARWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'gw.db'}",
        GEARWATCH_FEEDS_FILE=str(feeds_file),
        GEARWATCH_REVIEW="none",
        **extra,
    )
    return env


def _gearwatch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=60,
    )


def test_poll_prints_a_table_and_stores_incidents(tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/a.xml", rss([("oak", *OAKLAND_EN, NOW - timedelta(hours=1))]))
    env = _env(tmp_path, [("KPIX", url), ("Gone", feed_server.url("/404.xml"))])
    result = _gearwatch(env, "poll", "--once")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "feed", "outcome", "new", "seconds"]
    assert any("KPIX" in line and " new " in line for line in lines)
    assert any("Gone" in line and "error: HTTP 404" in line for line in lines)
    assert "1 new incidents" in lines[-1]
    [incident] = json.loads(_gearwatch(env, "incidents", "--json").stdout)
    assert incident["city"] == "Oakland" and incident["sources"][0]["feed"] == "KPIX"
    listing = _gearwatch(env, "feeds", "list").stdout
    assert "HTTP 404" in listing
    again = _gearwatch(env, "poll")
    assert "0 new entries" in again.stdout  # nothing due yet


def test_feed_publishers_see_who_runs_the_instance(tmp_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/a.xml", rss([("oak", *OAKLAND_EN, NOW - timedelta(hours=1))]))
    env = _env(tmp_path, [("KPIX", url)])
    env["GEARWATCH_OPERATOR_CONTACT"] = "ops@rapid-response.example"
    assert _gearwatch(env, "poll", "--once").returncode == 0
    [request] = feed_server.requests("/a.xml")
    agent = request.headers["user-agent"]
    assert agent.startswith("gearwatch/") and agent.endswith("(+ops@rapid-response.example)")


def test_a_broken_feeds_file_is_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path, [])
    Path(env["GEARWATCH_FEEDS_FILE"]).write_text('[[feed]]\nurl = "ftp://x"\nname = "x"\n')
    result = _gearwatch(env, "poll")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ftp://x" in result.stderr or "http" in result.stderr


class _Lines:
    """Collects a process's stdout lines in a thread so the test can wait on them."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(text in line for line in self.lines):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{text!r} not printed; got {self.lines[-20:]}")
                self._cond.wait(remaining)


@pytest.fixture
def console_run(tmp_path: Path, feed_server: FeedServer) -> Iterator[tuple[_Lines, FeedServer]]:
    url = feed_server.feed("/a.xml", rss([("oak", *OAKLAND_EN, NOW - timedelta(hours=1))]))
    env = _env(tmp_path, [("KPIX", url)], GEARWATCH_POLL_INTERVAL="10")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield _Lines(process), feed_server
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_console_mode_explains_telegram_then_prints_advisories(
    console_run: tuple[_Lines, FeedServer],
) -> None:
    lines, server = console_run
    lines.wait_for("Stolen agency gear reported in Oakland, CA")
    assert "@BotFather" in lines.lines[0] and "GEARWATCH_TELEGRAM_TOKEN" in lines.lines[0]
    assert any("Reported by" in line for line in lines.lines)
    server.feed("/a.xml", rss([("ana", *ANAHEIM_EN, NOW)]))  # a later poll finds more
    lines.wait_for("Agent impersonators reported in Anaheim, CA")
