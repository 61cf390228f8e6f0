"""Score detection, placing and merging on a labelled corpus, beside a keyword baseline.

Usage: ``python -m alerts.evaluate tests/data/corpus.jsonl [--errors]``. Each JSONL row holds
title, summary, language, feed_region, published, label (kind or null), city/state/country,
items, agencies and incident_group (rows of one real incident share it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from alerts.detection import Detection, EntryText, detect
from alerts.merge import IncidentFeatures, best_match, features
from alerts.places import fold

BASELINE_AGENCY = re.compile(
    r"\b(?:ICE|HSI|CBP|DHS|FBI|ATF|DEA)\b|immigration|inmigraci[oó]n|border patrol|"
    r"patrulla fronteriza|homeland security|police|polic[ií]a|sheriff|deputy|federal agent",
)
BASELINE_ACT = re.compile(
    r"stole|stolen|theft|impersonat|posing as|posed as|fake|robad|robaron|robo|"
    r"se hac\w+ pasar|falsos? agentes?",
    re.IGNORECASE,
)
BASELINE_IMP = re.compile(r"impersonat|posing|posed|fake|pasar por|falsos?", re.IGNORECASE)


@dataclass
class Scores:
    """Counts behind the reported figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    kind_ok: int = 0
    city_ok: int = 0
    merge_tp: int = 0
    merge_fp: int = 0
    merge_fn: int = 0
    facts: dict[str, list[int]] = field(
        default_factory=lambda: {"items": [0, 0, 0], "agencies": [0, 0, 0]}
    )  # true positives, predicted, expected: for F1 of the extracted facts
    errors: list[str] = field(default_factory=list)

    def fact_f1(self, name: str) -> float:
        """F1 of extracted items or agencies over the detected incidents."""
        tp, pred, gold = self.facts[name]
        return 2 * tp / (pred + gold) if pred + gold else 1.0

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def kind_accuracy(self) -> float:
        return self._ratio(self.kind_ok, self.tp)

    @property
    def city_accuracy(self) -> float:
        return self._ratio(self.city_ok, self.tp)

    @property
    def merge_precision(self) -> float:
        return self._ratio(self.merge_tp, self.merge_tp + self.merge_fp)

    @property
    def merge_recall(self) -> float:
        return self._ratio(self.merge_tp, self.merge_tp + self.merge_fn)


