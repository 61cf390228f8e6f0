"""Poll-cycle benchmark (SPEC §11): 1,000 local feeds x 50 entries.

    python -m bench.bench_poll [--feeds 1000] [--entries 50] [--runs 3] [--no-write]

A local server (its own process, so it does not compete for our GIL) serves
every feed with ETag and Last-Modified. Each run is a fresh process that polls
all feeds twice through the service's pipeline: the first cycle fetches, parses,
stores and classifies everything, the second sends the validators and gets 304s. The floor is
feedparser alone parsing the same documents, also in a fresh process. Figures
are medians over the runs; peak RSS is the measuring process's own.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from typing import Any

from alerts.feeds.fetch import FetchLimits
from bench.results import RESULTS, ROOT, machine_line, write_section

TARGET_FIRST_S = 60.0
TARGET_SECOND_S = 5.0
# The service's own setting: with many more connections (64 were measured), httpcore 1.0's
# pool spends seconds of CPU assigning requests to a burst of new connections (its
# assignment pass is quadratic, encode/httpcore#1035), which a poll cycle would pay.
CONCURRENCY = FetchLimits().max_concurrency
HEADING = "## Feed polling"
CONTENT = {
    "news": "detection's news-search mix with full leads, every entry distinct: 70 % "
    "report-like (a labelled "
    "item's title over another's summary), 20 % on-topic news, 10 % ordinary news",
    "worst": "word salad of the incident vocabulary, mostly taken for incident reports",
}


def heading(content: str) -> str:
    return HEADING if content == "news" else f"{HEADING}, worst case"


_VOCABULARY = (
    "police federal agent vest badge stolen car break-in jacket immigration impersonating "
    "residents warned community officials county city report suspects fake credentials "
    "Oakland Houston Chicago Phoenix Miami Denver reported Tuesday night said investigators"
)
_WORDS = _VOCABULARY.split()


def _stories(count: int, content: str, rng: random.Random) -> list[tuple[str, str]]:
    """(title, text) pairs. "news": detection's news-search mix (distinct report-like items,
    on-topic news and ordinary news), as the shipped feeds carry it. "worst":
    word salad from the incident vocabulary, which detection mostly takes for incidents."""
    if content == "news":
        from bench.bench_detect import streams

        mix = streams(count, seed=rng.randrange(1 << 30))["news-search mix, full leads"]
        return [(e.title, e.summary) for e in mix]
    return [
        (
            " ".join(rng.choice(_WORDS) for _ in range(10)).capitalize(),
            " ".join(rng.choice(_WORDS) for _ in range(40)),
        )
        for _ in range(count)
    ]


def make_documents(feeds: int, entries: int, seed: int = 7, content: str = "news") -> list[bytes]:
    """Deterministic news-search-like RSS documents (Google News shape)."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    stories = _stories(feeds * entries, content, rng)
    docs = []
    for f in range(feeds):
        items = []
        for e in range(entries):
            title, text = stories[f * entries + e]
            outlet = f"Outlet {rng.randrange(300)}"
            link = f"https://news.example.org/f{f}/a{e}?utm_source=rss&id={f * entries + e}"
            desc = escape(
                f'<a href="{link}">{escape(title)}</a>&nbsp;&nbsp;'
                f'<font color="#6f6f6f">{outlet}</font><p>{escape(text)}</p>'
            )
            when = format_datetime(start + timedelta(minutes=rng.randrange(40000)), usegmt=True)
            items.append(
                f"<item><title>{escape(title)} - {outlet}</title><link>{escape(link)}</link>"
                f'<guid isPermaLink="false">f{f}-e{e}</guid><pubDate>{when}</pubDate>'
                f"<description>{desc}</description>"
                f'<source url="https://{outlet.replace(" ", "").lower()}.example">{outlet}</source>'
                f"</item>"
            )
        docs.append(
            (
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Feed {f} - Google News</title><link>https://news.example.org/</link>"
                f"<ttl>15</ttl>{''.join(items)}</channel></rss>"
            ).encode()
        )
    return docs


# --- the server process -------------------------------------------------------


