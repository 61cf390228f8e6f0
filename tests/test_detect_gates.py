"""The cheap gates in front of the cue patterns never change what the patterns find."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
]


def _texts() -> list[str]:
    rows = [row for f in ("corpus", "holdout", "holdout2") for row in load(DATA / f"{f}.jsonl")]
    return PHRASES + [f"{row['title']}. {row['summary']}" for row in rows]


def _patterns() -> dict[str, lx.Gated]:
    named = {n: getattr(lx, n) for n in ("IMPERSONATION", "ATTIRE", "THEFT_ACTIVE",
                                         "THEFT_PASSIVE", "THEFT_NOUN", "BREAK_IN", "SPECIFIC",
                                         "ADVISORY")}  # fmt: skip
    for label, table in (("ITEMS", lx.ITEMS), ("TACTICS", lx.TACTICS), ("NEGATIVE", lx.NEGATIVE)):
        named.update({f"{label}.{k}": g for k, g in table.items()})  # type: ignore[misc]
    named.update({f"AGENCIES.{k}": g for k, g in lx.AGENCIES.items()})
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
