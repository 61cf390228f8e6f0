"""The process's shared resources, opened once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from db import migrate
from db.engine import make_engine, make_sessionmaker


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_services(settings: Settings, *, upgrade: bool = True) -> Services:
    """Connect to the database and, unless told not to, bring its schema up to date."""
    engine = make_engine(settings.database_url)
    if upgrade:
        migrate.upgrade(engine)
    return Services(settings=settings, engine=engine, sessions=make_sessionmaker(engine))
