"""A real HTTP server on loopback whose routes tests program.

Serves static feeds (with ETag/Last-Modified and 304s) and hostile routes: slow
drip, stall, redirect loop, gzip bomb, huge bodies and plain error statuses.
Every request is counted and its headers recorded. Handlers that wait (stall,
drip) stop when the server closes, so threads always shut down.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

Handler = Callable[["_RequestHandler", "FeedServer"], None]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]


@dataclass(slots=True)
class StaticFeed:
    """A body served with validators; answers 304 when the client sends them."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a blocked write gives up, so closing the server never hangs
    server: _Server

    def handle(self) -> None:
        """Serve, treating a client that hangs up as the end of the connection."""
        self.server.owner.track(self.connection, True)
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            self.close_connection = True
        finally:
            self.server.owner.track(self.connection, False)

    def do_GET(self) -> None:
        feed_server = self.server.owner
        path = self.path
        feed_server.record(RecordedRequest(path, {k.lower(): v for k, v in self.headers.items()}))
        handler = feed_server.handler_for(path)
        try:
            if handler is None:
                self.send_plain(404, b"not found")
            else:
                handler(self, feed_server)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def send_plain(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """Send a complete response with a Content-Length."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Type" not in (headers or {}):
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins only non-daemon handler threads
    block_on_close = True
    request_queue_size = 1024
    owner: FeedServer


class FeedServer:
    """The programmable server; use as a context manager or via the fixture."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._routes: dict[str, Handler] = {}
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd = _Server((host, port), _RequestHandler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._connections: set[socket.socket] = set()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def close(self) -> None:
        """Release waiting handlers, stop serving and join every thread."""
        self.stopping.set()
        self._httpd.shutdown()
        with self._lock:
            open_connections = list(self._connections)
        for conn in open_connections:  # idle keep-alive connections would block the join
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- programming routes ------------------------------------------------

    def route(self, path: str, handler: Handler) -> str:
        """Serve `path` with `handler`; returns its URL."""
        with self._lock:
            self._routes[path] = handler
        return self.url(path)

    def feed(self, path: str, body: bytes, **kwargs: object) -> str:
        """Serve a static feed (see StaticFeed for keyword arguments)."""
        return self.route(path, static(StaticFeed(body, **kwargs)))  # type: ignore[arg-type]

    def handler_for(self, path: str) -> Handler | None:
        with self._lock:
            return self._routes.get(path) or self._routes.get(path.split("?", 1)[0])

    # --- inspection ----------------------------------------------------------

    def track(self, conn: socket.socket, is_open: bool) -> None:
        """Remember open connections so that close() can end them."""
        with self._lock:
            if is_open:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests received so far, optionally for one path."""
        with self._lock:
            return [r for r in self._requests if path is None or r.path == path]

    def count(self, path: str) -> int:
        return len(self.requests(path))


# --- route handlers ----------------------------------------------------------


def static(feed: StaticFeed) -> Handler:
    """A static body with validators and 304 handling."""

    def handle(h: _RequestHandler, _s: FeedServer) -> None:
        headers = {"Content-Type": feed.content_type, **feed.headers}
        if feed.etag:
            headers["ETag"] = feed.etag
        if feed.last_modified:
            headers["Last-Modified"] = feed.last_modified
        inm = h.headers.get("If-None-Match")
        ims = h.headers.get("If-Modified-Since")
        fresh = (feed.etag and inm == feed.etag) or (
            feed.last_modified and not inm and ims == feed.last_modified
        )
        if fresh and feed.status == 200:
            h.send_response(304)
            for name, value in headers.items():
                if name != "Content-Type":
                    h.send_header(name, value)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_plain(feed.status, feed.body, headers)

    return handle


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> Handler:
    """A bare status, e.g. 500 or 429 with Retry-After."""

    def handle(h: _RequestHandler, _s: FeedServer) -> None:
        h.send_plain(code, body or f"status {code}".encode(), headers)

    return handle


def slow_drip(interval: float = 0.05, chunk: bytes = b" ") -> Handler:
    """Headers at once, then a byte now and then, forever (until the server stops)."""

    def handle(h: _RequestHandler, s: FeedServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        h.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        h.wfile.flush()
        while not s.stopping.wait(interval):
            h.wfile.write(chunk)
            h.wfile.flush()

    return handle


def stalled() -> Handler:
    """Accepts the request and never answers."""

    def handle(h: _RequestHandler, s: FeedServer) -> None:
        h.close_connection = True
        s.stopping.wait(60)

    return handle


def redirect(to: str, code: int = 302) -> Handler:
    """Redirect to a path or URL (point two at each other for a loop)."""

    def handle(h: _RequestHandler, s: FeedServer) -> None:
        target = to if "://" in to else s.url(to)
        h.send_plain(code, b"", {"Location": target})

    return handle


def _gzip_zeros(size: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    out = [comp.compress(block) for _ in range(size >> 20)]
    out.append(comp.flush())
    return b"".join(out)


_BOMBS: dict[int, bytes] = {}


def gzip_bomb(size: int = 256 << 20) -> Handler:
    """A small gzip body that inflates to `size` bytes."""
    if size not in _BOMBS:
        _BOMBS[size] = _gzip_zeros(size)
    payload = _BOMBS[size]

    def handle(h: _RequestHandler, _s: FeedServer) -> None:
        h.send_plain(
            200, payload, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        )

    return handle


def huge_body(size: int = 64 << 20, declare_length: bool = False) -> Handler:
    """`size` bytes streamed in blocks, without ever building the body in memory;
    without a declared length the body runs until the connection closes."""
    block = b"<item><title>x</title></item>" * 2048

    def chunks() -> Iterator[bytes]:
        sent = 0
        while sent < size:
            piece = block[: size - sent]
            sent += len(piece)
            yield piece

    def handle(h: _RequestHandler, s: FeedServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare_length:
            h.send_header("Content-Length", str(size))
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        for piece in chunks():
            if s.stopping.is_set():
                return
            h.wfile.write(piece)

    return handle


def raw(body: bytes, content_type: str = "application/rss+xml") -> Handler:
    """Any bytes with a given content type (HTML pages, junk, lies about encoding)."""

    def handle(h: _RequestHandler, _s: FeedServer) -> None:
        h.send_plain(200, body, {"Content-Type": content_type})

    return handle
