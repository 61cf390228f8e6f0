"""The feed layer: fetching, parsing and normalising public news feeds.

Pure functions and small classes, no database: the caller stores results.
"""

from alerts.feeds.fetch import (
    FeedRequest,
    Fetcher,
    FetchLimits,
    FetchResult,
    FetchStatus,
    fetch,
    make_client,
)
from alerts.feeds.parse import FeedParseError, ParsedEntry, ParsedFeed, parse
from alerts.feeds.poll import PollOutcome, poll_cycle, poll_one

__all__ = [
    "FeedParseError",
    "FeedRequest",
    "FetchLimits",
    "FetchResult",
    "FetchStatus",
    "Fetcher",
    "ParsedEntry",
    "ParsedFeed",
    "PollOutcome",
    "fetch",
    "make_client",
    "parse",
    "poll_cycle",
    "poll_one",
]
