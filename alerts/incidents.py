"""From stored entries to incidents: classify, place, merge with a known incident or open one.

Runs inside the transaction that stored the entries, so every stored entry is classified
exactly once, and a new incident is published (and fanned out) or queued for review in the
same commit.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from alerts import merge, publishing
from alerts.detection.core import Detection, EntryText, detect
from alerts.places import Place
from alerts.publishing import PublishPolicy
from db import incidents as incident_queries
from db.engine import serialize
from db.models import Entry, Incident


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
    session: Session, entry_ids: Sequence[int], now: datetime, policy: PublishPolicy
) -> Outcome:
    """Classify new entries and fold the reports into incidents."""
    outcome = Outcome()
    entries = incident_queries.entries_with_feeds(session, entry_ids)
    found = [(entry, _classify(entry, now)) for entry in entries]
    if not any(detection for _, detection in found):
        return outcome
    # Two workers placing two reports of one incident at once would both open it.
    serialize(session, "gearwatch:incidents")
    reports = [(entry, detection) for entry, detection in found if detection is not None]
    pool = _CandidatePool.for_transaction(session, [_reported_at(entry) for entry, _ in reports])
    with session.no_autoflush:
        for entry, detection in reports:
            _file(session, pool, entry, detection, now, policy, outcome)
    return outcome


def _reported_at(entry: Entry) -> datetime:
    return entry.published_at or entry.fetched_at


_POOL_KEY = "gearwatch.candidate_pool"


class _TimeOrdered:
    """Incidents kept in order of first report, so a report is compared only with those
    close enough in time to be the same event."""

    def __init__(self) -> None:
        self._times: list[float] = []
        self._incidents: list[Incident] = []

    def add(self, incident: Incident) -> None:
        at = incident.reported_at.timestamp()
        index = bisect.bisect_right(self._times, at)
        self._times.insert(index, at)
        self._incidents.insert(index, incident)

    def remove(self, incident: Incident, at: float) -> None:
        index = bisect.bisect_left(self._times, at)
        while self._incidents[index] is not incident:
            index += 1
        del self._times[index], self._incidents[index]

    def near(self, at: datetime, gap: timedelta) -> list[Incident]:
        low = bisect.bisect_left(self._times, (at - gap).timestamp())
        high = bisect.bisect_right(self._times, (at + gap).timestamp())
        return self._incidents[low:high]


class _CandidatePool:
    """The incidents a batch's reports may belong to, read once, with their merge features.

    Grouped by kind and state, because merging needs the same kind and a compatible place; a
    report without a state (country level, or unplaced) is compared with every group.
    """

    def __init__(self, incidents: Sequence[Incident], start: datetime, end: datetime) -> None:
        self.start, self.end = start, end
        self._groups: dict[tuple[str, str | None], _TimeOrdered] = {}
        self._known: dict[int, tuple[tuple[str, str | None], float, merge.IncidentFeatures]] = {}
        self.extend(incidents)

    @classmethod
    def for_transaction(cls, session: Session, times: Sequence[datetime]) -> _CandidatePool:
        """The transaction's pool, widened (never read twice) when reports fall outside it.

        Several feeds are stored in one transaction; they share one read of the incidents.
        """
        start, end = min(times) - merge.MAX_GAP, max(times) + merge.MAX_GAP
        transaction = session.get_transaction()
        cached = session.info.get(_POOL_KEY)
        if cached is None or cached[0] is not transaction:
            pool = cls(incident_queries.incidents_between(session, start, end), start, end)
            session.info[_POOL_KEY] = (transaction, pool)
            return pool
        pool = cached[1]
        if start < pool.start:
            pool.extend(incident_queries.incidents_between(session, start, pool.start))
            pool.start = start
        if end > pool.end:
            pool.extend(incident_queries.incidents_between(session, pool.end, end))
            pool.end = end
        return pool

    def extend(self, incidents: Sequence[Incident]) -> None:
        for incident in incidents:
            if id(incident) not in self._known:
                self.add(incident)

    def add(self, incident: Incident) -> None:
        key = (incident.kind, incident.state)
        self._groups.setdefault(key, _TimeOrdered()).add(incident)
        at = incident.reported_at.timestamp()
        self._known[id(incident)] = (key, at, _features(incident))

    def refresh(self, incident: Incident) -> None:
        """A report was merged in: its time, place and facts may have changed."""
        key, at, _ = self._known.pop(id(incident))
        self._groups[key].remove(incident, at)
        self.add(incident)

    def best_match(self, new: merge.IncidentFeatures, state: str | None) -> Incident | None:
        if state is None:
            groups = [g for (kind, _), g in self._groups.items() if kind == new.kind]
        else:
            found = (self._groups.get((new.kind, state)), self._groups.get((new.kind, None)))
            groups = [group for group in found if group is not None]
        candidates = (
            (incident, self._known[id(incident)][2])
            for group in groups
            for incident in group.near(new.reported_at, merge.MAX_GAP)
        )
        return merge.best_match(new, candidates)


def _classify(entry: Entry, now: datetime) -> Detection | None:
    detection = detect(
        EntryText(
            title=entry.title,
            summary=entry.summary,
            language=entry.language or entry.feed.language,
            region=entry.feed.region,
            published=entry.published_at,
        )
    )
    entry.classified_at = now
    if detection is not None:
        entry.kind, entry.confidence = detection.kind, detection.confidence
        entry.evidence = list(detection.evidence)
    return detection


def _file(
    session: Session,
    pool: _CandidatePool,
    entry: Entry,
    detection: Detection,
    now: datetime,
    policy: PublishPolicy,
    outcome: Outcome,
) -> None:
    reported_at = _reported_at(entry)
    new = merge.features(
        detection.kind,
        detection.place,
        reported_at,
        detection.items,
        detection.agencies,
        detection.tactics,
        entry.title,
    )
    place = detection.place
    match = pool.best_match(new, place.state if place is not None else None)
    if match is None:
        incident = _open(session, entry, detection, reported_at, now)
        pool.add(incident)
        outcome.created.append(incident.id)
    else:
        incident = match
        incident_queries.add_source(session, incident, entry)
        _corroborate(incident, detection, reported_at)
        pool.refresh(incident)
        outcome.merged.append(incident.id)
    if incident.status == "pending" and not publishing.needs_review(policy, incident.confidence):
        outcome.deliveries += publishing.publish(session, incident, policy, now)
        outcome.published.append(incident.id)
    elif incident.status == "pending" and match is None:
        outcome.pending.append(incident.id)


def _open(
    session: Session, entry: Entry, detection: Detection, reported_at: datetime, now: datetime
) -> Incident:
    incident = Incident(
        kind=detection.kind,
        status="pending",
        title=entry.title,
        items=list(detection.items),
        agencies=list(detection.agencies),
        tactics=list(detection.tactics),
        confidence=detection.confidence,
        evidence=list(detection.evidence),
        reported_at=reported_at,
        first_seen=now,
    )
    _place(incident, detection.place)
    session.add(incident)
    session.flush()
    incident_queries.add_source(session, incident, entry)
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
    if place is None:
        return
    incident.city = place.name if place.level == "city" else None
    incident.state = place.state
    incident.country = place.country
    incident.lat, incident.lon = place.lat, place.lon


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
