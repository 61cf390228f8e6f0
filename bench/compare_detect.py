"""Dump every field detection and placing produce, to prove a speed change changes no result.

Run: ``python -m bench.compare_detect OUT`` writes one line per input: ``detect()`` (kind,
confidence, items, agencies, tactics, evidence, place with state, country and geonameid,
place confidence) for the three bench streams over several seeds and for every labelled
item in tests/data, plus ``locate()`` and ``agencies()`` on every input (detected or not)
and on title-only / summary-only variants of the labelled items, so placing is checked on
texts detection would skip. Compare two dumps with ``cmp``; they must be byte-identical.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from alerts.detection import EntryText, agencies, detect, locate
from alerts.evaluate import entry_of, load
from bench.bench_detect import DATA, streams

SEEDS = (7, 11, 23)


def _place(p: object) -> str:
    if p is None:
        return "-"
    return f"{p.name}|{p.state}|{p.country}|{p.geonameid}|{p.level}"  # type: ignore[attr-defined]


def _text(e: EntryText) -> str:
    return f"{e.title.strip()}. {e.summary.strip()}" if e.summary else e.title.strip()


def _line(e: EntryText) -> str:
    d = detect(e)
    if d is None:
        det = "None"
    else:
        det = (
            f"{d.kind}|{d.confidence!r}|{d.items}|{d.agencies}|{d.tactics}|{d.evidence}"
            f"|{_place(d.place)}|{d.place_confidence!r}"
        )
    text = _text(e)
    g = locate(text, e.region, e.summary, title=e.title.strip())
    loc = "None" if g is None else f"{_place(g.place)}|{g.confidence!r}"
    return f"{det} || {loc} || {agencies(text)}"


def inputs() -> list[tuple[str, EntryText]]:
    out: list[tuple[str, EntryText]] = []
    for seed in SEEDS:
        for label, items in streams(20_000, seed).items():
            out.extend((f"{seed}:{label}:{i}", e) for i, e in enumerate(items))
    for path in sorted(DATA.glob("*.jsonl")):
        for i, row in enumerate(load(path)):
            e = entry_of(row)
            out.append((f"{path.name}:{i}", e))
            out.append((f"{path.name}:{i}:title", EntryText(e.title, "", e.language, e.region)))
            if e.summary:
                out.append(
                    (f"{path.name}:{i}:summary", EntryText(e.summary, "", e.language, e.region))
                )
                out.append(
                    (f"{path.name}:{i}:noregion", EntryText(e.title, e.summary, e.language, None))
                )
    return out


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0])
    digest = hashlib.sha256()
    with out.open("w", encoding="utf-8") as fh:
        for key, e in inputs():
            line = f"{key}\t{_line(e)}\n"
            fh.write(line)
            digest.update(line.encode())
    print(out, digest.hexdigest())


if __name__ == "__main__":
    main()