def load(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSONL corpus."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def entry_of(row: dict[str, Any]) -> EntryText:
    """The detection input for a corpus row."""
    published = row.get("published")
    return EntryText(
        title=row["title"],
        summary=row.get("summary") or "",
        language=row.get("language"),
        region=row.get("feed_region"),
        published=datetime.fromisoformat(published.replace("Z", "+00:00")) if published else None,
    )


def place_ok(row: dict[str, Any], det: Detection) -> bool:
    """Expected city (or state only, when the row names no city) was found."""
    p = det.place
    if p is None:
        return row.get("city") is None and row.get("state") is None
    if row.get("city") is None:
        return p.level == "state" and p.state == row.get("state")
    return (
        p.level == "city"
        and fold(p.name) == fold(row["city"])
        and p.country == row.get("country", "US")
        and (row.get("state") is None or p.state == row["state"])
    )


def evaluate(rows: list[dict[str, Any]]) -> Scores:
    """Run detection and merging over the rows."""
    s = Scores()
    found: list[tuple[dict[str, Any], Detection]] = []
    for row in rows:
        det = detect(entry_of(row))
        label = row.get("label")
        if det and label:
            s.tp += 1
            s.kind_ok += det.kind == label
            if place_ok(row, det):
                s.city_ok += 1
            else:
                got = det.place.label if det.place else None
                s.errors.append(f"{row['id']} place {got!r} != {row.get('city')}, {row['state']}")
            if det.kind != label:
                s.errors.append(f"{row['id']} kind {det.kind} != {label}")
            for name, got in (("items", det.items), ("agencies", det.agencies)):
                want = set(row.get(name) or [])
                counts = s.facts[name]
                counts[0] += len(want & set(got))
                counts[1] += len(set(got))
                counts[2] += len(want)
            found.append((row, det))
        elif det:
            s.fp += 1
            s.errors.append(f"{row['id']} false positive ({row.get('neg_type')}): {det.evidence}")
        elif label:
            s.fn += 1
            s.errors.append(f"{row['id']} missed {label}: {row['title']}")
    _score_merges(found, s)
    return s


def _score_merges(found: list[tuple[dict[str, Any], Detection]], s: Scores) -> None:
    """Greedy online merge in publication order, scored on pairs of reports."""
    found.sort(key=lambda rd: rd[0]["published"])
    incidents: list[IncidentFeatures] = []
    assigned: list[int] = []
    for row, det in found:
        feat = features(
            det.kind,
            det.place,
            entry_of(row).published or datetime.min,
            det.items,
            det.agencies,
            det.tactics,
            row["title"],
        )
        match = best_match(feat, list(enumerate(incidents)))
        if match is None:
            incidents.append(feat)
            match = len(incidents) - 1
        assigned.append(match)
    groups = [row.get("incident_group") for row, _ in found]
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            same_true = groups[i] is not None and groups[i] == groups[j]
            same_pred = assigned[i] == assigned[j]
            if same_true and same_pred:
                s.merge_tp += 1
            elif same_pred:
                s.merge_fp += 1
                s.errors.append(f"false merge {found[i][0]['id']} + {found[j][0]['id']}")
            elif same_true:
                s.merge_fn += 1
                s.errors.append(f"missed merge {found[i][0]['id']} + {found[j][0]['id']}")


def headlines_only(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as most news searches deliver them: a Google News item is its headline
    alone (its description repeats the headline and names the outlet)."""
    return [{**row, "summary": ""} for row in rows]


def baseline(rows: list[dict[str, Any]]) -> Scores:
    """A plain keyword query: an agency word AND a theft/impersonation word."""
    s = Scores()
    for row in rows:
        text = f"{row['title']} {row.get('summary', '')}"
        hit = bool(BASELINE_AGENCY.search(text) and BASELINE_ACT.search(text))
        label = row.get("label")
        if hit and label:
            s.tp += 1
            kind = "impersonation" if BASELINE_IMP.search(text) else "stolen_gear"
            s.kind_ok += kind == label
        elif hit:
            s.fp += 1
        elif label:
            s.fn += 1
    return s


def report(path: str | Path, show_errors: bool = False) -> Scores:
    """Print the figures for one corpus file and return them."""
    rows = load(path)
    ours, base = evaluate(rows), baseline(rows)
    print(f"{path}: {len(rows)} items, {sum(1 for r in rows if r.get('label'))} incidents")
    print(f"{'metric':<18}{'detector':>10}{'baseline':>10}{'target':>9}")
    lines = [
        ("precision", ours.precision, f"{base.precision:.3f}", "0.95"),
        ("recall", ours.recall, f"{base.recall:.3f}", "0.90"),
        ("kind accuracy", ours.kind_accuracy, f"{base.kind_accuracy:.3f}", "0.95"),
        ("city accuracy", ours.city_accuracy, "n/a", "0.90"),
        ("merge precision", ours.merge_precision, "n/a", "1.00"),
        ("merge recall", ours.merge_recall, "n/a", "-"),
    ]
    for name, value, base_value, target in lines:
        print(f"{name:<18}{value:>10.3f}{base_value:>10}{target:>9}")
    print(f"false merges: {ours.merge_fp}")
    print(f"items F1 {ours.fact_f1('items'):.3f}, agencies F1 {ours.fact_f1('agencies'):.3f}")
    heads = evaluate(headlines_only(rows))
    print(
        f"headlines alone: precision {heads.precision:.3f}, recall {heads.recall:.3f}, "
        f"kind {heads.kind_accuracy:.3f}, city {heads.city_accuracy:.3f}, "
        f"false merges {heads.merge_fp}, merge recall {heads.merge_recall:.3f}"
    )
    if show_errors:
        for err in ours.errors:
            print("  " + err)
    return ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="JSONL corpus files")
    parser.add_argument("--errors", action="store_true", help="list each miss")
    args = parser.parse_args(argv)
    for path in args.paths:
        report(path, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
