"""Parser and normaliser tests on in-memory documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from alerts.feeds.normalize import canonical_url, html_to_text
from alerts.feeds.parse import FeedParseError, parse, strip_doctype

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local &amp; News</title><ttl>30</ttl>
<item><title>Thieves take vest from agent&#39;s car</title>
<link>HTTPS://Example.COM/news/1?utm_source=rss&amp;id=7&amp;fbclid=abc#comments</link>
<guid isPermaLink="false">story-1</guid>
<description>&lt;p&gt;A &lt;b&gt;ballistic&lt;/b&gt;
 vest&lt;script&gt;alert(1)&lt;/script&gt; was   taken.&lt;/p&gt;</description>
<pubDate>Mon, 18 Dec 2017 19:02:00 -0800</pubDate></item>
<item><title>No date, no guid</title><link>/relative/2</link></item>
</channel></rss>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.org/"><title>RDF feed</title></channel>
<item rdf:about="http://example.org/a"><title>Fake ICE agents detained man</title>
<link>http://example.org/a</link><dc:date>2026-11-27T10:00:00Z</dc:date>
<description>Two men posed as agents.</description></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom feed</title>
<entry><id>tag:example.org,2026:1</id><title type="html">Stolen &lt;em&gt;badge&lt;/em&gt;</title>
<link href="http://example.org/atom/1"/><updated>2026-11-27T08:30:00+02:00</updated>
<content type="html">&lt;style&gt;p{color:red}&lt;/style&gt;
&lt;p&gt;Badge and radio stolen.&lt;/p&gt;</content>
</entry></feed>"""

JSON_FEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "JSON feed",
 "home_page_url": "https://example.org/",
 "items": [{"id": "j1", "url": "https://example.org/j1?gclid=zz", "title": "Falsos agentes",
            "content_html": "<p>Se hacen pasar por <b>agentes</b></p>",
            "date_published": "2026-11-26T15:00:00-05:00"},
           {"id": 2, "content_text": "no title"}, "junk"]}"""

GOOGLE = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 xmlns:media="http://search.yahoo.com/mrss/"><channel><title>"fake ICE agents" - Google News</title>
<item><title>Men posing as ICE agents rob family - KTLA</title>
<link>https://news.google.com/rss/articles/CBMiXkFV?oc=5&amp;utm_source=x</link>
<guid isPermaLink="false">CBMiXkFV</guid><pubDate>Thu, 26 Nov 2026 22:14:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiXkFV?oc=5"&gt;
Men posing as ICE agents rob family&lt;/a&gt;&amp;nbsp;&amp;nbsp;
&lt;font color="#6f6f6f"&gt;KTLA&lt;/font&gt;</description>
<source url="https://ktla.com">KTLA</source></item></channel></rss>"""


def test_rss20_entries_are_normalised() -> None:
    feed = parse(RSS20, "https://example.com/feed.xml", "application/rss+xml", NOW)
    assert feed.title == "Local & News"
    assert feed.ttl == 30
    first, second = feed.entries
    assert first.guid == "story-1"
    assert first.title_raw == "Thieves take vest from agent's car"
    assert first.link == "https://example.com/news/1?id=7"
    assert first.summary_text == "A ballistic vest was taken."
    assert "alert" not in first.summary_text
    assert first.published == datetime(2017, 12, 19, 3, 2, tzinfo=UTC)
    assert second.link == "https://example.com/relative/2"
    assert second.guid is None and second.published is None
    assert second.key == second.link
    assert len(second.content_hash) == 64


def test_rdf() -> None:
    feed = parse(RDF, "http://example.org/rdf", "application/rdf+xml", NOW)
    assert feed.format == "rss10"
    (entry,) = feed.entries
    assert entry.title_text == "Fake ICE agents detained man"
    assert entry.published == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_atom_html_title_and_style_removed() -> None:
    feed = parse(ATOM, "http://example.org/atom", "application/atom+xml", NOW)
    (entry,) = feed.entries
    assert entry.title_raw == "Stolen badge"
    assert entry.summary_text == "Badge and radio stolen."
    assert entry.published == datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    assert entry.guid == "tag:example.org,2026:1"


