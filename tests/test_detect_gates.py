"""The cheap gates in front of the cue patterns never change what the patterns find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alerts.detection import core, placing
from alerts.detection import lexicon as lx
from alerts.evaluate import load

DATA = Path(__file__).resolve().parent / "data"
PHRASES = [
    "Se hizo pasar por agente y se llevaron una placa",
    "There is no evidence, and no hay evidencia either",
    "Cases in several states and en todo el país",
    "Approached him on the street; by phone; en la calle; an AR-15 was taken",
    "They knocked at the door. La migra llegó.",
    "ice cream in the U.S. Marshals Service office; a police radio was stolen",
    "He said “I’m with ICE,” then: we're ICE agents; I'm an FBI agent; xi'm ICE",
    "Flashing an ICE badge, he showed a fake FBI badge in a DHS vest; flashes HSI badges",
]


def _texts() -> list[str]:
    rows = [row for f in ("corpus", "holdout", "holdout2") for row in load(DATA / f"{f}.jsonl")]
    return PHRASES + [f"{row['title']}. {row['summary']}" for row in rows]


def _patterns() -> dict[str, lx.Gated]:
    named = {n: getattr(lx, n) for n in ("IMPERSONATION", "ATTIRE", "THEFT_ACTIVE",
                                         "THEFT_PASSIVE", "THEFT_NOUN", "BREAK_IN",
                                         "SPECIFIC")}  # fmt: skip
    for label, table in (("ITEMS", lx.ITEMS), ("TACTICS", lx.TACTICS), ("NEGATIVE", lx.NEGATIVE)):
        named.update({f"{label}.{k}": g for k, g in table.items()})  # type: ignore[misc]
    named.update({f"AGENCIES.{k}": g for k, g in lx.AGENCIES.items()})
    named["core.REPORTING"] = core._REPORTING_GATED
    named["core.STRONG_THEFT"] = core._STRONG_THEFT_GATED
    return named


@pytest.mark.parametrize("name", sorted(_patterns()))
def test_gated_pattern_finds_what_the_plain_pattern_finds(name: str) -> None:
    gated = _patterns()[name]
    plain = re.compile(gated.pattern)
    for text in _texts():
        t = lx.Text(text)
        want = [m.span() for m in plain.finditer(t.low)]
        assert [m.span() for m in gated.finditer(t)] == want, (name, text)
        assert gated.test(t) == bool(want), (name, text)


@pytest.mark.parametrize("table", ["ITEMS_T", "TACTICS_T", "NEGATIVE_T", "AGENCIES_T"])
def test_gated_tables_agree_with_their_patterns(table: str) -> None:
    gated = getattr(lx, table)
    for text in _texts():
        t = lx.Text(text)
        want = [n for n, g in gated._items if re.compile(g.pattern).search(t.low)]
        assert gated.present(t) == want, (table, text)
        assert set(want) <= {n for n, _ in gated.candidates(t)}
        spans = [(n, [m.span() for m in re.finditer(g.pattern, t.low)]) for n, g in gated._items]
        assert [(n, [m.span() for m in found]) for n, found in gated.finds(t)] == [
            (n, found) for n, found in spans if found
        ], (table, text)


# The place patterns as first written, with "\\b" in front: the letter-first forms must match
# the same spans and names.
_NAME = placing._NAME
_PLAIN_PLACES = {
    "SCENE_NOUN": rf"\b(?i:an?|the)\s+(?P<name>{_NAME})\s+(?:restaurant|home|house|store"
    r"|business|apartment|neighborhood|street|park|hotel|motel|school|church|bus station"
    r"|station|courthouse|parking lot|shop|market|family|families|vendor|vendors|workers"
    r"|residents|business owner|neighbou?rhood)\b",
    "ORIGIN": rf"\b(?i:an?|the)\s+(?P<name>{_NAME})\s+{placing._RESIDENT_WORDS}"
    r"|\b(?:from|of|de|vecino de|residente de)\s+"
    rf"(?P<name2>{_NAME})",
}
_EDGES = ["An Tucson man", "THE Reno Woman", "the Reno store", "xof Reno", "ña Reno man",
          "_the Reno man", "9a Reno man", "a  Reno  man", "vecino de Yuma"]  # fmt: skip


@pytest.mark.parametrize("name", sorted(_PLAIN_PLACES))
def test_letter_first_place_patterns_match_as_written(name: str) -> None:
    fast, plain = getattr(placing, name), re.compile(_PLAIN_PLACES[name])
    for text in _texts() + _EDGES:
        want = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == want, text


def test_text_words_are_the_regex_words() -> None:
    odd = ["agent’s vest—stolen", "café_ñ x\x1cy\u2003z", "l'été «ICE» 5ª", "a\u00a0b_c-d", ""]
    for text in [*odd, *_texts()]:
        low = lx.lower(text)
        assert lx.Text(text).words == set(re.findall(r"\w+", low)), text


_RUN_EDGES = [
    "St. St. Louis County Sheriff said", "Mt. St. Helens  County Police", "Fresno  County Sheriff",
    "the Oakland Police station", "a Jean-Pierre County man", "O'Brien Police said",
    "Policía de  Phoenix", "Departamento de Policía de Tucson", "Reno x Oakland man",
    "the  Sunnyside\nrestaurant", "vecino de Yuma", "residente de  El Paso", "CA  County Police",
    "Fire  Fire Reno, Mt.", "Ñandú  County Police los, County Sheriff, ", "THE Reno Woman",
    "in Minneapolis-St. Paul, Minn., police", "Wilkes-Barre-St. Clair County", "Qur'an Reno man",
    "Jean-the Reno store", "O'St. Louis County", "Drive-in Oakland", "Check-in la Paz",
    "afueras de la Paz", "in the  north\tOakland", "throughout El Paso", "en el norte de Sonora",
    "xvecino de Yuma", "near in Reno", "at  the city of  Mesa", "in this Reno", "from\nSt. Paul",
]  # fmt: skip


@pytest.mark.parametrize(
    "name", ["CITY_STATE", "AGENCY_HOME_EN", "COUNTY_EN", "SCENE_NOUN", "ORIGIN", "PREP"]
)
def test_place_patterns_tried_at_run_starts_find_what_a_full_scan_finds(name: str) -> None:
    pattern = getattr(placing, name)
    slot = ["CITY_STATE", "AGENCY_HOME_EN", "COUNTY_EN", "SCENE_NOUN", "ORIGIN", "", "PREP"].index(
        name
    )
    for text in _texts() + _EDGES + _RUN_EDGES:
        starts = placing._candidate_starts(text)[slot]
        want = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
        got = [(m.span(), m.groupdict()) for m in lx.matches_at(pattern, text, starts)]
        assert got == want, text


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bcar$", "a stolen car"),
        (r"\b(?:zzz){,1}abc", "the abc"),
        (r"\b(?:was|were) not\b", "was not"),
        (r"\b(?:i['’]m|we are) ice\b", "I’m ICE, I'm ICE, xi'm ICE"),
    ],
)
def test_openings_hold_for_line_ends_and_open_counts(pattern: str, text: str) -> None:
    gated, plain = lx.Gated(re.compile(pattern)), re.compile(pattern)
    want = [m.span() for m in plain.finditer(lx.lower(text))]
    assert want and [m.span() for m in gated.finditer(lx.Text(text))] == want


def test_no_pattern_scans_every_entry_but_the_known_one() -> None:
    """An alternative that opens with a character class ("\\d+", "['‘]") leaves its gate
    nothing to look up, and the whole pattern then scans every entry: one such alternative
    made detection three times slower. Only the Marshals' "U.S." form does so, knowingly."""
    patterns = [
        (n, g)
        for module in (lx, core)
        for n in dir(module)
        if isinstance(g := getattr(module, n), lx.Gated)
    ]
    for table in (lx.NEGATIVE_T, lx.ITEMS_T, lx.TACTICS_T, lx.AGENCIES_T):
        patterns += list(table._items)
    scanning = sorted({name for name, gated in patterns if gated._always})
    assert scanning == ["USMS"]


def test_federal_opens_every_alternative_with_a_letter() -> None:
    """FEDERAL is searched in many short windows per entry; an alternative that opens with a
    look-behind or a boundary is tried at every position (one made detection 9 % slower)."""
    alternatives = lx._split_top(lx.FEDERAL.pattern)
    assert [a for a in alternatives if not a[:1].isalpha()] == []
