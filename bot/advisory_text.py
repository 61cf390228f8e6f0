"""Advisory messages in the chat's language, as Telegram HTML and as plain text (SPEC §8)."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from alerts.advisory import Advisory
from bot import texts
from bot.i18n import Html, Translator, translator

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")

_HEADINGS = {
    "stolen_gear": texts.ADVISORY_HEADING_STOLEN_GEAR,
    "impersonation": texts.ADVISORY_HEADING_IMPERSONATION,
}


def place_label(city: str | None, state: str | None, country: str | None) -> str | None:
    """ "Oakland, CA" in the US, "Tijuana, MX" elsewhere, the region alone when no city."""
    parts = [city, state if country == "US" or not city else country]
    label = ", ".join(part for part in parts if part)
    return label or country


def render_html(advisory: Advisory, language: str) -> str:
    """The advisory as Telegram HTML: every outside string escaped, at most 4096 characters.

    When long links would overflow the limit, fewer sources are listed and the rest counted,
    rather than cutting the text (which could break a tag).
    """
    t = translator(language)
    for shown in range(len(advisory.sources), -1, -1):
        text = _compose(t, _keep_sources(advisory, shown))
        if len(text) <= TELEGRAM_LIMIT:
            return text
    return _TAG.sub("", text)[:TELEGRAM_LIMIT]


def _keep_sources(advisory: Advisory, shown: int) -> Advisory:
    hidden = len(advisory.sources) - shown
    return replace(
        advisory, sources=advisory.sources[:shown], more_sources=advisory.more_sources + hidden
    )


def _compose(t: Translator, advisory: Advisory) -> str:
    lines = [_heading(t, advisory), ""]
    lines += _facts(t, advisory)
    lines.append(t.gettext(texts.ADVISORY_REPORTED_BY, sources=Html(_source_links(t, advisory))))
    if advisory.pending:
        lines.append(t.gettext(texts.ADVISORY_PENDING))
    lines += ["", t.gettext(texts.ADVISORY_VERIFY)]
    return "\n".join(lines)


def render_plain(advisory: Advisory, language: str) -> str:
    """The same advisory with no markup, for a chat where Telegram refused to parse the HTML."""
    text = _TAG.sub("", render_html(advisory, language))
    links = [f"{source.name}: {source.link}" for source in advisory.sources if source.link]
    return html.unescape("\n".join([text, *links]))[:TELEGRAM_LIMIT]


def _heading(t: Translator, advisory: Advisory) -> str:
    place = place_label(advisory.city, advisory.state, advisory.country)
    return t.gettext(
        _HEADINGS[advisory.kind], place=place or t.gettext(texts.ADVISORY_PLACE_UNKNOWN)
    )


def _facts(t: Translator, advisory: Advisory) -> list[str]:
    lines = []
    if advisory.items:
        template = (
            texts.ADVISORY_ITEMS_STOLEN
            if advisory.kind == "stolen_gear"
            else texts.ADVISORY_ITEMS_WORN
        )
        lines.append(t.gettext(template, items=_names(t, texts.ITEM_NAMES, advisory.items)))
    if advisory.tactics:
        lines.append(
            t.gettext(
                texts.ADVISORY_TACTICS, tactics=_names(t, texts.TACTIC_NAMES, advisory.tactics)
            )
        )
    if advisory.agencies:
        lines.append(
            t.gettext(
                texts.ADVISORY_AGENCIES, agencies=_names(t, texts.AGENCY_NAMES, advisory.agencies)
            )
        )
    lines.append(t.gettext(texts.ADVISORY_WHEN, date=t.date(advisory.local_date)))
    return lines


def _names(t: Translator, names: dict[str, str], keys: tuple[str, ...]) -> str:
    return t.join([t.gettext(names[key]) for key in keys if key in names])


def _source_links(t: Translator, advisory: Advisory) -> str:
    shown = [
        f'<a href="{html.escape(s.link, quote=True)}">{html.escape(s.name)}</a>'
        if s.link
        else html.escape(s.name)
        for s in advisory.sources
    ]
    joined = t.join(shown)
    if advisory.more_sources:
        joined += " " + t.plural(texts.ADVISORY_MORE_SOURCES, advisory.more_sources)
    return joined
