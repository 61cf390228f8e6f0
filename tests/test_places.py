"""Gazetteer lookups used by /subscribe and by detection."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from alerts.places import (
    Gazetteer,
    distance_km,
    gazetteer,
    is_ambiguous,
    lookup,
    nearest_city,
    suggest,
)


def first(query: str, hint: str | None = None) -> str:
    places = lookup(query, hint)
    assert places, query
    return places[0].label


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("Oakland", "Oakland, CA"),
        ("Oakland, CA", "Oakland, CA"),
        ("oakland, california", "Oakland, CA"),
        ("Nueva York", "New York, NY"),
        ("Ciudad de México", "Mexico City, MX"),
        ("94607", "Oakland, CA"),
        ("Portland, Maine", "Portland, ME"),
        ("Tucson, Ariz.", "Tucson, AZ"),
        ("the Bronx", "New York, NY"),
        ("Brooklyn", "New York, NY"),
        ("St. Louis", "St. Louis, MO"),
        ("New York", "New York, NY"),
    ],
)
def test_lookup_best_candidate(query: str, label: str) -> None:
    assert first(query) == label


def test_state_queries_return_the_state() -> None:
    for query in ("California", "CA", "california"):
        place = lookup(query)[0]
        assert (place.level, place.state, place.country) == ("state", "CA", "US")


def test_place_fields() -> None:
    oakland = lookup("Oakland, CA")[0]
    assert oakland.country == "US" and oakland.level == "city"
    assert oakland.population > 400_000
    assert abs(oakland.lat - 37.80) < 0.05 and abs(oakland.lon + 122.27) < 0.05
    assert oakland.geonameid == 5378538


@pytest.mark.parametrize("name", ["Portland", "Springfield", "Columbus"])
def test_ambiguous_names(name: str) -> None:
    assert is_ambiguous(lookup(name))


@pytest.mark.parametrize("name", ["Oakland", "Washington", "Tucson", "Portland, OR", "94607"])
def test_unambiguous_names(name: str) -> None:
    assert not is_ambiguous(lookup(name))


def test_region_hint_reorders_ambiguous_names() -> None:
    assert first("Portland", "Bangor, ME") == "Portland, ME"
    assert first("Springfield", "IL") == "Springfield, IL"


def test_unknown_and_empty_queries() -> None:
    assert lookup("") == []
    assert lookup("Xqzzyville") == []
    assert lookup("Oakland, Narnia") == []
    assert lookup("00000") == []


def test_small_us_towns_from_zip_data() -> None:
    assert first("Sullivan's Island, SC").startswith("Sullivans Island")
    assert first("Huger, SC") == "Huger, SC"


def test_places_outside_the_us() -> None:
    assert first("Tijuana") == "Tijuana, Baja California"
    assert first("Kitchener") == "Kitchener, ON"


def test_nearest_city_prefers_the_municipality() -> None:
    assert nearest_city(37.80, -122.27).name == "Oakland"
    assert nearest_city(40.85, -73.87).name == "New York"  # the Bronx
    assert nearest_city(45.52, -122.68).label == "Portland, OR"
    assert nearest_city(19.43, -99.13).label == "Mexico City, MX"


def test_suggest_close_spellings_and_prefixes() -> None:
    assert "Oakland, CA" in [p.label for p in suggest("Oaklnd")]
    assert "Portland, OR" in [p.label for p in suggest("Portlnd")]
    assert any(p.name.startswith("Sacramento") for p in suggest("Sacram"))
    assert suggest("") == []


def test_distance() -> None:
    oakland, sf = lookup("Oakland, CA")[0], lookup("San Francisco, CA")[0]
    assert 10 < distance_km(oakland, sf) < 16
    assert distance_km(oakland, oakland) == 0


def test_index_from_rows_matches_the_packaged_columns(tmp_path: Path) -> None:
    rows = [
        "P\t1\tSpringfield\tUS\tIL\t39.8\t-89.6\t114000\tcity",
        "P\t2\tSpringfield\tUS\tMA\t42.1\t-72.6\t155000\tcity",
        "P\t3\tIllinois\tUS\tIL\t40.0\t-89.0\t12800000\tstate",
        "A\tSpringfield Town\t1\t114000\tx",
        "A\tSpfld\t2\t155000\tg",
        "A\tNowhere\t99\t5\tx",
    ]
    built = Gazetteer(rows=rows)
    path = tmp_path / "gaz.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(built.to_columns())
    loaded = Gazetteer(path)
    for gaz in (built, loaded):
        assert [p.state for _, p, _ in gaz.candidates("springfield")] == ["MA", "IL"]
        assert [k for _, _, k in gaz.candidates("spfld")] == ["g"]
        assert gaz.candidates("spfld", text_only=True) == []
        assert gaz.candidates("nowhere") == []
        assert gaz.by_id.get(3) == gaz.states["IL"]
        assert gaz.by_id.get(4) is None
    assert loaded.names == built.names
    assert loaded.cell(39, -90) == built.cell(39, -90) != []


def test_by_id_reads_places_lazily() -> None:
    oakland = lookup("Oakland, CA")[0]
    assert gazetteer().by_id.get(oakland.geonameid) == oakland
    assert oakland.geonameid in gazetteer().by_id
    assert gazetteer().by_id.get(99_999_999_999) is None


def test_a_big_citys_district_is_not_a_town_of_its_state() -> None:
    """geonames lists Chicago's Bridgeport as a place of 34,000; the only post office of
    that name in Illinois is 350 km away, in the town of Bridgeport, which stays a town."""
    found = {(p.label, kind) for _, p, kind in gazetteer().candidates("bridgeport", text_only=True)}
    assert ("Chicago, IL", "n") in found
    assert ("Bridgeport, IL", "p") in found
    towns = [p for p in lookup("Bridgeport, IL") if p.name == "Bridgeport"]
    assert towns and all(p.population < 10_000 for p in towns)


def test_zip_towns_keep_their_ids_from_one_build_to_the_next() -> None:
    """A town known only from ZIP data is numbered by its lowest ZIP code (negated), so a
    subscription stored with it still names the same town after the data is rebuilt."""
    huger = lookup("Huger, SC")[0]
    assert huger.population == 0 and huger.geonameid == -29450
