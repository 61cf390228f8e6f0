"""Turning what a user typed after /subscribe (or shared) into a place to follow (SPEC §7).

Kept free of Telegram so the rules (radius, ambiguity, "all", ZIP codes, states) can be
tested directly; the handlers only render the outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alerts import places
from alerts.places import Place
from db.chats import PlaceChoice

DEFAULT_RADIUS_KM = 25
MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 500  # the fan-out looks no further (db.deliveries.MAX_RADIUS_KM)
MAX_QUERY_CHARS = 100  # longer than any real place name plus a radius
MAX_CHOICES = 6  # buttons offered for an ambiguous name
ALL_WORDS = frozenset({"all", "everything", "everywhere", "todo", "todos", "todas"})

_RADIUS = re.compile(r"^(?P<place>.*?)[\s,]+(?P<radius>-?\d+(?:[.,]\d+)?)\s*(?:km)?\.?$", re.I)
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


@dataclass(frozen=True)
class Chosen:
    """One place to follow; ``alternative`` names another place of that name, if any."""

    choice: PlaceChoice
    alternative: Place | None = None


@dataclass(frozen=True)
class Ambiguous:
    """Several large places share the name: the user picks one with a button."""

    name: str
    options: tuple[Place, ...]
    radius_km: int


@dataclass(frozen=True)
class Unknown:
    query: str
    suggestions: tuple[Place, ...]


@dataclass(frozen=True)
class BadRadius:
    pass


@dataclass(frozen=True)
class TooLong:
    pass


@dataclass(frozen=True)
class Empty:
    pass


Outcome = Chosen | Ambiguous | Unknown | BadRadius | TooLong | Empty


def split_radius(text: str) -> tuple[str, float | None]:
    """ "Oakland, CA 10km" -> ("Oakland, CA", 10.0); a lone ZIP code keeps its digits."""
    match = _RADIUS.match(text)
    if not match or not match.group("place").strip():
        return text, None
    return match.group("place").strip(" ,"), float(match.group("radius").replace(",", "."))


def valid_radius(radius: float | None) -> int | None:
    """Whole kilometres within the bounds, None when out of them."""
    if radius is None:
        return DEFAULT_RADIUS_KM
    if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:
        return None
    return round(radius)


def city_choice(place: Place, radius_km: int = DEFAULT_RADIUS_KM) -> PlaceChoice:
    """A city subscription: its centre and radius, keyed by the gazetteer id."""
    key = f"city:{place.geonameid}" if place.geonameid else f"city:{place.country}:{place.label}"
    return PlaceChoice(
        scope="city",
        place_key=key[:120],
        label=place.label,
        city=place.name,
        state=place.state,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        radius_km=float(radius_km),
    )


def state_choice(place: Place) -> PlaceChoice:
    """A whole state, matched by its code, whatever the radius."""
    name = places.US_STATES.get(place.state or "", place.name) if place.country == "US" else None
    return PlaceChoice(
        scope="state",
        place_key=f"state:{place.country}:{place.state}",
        label=name or place.name,
        state=place.state,
        country=place.country,
    )


ALL_CHOICE = PlaceChoice(scope="all", place_key="all", label="all")


def choice_of_key(place_key: str) -> PlaceChoice | None:
    """The place a key made by ``city_choice`` or ``state_choice`` names, or None (a key of
    a city outside the gazetteer's ids cannot be read back)."""
    scope, _, rest = place_key.partition(":")
    if scope == "city" and rest.lstrip("-").isdigit():
        found = places.gazetteer().by_id.get(int(rest))
        return city_choice(found) if found is not None else None
    if scope == "state" and ":" in rest:
        country, state = rest.split(":", 1)
        label = places.US_STATES.get(state, state) if country == "US" else state
        return PlaceChoice(
            scope="state", place_key=place_key, label=label, state=state, country=country
        )
    return None


def parse(text: str) -> Outcome:
    """Resolve a /subscribe argument: place (city, "City, ST", ZIP, state, all) and radius."""
    text = " ".join(text.split())
    if not text:
        return Empty()
    if len(text) > MAX_QUERY_CHARS:
        return TooLong()
    name, raw_radius = split_radius(text)
    radius = valid_radius(raw_radius)
    if radius is None:
        return BadRadius()
    if name.casefold() in ALL_WORDS:
        return Chosen(ALL_CHOICE)
    found = places.lookup(name)
    # A country is not a place one follows; its small namesakes ("Mexico, PH") are no answer.
    candidates = [p for p in found if p.level in ("city", "state")]
    if not candidates or found[0].level == "country":
        return Unknown(name, tuple(_suggestions(name)))
    best = candidates[0]
    if best.level == "state":
        return Chosen(state_choice(best))
    qualified = "," in name or bool(_ZIP.match(name))
    if not qualified and places.is_ambiguous(candidates):
        return Ambiguous(name, tuple(_big_namesakes(candidates)), radius)
    alternative = (
        None
        if qualified
        else next((p for p in candidates[1:] if p.level == "city" and p.label != best.label), None)
    )
    return Chosen(city_choice(best, radius), alternative)


def by_id(geonameid: int) -> Place | None:
    """A place from a button's callback data; None when the id is not a city we know."""
    place = places.gazetteer().by_id.get(geonameid)
    return place if place is not None and place.level == "city" else None


def _big_namesakes(candidates: list[Place]) -> list[Place]:
    country = candidates[0].country
    big = [
        p
        for p in candidates
        if p.level == "city" and p.country == country and p.population >= places.AMBIGUOUS_MIN_POP
    ]
    big.sort(key=lambda p: -p.population)
    return big[:MAX_CHOICES]


def _suggestions(name: str) -> list[Place]:
    seen: set[str] = set()
    out = []
    for place in places.suggest(name):
        if place.level in ("city", "state") and place.label not in seen:
            seen.add(place.label)
            out.append(place)
    return out


def suggestion_label(place: Place) -> str:
    """How a suggestion is written so the user can send it back as it is."""
    return state_choice(place).label if place.level == "state" else place.label
