"""The rules for /subscribe arguments, without Telegram."""

from __future__ import annotations

import pytest

from bot import placechoice
from bot.placechoice import Ambiguous, BadRadius, Chosen, Empty, TooLong, Unknown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oakland", ("Oakland", None)),
        ("Oakland 10", ("Oakland", 10.0)),
        ("Oakland, CA 10km", ("Oakland, CA", 10.0)),
        ("Oakland, CA, 7.5 km", ("Oakland, CA", 7.5)),
        ("94601", ("94601", None)),
        ("94601 3", ("94601", 3.0)),
        ("10", ("10", None)),
        ("Oakland -5", ("Oakland", -5.0)),
    ],
)
def test_split_radius(text: str, expected: tuple[str, float | None]) -> None:
    assert placechoice.split_radius(text) == expected


def test_outcomes() -> None:
    assert isinstance(placechoice.parse("   "), Empty)
    assert isinstance(placechoice.parse("x" * 101), TooLong)
    assert isinstance(placechoice.parse("Oakland 0"), BadRadius)
    assert isinstance(placechoice.parse("Oakland -5"), BadRadius)
    assert isinstance(placechoice.parse("Oakland 501"), BadRadius)
    assert isinstance(placechoice.parse("Mexico"), Unknown)  # a country is not followed
    everything = placechoice.parse("ALL")
    assert isinstance(everything, Chosen) and everything.choice.scope == "all"


@pytest.mark.parametrize("name", ["Portland", "Springfield", "Columbus"])
def test_ambiguous_names_list_their_large_namesakes(name: str) -> None:
    outcome = placechoice.parse(f"{name} 15")
    assert isinstance(outcome, Ambiguous)
    assert outcome.radius_km == 15 and len(outcome.options) >= 2
    assert all(p.population >= 50_000 for p in outcome.options)


def test_a_bare_name_takes_the_largest_and_keeps_a_namesake_for_the_hint() -> None:
    outcome = placechoice.parse("Oakland")
    assert isinstance(outcome, Chosen)
    assert (outcome.choice.label, outcome.choice.radius_km) == ("Oakland, CA", 25.0)
    assert outcome.alternative is not None and outcome.alternative.state == "NJ"
    qualified = placechoice.parse("Oakland, CA")
    assert isinstance(qualified, Chosen) and qualified.alternative is None


def test_states_zip_codes_and_callback_ids() -> None:
    state = placechoice.parse("Carolina del Norte")
    assert isinstance(state, Chosen)
    assert (state.choice.scope, state.choice.place_key, state.choice.label) == (
        "state",
        "state:US:NC",
        "North Carolina",
    )
    zip_code = placechoice.parse("94601")
    assert isinstance(zip_code, Chosen) and zip_code.choice.place_key == "city:5378538"
    assert placechoice.by_id(5378538) is not None
    assert placechoice.by_id(5332921) is None  # California: a state, not a city button
    assert placechoice.by_id(99_999_999_999) is None
