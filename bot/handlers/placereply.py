"""Answers for place arguments that do not resolve, shared by /subscribe, /recent, /verify."""

from __future__ import annotations

from bot import placechoice, texts
from bot.i18n import Html, Translator, escape
from bot.placechoice import BadRadius, Empty, Outcome, TooLong, Unknown


def problem_text(t: Translator, outcome: Outcome) -> str | None:
    """The message for an argument that names no usable place; None when it does."""
    if isinstance(outcome, TooLong):
        return t.gettext(texts.TOO_LONG)
    if isinstance(outcome, BadRadius):
        return t.gettext(
            texts.BAD_RADIUS, min=placechoice.MIN_RADIUS_KM, max=placechoice.MAX_RADIUS_KM
        )
    if isinstance(outcome, Empty):
        return t.gettext(texts.SUBSCRIBE_USAGE)
    if isinstance(outcome, Unknown):
        return unknown_text(t, outcome)
    return None


def unknown_text(t: Translator, outcome: Unknown) -> str:
    """Not found, with close names to try, or a hint on how to write a place."""
    lines = [t.gettext(texts.UNKNOWN_PLACE, place=outcome.query)]
    if outcome.suggestions:
        names = [f"<b>{escape(placechoice.suggestion_label(p))}</b>" for p in outcome.suggestions]
        lines.append(t.gettext(texts.UNKNOWN_PLACE_SUGGESTIONS, suggestions=Html(", ".join(names))))
    lines.append(t.gettext(texts.UNKNOWN_PLACE_HINT))
    return "\n".join(lines)
