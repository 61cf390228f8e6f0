"""Read and write queries shared by the CLI, the bot and the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from db.models import (
    Chat,
    Delivery,
    Entry,
    Feed,
    Incident,
    IncidentSource,
    ServiceState,
    Subscription,
)


class NotFoundError(LookupError):
    """The row asked for does not exist."""


@dataclass(frozen=True)
class IncidentFilter:
    city: str | None = None
    state: str | None = None
    kind: str | None = None
    status: str | None = None
    limit: int = 50


def list_incidents(session: Session, wanted: IncidentFilter) -> list[Incident]:
    """Incidents newest first, with their sources and the sources' feeds loaded."""
    query: Select[tuple[Incident]] = (
        select(Incident)
        .options(
            selectinload(Incident.sources).selectinload(IncidentSource.entry).joinedload(Entry.feed)
        )
        .order_by(Incident.first_seen.desc(), Incident.id.desc())
        .limit(wanted.limit)
    )
    if wanted.city:
        query = query.where(func.lower(Incident.city) == wanted.city.lower())
    if wanted.state:
        query = query.where(func.upper(Incident.state) == wanted.state.upper())
    if wanted.kind:
        query = query.where(Incident.kind == wanted.kind)
    if wanted.status:
        query = query.where(Incident.status == wanted.status)
    return list(session.scalars(query))


# Stats


def _grouped(session: Session, column: object, model: type) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).select_from(model).group_by(column))
    return {str(key): count for key, count in rows}


def stats(session: Session) -> dict[str, object]:
    """Counts for `gearwatch stats` and the admin /stats command."""

    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    incidents = session.execute(
        select(Incident.kind, Incident.status, func.count()).group_by(
            Incident.kind, Incident.status
        )
    )
    return {
        "feeds": count(Feed),
        "feeds_enabled": session.scalar(select(func.count()).where(Feed.enabled)) or 0,
        "entries": count(Entry),
        "incidents": {f"{kind}/{status}": n for kind, status, n in incidents},
        "chats": count(Chat),
        "chats_active": session.scalar(select(func.count()).where(Chat.active)) or 0,
        "subscriptions": count(Subscription),
        "deliveries": _grouped(session, Delivery.status, Delivery),
    }


def recent_published(session: Session, since: datetime, limit: int = 1000) -> list[Incident]:
    """Published incidents reported since ``since``, newest first, sources loaded (/recent)."""
    return list(
        session.scalars(
            select(Incident)
            .options(
                selectinload(Incident.sources)
                .selectinload(IncidentSource.entry)
                .joinedload(Entry.feed)
            )
            .where(Incident.status == "published", Incident.reported_at >= since)
            .order_by(Incident.reported_at.desc(), Incident.id.desc())
            .limit(limit)
        )
    )


def pending_incidents(session: Session, limit: int = 10) -> tuple[int, list[Incident]]:
    """How many incidents wait for review, and the oldest ``limit`` of them (/pending)."""
    total = session.scalar(select(func.count()).where(Incident.status == "pending")) or 0
    rows = session.scalars(
        select(Incident)
        .options(
            selectinload(Incident.sources).selectinload(IncidentSource.entry).joinedload(Entry.feed)
        )
        .where(Incident.status == "pending")
        .order_by(Incident.first_seen, Incident.id)
        .limit(limit)
    )
    return total, list(rows)


def state_value(session: Session, key: str) -> str | None:
    """A value every worker shares through the database (``service_state``), if set."""
    state = session.get(ServiceState, key)
    return state.value if state is not None else None


def set_state_value(session: Session, key: str, value: str) -> None:
    state = session.get(ServiceState, key)
    if state is None:
        session.add(ServiceState(key=key, value=value))
    else:
        state.value = value
