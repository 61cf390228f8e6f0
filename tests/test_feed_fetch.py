"""Fetching over real HTTP on loopback, including hostile servers (SPEC §10)."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import time
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from alerts.feeds.fetch import USER_AGENT, FeedRequest, Fetcher, FetchLimits, FetchStatus
from alerts.feeds.poll import PollOutcome, poll_cycle, poll_one
from tests import conftest_feeds
from tests import feedserver as fs
from tests.feedserver import FeedServer
from tests.test_feed_parse import BILLION_LAUGHS, RSS20, XXE

CAP = 2 * 1024 * 1024
LIMITS = FetchLimits(
    connect_timeout=0.5,
    read_timeout=0.5,
    total_timeout=1.5,
    max_body_bytes=CAP,
    max_redirects=3,
    max_concurrency=20,
    max_per_host=20,
)
feed_server = conftest_feeds.feed_server

# Generous bound for "finished in bounded time": the configured limits plus slack.
DEADLINE = 20.0


def rss(n: int, prefix: str = "Item") -> bytes:
    """An RSS 2.0 document with `n` distinct items."""
    items = "".join(
        f"<item><title>{prefix} {i}</title><link>http://x.test/{prefix}/{i}</link>"
        f"<guid>{prefix}-{i}</guid><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate></item>"
        for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>{prefix}</title>{items}</channel></rss>'.encode()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(limits=LIMITS) as f:
        yield f


def closed_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_conditional_get_gets_304(feed_server: FeedServer, fetcher: Fetcher) -> None:
    lm = "Fri, 27 Nov 2026 10:00:00 GMT"
    url = feed_server.feed("/f", RSS20, etag='"v1"', last_modified=lm)
    first = await fetcher.fetch(FeedRequest(url))
    assert first.status is FetchStatus.OK and first.body == RSS20
    assert (first.etag, first.last_modified) == ('"v1"', lm)
    second = await fetcher.fetch(FeedRequest(url, first.etag, first.last_modified))
    assert second.status is FetchStatus.NOT_MODIFIED and second.body == b""
    assert (second.etag, second.last_modified) == ('"v1"', lm)
    sent = feed_server.requests("/f")[1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == lm
    assert sent["user-agent"] == USER_AGENT and USER_AGENT.startswith("gearwatch/")
    assert "if-none-match" not in feed_server.requests("/f")[0].headers


async def test_last_modified_alone(feed_server: FeedServer, fetcher: Fetcher) -> None:
    lm = "Fri, 27 Nov 2026 10:00:00 GMT"
    url = feed_server.feed("/lm", RSS20, last_modified=lm)
    first = await fetcher.fetch(FeedRequest(url))
    second = await fetcher.fetch(FeedRequest(url, first.etag, first.last_modified))
    assert first.etag is None and second.status is FetchStatus.NOT_MODIFIED


async def test_gzip_body_is_decoded(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route(
        "/gz",
        fs.static(fs.StaticFeed(gzip.compress(RSS20), headers={"Content-Encoding": "gzip"})),
    )
    result = await fetcher.fetch(FeedRequest(url))
    assert result.ok and result.body == RSS20


async def test_redirect_is_followed(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.feed("/new", RSS20)
    url = feed_server.route("/old", fs.redirect("/new", 301))
    result = await fetcher.fetch(FeedRequest(url))
    assert result.ok and result.final_url == feed_server.url("/new")


async def test_hints_from_headers(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route(
        "/cc", fs.static(fs.StaticFeed(RSS20, headers={"Cache-Control": "public, max-age=900"}))
    )
    assert (await fetcher.fetch(FeedRequest(url))).max_age == 900


@pytest.mark.parametrize("code", [429, 503])
async def test_retry_after(feed_server: FeedServer, fetcher: Fetcher, code: int) -> None:
    url = feed_server.route(f"/r{code}", fs.status(code, {"Retry-After": "120"}))
    result = await fetcher.fetch(FeedRequest(url))
    assert result.status is FetchStatus.ERROR and result.http_status == code
    assert result.retry_after == 120.0 and result.error and str(code) in result.error


async def test_retry_after_as_date(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/rd", fs.status(503, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}))
    result = await fetcher.fetch(FeedRequest(url))
    assert result.retry_after is not None and result.retry_after > 86400


def hostile_routes(server: FeedServer) -> dict[str, tuple[str, str]]:
    """Each hostile route's URL and the substring its fetch+parse error must hold."""
    server.route("/loop-a", fs.redirect("/loop-b"))
    server.route("/loop-b", fs.redirect("/loop-a"))
    utf8_as_latin1 = "<rss version='2.0'><channel><title>t</title><item><title>Policía</title>"
    return {
        "slow drip": (server.route("/drip", fs.slow_drip(0.05)), "gave up after"),
        "stalled": (server.route("/stall", fs.stalled()), "timed out reading"),
        "redirect loop": (server.url("/loop-a"), "too many redirects"),
        "gzip bomb": (server.route("/bomb", fs.gzip_bomb(128 << 20)), "too large"),
        "64 MB body": (server.route("/huge", fs.huge_body(64 << 20)), "too large"),
        "64 MB declared": (server.route("/huge-cl", fs.huge_body(64 << 20, True)), "too large"),
        "billion laughs": (server.route("/lol", fs.raw(BILLION_LAUGHS)), ""),
        "xxe": (server.route("/xxe", fs.raw(XXE)), ""),
        "malformed": (server.route("/bad", fs.raw(b"<rss><channel><<<")), "malformed XML"),
        "wrong encoding": (
            server.route("/enc", fs.raw(utf8_as_latin1.encode(), "text/xml; charset=latin-1")),
            "",
        ),
        "html page": (
            server.route("/html", fs.raw(b"<html><body>Hi</body></html>", "text/html")),
            "HTML page",
        ),
        "empty body": (server.route("/empty", fs.raw(b"")), "empty body"),
        "500": (server.route("/500", fs.status(500)), "HTTP 500"),
        "binary junk": (server.route("/junk", fs.raw(bytes(range(256)) * 64)), "binary"),
        "10,000 entries": (server.route("/big", fs.raw(rss(10_000))), ""),
        "dns failure": ("http://nonexistent.invalid/feed.xml", "DNS lookup failed"),
        "refused": (f"http://127.0.0.1:{closed_port()}/feed", "connection refused"),
        "not http": ("file:///etc/passwd", "not an http(s) URL"),
    }


