"""The catalog mechanism: language choice, formatting, and complete, consistent catalogs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot import i18n, texts
from bot.i18n import (
    Html,
    available_languages,
    catalog_path,
    language_name,
    placeholders,
    resolve_language,
    translator,
)
from tests.test_verify import html_problems

TRANSLATED = [lang for lang in available_languages() if lang != i18n.DEFAULT_LANGUAGE]


def _catalog(lang: str):
    with catalog_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang, domain=i18n.DOMAIN)


def _source_msgids() -> set[str | tuple[str, str]]:
    """Every msgid marked in bot/, found the way the extract command finds them."""
    keywords = {**DEFAULT_KEYWORDS, **i18n.EXTRA_KEYWORDS}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(i18n.BOT_DIR), keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


# --- choosing a language ---------------------------------------------------------------------


@pytest.mark.parametrize("code", ["es", "es-MX", "es-419", "ES", "es_US", " es-ES "])
def test_spanish_codes_resolve_to_spanish(code: str) -> None:
    assert resolve_language(code) == "es"


@pytest.mark.parametrize("code", ["en", "en-GB", "fr", "pt-BR", "", None, "e", "zz-ZZ", "-"])
def test_anything_else_resolves_to_english(code: str | None) -> None:
    assert resolve_language(code) == "en"


def test_languages_come_from_the_locales_folder() -> None:
    assert available_languages()[0] == "en"
    assert "es" in available_languages()
    assert language_name("en") == "English"
    assert language_name("es") == "Español"
    assert language_name("xx-nonsense") == "xx-nonsense"


@pytest.fixture
def extra_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the locales folder, so a test can add a language without touching the repo."""
    copy = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, copy)
    monkeypatch.setattr(i18n, "LOCALES_DIR", copy)
    i18n.reload()
    yield copy
    monkeypatch.undo()
    i18n.reload()


def test_adding_a_catalog_adds_a_language(extra_locale: Path) -> None:
    target = extra_locale / "fr" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "gearwatch.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Cancel"\nmsgstr "Annuler"\n',
        encoding="utf-8",
    )
    i18n.reload()
    assert available_languages() == ("en", "es", "fr")
    assert resolve_language("fr-CA") == "fr"
    t = translator("fr")
    assert t.gettext(texts.STOP_CANCEL) == "Annuler"
    assert t.gettext(texts.STOP_YES) == texts.STOP_YES  # untranslated falls back to English


# --- translating and formatting --------------------------------------------------------------


def test_translator_translates_and_fills_placeholders() -> None:
    es = translator("es-MX")
    assert es.language == "es"
    assert es.gettext(texts.SUBSCRIBED_CITY, place="Oakland, CA", radius=25) == (
        "✅ Suscrito a Oakland, CA (en un radio de 25 km)."
    )
    en = translator("en")
    assert en.gettext(texts.SUBSCRIBED_CITY, place="Oakland, CA", radius=25) == (
        "✅ Subscribed to Oakland, CA (within 25 km)."
    )
    assert es("Some text nobody translated") == "Some text nobody translated"


def test_placeholder_values_are_escaped_unless_marked_html() -> None:
    es = translator("es")
    out = es.gettext(texts.UNKNOWN_PLACE, place='<b>x</b> & "y"')
    assert out == "No encontré ningún lugar llamado &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;."
    link = Html('<a href="https://example.org/">KPIX 5</a>')
    assert es.gettext(texts.ADVISORY_REPORTED_BY, sources=link).endswith(link)
    assert en_escapes_any_object() == "Cancel &lt;x&gt;"
    plain = translator("es", html=False)
    assert plain.gettext(texts.UNKNOWN_PLACE, place="A & B") == (
        "No encontré ningún lugar llamado A & B."
    )


def en_escapes_any_object() -> str:
    class Shown:
        def __str__(self) -> str:
            return "<x>"

    return translator("en").gettext("Cancel {thing}", thing=Shown())


def test_numbers_keep_their_format_specs() -> None:
    assert translator("en").gettext("{n:,} sent", n=12345) == "12,345 sent"


def test_text_without_arguments_is_not_formatted() -> None:
    # Literal braces in a text used without arguments must survive.
    assert translator("en").gettext("{not a field}") == "{not a field}"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Este chat sigue 0 lugares:"),
        (1, "Este chat sigue 1 lugar:"),
        (2, "Este chat sigue 2 lugares:"),
        (1_000_000, "Este chat sigue 1000000 lugares:"),
    ],
)
def test_plural_forms_follow_the_language(n: int, expected: str) -> None:
    assert translator("es").plural(texts.SUBSCRIPTIONS_HEADING, n) == expected
    singular, plural = texts.SUBSCRIPTIONS_HEADING
    assert translator("es").ngettext(singular, plural, n) == expected