def test_json_feed() -> None:
    feed = parse(JSON_FEED, "https://example.org/feed.json", "application/feed+json", NOW)
    assert feed.format == "json" and feed.title == "JSON feed"
    first, second = feed.entries
    assert first.link == "https://example.org/j1"
    assert first.summary_text == "Se hacen pasar por agentes"
    assert first.published == datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert second.guid == "2" and second.summary_text == "no title"


def test_json_feed_detected_without_content_type() -> None:
    assert parse(b"  " + JSON_FEED, "", "text/plain", NOW).format == "json"


def test_google_news_source_and_link_kept() -> None:
    (entry,) = parse(GOOGLE, "https://news.google.com/rss/search?q=x", "", NOW).entries
    assert entry.outlet == "KTLA"
    assert entry.title_raw == "Men posing as ICE agents rob family - KTLA"
    assert entry.title_text == "Men posing as ICE agents rob family"
    assert entry.link == "https://news.google.com/rss/articles/CBMiXkFV?oc=5&utm_source=x"


def test_a_summary_repeating_the_title_is_not_read_twice() -> None:
    """Google News describes an item by its title and outlet: detection would count the
    title's cues and places twice. A description that adds anything is kept whole."""
    (entry,) = parse(GOOGLE, "https://news.google.com/rss/search?q=x", "", NOW).entries
    assert entry.summary_text == ""
    cluster = GOOGLE.replace(
        b'&lt;font color="#6f6f6f"&gt;KTLA&lt;/font&gt;',
        b'&lt;font color="#6f6f6f"&gt;KTLA&lt;/font&gt; Fake agents also hit Pomona store',
    )
    (entry,) = parse(cluster, "https://news.google.com/rss/search?q=x", "", NOW).entries
    assert entry.summary_text == (
        "Men posing as ICE agents rob family KTLA Fake agents also hit Pomona store"
    )
    shouted = GOOGLE.replace(b"&gt;KTLA&lt;/font&gt;", b"&gt;ktla.&lt;/font&gt;")
    (entry,) = parse(shouted, "https://news.google.com/rss/search?q=x", "", NOW).entries
    assert entry.summary_text == ""  # the outlet in other case and with a point


def test_bing_source_and_click_tracker_unwrapped() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8" ?><rss version="2.0"
 xmlns:News="https://www.bing.com:443/news/search?q=x&amp;format=rss"><channel><title>b</title>
