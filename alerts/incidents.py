"""From stored entries to incidents: classify, place, merge with a known incident or open one.

Runs inside the transaction that stored the entries, so every stored entry is classified
exactly once, and a new incident is published (and fanned out) or queued for review in the
same commit.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from alerts import merge, publishing
from alerts.detection.core import Detection, EntryText, detect
from alerts.places import Place
from alerts.publishing import PublishPolicy
from db import incidents as incident_queries
from db.engine import serialize
from db.models import Incident


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry just stored, with what classification and filing read: the poller has it in
    hand, so no entry is read back from the database."""

    id: int
    text: EntryText
    fetched_at: datetime

    @property
    def reported_at(self) -> datetime:
        return self.text.published or self.fetched_at


@dataclass
class Outcome:
    """What one batch of entries changed, for printing, review requests and counts."""

    created: list[int] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)
    published: list[int] = field(default_factory=list)
    deliveries: int = 0

    def absorb(self, other: Outcome) -> None:
        """Add another batch's changes to these."""
        self.created += other.created
        self.merged += other.merged
        self.pending += other.pending
        self.published += other.published
        self.deliveries += other.deliveries


def process_entries(
    session: Session,
    entries: Sequence[StoredEntry],
    now: datetime,
    policy: PublishPolicy,
    pool: CandidatePool | None = None,
) -> Outcome:
    """Classify new entries and fold the reports into incidents.

    A ``pool`` kept by the caller carries the merge candidates from one transaction to the
    next (a poll cycle stores hundreds of batches); without one they are read afresh.
    """
    outcome = Outcome()
    found = [(entry, detect(entry.text)) for entry in entries]
    incident_queries.record_classifications(
        session, [_classification(entry.id, detection, now) for entry, detection in found]
    )
    reports = [(entry, detection) for entry, detection in found if detection is not None]
    if not reports:
        return outcome
    # Two workers placing two reports of one incident at once would both open it.
    serialize(session, "gearwatch:incidents")
    pool = pool or CandidatePool()
    pool.sync(session, [entry.reported_at for entry, _ in reports])
    with session.no_autoflush:
        for entry, detection in reports:
            _file(session, pool, entry, detection, now, policy, outcome)
    pool.seal(session)
    return outcome


def _classification(entry_id: int, detection: Detection | None, now: datetime) -> dict[str, Any]:
    """An entry's classification columns, for reviewers (evidence) and counts."""
    if detection is None:
        return {"id": entry_id, "classified_at": now}  # the rest stays NULL
    return {
        "id": entry_id,
        "classified_at": now,
        "kind": detection.kind,
        "confidence": detection.confidence,
        "evidence": list(detection.evidence),
    }


class _TimeOrdered:
    """Incident ids kept in order of first report, so a report is compared only with the
    incidents close enough in time to be the same event."""

    def __init__(self) -> None:
        self._times: list[float] = []
        self._ids: list[int] = []

    def add(self, incident_id: int, at: float) -> None:
        index = bisect.bisect_right(self._times, at)
        self._times.insert(index, at)
        self._ids.insert(index, incident_id)

    def remove(self, incident_id: int, at: float) -> None:
        index = bisect.bisect_left(self._times, at)
        while self._ids[index] != incident_id:
            index += 1
        del self._times[index], self._ids[index]

    def near(self, at: datetime, gap: timedelta) -> list[int]:
        low = bisect.bisect_left(self._times, (at - gap).timestamp())
        high = bisect.bisect_right(self._times, (at + gap).timestamp())
        return self._ids[low:high]

    def drop_before(self, at: float) -> list[int]:
        """Forget the incidents first reported before ``at``; returns their ids."""
        index = bisect.bisect_left(self._times, at)
        dropped = self._ids[:index]
        del self._times[:index], self._ids[:index]
        return dropped


# Incidents this much older than the oldest a batch can merge with are let go.
_KEEP = timedelta(days=30)


