"""Advisories are composed from facts, in the chat's language, as safe Telegram HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from alerts.advisory import advisory_for, local_date
from bot.advisory_text import TELEGRAM_LIMIT, render_html, render_plain
from db.models import Entry, Feed, Incident, IncidentSource
from tests.fakebot import parse_html

HEADLINE = "John Doe's <script>alert(1)</script> car robbed & vest taken"


def _incident(**overrides: object) -> Incident:
    feed = Feed(url="https://kpix.test/rss", name="KPIX <feed>")
    sources = [
        IncidentSource(
            entry=Entry(
                feed=feed,
                guid_key="1",
                title=HEADLINE,
                outlet="KPIX 5 & Co",
                link="https://kpix.test/a?x=1&y=2",
            )
        ),
        IncidentSource(
            entry=Entry(
                feed=feed, guid_key="2", title="second", outlet=None, link="javascript:alert(1)"
            )
        ),
    ]
    fields: dict[str, object] = {
        "id": 12,
        "kind": "stolen_gear",
        "status": "published",
        "title": HEADLINE,
        "city": "Oakland",
        "state": "CA",
        "country": "US",
        "lat": 37.8,
        "lon": -122.27,
        "items": ["vest", "jacket", "ammunition"],
        "agencies": ["HSI", "DHS"],
        "tactics": [],
        "confidence": 0.93,
        "reported_at": datetime(2017, 12, 19, 5, 0, tzinfo=UTC),
        "sources": sources,
    }
    fields.update(overrides)
    return Incident(**fields)


def test_english_advisory_states_facts_and_sources_not_the_headline() -> None:
    text = render_html(advisory_for(_incident()), "en")
    parse_html(text)  # Telegram would accept it
    assert "Stolen agency gear reported in Oakland, CA" in text
    assert "vest, jacket" in text and "ammunition" in text
    assert "December 18, 2017" in text  # 05:00 UTC is still the 18th in California
    assert "John Doe" not in text and "<script>" not in text
    assert '<a href="https://kpix.test/a?x=1&amp;y=2">KPIX 5 &amp; Co</a>' in text
    assert "javascript:" not in text and "KPIX &lt;feed&gt;" in text
    assert "Reported by" in text and "/verify" in text


def test_spanish_advisory_is_wholly_spanish() -> None:
    incident = _incident(
        kind="impersonation",
        items=["vest", "badge"],
        tactics=["home_visit", "demanded_money"],
        agencies=["ICE"],
    )
    text = render_html(advisory_for(incident), "es")
    parse_html(text)
    assert "Oakland, CA" in text
    assert "18 de diciembre de 2017" in text
    assert "/verify" in text
    for english in ("Reported by", "When:", "stolen", "demanded money"):
        assert english not in text


def test_pending_incidents_are_marked() -> None:
    text = render_html(advisory_for(_incident(status="pending")), "en")
    assert "Pending review" in text


def test_plain_fallback_has_no_markup_but_keeps_the_links() -> None:
    text = render_plain(advisory_for(_incident()), "en")
    assert "<" not in text.replace("<feed>", "")
    assert "https://kpix.test/a?x=1&y=2" in text


def test_many_sources_stay_within_telegrams_limit() -> None:
    feed = Feed(url="https://f.test/rss", name="f")
    sources = [
        IncidentSource(
            entry=Entry(
                feed=feed,
                guid_key=str(n),
                title="t",
                outlet=f"Outlet {n}" * 20,
                link=f"https://n.test/{n}/" + "x" * 1500,
            )
        )
        for n in range(30)
    ]
    advisory = advisory_for(_incident(sources=sources))
    assert advisory.more_sources == 25
    text = render_html(advisory, "en")
    assert len(text) <= TELEGRAM_LIMIT
    more = re.search(r"and (\d+) more sources", text)
    assert more is not None
    assert int(more.group(1)) + text.count("<a href") == 30


def test_local_date_uses_the_places_zone() -> None:
    moment = datetime(2026, 1, 2, 3, 0, tzinfo=UTC)
    assert local_date(moment, "NY", "US").day == 1
    assert local_date(moment, None, "GB").day == 2
    assert local_date(moment, None, None).day == 2
