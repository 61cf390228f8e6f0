"""What the CLI prints: incidents as SPEC §6 JSON, and plain aligned tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from alerts.poller import FeedReport
from alerts.schedule import is_failing
from db.models import Feed, Incident


def iso(moment: datetime | None) -> str | None:
    """UTC timestamps as `2017-12-18T19:02:00Z`."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def incident_json(incident: Incident) -> dict[str, Any]:
    """One incident in the documented shape; field order follows the SPEC's example."""
    return {
        "id": incident.id,
        "kind": incident.kind,
        "status": incident.status,
        "title": incident.title,
        "city": incident.city,
        "state": incident.state,
        "country": incident.country,
        "lat": incident.lat,
        "lon": incident.lon,
        "items": list(incident.items),
        "agencies": list(incident.agencies),
        "tactics": list(incident.tactics),
        "confidence": round(incident.confidence, 2),
        "reported_at": iso(incident.reported_at),
        "first_seen": iso(incident.first_seen),
        "sources": [
            {
                "title": source.entry.title,
                "link": source.entry.link,
                "published": iso(source.entry.published_at),
                "feed": source.entry.feed.name,
                "outlet": source.entry.outlet,
            }
            for source in incident.sources
        ],
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A left-aligned text table; None prints as '-'."""
    cells = [[("-" if value is None else str(value)) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [headers, ["-" * width for width in widths], *cells]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def incidents_table(incidents: Sequence[Incident]) -> str:
    rows = [
        (
            incident.id,
            incident.kind,
            incident.status,
            ", ".join(part for part in (incident.city, incident.state) if part) or None,
            iso(incident.reported_at),
            len(incident.sources),
            _clip(incident.title, 60),
        )
        for incident in incidents
    ]
    return table(("id", "kind", "status", "place", "reported", "sources", "title"), rows)


def feeds_table(feeds: Sequence[Feed], now: datetime) -> str:
    rows = [
        (
            feed.id,
            _clip(feed.name, 30),
            _feed_state(feed, now),
            iso(feed.last_success_at),
            feed.error_count,
            _clip(feed.last_error, 50) if feed.last_error else None,
            _clip(feed.url, 60),
        )
        for feed in feeds
    ]
    return table(("id", "name", "state", "last success", "errors", "last error", "url"), rows)


def _feed_state(feed: Feed, now: datetime) -> str:
    if feed.removed:
        return "removed"
    if not feed.enabled:
        return "disabled"
    if is_failing(feed.failing_since, now):
        return "FAILING"
    return "erroring" if feed.error_count else "ok"


def _clip(text: str | None, width: int) -> str | None:
    if text is None or len(text) <= width:
        return text
    return text[: width - 1] + "…"


def poll_table(reports: Sequence[FeedReport]) -> str:
    """`gearwatch poll`: feed, outcome (new / not modified / error with reason), new, seconds."""
    rows = [
        (r.feed_id, _clip(r.name, 40), _clip(r.outcome, 70), r.new_entries, f"{r.seconds:.2f}")
        for r in reports
    ]
    return table(("id", "feed", "outcome", "new", "seconds"), rows)
