"""The `gearwatch` command line, run as operators run it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from db import migrate
from db.engine import make_engine
from db.models import Entry, Feed, Incident, IncidentSource

SPEC_COMMANDS = ("run", "poll", "incidents", "feeds", "review", "db", "stats")


def gearwatch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GEARWATCH_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        cwd=os.getcwd(),
    )


def test_help_lists_every_spec_command() -> None:
    result = gearwatch("--help")
    assert result.returncode == 0
    for command in SPEC_COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["run"],
        ["poll"],
        ["incidents"],
        ["feeds"],
        ["feeds", "list"],
        ["feeds", "add"],
        ["feeds", "remove"],
        ["review"],
        ["review", "list"],
        ["review", "approve"],
        ["review", "reject"],
        ["db", "upgrade"],
        ["stats"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = gearwatch(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: gearwatch " + " ".join(command))


def test_usage_errors_are_one_line() -> None:
    result = gearwatch("incidents", "--limit", "ten")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--limit" in result.stderr


def test_a_bad_setting_stops_with_one_line_naming_it() -> None:
    result = gearwatch("stats", env={"GEARWATCH_REVIEW": "maybe"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "gearwatch: GEARWATCH_REVIEW: Input should be 'none', 'uncertain' or 'all'"
    ]


def test_unreachable_database_is_one_line() -> None:
    result = gearwatch(
        "stats", env={"GEARWATCH_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("gearwatch: database error:")


def test_db_upgrade_then_stats_on_a_fresh_database(sqlite_url: str) -> None:
    env = {"GEARWATCH_DATABASE_URL": sqlite_url}
    assert gearwatch("db", "upgrade", env=env).returncode == 0
    stats = gearwatch("stats", env=env)
    assert stats.returncode == 0
    assert "feeds: 0" in stats.stdout and "deliveries: 0" in stats.stdout


def test_feeds_add_list_remove(database_url: str) -> None:
    env = {"GEARWATCH_DATABASE_URL": database_url}
    added = gearwatch("feeds", "add", "https://news.test/rss", "--region", "Oakland, CA", env=env)
    assert added.returncode == 0, added.stderr
    assert "feed 1 added: news.test" in added.stdout
    assert gearwatch("feeds", "add", "file:///etc/passwd", env=env).returncode == 2
    removed = gearwatch("feeds", "remove", "1", env=env)
    assert removed.returncode == 0
    listing = gearwatch("feeds", "list", env=env).stdout
    assert "removed" in listing and "https://news.test/rss" in listing
    missing = gearwatch("feeds", "remove", "99", env=env)
    assert missing.returncode == 1 and "no feed with id 99" in missing.stderr


def _seed_oakland(url: str, status: str = "published") -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        feed = Feed(url="https://kpix.test/rss", name="KPIX")
        entry = Entry(
            feed=feed,
            guid_key="kpix-1",
            title="Thieves take vest, jacket and ammunition from federal agent's car",
            link="https://kpix.test/2017/12/18/vest",
            canonical_link="https://kpix.test/2017/12/18/vest",
            outlet="KPIX 5",
            published_at=datetime(2017, 12, 18, 19, 2, tzinfo=UTC),
        )
        incident = Incident(
            kind="stolen_gear",
            status=status,
            title=entry.title,
            city="Oakland",
            state="CA",
            country="US",
            lat=37.80437,
            lon=-122.2708,
            items=["vest", "jacket", "ammunition"],
            agencies=["HSI", "DHS"],
            tactics=[],
            confidence=0.934,
            reported_at=datetime(2017, 12, 18, 19, 2, tzinfo=UTC),
            first_seen=datetime(2017, 12, 18, 20, 15, tzinfo=UTC),
        )
        session.add_all([feed, entry, incident])
        session.flush()
        session.add(IncidentSource(incident_id=incident.id, entry_id=entry.id))
        session.commit()
    engine.dispose()


def test_incidents_json_has_the_documented_shape(database_url: str) -> None:
    _seed_oakland(database_url)
    result = gearwatch("incidents", "--json", env={"GEARWATCH_DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    [incident] = json.loads(result.stdout)
    assert incident == {
        "id": 1,
        "kind": "stolen_gear",
        "status": "published",
        "title": "Thieves take vest, jacket and ammunition from federal agent's car",
        "city": "Oakland",
        "state": "CA",
        "country": "US",
        "lat": 37.80437,
        "lon": -122.2708,
        "items": ["vest", "jacket", "ammunition"],
        "agencies": ["HSI", "DHS"],
        "tactics": [],
        "confidence": 0.93,
        "reported_at": "2017-12-18T19:02:00Z",
        "first_seen": "2017-12-18T20:15:00Z",
        "sources": [
            {
                "title": "Thieves take vest, jacket and ammunition from federal agent's car",
                "link": "https://kpix.test/2017/12/18/vest",
                "published": "2017-12-18T19:02:00Z",
                "feed": "KPIX",
                "outlet": "KPIX 5",
            }
        ],
    }


@pytest.mark.parametrize(
    ("arguments", "found"),
    [
        (["--city", "oakland"], 1),
        (["--city", "Oakland, CA"], 1),
        (["--city", "Oakland, ME"], 0),
        (["--city", "Portland"], 0),
        (["--kind", "impersonation"], 0),
        (["--status", "published"], 1),
        (["--status", "pending"], 0),
    ],
)
def test_incident_filters(sqlite_url: str, arguments: list[str], found: int) -> None:
    _seed_oakland(sqlite_url)
    result = gearwatch(
        "incidents", "--json", *arguments, env={"GEARWATCH_DATABASE_URL": sqlite_url}
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == found


def test_review_approve_and_reject_record_the_decision(sqlite_url: str) -> None:
    _seed_oakland(sqlite_url, status="pending")
    env = {"GEARWATCH_DATABASE_URL": sqlite_url}
    assert gearwatch("review", "list", env=env).stdout.count("stolen_gear") == 1
    approved = gearwatch("review", "approve", "1", env=env)
    assert approved.returncode == 0, approved.stderr
    assert "incident 1 published; 0 deliveries queued" in approved.stdout
    again = gearwatch("review", "reject", "1", env=env)
    assert again.returncode == 1
    assert again.stderr.strip() == "gearwatch: incident 1 is already published"
    [incident] = json.loads(gearwatch("incidents", "--json", env=env).stdout)
    assert incident["status"] == "published"


def test_review_reject(sqlite_url: str) -> None:
    _seed_oakland(sqlite_url, status="pending")
    env = {"GEARWATCH_DATABASE_URL": sqlite_url}
    assert gearwatch("review", "reject", "1", env=env).returncode == 0
    [incident] = json.loads(gearwatch("incidents", "--json", env=env).stdout)
    assert incident["status"] == "rejected"
    assert gearwatch("review", "approve", "7", env=env).stderr.strip() == (
        "gearwatch: no incident with id 7"
    )
