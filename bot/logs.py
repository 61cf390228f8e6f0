"""Logging set-up that keeps the bot token out of every log line.

httpx and python-telegram-bot log request URLs, and Telegram puts the token in the URL path,
so the redaction works on the final formatted text of every record, tracebacks included,
whatever logger produced it.
"""

from __future__ import annotations

import logging
import re
import sys

# Any Telegram bot token (digits, colon, 30+ url-safe characters), known or not.
_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
REDACTED = "[REDACTED]"


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes the configured token and anything shaped like one."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self._secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_SHAPE.sub(REDACTED, text)


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    """Route all logging through one redacting handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Below DEBUG these libraries would log every request line; keep them at WARNING unless
    # the operator asks for DEBUG, where the redaction still applies.
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in ("httpx", "httpcore", "apscheduler", "alembic", "telegram.ext.Updater"):
        logging.getLogger(name).setLevel(quiet)
    logging.captureWarnings(True)
