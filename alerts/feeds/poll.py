"""One poll cycle over many feeds: fetch concurrently, parse off the event loop.

Storage is the caller's: pass `on_result` to store each outcome as it completes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

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


async def poll_one(fetcher: Fetcher, request: FeedRequest) -> PollOutcome:
    """Fetch one feed and parse its body in a worker thread, so a large feed
    does not stall the event loop (and with it every other fetch's timers)."""
    started = time.perf_counter()
    result = await fetcher.fetch(request)
    feed: ParsedFeed | None = None
    error = result.error
    if result.status is FetchStatus.OK:
        try:
            feed = await asyncio.to_thread(
                parse, result.body, result.final_url, result.content_type, result.fetched_at
            )
        except FeedParseError as exc:
            error = str(exc)
        except Exception as exc:  # a parser bug must not end the whole cycle
            error = f"parser failed: {type(exc).__name__}"
        result = replace(result, body=b"")  # parsed: do not keep the bytes around
    return PollOutcome(request, result, feed, error, time.perf_counter() - started)


async def poll_cycle(
    fetcher: Fetcher, requests: Sequence[FeedRequest], on_result: OnResult | None = None
) -> list[PollOutcome]:
    """Poll every request concurrently within the fetcher's limits; one feed's
    failure never affects another. Outcomes are returned in request order."""

    async def run(request: FeedRequest) -> PollOutcome:
        outcome = await poll_one(fetcher, request)
        if on_result is not None:
            await on_result(outcome)
        return outcome

    return list(await asyncio.gather(*(run(r) for r in requests)))
