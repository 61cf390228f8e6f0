"""A fake Telegram Bot API server on loopback, for tests of the bot and its sender.

Real HTTP in a background thread, so python-telegram-bot (in the test's event loop or in a
``gearwatch run`` subprocess) talks to it through ``base_url`` exactly as to api.telegram.org.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from .api import BotApi, _scope_key
from .control import Controls
from .errors import ApiError, cant_parse, flood, not_found, server_error, unauthorized
from .limits import RateLimits
from .model import Fault, RequestRecord, SentMessage, User
from .params import Params, decode_body

_PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[A-Za-z0-9_]+)/?$")
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass
class _Outcome:
    status: int
    body: bytes
    content_type: str = "application/json"
    drop: bool = False


class FakeTelegram(BotApi, Controls):
    """A fake Bot API for one bot. Use as a context manager, or call start() and stop().

    >>> with FakeTelegram() as tg:
    ...     bot = telegram.Bot(tg.token, base_url=tg.base_url)
    """

    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "GearwatchTestBot",
        bot_first_name: str = "Gearwatch",
        rate_limits: RateLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
        strict_ampersand: bool = True,
        privacy_mode: bool = True,
    ) -> None:
        super().__init__(
            bot_id=bot_id,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            rate_limits=rate_limits,
            clock=clock,
            strict_ampersand=strict_ampersand,
            privacy_mode=privacy_mode,
        )
        self._dispatch = self._methods()
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._last_port = 0

    # lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeTelegram:
        """Serve on 127.0.0.1 in a background thread: an ephemeral port the first time, the
        same port again after stop(), so a test can take Telegram away and bring it back
        (connection refused in between) with all state kept."""
        if self._httpd is not None:
            return self
        with self._cond:
            self._closed = False
        self._stopping.clear()
        self._httpd = _HttpServer(("127.0.0.1", self._last_port), self)
        self._last_port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-telegram",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end open connections and waiting long polls, join all threads."""
        httpd = self._httpd
        if httpd is None:
            return
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._stopping.set()
        httpd.shutdown()
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if not self._last_port:
            raise RuntimeError("FakeTelegram was never started")
        return self._last_port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give python-telegram-bot (``base_url``) or GEARWATCH_TELEGRAM_API_URL."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> User:
        return self.bot

    # serving -------------------------------------------------------------------------------

    def _serve(self, path: str, query: str, content_type: str, body: bytes) -> _Outcome:
        """Answer one HTTP request: route, authenticate, inject faults, run the method."""
        match = _PATH.match(path)
        if match is None:
            return _json_outcome(not_found())
        token, name = match["token"], match["method"]
        if not _TOKEN.match(token):
            return _json_outcome(not_found())
        raw: dict[str, Any] = {}
        try:
            raw = decode_body(content_type, body, query)
            params = Params(raw)
            outcome, fault = self._call(token, name, params)
        except ApiError as error:
            self._record_request(name, Params(raw).loggable(), error.code, error)
            return _json_outcome(error)
        except Exception as exc:  # a bug in the fake must fail the test, not hang it
            with self._cond:
                self._internal_errors.append(exc)
            error = server_error(500)
            self._record_request(name, Params(raw).loggable(), 500, error)
            return _json_outcome(error)
        if fault is not None and fault.kind == "disconnect":
            outcome.drop = True
        return outcome

    def _call(self, token: str, name: str, params: Params) -> tuple[_Outcome, Fault | None]:
        with self._cond:
            if token != self.token or not self.token_valid:
                raise unauthorized()
            method = self._dispatch.get(name.lower())
            if method is None:
                raise not_found()
            fault = self._take_fault(name, params)
        early = self._apply_fault(fault, name, params)
        if early is not None:
            return early, fault
        with self._cond:
            result = method(params)
            self._record_request(name, params.loggable(), 200, None)
        return _Outcome(200, _dumps({"ok": True, "result": result})), fault

    def _take_fault(self, name: str, params: Params) -> Fault | None:
        chat_id = params.chat_id() if params.has("chat_id") else None
        has_mode = params.has("parse_mode")
        for fault in self._faults:
            if fault.matches(name, chat_id, has_mode):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _apply_fault(self, fault: Fault | None, name: str, params: Params) -> _Outcome | None:
        """The response a fault forces before the method runs, or None to run it."""
        if fault is None:
            return None
        if fault.kind == "delay":
            self._stopping.wait(fault.delay)
            return None
        if fault.kind == "disconnect" and fault.after_processing:
            return None
        if fault.kind == "server_error" and fault.html_body:
            self._record_request(name, params.loggable(), fault.status, None)
            return _Outcome(fault.status, _NGINX_502, "text/html")
        error = {
            "flood": lambda: flood(fault.retry_after),
            "server_error": lambda: server_error(fault.status),
            "cant_parse": lambda: cant_parse('Unsupported start tag "injected" at byte offset 0'),
            "disconnect": lambda: None,
        }[fault.kind]()
        self._record_request(name, params.loggable(), error.code if error else 0, error)
        if error is None:
            return _Outcome(0, b"", drop=True)
        return _json_outcome(error)

    # inspection ----------------------------------------------------------------------------

    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages accepted by sendMessage, in order (optionally for one chat)."""
        with self._cond:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def edits(self, chat_id: int | None = None) -> list[SentMessage]:
        """Accepted editMessageText / editMessageReplyMarkup calls, in order."""
        with self._cond:
            return [m for m in self._edits if chat_id is None or m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The current state of a message (after edits), None if deleted or unknown."""
        with self._cond:
            found = self._messages.get((chat_id, message_id))
            return None if found is None else copy.deepcopy(found)

    @property
    def internal_errors(self) -> list[BaseException]:
        """Exceptions the fake itself raised while serving (answered as 500); should be []."""
        with self._cond:
            return list(self._internal_errors)

    def deleted_messages(self) -> list[tuple[int, int]]:
        with self._cond:
            return list(self._deleted)

    def callback_answers(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._answers)

    def chat_actions(self) -> list[tuple[int, str]]:
        with self._cond:
            return list(self._actions)

    def status_counts(self, method: str = "sendMessage") -> dict[int, int]:
        """How many calls of ``method`` got each HTTP status (0 = connection dropped)."""
        counts: dict[int, int] = {}
        for record in self.requests(method):
            counts[record.status] = counts.get(record.status, 0) + 1
        return counts

    def requests(self, method: str | None = None) -> list[RequestRecord]:
        """Every call served (method, params, HTTP status, error description, time)."""
        with self._cond:
            wanted = method.lower() if method else None
            return [r for r in self._requests if wanted is None or r.method.lower() == wanted]

    def send_times(self) -> list[float]:
        """Clock times of accepted sends, for computing an achieved rate."""
        with self._cond:
            return [m.time for m in self._sent]

    def achieved_rate(self) -> float:
        """Accepted sends per second between the first and the last one."""
        times = self.send_times()
        if len(times) < 2 or times[-1] <= times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])

    def commands(
        self, language_code: str = "", scope: dict[str, Any] | None = None
    ) -> list[dict[str, str]]:
        """The command list set for a language and scope (default scope if None)."""
        with self._cond:
            return list(self._commands.get((_scope_key(scope), language_code), []))

    @property
    def polls_started(self) -> int:
        """How many getUpdates calls have begun (a long poll counts while it waits)."""
        with self._cond:
            return self._poll_generation

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._cond:
            return list(self._updates)

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0, what: str = "") -> Any:
        """Wait until ``predicate()`` (run under the lock) is truthy; returns its value.

        Wakes on every change in the fake and at least every 50 ms, so a predicate may
        also look at state outside it (a database, an Application's bot_data).
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"timed out after {timeout}s waiting for {what or predicate}"
                    )
                self._cond.wait(min(remaining, 0.05))

    def wait_for_messages(
        self, n: int = 1, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Block until at least ``n`` messages were sent (to ``chat_id``); returns them all."""
        try:
            return self.wait_for(
                lambda: (lambda found: found if len(found) >= n else None)(
                    self.sent_messages(chat_id)
                ),
                timeout,
            )
        except TimeoutError:
            got = [(m.chat_id, m.plain_text[:80]) for m in self.sent_messages(chat_id)]
            raise TimeoutError(
                f"expected {n} message(s) to chat {chat_id} within {timeout}s, got {got}"
            ) from None

    async def wait_for_messages_async(
        self,
        n: int = 1,
        chat_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the waiting thread
    ) -> list[SentMessage]:
        """wait_for_messages without blocking the event loop the bot runs in."""
        return await asyncio.to_thread(self.wait_for_messages, n, chat_id, timeout)

    def wait_for_requests(
        self, method: str, n: int = 1, timeout: float = 5.0
    ) -> list[RequestRecord]:
        """Block until ``method`` was called ``n`` times (any outcome)."""
        return self.wait_for(
            lambda: (lambda found: found if len(found) >= n else None)(self.requests(method)),
            timeout,
            f"{n} call(s) of {method}",
        )

    async def wait_for_requests_async(
        self,
        method: str,
        n: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the waiting thread
    ) -> list[RequestRecord]:
        """wait_for_requests without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for_requests, method, n, timeout)


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_outcome(error: ApiError) -> _Outcome:
    return _Outcome(error.code, _dumps(error.body))


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, as httpx's connection pool expects."""

    protocol_version = "HTTP/1.1"
    server: _HttpServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as separate writes; without NODELAY, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every call on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.fake._cond:
            self.server.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.server.fake._cond:
            self.server.fake._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def do_POST(self) -> None:
        body = self._read_body()
        url = urlsplit(self.path)
        outcome = self.server.fake._serve(
            url.path, url.query, self.headers.get("Content-Type", ""), body
        )
        if outcome.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(outcome.status)
        self.send_header("Content-Type", outcome.content_type)
        self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    do_GET = do_POST  # noqa: N815 - Telegram accepts GET as well

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the fake's request log is the record."""


class _HttpServer(ThreadingHTTPServer):
    allow_reuse_address = True  # rebinding the same port after stop() despite TIME_WAIT
    request_queue_size = 256  # a sender opening many pooled connections at once must not stall
    daemon_threads = False  # joined by server_close(), so no thread outlives stop()
    block_on_close = True

    def __init__(self, address: tuple[str, int], fake: FakeTelegram) -> None:
        self.fake = fake
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (a cancelled long poll) are normal, not errors."""
