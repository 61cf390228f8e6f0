"""Migrations build the schema the models describe, and tear it down, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from db import migrate
from db.engine import make_engine
from db.models import Base

TABLES = {
    "feeds",
    "entries",
    "incidents",
    "incident_sources",
    "chats",
    "subscriptions",
    "deliveries",
    "service_state",
}


def test_upgrade_creates_every_table_and_matches_the_models(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_downgrade_removes_everything_and_upgrade_is_repeatable(engine: Engine) -> None:
    migrate.downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    migrate.upgrade(engine)  # a second start changes nothing
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()


def test_plain_postgresql_url_uses_psycopg(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    assert engine.dialect.driver == "psycopg"
    with engine.connect() as connection:
        assert connection.execute(text("select 1")).scalar() == 1
    engine.dispose()
