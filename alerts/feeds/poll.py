"""One poll cycle over many feeds: fetch concurrently, parse off the event loop.

Storage is the caller's: pass `on_result` to store each outcome as it completes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial

from alerts.feeds.fetch import FeedRequest, Fetcher, FetchResult, FetchStatus
from alerts.feeds.parse import FeedParseError, ParsedFeed, parse


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """A fetch and, when a body came back, its parse (or the reason it failed)."""

    request: FeedRequest
    fetch: FetchResult
    feed: ParsedFeed | None = None
    error: str | None = None
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the feed answered usefully (new body parsed, or 304)."""
        return self.error is None


OnResult = Callable[[PollOutcome], Awaitable[None]]


# Parsing is CPU-bound and holds the GIL: more threads would not go faster, and
# a pool of its own keeps it from crowding out other users of the default pool.
_PARSE_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="feed-parse")


async def poll_one(fetcher: Fetcher, request: FeedRequest) -> PollOutcome:
    """Fetch one feed and parse its body in a worker thread, so a large feed
    does not stall the event loop (and with it every other fetch's timers)."""
    started = time.perf_counter()
    result = await fetcher.fetch(request)
    feed: ParsedFeed | None = None
    error = result.error
    if result.status is FetchStatus.OK:
        loop = asyncio.get_running_loop()
        work = partial(parse, result.body, result.final_url, result.content_type, result.fetched_at)
        try:
            feed = await loop.run_in_executor(_PARSE_POOL, work)
        except FeedParseError as exc:
            error = str(exc)
        except Exception as exc:  # a parser bug must not end the whole cycle
            error = f"parser failed: {type(exc).__name__}"
        result = replace(result, body=b"")  # parsed: do not keep the bytes around
    return PollOutcome(request, result, feed, error, time.perf_counter() - started)


async def poll_cycle(
    fetcher: Fetcher,
    requests: Sequence[FeedRequest],
    on_result: OnResult | None = None,
    max_in_flight: int | None = None,
) -> list[PollOutcome]:
    """Poll every request concurrently within the fetcher's limits; one feed's
    failure never affects another. Outcomes are returned in request order (without
    their parsed entries when `on_result` took them).

    At most `max_in_flight` feeds (default: the fetcher's concurrency) are
    between fetch and the end of `on_result` at once, so bodies waiting to be
    parsed or stored cannot pile up in memory."""
    slots = asyncio.Semaphore(max_in_flight or fetcher.limits.max_concurrency)

    async def run(request: FeedRequest) -> PollOutcome:
        async with slots:
            outcome = await poll_one(fetcher, request)
            if on_result is None:
                return outcome
            await on_result(outcome)
            return replace(outcome, feed=None)  # handed over: do not hold every entry

    return list(await asyncio.gather(*(run(r) for r in requests)))