def test_english_plural_forms() -> None:
    en = translator("en")
    assert en.plural(texts.PENDING_HEADING, 1) == "1 incident waits for review:"
    assert en.plural(texts.PENDING_HEADING, 4) == "4 incidents wait for review:"


def test_dates_and_lists_in_the_chat_language() -> None:
    day = dt.date(2017, 12, 18)
    assert translator("es").date(day) == "18 de diciembre de 2017"
    assert translator("en").date(day) == "December 18, 2017"
    assert translator("es").join(["chaleco", "chaqueta", "munición"]) == (
        "chaleco, chaqueta y munición"
    )
    assert translator("en").join([]) == ""


# --- catalog completeness and consistency ----------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_msgid_used_in_bot_is_translated(lang: str) -> None:
    catalog = _catalog(lang)
    gaps = []
    for msgid in _source_msgids():
        message = catalog.get(msgid)
        strings = [] if message is None else message.string
        strings = [strings] if isinstance(strings, str) else list(strings)
        if message is None or message.fuzzy or not strings or not all(strings):
            gaps.append(msgid)
    assert gaps == [], f"{lang}: run `python -m bot.i18n update` and translate: {gaps[:5]}"


def test_catalogs_hold_no_stale_msgids() -> None:
    used = {m if isinstance(m, str) else m[0] for m in _source_msgids()}
    for lang in available_languages():
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        assert ids - used == set(), f"{lang}: msgids no longer used in bot/"


def _pairs(lang: str) -> Iterator[tuple[str, str]]:
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for i, string in enumerate(strings):
            if string:
                yield ids[min(i, len(ids) - 1)], string


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_between_msgid_and_msgstr(lang: str) -> None:
    for msgid, msgstr in _pairs(lang):
        assert placeholders(msgstr) == placeholders(msgid), msgid
        # A stray brace would break str.format at run time.
        msgstr.format(**dict.fromkeys(placeholders(msgstr), "x"))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_markup_numbers_and_phone_numbers(lang: str) -> None:
    tags = re.compile(r"</?[a-z]+")
    numbers = re.compile(r"\d[\d-]*\d|\d")
    for msgid, msgstr in _pairs(lang):
        assert Counter(tags.findall(msgstr)) == Counter(tags.findall(msgid)), msgid
        assert sorted(numbers.findall(msgstr)) == sorted(numbers.findall(msgid)), msgid
        if "<" in msgid:  # a Telegram HTML text, not a plain label escaped at render time
            assert html_problems(msgstr) == [], msgstr


def test_source_texts_are_valid_telegram_html() -> None:
    for msgid in _source_msgids():
        for text in [msgid] if isinstance(msgid, str) else msgid:
            if "<" in text:
                assert html_problems(text) == [], text


def test_vocabulary_covers_the_spec() -> None:
    assert set(texts.ITEM_NAMES) == {
        "badge", "credentials", "vest", "jacket", "uniform", "ammunition",
        "firearm", "radio", "vehicle", "handcuffs", "other",
    }  # fmt: skip
    assert set(texts.AGENCY_NAMES) == {
        "ICE", "ERO", "HSI", "DHS", "CBP", "USBP", "FBI", "ATF", "DEA",
        "USMS", "USSS", "police", "sheriff", "other",
    }  # fmt: skip
    assert set(texts.TACTIC_NAMES) == {
        "phone_call", "home_visit", "traffic_stop", "workplace", "street_stop",
        "demanded_money", "robbery", "detention", "kidnapping", "assault",
        "fake_documents", "fake_vehicle",
    }  # fmt: skip
    assert set(texts.KIND_NAMES) == {"stolen_gear", "impersonation"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_bot_commands_fit_telegram_limits(lang: str) -> None:
    t = translator(lang)
    for command, description in texts.COMMANDS + texts.ADMIN_COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command)
        assert 1 <= len(t.gettext(description)) <= 256


def test_command_lists_and_language_choices() -> None:
    es = texts.bot_commands("es")
    assert [c for c, _d in es] == [c for c, _d in texts.COMMANDS]
    assert dict(es)["verify"] == "Cómo distinguir a un agente real de un impostor"
    assert len(texts.bot_commands("en", admin=True)) == len(texts.COMMANDS) + 4
    assert i18n.language_choices() == [("en", "English"), ("es", "Español")]


def test_extract_command_writes_a_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pot = tmp_path / "gearwatch.pot"
    monkeypatch.setattr(i18n, "POT_FILE", pot)
    assert i18n.main(["extract"]) == 0
    with pot.open("rb") as fh:
        template = read_po(fh)
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert ids == _source_msgids()


def test_check_command_reports_complete_catalogs(capsys: pytest.CaptureFixture[str]) -> None:
    assert i18n.main(["check"]) == 0
    assert capsys.readouterr().out == ""
    assert i18n.main(["frobnicate"]) == 2
