"""The facts an advisory is composed from, independent of language (SPEC §8).

An advisory states what was reported, where and when, and by whom; it never quotes a
headline, so it can be written wholly in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from db.models import Incident

# The zone most of each state lives in: good enough to give the local calendar date.
_US_ZONES = {
    "America/New_York": "CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV",
    "America/Chicago": "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI",
    "America/Denver": "CO MT NM UT WY ID",
    "America/Phoenix": "AZ",
    "America/Los_Angeles": "CA NV OR WA",
    "America/Anchorage": "AK",
    "Pacific/Honolulu": "HI",
    "America/Puerto_Rico": "PR VI",
}
US_STATE_ZONES = {state: zone for zone, states in _US_ZONES.items() for state in states.split()}
COUNTRY_ZONES = {
    "MX": "America/Mexico_City",
    "CA": "America/Toronto",
    "GB": "Europe/London",
    "GT": "America/Guatemala",
    "SV": "America/El_Salvador",
    "HN": "America/Tegucigalpa",
    "CO": "America/Bogota",
    "ES": "Europe/Madrid",
}
MAX_SOURCES = 5


@dataclass(frozen=True)
class SourceRef:
    name: str  # the outlet, else the feed's name
    link: str | None  # http(s) only


@dataclass(frozen=True)
class Advisory:
    incident_id: int
    kind: str
    city: str | None
    state: str | None
    country: str | None
    items: tuple[str, ...]
    tactics: tuple[str, ...]
    agencies: tuple[str, ...]
    local_date: date
    sources: tuple[SourceRef, ...]
    more_sources: int
    pending: bool


def local_date(moment: datetime, state: str | None, country: str | None) -> date:
    """The calendar date at the place, which is what a resident would call "that day"."""
    zone = US_STATE_ZONES.get(state or "") if country == "US" else COUNTRY_ZONES.get(country or "")
    return moment.astimezone(ZoneInfo(zone)).date() if zone else moment.date()


def advisory_for(incident: Incident) -> Advisory:
    """Build the advisory of an incident whose sources (with entries and feeds) are loaded."""
    refs: list[SourceRef] = []
    for source in incident.sources:
        entry = source.entry
        link = entry.link if entry.link and entry.link.startswith(("http://", "https://")) else None
        ref = SourceRef(name=entry.outlet or entry.feed.name, link=link)
        if ref not in refs:
            refs.append(ref)
    return Advisory(
        incident_id=incident.id,
        kind=incident.kind,
        city=incident.city,
        state=incident.state,
        country=incident.country,
        items=tuple(incident.items),
        tactics=tuple(incident.tactics),
        agencies=tuple(incident.agencies),
        local_date=local_date(incident.reported_at, incident.state, incident.country),
        sources=tuple(refs[:MAX_SOURCES]),
        more_sources=max(0, len(refs) - MAX_SOURCES),
        pending=incident.status == "pending",
    )
