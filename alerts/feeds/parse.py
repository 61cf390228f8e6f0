"""Parsing feed bodies into plain entries.

feedparser handles RSS 0.9x/1.0/2.0, RDF and Atom; JSON Feed is parsed here.
Before feedparser sees a byte, the document is re-encoded to UTF-8 and any
DOCTYPE is cut out, so entity declarations (billion laughs, XXE) never reach an
XML parser: feedparser's own DOCTYPE filter keeps "safe" entities and only
matches declarations at line starts, which is not a guarantee. A C-speed expat
pre-pass then refuses documents that would cost feedparser far more CPU than
any news feed (deep nesting, too many elements, large and malformed).
"""

from __future__ import annotations

import codecs
import html.entities
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.parsers import expat
from xml.sax import SAXException

import feedparser
from feedparser.encodings import convert_to_utf8

from alerts.feeds.normalize import (
    canonical_url,
    clamp_published,
    content_hash,
    html_to_text,
    struct_to_datetime,
)

MAX_ENTRIES = 5000
# feedparser's fallback (sgmllib) parser costs ~5 µs a byte on hostile markup:
# larger bodies that are not well-formed XML are refused instead of salvaged.
LOOSE_MAX_BYTES = 512 * 1024
# More items than this is not a news feed; parsing them all would only burn CPU.
MAX_DOC_ENTRIES = 20_000
MAX_ELEMENTS = 100_000
MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 10_000
MAX_DEPTH = 100
_UTF8_HEADERS = "application/xml; charset=utf-8"


class FeedParseError(ValueError):
    """The body is not a usable feed; the message is short, for operators."""


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One item, normalised. `title_raw` is for display (text, to be escaped by
    whoever renders it); `title_text`/`summary_text` are plain text for detection."""

    guid: str | None
    link: str
    title_raw: str
    title_text: str
    summary_text: str
    outlet: str | None
    published: datetime | None
    content_hash: str

    @property
    def key(self) -> str:
        """Identity within a feed: guid, else link, else the content hash."""
        return self.guid or self.link or self.content_hash


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed document: its title, entries, `ttl` hint (minutes) and format."""

    title: str
    entries: list[ParsedEntry]
    ttl: int | None = None
    format: str = ""
    warning: str | None = None
    link: str = ""


def parse(
    body: bytes,
    url: str = "",
    content_type: str = "",
    fetched_at: datetime | None = None,
    max_entries: int = MAX_ENTRIES,
) -> ParsedFeed:
    """Parse a feed body of any supported format; raise FeedParseError if it is none."""
    fetched_at = fetched_at or datetime.now(UTC)
    if not body or not body.strip():
        raise FeedParseError("empty body")
    if _looks_like_json(body, content_type):
        return _parse_json(body, url, fetched_at, max_entries)
    return _parse_xml(body, url, content_type, fetched_at, max_entries)


# --- JSON Feed -------------------------------------------------------------


def _looks_like_json(body: bytes, content_type: str) -> bool:
    """The body's first byte decides (servers mislabel feeds); the type breaks ties."""
    first = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"<"):
        return first == b"{"
    ctype = content_type.split(";", 1)[0].strip().lower()
    return ctype in ("application/feed+json", "application/json") or ctype.endswith("+json")


