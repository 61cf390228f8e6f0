"""Small RSS documents of realistic reports and a subscription to match, for service tests."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from db.chats import PlaceChoice

OAKLAND_CHOICE = PlaceChoice(
    scope="city",
    place_key="city:5378538",
    label="Oakland, CA",
    city="Oakland",
    state="CA",
    country="US",
    lat=37.80437,
    lon=-122.2708,
    radius_km=25,
)

OAKLAND_EN = (
    "Thieves take vest, jacket and ammunition from federal agent's car in Oakland",
    "OAKLAND, Calif. — Thieves broke into a Homeland Security Investigations agent's car "
    "parked in downtown Oakland on Monday night and stole a ballistic vest, an agency raid "
    "jacket and dozens of rounds of ammunition, police said.",
)
OAKLAND_ES = (
    "Roban chaleco y chaqueta de agente federal en Oakland",
    "Ladrones robaron un chaleco antibalas, una chaqueta de la agencia y municiones del auto "
    "de un agente de HSI estacionado en Oakland, California, informó la policía.",
)
ANAHEIM_EN = (
    "Men posing as ICE agents rob family in Anaheim",
    "ANAHEIM, Calif. — Two men wearing vests marked ICE forced their way into a home and "
    "demanded money, police said.",
)
ICE_OPERATION = (
    "ICE arrests 40 in Bay Area operation",
    "Immigration and Customs Enforcement officers arrested 40 people during a three-day "
    "operation in the Bay Area, the agency said.",
)


def rss(items: list[tuple[str, str, str, datetime]], title: str = "News") -> bytes:
    """An RSS 2.0 document of (guid, title, description, published) items."""
    body = "".join(
        f"<item><guid>{escape(guid)}</guid><title>{escape(head)}</title>"
        f"<link>https://news.test/{escape(guid)}</link>"
        f"<description>{escape(text)}</description>"
        f"<pubDate>{format_datetime(published)}</pubDate></item>"
        for guid, head, text, published in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.test/</link>{body}</channel></rss>"
    ).encode()
