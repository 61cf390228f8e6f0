"""One catalog mechanism for every user-facing string.

Catalogs are gettext ``.po`` files under ``bot/locales/<lang>/LC_MESSAGES/gearwatch.po``
with English source strings as msgids. They are read with Babel at run time and compiled to
``.mo`` in memory, so no build step has to produce binary catalogs. Adding a language means
adding a catalog folder; :func:`available_languages` discovers it.

Placeholders are ``str.format`` style (``{place}``). In HTML mode (the default, because the bot
sends with Telegram's HTML parse mode) every ``str`` value is escaped unless it is wrapped in
:class:`Html`, which marks markup the caller has already built safely.

Maintainers refresh the catalogs without make::

    python -m bot.i18n update   # extract msgids from bot/ and merge them into every .po
    python -m bot.i18n check    # list missing or fuzzy translations, exit 1 if any
    python -m bot.i18n init fr  # start the catalog of a new language
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import html
import io
import string
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "gearwatch"
DEFAULT_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
POT_FILE = LOCALES_DIR / f"{DOMAIN}.pot"
BOT_DIR = Path(__file__).resolve().parent

# Keywords the extractor understands, beyond Babel's defaults (_, gettext, ngettext, N_ ...).
# NN_ marks a (singular, plural) pair kept in a constant.
EXTRA_KEYWORDS: dict[str, tuple[int, ...] | None] = {"NN_": (1, 2)}


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it (translate later, per chat)."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext marker name
    """Mark a singular/plural pair for extraction; pass it to :meth:`Translator.ngettext`."""
    return singular, plural


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def escape(value: object) -> str:
    """Escape outside text for Telegram HTML (quotes too, so it is safe inside attributes)."""
    if isinstance(value, Html):
        return value
    return html.escape(str(value), quote=True)


def placeholders(text: str) -> set[str]:
    """Names of the ``str.format`` fields in a catalog string, to compare msgid and msgstr."""
    names: set[str] = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field.split(".", 1)[0].split("[", 1)[0])
    return names


def _safe(value: Any) -> Any:
    """Escape a placeholder value; numbers stay numbers so format specs like ``{n:,}`` work."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return escape(value)


class Translator:
    """Translations for one language; formats placeholders and, in HTML mode, escapes them."""

    def __init__(self, language: str, translations: _gettext.NullTranslations, *, html: bool):
        self.language = language
        self.html = html
        self._translations = translations

    def _format(self, text: str, kwargs: Mapping[str, Any]) -> str:
        if not kwargs:
            return text
        if self.html:
            kwargs = {k: _safe(v) for k, v in kwargs.items()}
        return text.format(**kwargs)

    def gettext(self, message: str, /, **kwargs: Any) -> str:
        """Translate ``message`` and fill its ``{placeholders}`` from ``kwargs``."""
        return self._format(self._translations.gettext(message), kwargs)

    def ngettext(self, singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
        """Translate the form matching ``n``; ``{n}`` is available as a placeholder."""
        kwargs.setdefault("n", n)
        return self._format(self._translations.ngettext(singular, plural, n), kwargs)

    def plural(self, pair: tuple[str, str], n: int, /, **kwargs: Any) -> str:
        """Like :meth:`ngettext` for a pair kept in a constant marked with :func:`NN_`."""
        return self.ngettext(pair[0], pair[1], n, **kwargs)

    # gettext's conventional short name, so code can write ``_ = t.gettext``.
    __call__ = gettext

    def date(self, value: dt.date, /, fmt: str = "long") -> str:
        """A date in this language's words ("December 18, 2017", "18 de diciembre de 2017")."""
        return format_date(value, format=fmt, locale=self.language)

    def join(self, items: Sequence[str], /) -> str:
        """Join words the way this language does ("vest, jacket and ammunition")."""
        return format_list(list(items), locale=self.language) if items else ""


def catalog_path(language: str) -> Path:
    """Where the ``.po`` catalog of a language lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """Languages that have a catalog, English first; adding a folder adds a language."""
    found = {p.name for p in LOCALES_DIR.iterdir() if catalog_path(p.name).is_file()}
    found.add(DEFAULT_LANGUAGE)
    return (DEFAULT_LANGUAGE, *sorted(found - {DEFAULT_LANGUAGE}))


def resolve_language(code: str | None) -> str:
    """Map Telegram's ``language_code`` (``es``, ``es-MX``, ``es_419``) to a catalog language."""
    if not code:
        return DEFAULT_LANGUAGE
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in available_languages() else DEFAULT_LANGUAGE


def language_name(language: str) -> str:
    """The language's own name (``English``, ``Español``) for the /language buttons."""
    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str]]:
    """(code, own name) of every catalog language, for the /language buttons."""
    return [(code, language_name(code)) for code in available_languages()]


def _load(language: str) -> _gettext.NullTranslations:
    """Read a .po catalog and compile it in memory; fuzzy entries fall back to English."""
    path = catalog_path(language)
    if not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@lru_cache(maxsize=32)
def _translations(language: str) -> _gettext.NullTranslations:
    return _load(language)


@lru_cache(maxsize=32)
def translator(language: str | None, *, html: bool = True) -> Translator:
    """The translator for a chat language (resolved, so any Telegram code is accepted).

    ``html=False`` leaves placeholder values unescaped, for plain-text output (console mode).
    """
    lang = resolve_language(language)
    return Translator(lang, _translations(lang), html=html)


def reload() -> None:
    """Forget loaded catalogs, e.g. after ``update`` rewrote them in a running process."""
    available_languages.cache_clear()
    _translations.cache_clear()
    translator.cache_clear()


def _babel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    """Write the template ``gearwatch.pot`` from every marked string under ``bot/``."""
    keywords: list[str] = []
    for name, spec in EXTRA_KEYWORDS.items():
        keywords += ["-k", name if spec is None else f"{name}:{','.join(map(str, spec))}"]
    _babel(
        "extract",
        *keywords,
        "--no-location",
        "--sort-output",
        "--project",
        DOMAIN,
        "--copyright-holder",
        "gearwatch contributors",
        "-o",
        str(POT_FILE),
        str(BOT_DIR),
    )


def update() -> None:
    """Extract, then merge the template into each language's catalog (new msgids are empty)."""
    extract()
    for lang in available_languages():
        _babel(
            "update",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            "-D",
            DOMAIN,
            "-l",
            lang,
            "-i",
            str(POT_FILE),
            "-o",
            str(catalog_path(lang)),
        )


def init(language: str) -> None:
    """Start the catalog of a new language from the template (then translate it)."""
    extract()
    _babel(
        "init", "-D", DOMAIN, "-l", language, "-i", str(POT_FILE), "-o", str(catalog_path(language))
    )
    reload()


def missing(language: str) -> list[str]:
    """Msgids of a catalog that have no usable translation (empty or fuzzy)."""
    with catalog_path(language).open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=DOMAIN)
    gaps = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not all(strings):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.i18n extract|update|check|init LANG``: maintain catalogs without make."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "help"
    if command == "extract":
        extract()
    elif command == "init" and len(args) == 2:
        init(args[1])
    elif command == "update":
        update()
    elif command == "check":
        gaps = {lang: missing(lang) for lang in available_languages() if lang != DEFAULT_LANGUAGE}
        for lang, ids in gaps.items():
            for msgid in ids:
                print(f"{lang}: untranslated: {msgid[:70]!r}")
        return 1 if any(gaps.values()) else 0
    else:
        print("usage: python -m bot.i18n extract|update|check|init LANG", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
