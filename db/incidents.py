"""Incident queries for the detection pipeline: merge candidates, new incidents, sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from db.models import Entry, Incident, IncidentSource
from db.queries import set_state_value, state_value

# A token that every transaction filing reports replaces: a process that remembers the
# incidents can tell whether anyone changed them since it last did.
REVISION_KEY = "incidents.revision"


def incidents_between(session: Session, start: datetime, end: datetime) -> Sequence[Incident]:
    """Incidents first reported in [start, end]: the ones new reports may merge into."""
    return session.scalars(
        select(Incident).where(Incident.reported_at.between(start, end)).order_by(Incident.id)
    ).all()


def record_classifications(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store classification columns of entries (dicts with their "id"): one statement for
    the rows that set the same columns."""
    by_columns: dict[frozenset[str], list[Mapping[str, Any]]] = {}
    for row in rows:
        by_columns.setdefault(frozenset(row), []).append(row)
    for group in by_columns.values():
        session.execute(update(Entry), group)


def insert_incident(session: Session, values: Mapping[str, Any]) -> Incident:
    """Insert an incident and return it as a persistent object of the session.

    Opening an incident needs its id at once (sources, the merge pool). A flush of the
    whole session for it, or an ORM insert loading the row back, each cost more than the
    rest of filing a report; a Core insert returns the stored row (defaults applied, values
    as the column types read them back), and the object is attached as that row
    (SQLAlchemy's ``make_transient_to_detached``)."""
    table = Incident.__table__
    row = session.connection().execute(table.insert().returning(*table.c), dict(values)).one()
    incident = Incident(**row._asdict())
    make_transient_to_detached(incident)
    session.add(incident)
    return incident


def add_source(session: Session, incident_id: int, entry_id: int) -> None:
    session.add(IncidentSource(incident_id=incident_id, entry_id=entry_id))


def source_count(session: Session, incident_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(IncidentSource)
            .where(IncidentSource.incident_id == incident_id)
        )
        or 0
    )


def revision(session: Session) -> str | None:
    return state_value(session, REVISION_KEY)


def set_revision(session: Session, token: str) -> None:
    set_state_value(session, REVISION_KEY, token)
