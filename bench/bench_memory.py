"""Memory of `gearwatch run` (SPEC §11: peak RSS <= 200 MB, steady).

Runs the real service in console mode against a local feed server with many feeds of
realistic entries, lets it poll them all, and reads the process's peak RSS (VmHWM) from /proc.
The floor is the same interpreter importing the same libraries and doing nothing.

    python -m bench.bench_memory [--feeds 300] [--seconds 45]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.results import machine_line, write_section
from tests.feeds_fixtures import ANAHEIM_EN, ICE_OPERATION, OAKLAND_EN, OAKLAND_ES, rss
from tests.feedserver import FeedServer

TARGET_MB = 200.0
HEADING = "## Memory of gearwatch run"
FLOOR_SCRIPT = "import bot.cli, alerts.pipeline, telegram.ext, sqlalchemy, feedparser; import time"


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def floor_mb() -> float:
    process = subprocess.Popen(
        [sys.executable, "-c", FLOOR_SCRIPT + "; print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()
    value = peak_rss_mb(process.pid)
    process.kill()
    process.wait()
    return value


def serve_feeds(server: FeedServer, feeds: int) -> list[str]:
    now = datetime.now(UTC)
    stories = [OAKLAND_EN, OAKLAND_ES, ANAHEIM_EN, ICE_OPERATION]
    urls = []
    for n in range(feeds):
        items = [
            (
                f"{n}-{k}",
                f"{stories[k % 4][0]} ({n}/{k})",
                stories[k % 4][1],
                now - timedelta(hours=k),
            )
            for k in range(50)
        ]
        urls.append(server.feed(f"/f{n}.xml", rss(items), etag=f'"{n}"'))
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        urls = serve_feeds(server, args.feeds)
        feeds_file = Path(tmp) / "feeds.toml"
        feeds_file.write_text(
            "".join(f'[[feed]]\nname = "f{n}"\nurl = "{u}"\n' for n, u in enumerate(urls))
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("GEARWATCH_")}
        env.update(
            GEARWATCH_DATABASE_URL=f"sqlite:///{Path(tmp) / 'gw.db'}",
            GEARWATCH_FEEDS_FILE=str(feeds_file),
            GEARWATCH_POLL_INTERVAL="10",
        )
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + args.seconds
        samples = []
        while time.monotonic() < deadline and process.poll() is None:
            samples.append(peak_rss_mb(process.pid))
            time.sleep(1)
        polled = sum(server.count(f"/f{n}.xml") for n in range(args.feeds))
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    peak = max(samples or [0.0])
    section = "\n".join(
        [
            HEADING,
            "",
            f"`python -m bench.bench_memory --feeds {args.feeds} --seconds {args.seconds:g}` — "
            f"the real `gearwatch run` (console mode, SQLite) polling {args.feeds} local feeds "
            f"of 50 realistic entries each for {args.seconds:g} s ({polled} fetches); peak RSS "
            "read from /proc (VmHWM).",
            machine_line(load),
            "",
            "| what | measured | target | floor |",
            "|---|---|---|---|",
            f"| peak RSS of gearwatch run | {peak:.0f} MB | ≤ {TARGET_MB:.0f} MB "
            f"({'met' if peak <= TARGET_MB else 'MISSED'}) | {floor_mb():.0f} MB: the same "
            "imports, idle |",
            "",
        ]
    )
    print(section)
    if not args.no_write:
        write_section(HEADING, section)


if __name__ == "__main__":
    main()
