"""The /verify content: every topic renders in every language as valid, sourced Telegram HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from bot import verify
from bot.i18n import available_languages, translator
from bot.resources import (
    Resource,
    ResourceError,
    load_resources,
    match_resources,
    parse_resources,
)

ROOT = Path(__file__).resolve().parent.parent
TOPIC_KEYS = [None, *(t.key for t in verify.verify_topics())]
LANGS = available_languages()


class _TelegramHtmlChecker(HTMLParser):
    """Collects what Telegram's HTML parse mode would reject in the subset the bot uses."""

    ALLOWED: ClassVar[dict[str, frozenset[str]]] = {
        "b": frozenset(),
        "i": frozenset(),
        "a": frozenset({"href"}),
    }
    ENTITIES: ClassVar[frozenset[str]] = frozenset({"lt", "gt", "amp", "quot"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED:
            self.problems.append(f"tag <{tag}> not allowed")
        for name, value in attrs:
            if name not in self.ALLOWED.get(tag, frozenset()):
                self.problems.append(f"attribute {name} on <{tag}> not allowed")
            elif not re.match(r"^https?://\S+$", value or ""):
                self.problems.append(f"href {value!r} is not http(s)")
        if tag == "a" and tag in self.stack:
            self.problems.append("nested <a>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                self.problems.append(f"unescaped {char!r} in {data[:40]!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in self.ENTITIES:
            self.problems.append(f"entity &{name}; not supported")

    def handle_charref(self, name: str) -> None:
        pass  # numeric references are supported

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")


def html_problems(text: str) -> list[str]:
    """What is wrong with ``text`` as Telegram HTML (empty list = fine)."""
    checker = _TelegramHtmlChecker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        checker.problems.append(f"unclosed {checker.stack}")
    if checker.rawdata:
        checker.problems.append(f"unparsed tail {checker.rawdata[:40]!r}")
    return checker.problems


def test_checker_catches_bad_html() -> None:
    assert html_problems('<b>ok</b> <i>fine</i> <a href="https://x.org/?a=1&amp;b">l</a>') == []
    assert html_problems("<b>open")
    assert html_problems("<u>underline</u>")
    assert html_problems("a < b")
    assert html_problems("Tom & Jerry")
    assert html_problems('<a href="javascript:alert(1)">x</a>')
    assert html_problems("<b><i>crossed</b></i>")
    assert html_problems("&nbsp;")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", TOPIC_KEYS)
def test_every_topic_renders_valid_sourced_html(lang: str, topic: str | None) -> None:
    t = translator(lang)
    text = verify.render_verify(lang, topic)
    assert html_problems(text) == []
    assert len(text) <= verify.MAX_MESSAGE_CHARS
    assert t.gettext(verify.NOT_LEGAL_ADVICE) in text
    last = text.rsplit("\n\n", 1)[1]
    assert last.startswith(t.gettext(verify.SOURCES_LINE).split("{", 1)[0])
    page = verify.get_topic(topic)
    for key in {k for c in page.claims for k in c.sources}:
        assert verify.SOURCES[key].url.replace("&", "&amp;") in last


@pytest.mark.parametrize("topic", TOPIC_KEYS)
def test_spanish_is_translated_not_english(topic: str | None) -> None:
    en = verify.render_verify("en", topic)
    es = verify.render_verify("es", topic)
    assert es != en
    for claim in verify.get_topic(topic).claims:
        assert claim.text not in es
        assert translator("es").gettext(claim.text) in es


@pytest.mark.parametrize("lang", ["en", "es"])
def test_overview_carries_the_key_tips(lang: str) -> None:
    text = verify.render_verify(lang)
    for needle in ("Special Agent", "ERO Officer", "I-200", "I-205", "911", "§ 912"):
        assert needle in text
    assert verify.render_verify(lang, "not-a-topic") == text


def test_topic_keys_are_stable_and_fit_callback_data() -> None:
    keys = [t.key for t in verify.verify_topics()]
    assert keys == ["badge", "warrant", "vehicle", "money", "act", "report", "rights"]
    for topic in (verify.OVERVIEW, *verify.verify_topics()):
        assert len(topic.callback_data.encode()) <= 64
        assert verify.topic_from_callback(topic.callback_data) == topic.key
    assert verify.topic_from_callback("verify:nope") is None
    assert verify.topic_from_callback("other:badge") is None
    assert verify.topic_from_callback(None) is None


def test_topic_buttons_offer_other_topics_and_a_way_back() -> None:
    overview = verify.topic_buttons("es")
    assert [data for _label, data in overview] == [t.callback_data for t in verify.verify_topics()]
    on_badge = verify.topic_buttons("es", "badge")
    datas = [data for _label, data in on_badge]
    assert "verify:badge" not in datas
    assert datas[-1] == "verify:main"
    assert all(len(label) <= 64 for label, _data in on_badge)


def test_every_claim_is_sourced_and_every_source_used() -> None:
    used: set[str] = set()
    claim_keys: list[str] = []
    for topic in (verify.OVERVIEW, *verify.verify_topics()):
        for claim in topic.claims:
            assert claim.sources, claim.key
            assert set(claim.sources) <= set(verify.SOURCES), claim.key
            used |= set(claim.sources)
            claim_keys.append(claim.key)
    assert len(claim_keys) == len(set(claim_keys))
    assert used == set(verify.SOURCES)
    for source in verify.SOURCES.values():
        assert source.url.startswith(("http://", "https://"))


def test_docs_list_every_claim_and_source() -> None:
    docs = (ROOT / "docs" / "verify-sources.md").read_text(encoding="utf-8")
    for topic in (verify.OVERVIEW, *verify.verify_topics()):
        for claim in topic.claims:
            assert f"`{claim.key}`" in docs, claim.key
    for source in verify.SOURCES.values():
        assert f"`{source.key}`" in docs, source.key
        assert source.url in docs, source.key


# --- operator resources ----------------------------------------------------------------------

HOSTILE = Resource(
    name='<script>alert("x")</script> & Co',
    phone="+1 (510) 555-0100",
    url="https://example.org/?a=1&b=<2>",
    city="Oakland",
    state="CA",
    languages=("es", "en"),
)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("topic", [None, "act"])
def test_resources_come_first_and_are_escaped(lang: str, topic: str | None) -> None:
    text = verify.render_verify(lang, topic, [HOSTILE])
    assert html_problems(text) == []
    blocks = text.split("\n\n")
    assert blocks[1].startswith(translator(lang).gettext(verify.RESOURCES_HEADING))
    assert "&lt;script&gt;" in blocks[1]
    assert "<script>" not in text
    assert "+1 (510) 555-0100" in blocks[1]


def test_resources_only_in_overview_and_what_to_do() -> None:
    for topic in ("badge", "warrant", "rights"):
        assert "555-0100" not in verify.render_verify("en", topic, [HOSTILE])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_many_long_resources_still_fit(lang: str) -> None:
    big = [
        Resource(name="N" * 200, phone="+1 555 0100", url="https://example.org/" + "p" * 180)
        for _ in range(40)
    ]
    for topic in (None, "act"):
        text = verify.render_verify(lang, topic, big)
        assert len(text) <= verify.MAX_MESSAGE_CHARS
        assert html_problems(text) == []
        assert translator(lang).gettext(verify.NOT_LEGAL_ADVICE) in text


def test_example_file_loads_and_matches_by_city_then_state() -> None:
    resources = load_resources(ROOT / "resources.toml.example", required=True)
    assert len(resources) == 3
    oakland = match_resources(resources, "oakland", "California")
    assert [r.city or r.state or "*" for r in oakland] == ["Oakland", "California", "*"]
    fresno = match_resources(resources, "Fresno", "CA")
    assert [r.state or "*" for r in fresno] == ["California", "*"]
    assert [r.name for r in match_resources(resources, "Portland", "OR")] == [resources[2].name]
    assert match_resources(resources) == [resources[2]]


def test_missing_optional_file_means_no_resources(tmp_path: Path) -> None:
    assert load_resources(tmp_path / "resources.toml") == []
    with pytest.raises(ResourceError, match="not found"):
        load_resources(tmp_path / "resources.toml", required=True)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"phone": "911"}, "'name' is required"),
        ({"name": "X"}, "needs a 'phone' or a 'url'"),
        ({"name": "X", "url": "javascript:alert(1)"}, "http or https"),
        ({"name": "X", "url": "ftp://example.org"}, "http or https"),
        ({"name": "X", "url": "https://example.org/a b"}, "http or https"),
        ({"name": "X", "url": 'https://example.org/"><b>'}, "http or https"),
        ({"name": "X", "phone": "call us"}, "not a phone number"),
        ({"name": "X", "phone": "911", "city": "Oakland"}, "needs a 'state'"),
        ({"name": "X", "phone": "911", "languages": "es"}, "'languages' must be a list"),
        ({"name": "X", "phone": "911", "languages": ["Spanish!"]}, "invalid code"),
        ({"name": "X", "phone": "911", "phon": "1"}, "unknown field"),
        ({"name": 3, "phone": "911"}, "'name' must be a string"),
        ({"name": "X" * 201, "phone": "911"}, "longer than"),
    ],
)
def test_invalid_entries_are_named(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ResourceError, match=message) as info:
        parse_resources({"resource": [{"name": "ok", "phone": "211"}, entry]})
    assert "resource #2" in str(info.value)


def test_file_level_errors(tmp_path: Path) -> None:
    bad_toml = tmp_path / "a.toml"
    bad_toml.write_text("[[resource]\nname = 'x'", encoding="utf-8")
    with pytest.raises(ResourceError, match="invalid TOML"):
        load_resources(bad_toml)
    latin1 = tmp_path / "b.toml"
    latin1.write_bytes('[[resource]]\nname = "Ñ"\n'.encode("latin-1"))
    with pytest.raises(ResourceError, match="not UTF-8"):
        load_resources(latin1)
    wrong_key = tmp_path / "c.toml"
    wrong_key.write_text('[[resources]]\nname = "x"\nphone = "211"\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"unknown key\(s\) resources"):
        load_resources(wrong_key)
    not_list = tmp_path / "d.toml"
    not_list.write_text('[resource]\nname = "x"\nphone = "211"\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"\[\[resource\]\]"):
        load_resources(not_list)
