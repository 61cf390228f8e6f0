"""Review and publication: which incidents wait for a moderator, and fan-out on publication.

Publishing an incident and queueing its deliveries happen in the caller's one transaction,
so an incident is never published without its deliveries, nor delivered twice (SPEC §9).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from db import deliveries
from db.models import Incident
from db.queries import NotFoundError

REVIEW_MODES = ("none", "uncertain", "all")


@dataclass(frozen=True)
class PublishPolicy:
    review: str = "uncertain"  # none | uncertain | all
    publish_confidence: float = 0.8
    alert_max_age: timedelta = timedelta(days=7)


class AlreadyReviewedError(Exception):
    """The incident is not pending: somebody decided already."""


def needs_review(policy: PublishPolicy, confidence: float) -> bool:
    if policy.review == "all":
        return True
    if policy.review == "none":
        return False
    return confidence < policy.publish_confidence


def is_fresh(incident: Incident, policy: PublishPolicy, now: datetime) -> bool:
    """Only incidents first reported within the alert age are sent; older ones are history."""
    return now - incident.reported_at <= policy.alert_max_age


def publish(session: Session, incident: Incident, policy: PublishPolicy, now: datetime) -> int:
    """Mark the incident published and queue one delivery per matching chat if it is fresh."""
    incident.status = "published"
    incident.published_at = now
    if incident.id is None:
        session.flush()  # its deliveries need its id
    if not is_fresh(incident, policy, now):
        return 0
    chat_ids = deliveries.matching_chat_ids(session, incident)
    return deliveries.queue_deliveries(session, incident.id, chat_ids, now)


def approve(
    session: Session, incident_id: int, reviewer: str, policy: PublishPolicy, now: datetime
) -> int:
    """A moderator's approval: publish and fan out; returns the deliveries queued."""
    incident = _pending(session, incident_id)
    incident.reviewed_by, incident.reviewed_at = reviewer, now
    return publish(session, incident, policy, now)


def reject(session: Session, incident_id: int, reviewer: str, now: datetime) -> Incident:
    incident = _pending(session, incident_id)
    incident.status = "rejected"
    incident.reviewed_by, incident.reviewed_at = reviewer, now
    return incident


def _pending(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id, with_for_update=True)
    if incident is None:
        raise NotFoundError(f"no incident with id {incident_id}")
    if incident.status != "pending":
        raise AlreadyReviewedError(f"incident {incident_id} is already {incident.status}")
    return incident
