"""Merging reports of one incident, and keeping different incidents apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alerts.merge import IncidentFeatures, best_match, features, should_merge
from alerts.places import lookup

T0 = datetime(2025, 3, 18, 15, tzinfo=UTC)


def feat(
    title: str,
    *,
    place: str | None = "Anaheim, CA",
    kind: str = "impersonation",
    days: float = 0,
    items: tuple[str, ...] = (),
    agencies: tuple[str, ...] = ("ICE",),
    tactics: tuple[str, ...] = ("robbery",),
) -> IncidentFeatures:
    where = lookup(place)[0] if place else None
    return features(kind, where, T0 + timedelta(days=days), items, agencies, tactics, title)


def test_english_and_spanish_reports_merge() -> None:
    en = feat("Fake ICE agents rob people in Anaheim", tactics=("robbery", "demanded_money"))
    es = feat("Falsos agentes de inmigración asaltan a residentes de Anaheim", days=1)
    assert should_merge(es, en)


def test_state_level_report_merges_with_city_report() -> None:
    city = feat("Men posing as ICE rob family", place="Milton, DE", tactics=("home_visit",))
    state = feat("Delaware troopers seek fake ICE agents", place="Delaware", days=1,
                 tactics=("home_visit", "robbery"))  # fmt: skip
    assert should_merge(state, city)


def test_a_state_level_headline_sharing_only_the_agency_stays_apart() -> None:
    """Headlines alone share little but "ICE": a report placed only in the state needs more
    than that to join a city's incident."""
    city = feat("Falsos agentes de ICE roban ahorros a una mujer en Miami", place="Miami, FL",
                tactics=())  # fmt: skip
    state = feat("Florida man charged after claiming to be ICE and stopping drivers",
                 place="Florida", days=3, tactics=())  # fmt: skip
    assert not should_merge(state, city)


def test_different_incidents_in_one_city_stay_apart() -> None:
    robbery = feat("Vendor robbed by men claiming to be ICE", tactics=("robbery", "street_stop"))
    calls = feat("Family gets calls from fake ICE officer", days=1,
                 tactics=("phone_call", "demanded_money"))  # fmt: skip
    assert not should_merge(calls, robbery)
    fbi = feat("Rifles stolen from FBI cars", place="Minneapolis, MN", kind="stolen_gear",
               items=("firearm", "vest"), agencies=("FBI",), tactics=())  # fmt: skip
    deputy = feat(
        "Deputy's rifle stolen from squad car",
        place="Minneapolis, MN",
        kind="stolen_gear",
        items=("firearm",),
        agencies=("sheriff",),
        tactics=(),
    )
    assert not should_merge(deputy, fbi)


def test_kind_place_and_time_gate_merging() -> None:
    a = feat("Fake ICE agents rob people in Anaheim")
    assert not should_merge(feat("Fake ICE agents rob people in Anaheim", kind="stolen_gear"), a)
    assert not should_merge(feat("Fake ICE agents rob people in Houston", place="Houston"), a)
    assert not should_merge(feat("Fake ICE agents rob people in Anaheim", days=10), a)
    assert should_merge(feat("Fake ICE agents rob people in Anaheim", days=2), a)


def test_look_alike_incidents_a_week_apart_in_one_city_stay_apart() -> None:
    first = feat(
        "Man posing as ICE agent steals handgun from Houston home",
        place="Houston, TX",
        items=("firearm",),
        tactics=("home_visit", "robbery"),
    )
    second = feat(
        "Thieves steal pistol from Houston house after claiming to be ICE",
        place="Houston, TX",
        days=6,
        items=("firearm",),
        tactics=("home_visit", "robbery"),
    )
    assert not should_merge(second, first)


def test_best_match_picks_the_closest_incident() -> None:
    new = feat("Anaheim police seek men posing as ICE", days=1, tactics=("robbery",))
    candidates = [
        (1, feat("Fake ICE caller demands money", tactics=("phone_call",))),
        (2, feat("Fake ICE agents rob people in Anaheim")),
    ]
    assert best_match(new, candidates) == 2
    assert best_match(new, []) is None


def test_naive_and_aware_times_compare() -> None:
    where = lookup("Anaheim, CA")[0]
    naive = features("impersonation", where, datetime(2025, 3, 18, 15), (), ("ICE",),
                     ("robbery",), "Fake ICE agents rob people in Anaheim")  # fmt: skip
    assert should_merge(naive, feat("Fake ICE agents rob people in Anaheim", days=1))


def test_titles_in_two_languages_share_their_words() -> None:
    en = feat(
        "Smuggler wore phony Border Patrol uniform and drove a look-alike SUV",
        place="Yuma, AZ",
        items=("uniform", "vehicle"),
        agencies=("USBP",),
        tactics=("fake_documents",),
    )
    es = feat(
        "Traficante usaba uniforme falso de la Patrulla Fronteriza y una camioneta clonada",
        place="Yuma, AZ",
        days=2,
        items=("uniform", "vehicle"),
        agencies=("USBP", "CBP"),
        tactics=("detention",),
    )
    assert should_merge(es, en)