def _parse_json(body: bytes, url: str, fetched_at: datetime, max_entries: int) -> ParsedFeed:
    """Parse JSON Feed 1.0/1.1."""
    try:
        doc = json.loads(body.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"invalid JSON: {str(exc)[:60]}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedParseError("JSON is not a JSON Feed (no items)")
    entries: list[ParsedEntry] = []
    for item in doc["items"][:max_entries]:
        if isinstance(item, dict):
            entries.append(_json_entry(item, url, fetched_at))
    return ParsedFeed(
        title=html_to_text(_str(doc.get("title"))),
        entries=entries,
        format="json",
        link=canonical_url(_str(doc.get("home_page_url"))),
    )


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _json_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _json_entry(item: dict[str, Any], base: str, fetched_at: datetime) -> ParsedEntry:
    link = _str(item.get("url")) or _str(item.get("external_url"))
    summary = _str(item.get("summary")) or _str(item.get("content_text"))
    if not summary:
        summary = _str(item.get("content_html"))
    guid = item.get("id")
    published = _json_date(item.get("date_published")) or _json_date(item.get("date_modified"))
    return _entry(
        guid=str(guid) if isinstance(guid, str | int) and str(guid) else None,
        link=_absolute(link, base),
        title=_str(item.get("title")),
        summary=summary,
        outlet=None,
        published=published,
        fetched_at=fetched_at,
    )


# --- XML via feedparser ----------------------------------------------------


def _parse_xml(
    body: bytes, url: str, content_type: str, fetched_at: datetime, max_entries: int
) -> ParsedFeed:
    data, warning = to_utf8(body, content_type)
    data = html_entities_to_numeric(strip_doctype(data))
    _precheck(data)
    result = feedparser.parse(
        io.BytesIO(data),  # never a str/bytes: feedparser would treat those as a path or URL
        response_headers={"content-type": _UTF8_HEADERS, "content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not result.entries and (
        not result.get("version") or isinstance(result.get("bozo_exception"), SAXException)
    ):
        raise FeedParseError(_why_not_a_feed(body, content_type, result))
    if result.get("bozo") and warning is None:
        warning = _short(result.get("bozo_exception"))
    feed = result.feed
    entries = [_xml_entry(e, url, fetched_at) for e in result.entries[:max_entries]]
    if len(result.entries) > max_entries:
        warning = f"kept the first {max_entries} of {len(result.entries)} entries"
    return ParsedFeed(
        title=html_to_text(feed.get("title")),
        entries=entries,
        ttl=_int(feed.get("ttl")),
        format=result.get("version") or "unknown",
        warning=warning,
        link=canonical_url(feed.get("link")),
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARATION = re.compile(rb"^\s*<\?xml\b[^>]*>")
_UTF8_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'


def to_utf8(body: bytes, content_type: str) -> tuple[bytes, str | None]:
    """Re-encode to UTF-8 and say so in the XML declaration. A byte-order mark
    wins; bytes that are valid UTF-8 are taken as UTF-8 whatever the declaration
    says (a feed declared latin-1 but written in UTF-8 is common, the reverse
    passing as valid UTF-8 is not); others go through feedparser's RFC 3023
    detection."""
    data: bytes | None = None
    for bom, codec in _BOMS:
        if body.startswith(bom):
            data = body.decode(codec, "replace").encode("utf-8")
            break
    if data is None and b"\x00" not in body[:4]:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            data = body
    if data is None:
        info: dict[str, Any] = {}
        data = convert_to_utf8({"content-type": content_type or "application/xml"}, body, info)
        if not info.get("encoding"):
            return body, "unknown character encoding"
    return _DECLARATION.sub(_UTF8_DECLARATION, data, count=1), None


_WS = b" \t\r\n"
_ITEM_MARKERS = (b"<item", b"<entry", b":item>", b":item ", b":entry>", b":entry ")


class _TooComplexError(Exception):
    """Raised from inside expat to stop a document that is too deep or too big."""


def _precheck(data: bytes) -> None:
    """Refuse, cheaply and before feedparser runs, documents that would cost
    far more CPU than any news feed: too many items or elements, nesting too
    deep, or large and malformed. expat alone runs at C speed; feedparser's
    handlers cost ~20 µs an element."""
    items = sum(data.count(marker) for marker in _ITEM_MARKERS)
    if items > MAX_DOC_ENTRIES:
        raise FeedParseError(f"too many entries ({items:,}, limit {MAX_DOC_ENTRIES:,})")
    depth = count = 0

    def start(_name: str, _attrs: list[str]) -> None:
        nonlocal depth, count
        depth += 1
        count += 1
        if depth > MAX_DEPTH:
            raise _TooComplexError(f"elements nested too deep (over {MAX_DEPTH})")
        if count > MAX_ELEMENTS:
            raise _TooComplexError(f"too many elements (over {MAX_ELEMENTS:,})")

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _TooComplexError as exc:
        raise FeedParseError(str(exc)) from None
    except expat.ExpatError as exc:
        if len(data) > LOOSE_MAX_BYTES:
            reason = expat.ErrorString(exc.code) if exc.code else str(exc)
            raise FeedParseError(f"malformed XML: {reason}") from None


_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_NAMED_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")


def _numeric(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    text = html.entities.html5.get(name + ";")
    if text is None or name in _XML_ENTITIES:
        return match.group(0)
    return "".join(f"&#{ord(c)};" for c in text).encode("ascii")


def html_entities_to_numeric(data: bytes) -> bytes:
    """Feeds often use HTML entities (&nbsp;) that XML does not define; as
    character references they parse strictly instead of forcing the slow,
    lenient fallback parser."""
    if b"&" not in data:
        return data
    return _NAMED_ENTITY.sub(_numeric, data)


def strip_doctype(data: bytes) -> bytes:
    """Remove every DOCTYPE (with its internal subset) from the prolog."""
    i = 0
    n = len(data)
    while i < n:
        while i < n and data[i] in _WS:
            i += 1
        if data.startswith(b"<?", i):
            end = data.find(b"?>", i + 2)
            i = n if end < 0 else end + 2
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 4)
            i = n if end < 0 else end + 3
        elif data[i : i + 9].upper() == b"<!DOCTYPE":
            data = data[:i] + data[_doctype_end(data, i + 9) :]
            n = len(data)
        else:
            break
    return data


_DOCTYPE_TOKEN = re.compile(rb"[\"'\[\]>]|<!--")


def _doctype_end(data: bytes, i: int) -> int:
    """Index just past the DOCTYPE that starts before `i`, honouring quotes,
    comments and the bracketed internal subset; end of data if unterminated."""
    n = len(data)
    depth = 0
    while True:
        m = _DOCTYPE_TOKEN.search(data, i)
        if m is None:
            return n
        token = m.group()
        if token in (b'"', b"'", b"<!--"):
            closer = b"-->" if token == b"<!--" else token
            end = data.find(closer, m.end())
            if end < 0:
                return n
            i = end + len(closer)
        elif token == b"[":
            depth += 1
            i = m.end()
        elif token == b"]":
            depth = max(0, depth - 1)
            i = m.end()
        elif depth == 0:  # ">"
            return m.end()
        else:
            i = m.end()


_HTML_HINT = re.compile(rb"<\s*(html|head|body|!doctype\s+html)\b", re.IGNORECASE)


def _why_not_a_feed(body: bytes, content_type: str, result: Any) -> str:
    """A short reason why a body held no feed."""
    if "html" in content_type.lower() or _HTML_HINT.search(body[:2048]):
        return "an HTML page, not a feed"
    sample = body[:512]
    printable = sum(32 <= b < 127 or b in _WS for b in sample)
    if printable < len(sample) * 0.7:
        return "binary data, not a feed"
    if result.get("bozo"):
        return f"malformed XML: {_short(result.get('bozo_exception'))}"
    return "not a feed"


_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+:\s*")


def _short(exc: object) -> str:
    """An exception as a short message without the SAX position prefix."""
    return _SAX_POSITION.sub("", str(exc))[:100] if exc else ""


def _int(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _absolute(link: str, base: str) -> str:
    if link and base and "://" not in link[:12]:
        from urllib.parse import urljoin

        link = urljoin(base, link)
    return canonical_url(link)


def _outlet(e: Any) -> str | None:
    """The publisher named by a news search: Google's <source>, Bing's News:Source."""
    source = e.get("source")
    if isinstance(source, dict) and source.get("title"):
        return html_to_text(source["title"]) or None
    for key in ("news_source", "source_title"):
        value = e.get(key)
        if isinstance(value, str) and value.strip():
            return html_to_text(value) or None
    return None


def _xml_entry(e: Any, base: str, fetched_at: datetime) -> ParsedEntry:
    summary = e.get("summary") or ""
    if not summary and e.get("content"):
        summary = e["content"][0].get("value", "")
    # dict.get: FeedParserDict's own mapping of updated->published warns on each access
    published = struct_to_datetime(dict.get(e, "published_parsed") or dict.get(e, "updated_parsed"))
    guid = e.get("id")
    return _entry(
        guid=guid.strip() if isinstance(guid, str) and guid.strip() else None,
        link=_absolute(e.get("link") or "", base),
        title=e.get("title") or "",
        summary=summary,
        outlet=_clip(_outlet(e) or "", 200) or None,
        published=published,
        fetched_at=fetched_at,
    )


def _entry(
    *,
    guid: str | None,
    link: str,
    title: str,
    summary: str,
    outlet: str | None,
    published: datetime | None,
    fetched_at: datetime,
) -> ParsedEntry:
    """Build a normalised entry from format-neutral pieces."""
    title_raw = _clip(html_to_text(title), MAX_TITLE_CHARS)
    title_text = _strip_outlet_suffix(title_raw, outlet)
    summary_text = _clip(html_to_text(summary), MAX_SUMMARY_CHARS)
    published = clamp_published(published, fetched_at)
    # hashed as given, so the key of an entry without guid or link does not change
    digest = content_hash(title_text, summary_text, published.isoformat() if published else "")
    return ParsedEntry(
        guid=guid[:1000] if guid else None,
        link=link,
        title_raw=title_raw,
        title_text=title_text,
        summary_text=_unless_title_echo(summary_text, title_text, outlet),
        outlet=outlet,
        published=published,
        content_hash=digest,
    )


def _clip(text: str, limit: int) -> str:
    """Cut overlong text at a word boundary: detection needs the lede, not a book."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + "…"


def _unless_title_echo(summary: str, title: str, outlet: str | None) -> str:
    """The summary, or "" when it only repeats the title and names the outlet, as Google
    News search items do ("Men posing as ICE agents rob family  KTLA"): read twice, the
    title's cues and places would count twice."""
    rest = _squashed(summary)
    if outlet:
        rest = rest.removesuffix(_squashed(outlet)).rstrip(" .-–—|")
    return "" if rest == _squashed(title) else summary


def _squashed(text: str) -> str:
    return " ".join(text.split()).casefold().strip(" .…-–—|")


def _strip_outlet_suffix(title: str, outlet: str | None) -> str:
    """News searches append " - Outlet" to titles; detection should not read it."""
    if outlet:
        for sep in (" - ", " | ", " – ", " — "):
            suffix = sep + outlet
            if title.endswith(suffix):
                return title[: -len(suffix)].rstrip()
    return title
