"""Normalising entry text, links and dates so that detection and de-duplication
see the same thing whatever the outlet's markup or tracking habits."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

FUTURE_SKEW = timedelta(minutes=10)

_BLOCK_OPENER = re.compile(
    r"<(script|style|noscript|template|iframe|object|svg|math)\b|<!--", re.IGNORECASE
)
_TAG = re.compile(r"</?[A-Za-z!?/][^>]*>?")
_BLOCK_TAG = re.compile(r"<(?:br|/?p|/?div|/?li|/?h\d|/?tr|/?blockquote)\b[^>]*>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_MARKUP_HINT = re.compile(r"<[A-Za-z!/]")


def html_to_text(value: str | None) -> str:
    """Strip HTML to plain text: scripts and styles dropped, entities decoded,
    whitespace collapsed. Runs twice when decoding revealed more markup, so
    double-escaped `&lt;script&gt;` cannot survive either."""
    if not value:
        return ""
    text = value
    for _ in range(3):
        if "<" not in text and "&" not in text:
            break
        had_markup = bool(_MARKUP_HINT.search(text))
        text = _drop_blocks(text.replace("<![CDATA[", "").replace("]]>", ""))
        text = _BLOCK_TAG.sub(" ", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
        if not had_markup and not _MARKUP_HINT.search(text):
            break
    text = text.replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


def _drop_blocks(text: str) -> str:
    """Remove scripts, styles and comments with their content, in one linear
    pass: a regex with a lazy `.*?` to a closing tag goes quadratic on many
    unclosed openers. An unclosed block swallows the rest, as in a browser."""
    if "<" not in text:
        return text
    out: list[str] = []
    lower: str | None = None
    pos = 0
    while True:
        m = _BLOCK_OPENER.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        out.append(text[pos : m.start()])
        out.append(" ")
        if m.group(1) is None:
            end = text.find("-->", m.end())
            if end < 0:
                break
            pos = end + 3
            continue
        if lower is None:
            lower = text.lower()
        end = lower.find("</" + m.group(1).lower(), m.end())
        if end < 0:
            break
        close = text.find(">", end)
        if close < 0:
            break
        pos = close + 1
    return "".join(out)


_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "smid",
        "cmpid",
        "sr_share",
        "ncid",
        "spm",
    }
)
_TRACKING_PREFIX = ("utm_", "__twitter", "_ga", "pk_", "mtm_")
_KEEP_AS_IS_HOSTS = ("news.google.com",)


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_EXACT or low.startswith(_TRACKING_PREFIX)


def _unwrap_bing(parts: tuple[str, str, str, str, str]) -> str | None:
    """Bing News RSS links are click-trackers carrying the article in `url=`."""
    _, host, path, query, _ = parts
    if not host.endswith("bing.com") or "apiclick" not in path.lower():
        return None
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name.lower() == "url" and value.lower().startswith(("http://", "https://")):
            return value
    return None


def canonical_url(url: str | None) -> str:
    """Canonical form of an article link: lowercase scheme and host, default
    port, fragment and tracking parameters dropped. Google News links are kept
    as-is (their opaque path is the identity); Bing click-trackers are unwrapped."""
    if not url:
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        return url
    if host in _KEEP_AS_IS_HOSTS:
        return url
    inner = _unwrap_bing((scheme, host, parts.path, parts.query, parts.fragment))
    if inner is not None and inner != url:
        return canonical_url(inner)
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time to an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def clamp_published(value: datetime | None, fetched_at: datetime) -> datetime | None:
    """A date in the future beyond clock skew is a lie or a typo: use the fetch time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    if value > fetched_at + FUTURE_SKEW:
        return fetched_at
    return value


def content_hash(*parts: str | None) -> str:
    """Stable identity for an entry with neither guid nor link."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "replace"))
        digest.update(b"\x1f")
    return digest.hexdigest()