async def test_hostile_feeds_do_not_stop_good_ones(
    feed_server: FeedServer, fetcher: Fetcher
) -> None:
    cases = hostile_routes(feed_server)
    good = feed_server.feed("/good", rss(3, "Good"))
    requests = [FeedRequest(url) for url, _ in cases.values()] + [FeedRequest(good)]
    started = time.monotonic()
    outcomes = await asyncio.wait_for(poll_cycle(fetcher, requests), DEADLINE)
    assert time.monotonic() - started < DEADLINE
    by_name = dict(zip([*cases, "good"], outcomes, strict=True))
    assert [e.title_text for e in by_name["good"].feed.entries] == ["Good 0", "Good 1", "Good 2"]
    for name, (_, reason) in cases.items():
        outcome = by_name[name]
        if reason:
            assert outcome.error and reason in outcome.error, (name, outcome.error)
        else:
            assert outcome.ok and outcome.feed is not None, (name, outcome.error)
    assert len(by_name["10,000 entries"].feed.entries) == 5000
    assert by_name["wrong encoding"].feed.entries[0].title_text == "Policía"
    assert "root:" not in repr(by_name["xxe"].feed)
    assert len(by_name["billion laughs"].feed.entries[0].title_raw) < 100


@pytest.mark.parametrize("path", ["/bomb", "/huge"])
async def test_memory_is_bounded(feed_server: FeedServer, fetcher: Fetcher, path: str) -> None:
    hostile_routes(feed_server)
    tracemalloc.start()
    try:
        result = await fetcher.fetch(FeedRequest(feed_server.url(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is FetchStatus.ERROR and "too large" in (result.error or "")
    assert peak < 4 * CAP  # the bodies inflate to 64-128 MB


async def test_redirect_to_file_url_is_refused(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.route("/evil", fs.redirect("file:///etc/passwd"))
    result = await fetcher.fetch(FeedRequest(url))
    assert result.status is FetchStatus.ERROR and "not an http(s) URL" in (result.error or "")


async def test_error_keeps_validators(fetcher: Fetcher) -> None:
    request = FeedRequest(f"http://127.0.0.1:{closed_port()}/", '"e"', "lm")
    result = await fetcher.fetch(request)
    assert (result.etag, result.last_modified) == ('"e"', "lm")
    assert result.elapsed >= 0


async def test_per_host_limit_is_respected(feed_server: FeedServer) -> None:
    """With a per-host limit of 1, a stalled feed holds its host's only slot while
    a second host (localhost vs 127.0.0.1) is still fetched at once."""
    limits = FetchLimits(read_timeout=0.5, total_timeout=1.0, max_per_host=1, max_concurrency=4)
    stall = feed_server.route("/stall", fs.stalled())
    good = feed_server.feed("/good", RSS20).replace("127.0.0.1", "localhost")
    async with Fetcher(limits=limits) as fetcher:
        done: list[str] = []

        async def record(outcome: PollOutcome) -> None:
            done.append(outcome.request.url)

        requests = [FeedRequest(stall), FeedRequest(stall), FeedRequest(good)]
        await asyncio.wait_for(poll_cycle(fetcher, requests, record), DEADLINE)
    assert done[0] == good


async def test_poll_one_drops_body_after_parse(feed_server: FeedServer, fetcher: Fetcher) -> None:
    outcome = await poll_one(fetcher, FeedRequest(feed_server.feed("/f", RSS20)))
    assert outcome.ok and outcome.fetch.body == b"" and len(outcome.feed.entries) == 2


async def test_unusable_validators_are_not_kept(feed_server: FeedServer, fetcher: Fetcher) -> None:
    url = feed_server.feed("/v", RSS20, etag='"' + "x" * 600 + '"', last_modified="Fri, 27 Nov")
    result = await fetcher.fetch(FeedRequest(url))
    assert result.ok and result.etag is None and result.last_modified == "Fri, 27 Nov"
    again = await fetcher.fetch(FeedRequest(url, "bad\r\nX-Injected: 1", result.last_modified))
    assert again.status is FetchStatus.NOT_MODIFIED
    assert "x-injected" not in feed_server.requests("/v")[1].headers


@pytest.mark.parametrize("url", ["http://exa mple.com/feed", "http://[::1/feed", "https:///x"])
async def test_invalid_urls_are_errors(fetcher: Fetcher, url: str) -> None:
    result = await fetcher.fetch(FeedRequest(url))
    assert result.status is FetchStatus.ERROR and result.error


async def test_mislabelled_feeds_still_parse(feed_server: FeedServer, fetcher: Fetcher) -> None:
    from tests.test_feed_parse import JSON_FEED

    xml = feed_server.route("/xml-as-json", fs.raw(RSS20, "application/json"))
    js = feed_server.route("/json-as-html", fs.raw(JSON_FEED, "text/html"))
    outcomes = await poll_cycle(fetcher, [FeedRequest(xml), FeedRequest(js)])
    assert [o.feed.format for o in outcomes if o.feed] == ["rss20", "json"]


async def test_in_flight_feeds_are_bounded(feed_server: FeedServer, fetcher: Fetcher) -> None:
    """Bodies waiting for a slow store cannot pile up: with two slots, no more
    than two requests are ever ahead of the stored outcomes."""
    urls = [feed_server.feed(f"/f{i}", rss(2, f"F{i}")) for i in range(8)]
    stored: list[str] = []
    ahead: list[int] = []

    async def slow_store(outcome: PollOutcome) -> None:
        ahead.append(len(feed_server.requests()) - len(stored))
        await asyncio.sleep(0.02)  # simulated storage work
        stored.append(outcome.request.url)

    requests = [FeedRequest(u) for u in urls]
    await asyncio.wait_for(poll_cycle(fetcher, requests, slow_store, max_in_flight=2), DEADLINE)
    assert sorted(stored) == sorted(urls)
    assert max(ahead) <= 2


def _handler_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


async def test_server_close_ends_waiting_handlers() -> None:
    before = len(_handler_threads())
    with FeedServer() as server:
        url = server.route("/stall", fs.stalled())
        drip = server.route("/drip", fs.slow_drip(0.05))
        async with Fetcher(limits=LIMITS) as fetcher:
            results = await asyncio.gather(
                fetcher.fetch(FeedRequest(url)), fetcher.fetch(FeedRequest(drip))
            )
        assert all(r.status is FetchStatus.ERROR for r in results)
    assert len(_handler_threads()) == before
