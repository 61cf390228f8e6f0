"""`make bench`: every benchmark in turn. Polling, fan-out and memory rewrite their sections
of docs/benchmarks.md; detection prints its figures for the hand-kept section."""

from __future__ import annotations

import subprocess
import sys

BENCHES = ("bench_detect", "bench_poll", "bench_fanout", "bench_memory")


def main() -> int:
    failed = 0
    for name in BENCHES:
        print(f"\n=== {name}", flush=True)
        failed += subprocess.run([sys.executable, "-m", f"bench.{name}"]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