def _serve(feeds: int, entries: int, content: str, port_queue: Any, stop: Any) -> None:
    """Serve every generated document until told to stop."""
    from tests.feedserver import FeedServer

    docs = make_documents(feeds, entries, content=content)
    with FeedServer() as server:
        for i, doc in enumerate(docs):
            server.feed(
                f"/feed/{i}",
                doc,
                etag=f'"v{i}"',
                last_modified="Fri, 27 Nov 2026 10:00:00 GMT",
            )
        port_queue.put(server.port)
        stop.wait()


# --- the measuring processes ----------------------------------------------------


def _peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _poll_twice(port: int, feeds: int) -> dict[str, Any]:
    """Both cycles through the service's own pipeline: fetch, parse, store, detect, place."""
    import tempfile

    from alerts.feeds.fetch import FeedRequest, Fetcher
    from alerts.pipeline import Pipeline
    from alerts.publishing import PublishPolicy
    from db import feeds as feed_queries
    from db import migrate
    from db.engine import make_engine, make_sessionmaker, transaction
    from db.models import Feed, utcnow

    limits = FetchLimits(max_concurrency=CONCURRENCY, max_per_host=CONCURRENCY)
    urls = [f"http://127.0.0.1:{port}/feed/{i}" for i in range(feeds)]
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate.upgrade(engine)
        sessions = make_sessionmaker(engine)
        with transaction(sessions) as session:
            session.add_all(Feed(url=url, name=f"feed {i}") for i, url in enumerate(urls))
        async with Fetcher(limits=limits) as fetcher:
            pipeline = Pipeline(sessions, fetcher, timedelta(minutes=10), PublishPolicy(), utcnow)
            started = time.perf_counter()
            first = await pipeline.poll()
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            second = await pipeline.poll(every=True)
            second_s = time.perf_counter() - started
            with sessions() as session:
                again = [
                    FeedRequest(f.url, f.etag, f.last_modified)
                    for f in feed_queries.list_feeds(session)
                ]
            floor_304_s = await _bare_conditional_gets(fetcher.client, again)
        engine.dispose()
    return {
        "first_s": first_s,
        "second_s": second_s,
        "entries": sum(r.new_entries for r in first.reports),
        "incidents": len(first.created),
        "detected": sum(
            len(r.found.created) + len(r.found.merged) for r in first.reports if r.found
        ),
        "first_errors": sum(r.outcome.startswith("error") for r in first.reports),
        "second_not_modified": sum(r.outcome == "not modified" for r in second.reports),
        "rss_mb": _peak_rss_mb(),
        "floor_304_s": floor_304_s,
    }


async def _bare_conditional_gets(client: Any, requests: list[Any]) -> float:
    """The second cycle's floor: the same conditional GETs with plain httpx."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def get(r: Any) -> int:
        async with gate:
            headers = {"If-None-Match": r.etag, "If-Modified-Since": r.last_modified}
            return (await client.get(r.url, headers=headers)).status_code

    started = time.perf_counter()
    codes = await asyncio.gather(*(get(r) for r in requests))
    assert set(codes) == {304}, set(codes)
    return time.perf_counter() - started


def _floor(feeds: int, entries: int, content: str) -> dict[str, Any]:
    """feedparser alone, default settings, on the same documents."""
    import feedparser

    docs = make_documents(feeds, entries, content=content)
    started = time.perf_counter()
    count = sum(len(feedparser.parse(io.BytesIO(doc)).entries) for doc in docs)
    return {
        "floor_s": time.perf_counter() - started,
        "floor_entries": count,
        "floor_rss_mb": _peak_rss_mb(),
    }


def _worker(args: argparse.Namespace) -> None:
    """Entry point of a measuring subprocess: print one JSON line."""
    if args.worker == "poll":
        result = asyncio.run(_poll_twice(args.port, args.feeds))
    else:
        result = _floor(args.feeds, args.entries, args.content)
    print(json.dumps(result))


def _run_worker(kind: str, args: argparse.Namespace, port: int = 0) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "bench.bench_poll",
        "--worker",
        kind,
        "--port",
        str(port),
        "--feeds",
        str(args.feeds),
        "--entries",
        str(args.entries),
        "--content",
        args.content,
    ]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- orchestration and report -----------------------------------------------------


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Start the server, run the poll and floor workers, return medians."""
    load = os.getloadavg()[0]
    ctx = mp.get_context("spawn")
    port_queue, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(
        target=_serve, args=(args.feeds, args.entries, args.content, port_queue, stop)
    )
    server.start()
    try:
        port = port_queue.get(timeout=120)
        polls = [_run_worker("poll", args, port) for _ in range(args.runs)]
    finally:
        stop.set()
        server.join(timeout=30)
    floors = [_run_worker("floor", args) for _ in range(args.runs)]
    return {
        "load": load,
        "feeds": args.feeds,
        "entries_per_feed": args.entries,
        "content": args.content,
        "runs": args.runs,
        "entries": polls[0]["entries"],
        "detected": polls[0]["detected"],
        "incidents": polls[0]["incidents"],
        "first_errors": max(p["first_errors"] for p in polls),
        "second_not_modified": min(p["second_not_modified"] for p in polls),
        **{k: _median(floors if k in _FLOOR_KEYS else polls, k) for k in _KEYS},
    }


