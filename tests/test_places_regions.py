"""Regions outside the US and landmarks, as a reader of an alert or a subscriber sees them.

Real gazetteer, real detection: "Calgary, AB" must mean Alberta wherever it is read, and
"near the White House" must not send an alert to White House, Tennessee.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from alerts.detection import EntryText, detect
from alerts.detection.placing import locate
from alerts.places import lookup
from bot import placechoice
from bot.placechoice import Chosen
from db import deliveries
from db.chats import ensure_chat, subscribe
from db.engine import make_sessionmaker, transaction
from db.models import Incident

CALGARY_NEWS = EntryText(
    title="RCMP body armour and uniforms stolen in northwest Calgary break-in",
    summary="CALGARY — Police say soft body armour, RCMP patrol jackets and a dress uniform "
    "were stolen from an officer's home in the city's northwest on Saturday.",
)


def where(text: str, region: str | None = None) -> tuple[str, str | None, str]:
    guess = locate(text, region)
    assert guess is not None, text
    return guess.place.name, guess.place.state, guess.place.country


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Calgary", ("Calgary", "AB", "CA")),
        ("Calgary, AB", ("Calgary", "AB", "CA")),
        ("Calgary, Alberta", ("Calgary", "AB", "CA")),
        ("Calgary, Alta.", ("Calgary", "AB", "CA")),
        ("Calgary, CA", ("Calgary", "AB", "CA")),  # no Calgary in California: Canada
        ("London, ON", ("London", "ON", "CA")),
        ("Montreal", ("Montréal", "QC", "CA")),
        ("Guadalajara", ("Guadalajara", "Jalisco", "MX")),
        ("Monterrey, Nuevo Leon", ("Monterrey", "Nuevo León", "MX")),
        ("Tijuana", ("Tijuana", "Baja California", "MX")),
        ("Ciudad de México", ("Mexico City", "Mexico City", "MX")),
        ("Edinburgh", ("Edinburgh", "Scotland", "GB")),
        ("Fresno, CA", ("Fresno", "CA", "US")),
    ],
)
def test_places_abroad_carry_their_region_not_a_geonames_number(
    query: str, expected: tuple[str, str, str]
) -> None:
    place = lookup(query)[0]
    assert (place.name, place.state, place.country) == expected


def test_a_region_qualifier_keeps_only_that_region() -> None:
    assert lookup("London, ON")[0].label == "London, ON"
    assert all(p.state == "ON" for p in lookup("London, Ontario"))
    assert lookup("Guadalajara, Jalisco")[0].country == "MX"
    assert lookup("Calgary, Quebec") == []


def test_calgary_news_is_placed_in_alberta() -> None:
    found = detect(CALGARY_NEWS)
    assert found is not None and found.place is not None
    assert (found.place.name, found.place.state, found.place.country) == ("Calgary", "AB", "CA")


def test_a_mexican_city_gets_its_state_name() -> None:
    assert where("Hombres que se hacían pasar por agentes de ICE detenidos en Tijuana") == (
        "Tijuana",
        "Baja California",
        "MX",
    )


@pytest.mark.parametrize(
    "text",
    [
        "A thief took a Secret Service agent's gun from a car parked near the White House.",
        "Secret Service agent's gun, badge and radio stolen from car near White House",
        "Capitol Police said an officer's vest was stolen from his car near the Capitol.",
        "A bag with an agent's badge was taken from a car near the Pentagon on Monday.",
    ],
)
def test_washington_landmarks_are_washington_not_a_small_town(text: str) -> None:
    assert where(text) == ("Washington", "DC", "US")


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("A man posing as an ICE agent stopped tourists in Times Square.", "New York"),
        ("A fake federal agent was arrested near the Alamo on Tuesday.", "San Antonio"),
        (
            "Thieves took a radio from a ranger's truck near the Golden Gate Bridge.",
            "San Francisco",
        ),
    ],
)
def test_other_landmarks_count_for_their_city(text: str, city: str) -> None:
    assert where(text)[0] == city


def test_a_landmark_does_not_outweigh_the_city_the_news_names() -> None:
    text = (
        "White House officials were briefed after an agent's badge and vest were stolen "
        "from his car in Fresno, police said. The agent had returned from the White House."
    )
    assert where(text) == ("Fresno", "CA", "US")


def test_the_towns_named_like_landmarks_are_still_found_when_written_as_towns() -> None:
    assert where("A deputy's badge was stolen in White House, Tenn., police said.") == (
        "White House",
        "TN",
        "US",
    )
    assert where("A Tennessee deputy's badge was stolen in White House on Monday.")[1] == "TN"
    assert where("A uniform was stolen in Golden Gate, Fla.") == ("Golden Gate", "FL", "US")


def test_subscribing_to_calgary_by_province_is_offered_and_receives_calgary_news(
    engine: Engine,
) -> None:
    outcome = placechoice.parse("Calgary, AB")
    assert isinstance(outcome, Chosen)
    choice = outcome.choice
    assert (choice.city, choice.state, choice.country) == ("Calgary", "AB", "CA")
    found = detect(CALGARY_NEWS)
    assert found is not None and found.place is not None
    place = found.place
    sessions = make_sessionmaker(engine)
    with transaction(sessions) as session:
        chat = ensure_chat(session, 501, "private", "en")
        subscribe(session, chat, choice)
        incident = Incident(
            kind=found.kind,
            status="published",
            title=CALGARY_NEWS.title,
            confidence=found.confidence,
            reported_at=datetime(2021, 10, 4, 18, 0, tzinfo=UTC),
            city=place.name,
            state=place.state,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
        )
        session.add(incident)
        session.flush()
        assert deliveries.matching_chat_ids(session, incident) == {chat.id}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Mexican state after the city, in full or abbreviated with its point
        ("TLAQUEPAQUE, Jalisco — Policías fueron despojados de sus armas.",
         ("Tlaquepaque", "Jalisco", "MX")),
        ("Roban patrulla en Irapuato, Gto., informó la fiscalía.",
         ("Irapuato", "Guanajuato", "MX")),
        # AP abbreviations keep their US meaning: "Mich." is Michigan, not Michoacán
        ("LANSING, Mich. — An officer's badge was stolen.", ("Lansing", "MI", "US")),
        # Australian states by their abbreviations
        ("Vest taken from police car in Cairns, Queensland police said.", ("Cairns", "QLD", "AU")),
        # a Spanish state name is a state, not Carolina, Puerto Rico
        ("Un hombre se hizo pasar por agente de ICE en Carolina del Norte.",
         ("North Carolina", "NC", "US")),
        # an English county after a town puts it in England, not in New York
        ("A patrol car was taken from an officer's home in Brentwood, Essex.",
         ("Brentwood", "England", "GB")),
        # a street is not the city it is named after; Spanish state names with accents
        ("Men in ICE vests robbed a vendor on Bristol Street, Costa Mesa police said.",
         ("Costa Mesa", "CA", "US")),
        ("Detenido en Salem, Oregón, un hombre que se hizo pasar por agente.",
         ("Salem", "OR", "US")),
        # the scene a report names; a car's out-of-state plates are not where it happened
        ("A woman showed a fake badge at a West Valley City credit union, Utah police said.",
         ("West Valley City", "UT", "US")),
        ("A deputy's gun was taken from his car at Fernandina Beach; witnesses saw a pickup "
         "with Texas plates.", ("Fernandina Beach", "FL", "US")),
        # a region in the dateline or an agency's name is not its city
        ("WATERLOO REGION — A vest went missing from a car in Kitchener's Forest Heights area, "
         "Waterloo Regional Police said.", ("Kitchener", "ON", "CA")),
    ],
)  # fmt: skip
def test_regions_and_states_as_written(text: str, expected: tuple[str, str, str]) -> None:
    assert where(text) == expected


def test_a_feed_region_abroad_settles_a_shared_name() -> None:
    text = "Two police badges vanished from a safe in a Cambridge home, police said."
    assert where(text, "Kitchener, ON") == ("Cambridge", "ON", "CA")


@pytest.mark.parametrize(
    "query",
    ["Calgary", "Tijuana", "Zapopan", "Sydney", "London", "Dublin", "Mexico City", "Kitchener"],
)
def test_labels_abroad_name_the_region_and_read_back(query: str) -> None:
    place = lookup(query)[0]
    assert place.country != "US"
    assert not place.label.endswith(", CA")  # never read as California
    assert lookup(place.label)[0] == place