<item><title>Vest stolen</title>
<link>http://www.bing.com/news/apiclick.aspx?ref=FexRss&amp;aid=&amp;tid=1&amp;url=https%3a%2f%2fWWW.Example.com%2fa%3futm_medium%3dx%26p%3d1&amp;c=2&amp;mkt=en-us</link>
<News:Source>KPIX</News:Source></item></channel></rss>"""
    (entry,) = parse(body, "https://www.bing.com/news/search?q=x&format=rss", "", NOW).entries
    assert entry.outlet == "KPIX"
    assert entry.link == "https://www.example.com/a?p=1"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<script>alert('x')</script>Fake <b>agents</b>", "Fake agents"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Fake agents", "Fake agents"),
        ("<img src=x onerror=alert(1)>Fake\n\n  agents", "Fake agents"),
        ("5 < 6 and 7 > 3", "5 < 6 and 7 > 3"),
        ("Se&#241;or &amp; se&ntilde;ora", "Señor & señora"),
        ("<script>" * 20_000 + "gone", ""),
        ("<!--" * 20_000 + "gone", ""),
        ("a<STYLE>x</style >b<!-- c -->d<script>unclosed", "a b d"),
    ],
)
def test_html_to_text(title: str, expected: str) -> None:
    assert html_to_text(title) == expected


def test_script_in_rss_title_is_gone() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item>'
        b"<title><![CDATA[<script>alert(1)</script>Impostor <i>agents</i>]]></title>"
        b"</item></channel></rss>"
    )
    (entry,) = parse(body, "", "", NOW).entries
    assert entry.title_raw == "Impostor agents"
    assert "script" not in entry.title_text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM:80/a?b=1&utm_campaign=x#frag", "http://example.com/a?b=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x?gclid=1&mc_eid=2", "https://example.com:8443/x"),
        ("https://example.com/a?Ref=1", "https://example.com/a?Ref=1"),
        (
            "https://news.google.com/rss/articles/AbC?oc=5",
            "https://news.google.com/rss/articles/AbC?oc=5",
        ),
        ("mailto:x@example.com", "mailto:x@example.com"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_future_date_is_clamped_to_fetch_time() -> None:
    future = (NOW + timedelta(days=3)).strftime("%a, %d %b %Y %H:%M:%S GMT").encode()
    near = (NOW + timedelta(minutes=2)).strftime("%a, %d %b %Y %H:%M:%S GMT").encode()
    body = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><pubDate>" + future + b"</pubDate></item>"
        b"<item><title>b</title><pubDate>" + near + b"</pubDate></item>"
        b"<item><title>c</title><pubDate>not a date</pubDate></item>"
        b"</channel></rss>"
    )
    a, b, c = parse(body, "", "", NOW).entries
    assert a.published == NOW
    assert b.published == NOW + timedelta(minutes=2)
    assert c.published is None


def test_content_hash_is_stable_and_distinct() -> None:
    body = b'<rss version="2.0"><channel><title>t</title><item><title>a</title></item>'
    body += b"<item><title>b</title></item></channel></rss>"
    one = parse(body, "", "", NOW).entries
    two = parse(body, "", "", NOW).entries
    assert [e.content_hash for e in one] == [e.content_hash for e in two]
    assert one[0].content_hash != one[1].content_hash


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Bomb &lol9;</title><description>&lol9;&lol;</description></item>
</channel></rss>"""

# Declarations on one line defeat feedparser's own line-based DOCTYPE filter.
ONE_LINE_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
    b'<rss version="2.0"><channel><title>t</title><item><title>x &e;&e;</title></item>'
    b"</channel></rss>"
)

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>Leak &xxe;</title><description>&xxe;</description><link>http://x.test/&xxe;</link></item>
</channel></rss>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, ONE_LINE_BOMB], ids=["multiline", "one-line"])
def test_entity_bomb_is_not_expanded(body: bytes) -> None:
    feed = parse(body, "http://x.test/feed", "application/rss+xml", NOW)
    (entry,) = feed.entries
    assert "lol" not in entry.title_text.replace("&lol9;", "")
    assert len(entry.title_raw) < 100 and len(entry.summary_text) < 100
    assert "aaaaaaaaaa" not in entry.title_raw


def test_xxe_never_reads_local_files() -> None:
    feed = parse(XXE, "http://x.test/feed", "application/rss+xml", NOW)
    text = repr(feed)
    assert "root:" not in text and "/bin/" not in text
    assert feed.entries[0].title_text.startswith("Leak")


def test_strip_doctype_handles_quotes_and_comments() -> None:
    doc = b'<?xml version="1.0"?><!-- c --><!DOCTYPE x [<!ENTITY a "]>"><!-- ]> -->]><rss/>'
    assert strip_doctype(doc) == b'<?xml version="1.0"?><!-- c --><rss/>'
    assert strip_doctype(b"<!DOCTYPE x [ unterminated") == b""
    assert strip_doctype(b"<rss><!DOCTYPE x></rss>") == b"<rss><!DOCTYPE x></rss>"


def test_declared_latin1_but_utf8_bytes() -> None:
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel>'
        "<title>Policía</title><item><title>Falsos agentes de inmigración</title></item>"
        "</channel></rss>"
    ).encode()
    feed = parse(body, "", "text/xml; charset=iso-8859-1", NOW)
    assert feed.title == "Policía"
    assert feed.entries[0].title_text == "Falsos agentes de inmigración"