_FLOOR_KEYS = ("floor_s", "floor_rss_mb")
_KEYS = ("first_s", "second_s", "rss_mb", "floor_304_s", "floor_s", "floor_rss_mb")


def report(r: dict[str, Any]) -> str:
    """The Markdown section for docs/benchmarks.md (also printed)."""
    ok1 = "met" if r["first_s"] <= TARGET_FIRST_S else "MISSED"
    ok2 = "met" if r["second_s"] <= TARGET_SECOND_S else "MISSED"
    rate = r["entries"] / r["first_s"] if r["first_s"] else 0
    floor_rate = r["entries"] / r["floor_s"] if r["floor_s"] else 0
    lines = [
        heading(r["content"]),
        "",
        f"`python -m bench.bench_poll --content {r['content']}` — {r['feeds']:,} local feeds × "
        f"{r['entries_per_feed']} entries ({r['entries']:,} entries; {CONTENT[r['content']]}; "
        f"{r['detected']:,} detected as reports, {r['incidents']:,} incidents opened) "
        "served over loopback HTTP by a separate process; "
        f"median of {r['runs']} runs, each in a fresh process; concurrency {CONCURRENCY}, the "
        "service's default (per-host limit raised to match, as all feeds share one host).",
        machine_line(r["load"]),
        "",
        "| what | measured | target | floor |",
        "|---|---|---|---|",
        f"| first cycle: fetch, parse, store, detect and place all | {r['first_s']:.1f} s "
        f"({rate:,.0f} entries/s) | ≤ {TARGET_FIRST_S:.0f} s ({ok1}) | "
        f"{r['floor_s']:.1f} s ({floor_rate:,.0f} entries/s): feedparser alone parsing the "
        "same documents, no HTTP |",
        f"| second cycle: all 304 Not Modified | {r['second_s']:.2f} s "
        f"({r['second_not_modified']:,}/{r['feeds']:,} were 304) | ≤ {TARGET_SECOND_S:.0f} s "
        f"({ok2}) | {r['floor_304_s']:.2f} s: the same conditional GETs with plain httpx |",
        f"| peak RSS of the polling process | {r['rss_mb']:.0f} MB | ≤ 200 MB (whole bot) | "
        f"{r['floor_rss_mb']:.0f} MB: feedparser alone, documents held in memory |",
        "",
        f"Errors in the first cycle: {r['first_errors']}. Both cycles run the service's own "
        "`Pipeline` on a fresh SQLite file: each feed's entries are stored and classified in "
        "one transaction as its fetch completes; the second cycle records every 304.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument(
        "--content",
        choices=("news", "worst"),
        default="news",
        help="news: incident reports and look-alikes amid ordinary news; worst: mostly "
        "incident-like word salad",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/")
    parser.add_argument("--worker", choices=("poll", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args)
        return
    section = report(measure(args))
    print(section)
    if not args.no_write:
        write_section(heading(args.content), section)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
