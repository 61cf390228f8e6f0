"""Incident queries for the detection pipeline: merge candidates, new incidents, sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from db.models import Entry, Incident, IncidentSource, ServiceState

# A token that every transaction filing reports replaces: a process that remembers the
# incidents can tell whether anyone changed them since it last did.
REVISION_KEY = "incidents.revision"


def incidents_between(session: Session, start: datetime, end: datetime) -> Sequence[Incident]:
    """Incidents first reported in [start, end]: the ones new reports may merge into."""
    return session.scalars(
        select(Incident).where(Incident.reported_at.between(start, end)).order_by(Incident.id)
    ).all()


def entries_with_feeds(session: Session, entry_ids: Sequence[int]) -> Sequence[Entry]:
    return session.scalars(
        select(Entry)
        .where(Entry.id.in_(entry_ids))
        .options(joinedload(Entry.feed))
        .order_by(Entry.id)
    ).all()


def add_source(session: Session, incident: Incident, entry: Entry) -> None:
    session.add(IncidentSource(incident_id=incident.id, entry_id=entry.id))


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
    state = session.get(ServiceState, REVISION_KEY)
    return state.value if state is not None else None


def set_revision(session: Session, token: str) -> None:
    state = session.get(ServiceState, REVISION_KEY)
    if state is None:
        session.add(ServiceState(key=REVISION_KEY, value=token))
    else:
        state.value = token
