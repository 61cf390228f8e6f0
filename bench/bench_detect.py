"""Detection + placing throughput on one core, and the gazetteer's load cost (SPEC §11).

Run: ``python -m bench.bench_detect [--entries N] [--runs R]``. Inputs are generated: the
labelled corpora (mostly incident reports and look-alikes, like a news-search feed) varied
with other places and numbers, mixed half and half with ordinary local news. The floor is a
plain keyword regex (an agency word AND a theft/impersonation word) over the same entries.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from alerts.detection import EntryText, detect
from alerts.evaluate import BASELINE_ACT, BASELINE_AGENCY, load

TARGET = 10_000
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CITIES = ["Oakland", "Tucson", "Fresno", "Reno", "Omaha", "Raleigh", "Dayton", "Yuma",
          "Salem", "Provo", "Tampa", "Newark", "Aurora", "Laredo", "Boise"]  # fmt: skip
NEWS = [
    "{c} council approves budget for new parks and {n} bus routes",
    "High school team from {c} wins state title after {n}-point comeback",
    "Road work closes two lanes on Main Street in {c} through Friday",
    "{c} restaurant week returns with {n} participating kitchens",
    "Weather: storms expected across {c} area this weekend",
    "Library in {c} extends hours; {n} new computers installed",
    "Police in {c} investigate crash that injured {n} people",
    "Firefighters in {c} rescue cat from tree, neighbors cheer",
]


def entries(n: int, seed: int = 7) -> list[EntryText]:
    """n generated entries: corpus items with varied numbers, and ordinary news."""
    rng = random.Random(seed)
    rows = load(DATA / "corpus.jsonl") + load(DATA / "holdout.jsonl")
    out: list[EntryText] = []
    for i in range(n):
        c, num = rng.choice(CITIES), rng.randint(2, 900)
        if i % 2:
            row = rng.choice(rows)
            summary = row["summary"].replace("two", str(num)) + f" Ref {i}."
            out.append(EntryText(row["title"], summary, row["language"], row["feed_region"]))
        else:
            title = rng.choice(NEWS).format(c=c, n=num)
            out.append(EntryText(title, f"{title}. More details at {c} city hall, item {i}."))
    return out


def _rate(fn, items: list[EntryText], runs: int) -> float:
    """Entries per CPU second of this process (a shared machine's other load is not ours)."""
    rates = []
    for _ in range(runs):
        start = time.process_time()
        for item in items:
            fn(item)
        rates.append(len(items) / (time.process_time() - start))
    return statistics.median(rates)


def _keyword(item: EntryText) -> bool:
    text = f"{item.title} {item.summary}"
    return bool(BASELINE_AGENCY.search(text) and BASELINE_ACT.search(text))


def gazetteer_cost() -> tuple[float, float]:
    """(load seconds, RSS growth in MB) measured in a fresh interpreter.

    RSS growth includes the interpreter's freed-but-kept arenas; the index itself holds
    about 44 MB (tracemalloc after load).
    """
    code = (
        "import resource, time\n"
        "import alerts.places as p\n"
        "r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter(); p.gazetteer(); t = time.perf_counter() - t\n"
        "r1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(t, (r1 - r0) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    load_s, load_mb = gazetteer_cost()
    items = entries(args.entries)
    relevant = [e for i, e in enumerate(items) if i % 2]
    detect(items[1])  # warm: gazetteer and state-name pattern loaded outside the timing
    ours = _rate(detect, items, args.runs)
    ours_relevant = _rate(detect, relevant, args.runs)
    floor = _rate(_keyword, items, args.runs)
    hits = sum(detect(e) is not None for e in items)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"detection + placing, one core, median of {args.runs} runs over {len(items)} entries")
    print(f"{'figure':<44}{'value':>12}{'target':>10}{'floor':>12}")
    print(
        f"{'entries/s (half news, half incident-like)':<44}{ours:>12,.0f}{TARGET:>10,}"
        f"{floor:>12,.0f}"
    )
    print(
        f"{'entries/s (incident-like only)':<44}{ours_relevant:>12,.0f}{TARGET:>10,}"
        f"{_rate(_keyword, relevant, args.runs):>12,.0f}"
    )
    per_entry = f"{1e6 / ours:>12.0f}{1e6 / ours_relevant:>10.0f}"
    print(f"{'µs per entry (mixed / incident-like)':<44}{per_entry}")
    print(f"{'floor / ours (mixed), lower is better':<44}{floor / ours:>12.1f}")
    print(f"{'gazetteer load, s (lazy, once)':<44}{load_s:>12.2f}")
    print(f"{'gazetteer memory, MB RSS growth':<44}{load_mb:>12.1f}")
    print(f"{'peak RSS of this bench, MB':<44}{rss:>12.1f}")
    print(f"detections: {hits} of {len(items)}")


if __name__ == "__main__":
    main()
