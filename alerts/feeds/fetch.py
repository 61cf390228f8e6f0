"""Fetching feeds over HTTP, politely and defensively.

The fetcher knows nothing about feed formats: it turns a `FeedRequest` into a
`FetchResult` (body bytes or a short error reason) and never raises for network
or server trouble, so one bad feed cannot stop a poll of the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import enum
import logging
import re
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)


def _version() -> str:
    """Return the installed package version for the User-Agent."""
    try:
        return metadata.version("gearwatch")
    except metadata.PackageNotFoundError:
        return "0"


def user_agent(contact: str = "") -> str:
    """``gearwatch/<version>``, with the operator's contact when one is set, so a feed's
    publisher can reach whoever runs this instance (a header cannot carry line breaks)."""
    contact = " ".join(contact.split())
    return f"gearwatch/{_version()} (+{contact})" if contact else f"gearwatch/{_version()}"


USER_AGENT = user_agent()
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, "
    "*/*;q=0.5"
)


class FetchStatus(enum.StrEnum):
    """Outcome of one fetch."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds that keep a hostile or broken server from hurting the poll."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 4 * 1024 * 1024  # news-search feeds are ~100 KB
    max_redirects: int = 5
    max_concurrency: int = 10
    max_per_host: int = 2
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """What to fetch, with the validators stored from the previous success."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What a fetch produced; `error` is short and human, for `feeds list`."""

    status: FetchStatus
    url: str
    final_url: str
    http_status: int | None = None
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    max_age: int | None = None
    error: str | None = None
    elapsed: float = 0.0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        """True when a body was received."""
        return self.status is FetchStatus.OK


class FetchError(Exception):
    """A fetch failure with a reason fit to show an operator."""


def make_client(limits: FetchLimits | None = None) -> httpx.AsyncClient:
    """Build the one shared client; redirects are followed by `fetch` itself."""
    limits = limits or FetchLimits()
    return httpx.AsyncClient(
        timeout=httpx.Timeout(
            connect=limits.connect_timeout,
            read=limits.read_timeout,
            write=limits.read_timeout,
            pool=limits.total_timeout,
        ),
        limits=httpx.Limits(
            max_connections=limits.max_concurrency,
            max_keepalive_connections=limits.max_concurrency,
        ),
        headers={
            "User-Agent": limits.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        },
        follow_redirects=False,
        trust_env=False,
    )


