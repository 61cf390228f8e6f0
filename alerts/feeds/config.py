"""Loading `feeds.toml` (SPEC §5): validated feed specs for the database sync.

Errors name the file, the feed's position and the field, in one line, so that
start-up can stop with a message an operator can act on.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_FIELDS = frozenset({"url", "name", "interval", "language", "region", "enabled"})
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class FeedsFileError(ValueError):
    """feeds.toml is missing, unreadable or invalid; the message is one line."""


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One `[[feed]]` table. `interval` None means the configured default."""

    url: str
    name: str
    interval: int | None = None
    language: str | None = None
    region: str | None = None
    enabled: bool = True


def load_feeds_file(path: str | Path) -> list[FeedSpec]:
    """Read and validate a feeds file; raise FeedsFileError on the first problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FeedsFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedsFileError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise FeedsFileError(f"{path}: invalid TOML: {exc}") from None
    return parse_feeds(data, str(path))


def parse_feeds(data: dict[str, Any], source: str = "feeds.toml") -> list[FeedSpec]:
    """Validate the parsed TOML document."""
    unknown = sorted(set(data) - {"feed"})
    if unknown:
        raise FeedsFileError(f"{source}: unknown top-level key {unknown[0]!r} (use [[feed]])")
    tables = data.get("feed", [])
    if not isinstance(tables, list):
        raise FeedsFileError(f"{source}: 'feed' must be an array of tables ([[feed]])")
    specs: list[FeedSpec] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables, start=1):
        spec = _parse_one(table, f"{source}: feed #{index}")
        key = _url_key(spec.url)
        if key in seen:
            raise FeedsFileError(
                f"{source}: feed #{index}: url duplicates feed #{seen[key]}: {spec.url}"
            )
        seen[key] = index
        specs.append(spec)
    return specs


def _parse_one(table: object, where: str) -> FeedSpec:
    """Validate one [[feed]] table."""
    if not isinstance(table, dict):
        raise FeedsFileError(f"{where}: must be a table")
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise FeedsFileError(f"{where}: unknown field {unknown[0]!r}")
    url = _url(table.get("url"), where)
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise FeedsFileError(f"{where} ({url}): field 'name' is required (a non-empty string)")
    where = f"{where} ({name.strip()})"
    return FeedSpec(
        url=url,
        name=name.strip(),
        interval=_interval(table.get("interval"), where),
        language=_language(table.get("language"), where),
        region=_optional_text(table.get("region"), "region", where),
        enabled=_enabled(table.get("enabled", True), where),
    )


def _url(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FeedsFileError(f"{where}: field 'url' is required (an http or https URL)")
    url = value.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise FeedsFileError(f"{where}: field 'url' is not a valid URL: {url}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedsFileError(f"{where}: field 'url' must be http or https: {url}")
    if any(c.isspace() for c in url):
        raise FeedsFileError(f"{where}: field 'url' contains whitespace: {url!r}")
    return url


def _url_key(url: str) -> str:
    """Scheme and host are case-insensitive; the rest of the URL is not."""
    parts = urlsplit(url)
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def _interval(value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FeedsFileError(
            f"{where}: field 'interval' must be a positive whole number of seconds, got {value!r}"
        )
    return value


def _language(value: object, where: str) -> str | None:
    text = _optional_text(value, "language", where)
    if text is not None and not _LANGUAGE.match(text):
        raise FeedsFileError(
            f"{where}: field 'language' must be a language code like 'en' or 'es', got {text!r}"
        )
    return text.lower() if text else None


def _optional_text(value: object, field: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise FeedsFileError(f"{where}: field {field!r} must be a non-empty string")
    return value.strip()


def _enabled(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise FeedsFileError(f"{where}: field 'enabled' must be true or false")
    return value