class CandidatePool:
    """The incidents new reports may merge into, with their merge features.

    Grouped by kind and state, because merging needs the same kind and a compatible place; a
    report without a state (country level, or unplaced) is compared with every group.

    It holds every incident first reported in [start, end], and outlives a transaction: a
    poll cycle stores hundreds of batches, and reading the window for each made the cycle's
    cost grow with batches × incidents. Every transaction that files reports stores a new
    revision token (``seal``). A pool that finds another token than its own when a
    transaction begins (``sync``) reads the window again: another worker filed reports
    meanwhile, or its own last transaction was rolled back.
    """

    def __init__(self) -> None:
        self._token: str | None = None
        self.start = self.end = datetime.min.replace(tzinfo=UTC)
        self._groups: dict[tuple[str, str | None], _TimeOrdered] = {}
        self._known: dict[int, tuple[tuple[str, str | None], float, merge.IncidentFeatures]] = {}

    def sync(self, session: Session, times: Sequence[datetime]) -> None:
        """Make the pool hold every incident the reports at ``times`` may merge with, as the
        transaction sees them (call it holding the incidents lock)."""
        start, end = min(times) - merge.MAX_GAP, max(times) + merge.MAX_GAP
        token = incident_queries.revision(session)
        if token is None or token != self._token:
            self._reset(session, start, end)
        else:
            self._widen(session, start, end)
        # Unsealed until ``seal``: if filing fails before it, the next transaction finds the
        # old token, which no longer matches, and reads the incidents again.
        self._token = None

    def _widen(self, session: Session, start: datetime, end: datetime) -> None:
        if start - self.start > _KEEP:
            self._drop_before(start)
        if start < self.start:
            self._extend(incident_queries.incidents_between(session, start, self.start))
            self.start = start
        if end > self.end:
            self._extend(incident_queries.incidents_between(session, self.end, end))
            self.end = end

    def seal(self, session: Session) -> None:
        """Store a new revision token with this transaction's changes."""
        self._token = uuid.uuid4().hex
        incident_queries.set_revision(session, self._token)

    def _reset(self, session: Session, start: datetime, end: datetime) -> None:
        self._groups.clear()
        self._known.clear()
        self.start, self.end = start, end
        self._extend(incident_queries.incidents_between(session, start, end))

    def _extend(self, incidents: Sequence[Incident]) -> None:
        for incident in incidents:
            if incident.id not in self._known:
                self.add(incident)

    def _drop_before(self, start: datetime) -> None:
        for group in self._groups.values():
            for incident_id in group.drop_before(start.timestamp()):
                self._known.pop(incident_id, None)
        self.start = start

    def add(self, incident: Incident) -> None:
        """Hold an incident, or hold it anew: a report merged into it may have changed its
        time, place and facts."""
        if incident.id in self._known:
            self.forget(incident.id)
        key = (incident.kind, incident.state)
        at = incident.reported_at.timestamp()
        self._groups.setdefault(key, _TimeOrdered()).add(incident.id, at)
        self._known[incident.id] = (key, at, _features(incident))

    def forget(self, incident_id: int) -> None:
        key, at, _ = self._known.pop(incident_id)
        self._groups[key].remove(incident_id, at)

    def best_match(self, new: merge.IncidentFeatures, state: str | None) -> int | None:
        """The id of the incident the report belongs to, if any."""
        if state is None:
            groups = [g for (kind, _), g in self._groups.items() if kind == new.kind]
        else:
            found = (self._groups.get((new.kind, state)), self._groups.get((new.kind, None)))
            groups = [group for group in found if group is not None]
        candidates = (
            (incident_id, self._known[incident_id][2])
            for group in groups
            for incident_id in group.near(new.reported_at, merge.MAX_GAP)
        )
        return merge.best_match(new, candidates)


def _file(
    session: Session,
    pool: CandidatePool,
    entry: StoredEntry,
    detection: Detection,
    now: datetime,
    policy: PublishPolicy,
    outcome: Outcome,
) -> None:
    reported_at = entry.reported_at
    new = merge.features(
        detection.kind,
        detection.place,
        reported_at,
        detection.items,
        detection.agencies,
        detection.tactics,
        entry.text.title,
    )
    place = detection.place
    match = _matching_incident(session, pool, new, place.state if place is not None else None)
    if match is None:
        incident = _open(session, entry, detection, reported_at, now)
        outcome.created.append(incident.id)
    else:
        incident = match
        incident_queries.add_source(session, incident.id, entry.id)
        _corroborate(incident, detection, reported_at)
        outcome.merged.append(incident.id)
    pool.add(incident)
    if incident.status == "pending" and not publishing.needs_review(policy, incident.confidence):
        outcome.deliveries += publishing.publish(session, incident, policy, now)
        outcome.published.append(incident.id)
    elif incident.status == "pending" and match is None:
        outcome.pending.append(incident.id)


def _matching_incident(
    session: Session, pool: CandidatePool, new: merge.IncidentFeatures, state: str | None
) -> Incident | None:
    while (incident_id := pool.best_match(new, state)) is not None:
        incident = session.get(Incident, incident_id)
        if incident is not None:
            return incident
        pool.forget(incident_id)  # deleted since it was read
    return None


def _open(
    session: Session,
    entry: StoredEntry,
    detection: Detection,
    reported_at: datetime,
    now: datetime,
) -> Incident:
    incident = incident_queries.insert_incident(
        session,
        {
            "kind": detection.kind,
            "status": "pending",
            "title": entry.text.title,
            "items": list(detection.items),
            "agencies": list(detection.agencies),
            "tactics": list(detection.tactics),
            "confidence": detection.confidence,
            "evidence": list(detection.evidence),
            "reported_at": reported_at,
            "first_seen": now,
            **_place_columns(detection.place),
        },
    )
    incident_queries.add_source(session, incident.id, entry.id)
    return incident


def _corroborate(incident: Incident, detection: Detection, reported_at: datetime) -> None:
    """A later report adds facts; a pending incident may also learn its place from it."""
    incident.items = _union(incident.items, detection.items)
    incident.agencies = _union(incident.agencies, detection.agencies)
    incident.tactics = _union(incident.tactics, detection.tactics)
    incident.confidence = max(incident.confidence, detection.confidence)
    incident.reported_at = min(incident.reported_at, reported_at)
    if incident.status == "pending" and incident.city is None and detection.place is not None:
        _place(incident, detection.place)


def _union(old: list[str], new: list[str]) -> list[str]:
    return old + [value for value in new if value not in old]


def _place(incident: Incident, place: Place | None) -> None:
    for column, value in _place_columns(place).items():
        setattr(incident, column, value)


def _place_columns(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {}
    return {
        "city": place.name if place.level == "city" else None,
        "state": place.state,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
    }


def _features(incident: Incident) -> merge.IncidentFeatures:
    return merge.features(
        incident.kind,
        _incident_place(incident),
        incident.reported_at,
        incident.items,
        incident.agencies,
        incident.tactics,
        incident.title,
    )


def _incident_place(incident: Incident) -> Place | None:
    """The stored place as the merger compares it (identity by coordinates)."""
    if incident.country is None or incident.lat is None or incident.lon is None:
        return None
    level = "city" if incident.city else ("state" if incident.state else "country")
    name = incident.city or incident.state or incident.country
    return Place(name, incident.state, incident.country, incident.lat, incident.lon, 0, level, -1)