def check_url(url: str) -> None:
    """Refuse anything but absolute http(s) URLs."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:80]}")


class _Inflater:
    """Decompresses gzip/deflate without ever producing more than the cap."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._first = True
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`, raising as soon as the output would exceed `room` bytes."""
        try:
            out = self._obj.decompress(data, room + 1)
        except zlib.error:
            if not (self._first and self._encoding == "deflate"):
                raise FetchError(f"corrupt {self._encoding} body") from None
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no zlib header
            out = self._obj.decompress(data, room + 1)
        self._first = False
        if len(out) > room or self._obj.unconsumed_tail:
            raise FetchError("body too large after decompression")
        return out


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """Read the body, capping both the wire bytes and the decompressed bytes."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(f"body too large ({_mb(int(declared))}, limit {_mb(cap)})")
    coding = response.headers.get("content-encoding", "identity").strip().lower()
    if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content-encoding {coding[:20]!r}")
    inflater = _Inflater(coding) if coding not in ("identity", "") else None
    out = bytearray()
    wire = 0
    async for chunk in response.aiter_raw():
        wire += len(chunk)
        if wire > cap:
            raise FetchError(f"body too large (over {_mb(cap)})")
        piece = inflater.feed(chunk, cap - len(out)) if inflater else chunk
        if len(out) + len(piece) > cap:
            raise FetchError(f"body too large (over {_mb(cap)})")
        out += piece
    return bytes(out)


async def _drain(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a small unwanted body to its end so the connection can be reused;
    a larger one is left unread and its connection closed."""
    declared = response.headers.get("content-length", "")
    bodiless = response.status_code == 304  # by definition: HTTP framing reads nothing
    if not bodiless and (not declared.isdigit() or int(declared) > limit):
        return
    with contextlib.suppress(httpx.HTTPError, OSError):
        await response.aread()


def _mb(n: int) -> str:
    """Format a byte count for an error message."""
    return f"{n / (1024 * 1024):.1f} MB"


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Parse Retry-After (seconds or HTTP date) into seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def _max_age(value: str | None) -> int | None:
    """Extract Cache-Control max-age, the server's own polling hint."""
    if not value:
        return None
    m = _MAX_AGE.search(value)
    return int(m.group(1)) if m else None


def describe_error(exc: BaseException) -> str:
    """Turn a transport exception into a short reason for operators."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for e in chain:
        if isinstance(e, socket.gaierror):
            return "DNS lookup failed"
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, ssl.SSLError):
            return "TLS error"
    text = " ".join(str(e) for e in chain)
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "DNS lookup failed"
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    return _describe_httpx(exc)


def _describe_httpx(exc: BaseException) -> str:
    """Reasons for the httpx exception classes."""
    reasons: list[tuple[type[BaseException], str]] = [
        (httpx.ConnectTimeout, "timed out connecting"),
        (httpx.ReadTimeout, "timed out reading"),
        (httpx.WriteTimeout, "timed out sending"),
        (httpx.PoolTimeout, "timed out waiting for a connection"),
        (httpx.ConnectError, "could not connect"),
        (httpx.RemoteProtocolError, "server broke the HTTP protocol"),
        (httpx.ReadError, "connection lost while reading"),
        (httpx.UnsupportedProtocol, "not an http(s) URL"),
        (httpx.DecodingError, "could not decode body"),
    ]
    for cls, reason in reasons:
        if isinstance(exc, cls):
            return reason
    return type(exc).__name__


class Fetcher:
    """Holds the shared client and the concurrency limits (overall and per host)."""

    def __init__(
        self, client: httpx.AsyncClient | None = None, limits: FetchLimits | None = None
    ) -> None:
        self.limits = limits or FetchLimits()
        self.client = client or make_client(self.limits)
        self._owns_client = client is None
        self._all = asyncio.Semaphore(self.limits.max_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client if this fetcher created it."""
        if self._owns_client:
            await self.client.aclose()

    def _host_semaphore(self, url: str) -> asyncio.Semaphore:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # fetch() reports the bad URL
            host = ""
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.limits.max_per_host)
        return sem

    async def fetch(self, request: FeedRequest) -> FetchResult:
        """Fetch one feed within the concurrency limits; never raises for I/O trouble."""
        async with self._all, self._host_semaphore(request.url):
            return await fetch(self.client, request, self.limits)


async def fetch(
    client: httpx.AsyncClient, request: FeedRequest, limits: FetchLimits | None = None
) -> FetchResult:
    """Fetch one feed with a whole-fetch deadline; errors come back as results."""
    limits = limits or FetchLimits()
    started = time.perf_counter()
    state = {"url": request.url}
    try:
        async with asyncio.timeout(limits.total_timeout):
            result = await _fetch(client, request, limits, state)
    except TimeoutError:
        result = _error(request, state["url"], f"gave up after {limits.total_timeout:g} s")
    except FetchError as exc:
        result = _error(request, state["url"], str(exc))
    except httpx.HTTPError as exc:
        result = _error(request, state["url"], describe_error(exc))
    except OSError as exc:
        result = _error(request, state["url"], describe_error(exc))
    except (httpx.InvalidURL, ValueError):
        result = _error(request, state["url"], "invalid URL")
    except Exception as exc:  # a bug here must cost one feed, not the whole poll
        log.warning("unexpected error fetching %s", request.url, exc_info=True)
        result = _error(request, state["url"], f"unexpected error: {type(exc).__name__}")
    return replace(result, elapsed=time.perf_counter() - started)


def _error(
    request: FeedRequest, final_url: str, reason: str, http_status: int | None = None
) -> FetchResult:
    """A failed fetch that keeps the old validators."""
    return FetchResult(
        status=FetchStatus.ERROR,
        url=request.url,
        final_url=final_url,
        http_status=http_status,
        etag=request.etag,
        last_modified=request.last_modified,
        error=reason,
    )


_MAX_VALIDATOR = 512


def _validator(value: str | None) -> str | None:
    """Keep a validator only if it can be sent back as a header: a hostile one
    (control characters, huge) would otherwise break every later fetch."""
    if not value or len(value) > _MAX_VALIDATOR:
        return None
    if not value.isascii() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    return value


def _conditional_headers(request: FeedRequest) -> dict[str, str]:
    """Validators from the last success, for a 304 when nothing changed."""
    headers: dict[str, str] = {}
    etag, last_modified = _validator(request.etag), _validator(request.last_modified)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


async def _fetch(
    client: httpx.AsyncClient, request: FeedRequest, limits: FetchLimits, state: dict[str, str]
) -> FetchResult:
    """Send the request, follow redirects by hand and read the body within the caps."""
    check_url(request.url)
    req = client.build_request("GET", request.url, headers=_conditional_headers(request))
    for _hop in range(limits.max_redirects + 1):
        state["url"] = str(req.url)
        response = await client.send(req, stream=True, follow_redirects=False)
        try:
            nxt = response.next_request
            if nxt is None:
                return await _finish(request, response, limits)
        finally:
            await response.aclose()
        check_url(str(nxt.url))
        req = nxt
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


async def _finish(
    request: FeedRequest, response: httpx.Response, limits: FetchLimits
) -> FetchResult:
    """Turn the final response into a result."""
    now = datetime.now(UTC)
    final_url = str(response.url)
    retry_after = _retry_after(response.headers.get("retry-after"), now)
    max_age = _max_age(response.headers.get("cache-control"))
    if response.status_code == 304:
        await _drain(response)
        return FetchResult(
            status=FetchStatus.NOT_MODIFIED,
            url=request.url,
            final_url=final_url,
            http_status=304,
            etag=_validator(response.headers.get("etag")) or request.etag,
            last_modified=_validator(response.headers.get("last-modified"))
            or request.last_modified,
            retry_after=retry_after,
            max_age=max_age,
            fetched_at=now,
        )
    if response.status_code != 200:
        await _drain(response)
        phrase = (response.reason_phrase or "")[:40]  # the server's words: keep them short
        return replace(
            _error(request, final_url, f"HTTP {response.status_code} {phrase}".strip()),
            http_status=response.status_code,
            retry_after=retry_after,
            max_age=max_age,
        )
    body = await _read_capped(response, limits.max_body_bytes)
    return FetchResult(
        status=FetchStatus.OK,
        url=request.url,
        final_url=final_url,
        http_status=200,
        body=body,
        content_type=response.headers.get("content-type", ""),
        etag=_validator(response.headers.get("etag")),
        last_modified=_validator(response.headers.get("last-modified")),
        retry_after=retry_after,
        max_age=max_age,
        fetched_at=now,
    )