def test_declared_utf8_but_latin1_bytes() -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Policía</title><item><title>Robaron chaleco de policía</title></item>"
        "</channel></rss>"
    ).encode("latin-1")
    feed = parse(body, "", "application/rss+xml; charset=utf-8", NOW)
    assert feed.entries[0].title_text == "Robaron chaleco de policía"


def test_utf16_feed() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Niño</title>'
    text += "<item><title>Agentes falsos</title></item></channel></rss>"
    feed = parse(text.encode("utf-16"), "", "application/xml", NOW)
    assert feed.title == "Niño" and feed.entries[0].title_text == "Agentes falsos"


def test_malformed_xml_salvages_entries() -> None:
    body = b'<rss version="2.0"><channel><title>t</title><item><title>Vest & badge stolen'
    body += b"</title><link>http://x.test/1</link></item><item><title>unclosed"
    feed = parse(body, "", "application/rss+xml", NOW)
    assert feed.entries[0].title_text == "Vest & badge stolen"
    assert feed.warning


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", "application/rss+xml", "empty body"),
        (b"  \n ", "application/rss+xml", "empty body"),
        (
            b"<!DOCTYPE html><html><head><title>Hi</title></head><body>x</body></html>",
            "text/html",
            "HTML",
        ),
        (bytes(range(256)) * 8, "application/octet-stream", "binary"),
        (b'{"not": "a feed"}', "application/json", "JSON"),
        (b"{broken", "application/json", "invalid JSON"),
        (b"<<<>>> not xml at all", "application/xml", "malformed XML: not well-formed"),
    ],
)
def test_not_a_feed(body: bytes, content_type: str, reason: str) -> None:
    with pytest.raises(FeedParseError, match=reason):
        parse(body, "http://x.test/", content_type, NOW)


def test_bytes_that_look_like_a_path_are_not_opened() -> None:
    with pytest.raises(FeedParseError):
        parse(b"/etc/passwd", "", "application/xml", NOW)


def _rss(items: bytes) -> bytes:
    return b'<rss version="2.0"><channel><title>t</title>' + items + b"</channel></rss>"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (_rss(b"<item><title>" + b"<b>" * 150 + b"</b>" * 150 + b"</title></item>"), "too deep"),
        (_rss(b"<item><title>x</title></item>" * 20_001), "too many entries"),
        (_rss(b"<item><title>" + b"<br/>" * 100_001 + b"</title></item>"), "too many elements"),
        (_rss(b"<item><title>x</title></item>" * 20_000)[:-30] + b"<<<", "malformed XML"),
    ],
    ids=["deep", "items", "elements", "large-malformed"],
)
def test_costly_documents_are_refused_before_feedparser(body: bytes, reason: str) -> None:
    with pytest.raises(FeedParseError, match=reason):
        parse(body, "", "application/rss+xml", NOW)


def test_html_entities_parse_strictly() -> None:
    feed = parse(_rss(b"<item><title>Se&ntilde;al&nbsp;falsa &amp; m&aacute;s</title></item>"))
    assert feed.warning is None
    assert feed.entries[0].title_text == "Señal falsa & más"


def test_overlong_text_is_clipped() -> None:
    words = " ".join(["word"] * 5000)
    item = f"<item><title>{words}</title><description>{words * 3}</description></item>"
    body = _rss(item.encode())
    (entry,) = parse(body, "", "", NOW).entries
    assert len(entry.title_raw) <= 1001 and entry.title_raw.endswith("word…")
    assert len(entry.summary_text) <= 10_001


def test_entity_bomb_in_utf16_is_not_expanded() -> None:
    body = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', "").encode("utf-16")
    (entry,) = parse(body, "", "application/xml", NOW).entries
    assert len(entry.title_raw) < 100
