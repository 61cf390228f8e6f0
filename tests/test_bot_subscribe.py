"""/subscribe, shared locations, /subscriptions and /unsubscribe, in private chats and groups."""

from __future__ import annotations

import pytest

from bot import texts
from bot.i18n import translator
from tests.botharness import Harness, harness_fixture  # noqa: F401
from tests.fakebot import parse_html


def _plain(language: str, msgid: str, **values: object) -> str:
    return parse_html(translator(language).gettext(msgid, **values)).text


@pytest.mark.parametrize(
    ("command", "label", "radius"),
    [
        ("/subscribe Oakland", "Oakland, CA", 25.0),
        ("/subscribe Oakland, CA 10", "Oakland, CA", 10.0),
        ("/subscribe oakland, california 10km", "Oakland, CA", 10.0),
        ("/subscribe 94601", "Oakland, CA", 25.0),
        ("/subscribe 94601 5 km", "Oakland, CA", 5.0),
        ("/subscribe Portland, ME", "Portland, ME", 25.0),
    ],
)
async def test_subscribe_to_a_city(
    harness: Harness, command: str, label: str, radius: float
) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [reply] = await harness.ask(ana, command)
    assert reply.plain_text.startswith(
        _plain("en", texts.SUBSCRIBED_CITY, place=label, radius=round(radius))
    )
    [subscription] = harness.subscriptions(ana.id)
    assert (subscription.scope, subscription.label, subscription.radius_km) == (
        "city",
        label,
        radius,
    )
    assert subscription.lat is not None and subscription.lon is not None


async def test_a_bare_name_takes_the_largest_and_says_how_to_correct_it(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [reply] = await harness.ask(ana, "/subscribe Oakland")
    lines = reply.plain_text.splitlines()
    assert lines[0] == "✅ Subscribed to Oakland, CA (within 25 km)."
    assert lines[1] == _plain("en", texts.SUBSCRIBED_CITY_HINT, name="Oakland", example="NJ")


async def test_spanish_names_states_and_all(harness: Harness) -> None:
    luis = harness.fake.add_user("Luis", language_code="es")
    [ny] = await harness.ask(luis, "/subscribe Nueva York")
    assert ny.plain_text.startswith("✅ Suscrito a New York, NY")
    [state] = await harness.ask(luis, "/subscribe California")
    assert state.plain_text == _plain("es", texts.SUBSCRIBED_STATE, state="California")
    [everything] = await harness.ask(luis, "/subscribe todo")
    assert everything.plain_text == _plain("es", texts.SUBSCRIBED_ALL)
    [again] = await harness.ask(luis, "/subscribe all")
    assert again.plain_text == _plain(
        "es", texts.ALREADY_SUBSCRIBED, place=translator("es").gettext(texts.SUBSCRIPTION_ALL_ITEM)
    )
    subs = harness.subscriptions(luis.id)
    assert [(s.scope, s.place_key) for s in subs] == [
        ("city", "city:5128581"),
        ("state", "state:US:CA"),
        ("all", "all"),
    ]
    [listing] = await harness.ask(luis, "/subscriptions")
    assert listing.plain_text.splitlines() == [
        "Este chat sigue 3 lugares:",
        "• " + _plain("es", texts.SUBSCRIPTION_CITY_ITEM, place="New York, NY", radius=25),
        "• " + _plain("es", texts.SUBSCRIPTION_STATE_ITEM, state="California"),
        "• " + _plain("es", texts.SUBSCRIPTION_ALL_ITEM),
    ]


async def test_ambiguous_names_offer_buttons(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [question] = await harness.ask(ana, "/subscribe Portland 10")
    assert question.plain_text == _plain("en", texts.AMBIGUOUS_PLACE, name="Portland")
    labels = [b["text"] for b in question.buttons]
    assert labels == ["Portland, OR", "Portland, ME"]
    assert harness.subscriptions(ana.id) == []
    edited = await harness.press(ana, question, question.callback_data[1])
    assert edited is not None
    assert edited["text"] == "✅ Subscribed to Portland, ME (within 10 km)."
    assert "reply_markup" not in edited
    [subscription] = harness.subscriptions(ana.id)
    assert (subscription.label, subscription.radius_km) == ("Portland, ME", 10.0)


async def test_unknown_places_get_suggestions(harness: Harness) -> None:
    luis = harness.fake.add_user("Luis", language_code="es")
    [reply] = await harness.ask(luis, "/subscribe Oaklnd")
    lines = reply.plain_text.splitlines()
    assert lines[0] == _plain("es", texts.UNKNOWN_PLACE, place="Oaklnd")
    assert "Oakland, CA" in lines[1]
    [nothing] = await harness.ask(luis, "/subscribe Xyzzyqwv")
    assert nothing.plain_text.splitlines() == [
        _plain("es", texts.UNKNOWN_PLACE, place="Xyzzyqwv"),
        _plain("es", texts.UNKNOWN_PLACE_HINT),
    ]
    assert harness.subscriptions(luis.id) == []


async def test_usage_bad_radius_and_long_or_marked_up_input(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [usage] = await harness.ask(ana, "/subscribe")
    assert usage.plain_text == _plain("en", texts.SUBSCRIBE_USAGE)
    [radius] = await harness.ask(ana, "/subscribe Oakland 9000")
    assert radius.plain_text == _plain("en", texts.BAD_RADIUS, min=1, max=500)
    [long] = await harness.ask(ana, "/subscribe " + "Oakland " * 400)
    assert long.plain_text == _plain("en", texts.TOO_LONG)
    [markup] = await harness.ask(ana, '/subscribe <b>Oak</b> & "x" <a href="javascript:1">')
    assert markup.text.startswith("I could not find a place called &lt;b&gt;Oak&lt;/b&gt; &amp;")
    assert '<b>Oak</b> & "x"' in markup.plain_text
    [emoji] = await harness.ask(ana, "/subscribe 🔥🔥 💥")
    assert emoji.plain_text.startswith(_plain("en", texts.UNKNOWN_PLACE, place="🔥🔥 💥"))
    assert harness.subscriptions(ana.id) == []


async def test_answer_lists_recent_incidents_there(harness: Harness) -> None:
    harness.add_incident()
    harness.add_incident(city="Denver", state="CO", lat=39.74, lon=-104.98)
    harness.add_incident(status="pending")
    luis = harness.fake.add_user("Luis", language_code="es")
    [reply] = await harness.ask(luis, "/subscribe Oakland, CA")
    lines = reply.plain_text.splitlines()
    assert lines[2] == _plain("es", texts.SUBSCRIBE_RECENT_HEADING, place="Oakland, CA")
    assert len(lines) == 4  # one published incident in Oakland; pending and Denver left out
    assert lines[3].endswith(": robo de equipo, Oakland, CA (KPIX 5)")
    assert '<a href="https://example.org/news/1?n=1">KPIX 5</a>' in reply.text


async def test_shared_location_follows_the_nearest_city(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    before = len(harness.fake.sent_messages(ana.id))
    harness.fake.push_location(ana, 37.8044, -122.2712)
    [reply] = (await harness.fake.wait_for_messages_async(before + 1, ana.id))[before:]
    assert reply.plain_text == "✅ Subscribed to Oakland, CA (within 25 km)."
    [subscription] = harness.subscriptions(ana.id)
    assert subscription.place_key == "city:5378538"


async def test_unsubscribe_with_buttons_and_by_name(harness: Harness) -> None:
    luis = harness.fake.add_user("Luis", language_code="es")
    await harness.ask(luis, "/subscribe Oakland")
    await harness.ask(luis, "/subscribe Texas")
    await harness.ask(luis, "/subscribe all")
    [choose] = await harness.ask(luis, "/unsubscribe")
    assert choose.plain_text == _plain("es", texts.UNSUBSCRIBE_CHOOSE)
    assert [b["text"] for b in choose.buttons] == [
        "Oakland, CA",
        "Texas",
        translator("es").gettext(texts.SUBSCRIPTION_ALL_ITEM),
    ]
    edited = await harness.press(luis, choose, choose.callback_data[1])
    assert edited is not None
    assert edited["text"] == _plain("es", texts.UNSUBSCRIBED, place="Texas")
    [named] = await harness.ask(luis, "/unsubscribe oakland, ca")
    assert named.plain_text == _plain("es", texts.UNSUBSCRIBED, place="Oakland, CA")
    [missing] = await harness.ask(luis, "/unsubscribe Denver")
    assert missing.plain_text == _plain("es", texts.NOT_SUBSCRIBED, place="Denver")
    [last] = await harness.ask(luis, "/unsubscribe all")
    everything = translator("es").gettext(texts.SUBSCRIPTION_ALL_ITEM)
    assert last.plain_text == _plain("es", texts.UNSUBSCRIBED, place=everything)
    assert harness.subscriptions(luis.id) == []
    [empty] = await harness.ask(luis, "/subscriptions")
    assert empty.plain_text == _plain("es", texts.SUBSCRIPTIONS_EMPTY)
    [nothing] = await harness.ask(luis, "/unsubscribe")
    assert nothing.plain_text == _plain("es", texts.SUBSCRIPTIONS_EMPTY)


async def test_a_stale_or_forged_unsubscribe_button_changes_nothing(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    ben = harness.fake.add_user("Ben", language_code="en")
    await harness.ask(ana, "/subscribe Oakland")
    await harness.ask(ben, "/subscribe Denver")
    [choose] = await harness.ask(ana, "/unsubscribe")
    [ben_sub] = harness.subscriptions(ben.id)
    message = harness.fake.message(ana.id, choose.message_id)
    assert message is not None
    for data in (f"unsub:{ben_sub.id}", "unsub:x", "unsub:", "unsub:1:2", "sub:99999999999:10"):
        answers = len(harness.fake.callback_answers())
        harness.fake.push_callback_query(ana, message, data)
        await harness.wait(lambda n=answers: len(harness.fake.callback_answers()) > n, data)
    assert len(harness.subscriptions(ben.id)) == 1
    assert len(harness.subscriptions(ana.id)) == 1


async def test_a_chat_follows_at_most_fifty_places(harness: Harness) -> None:
    from db import chats
    from db.chats import PlaceChoice
    from db.engine import transaction

    ana = harness.fake.add_user("Ana", language_code="es")
    await harness.ask(ana, "/subscribe Oakland")
    with transaction(harness.services.sessions) as session:
        row = chats.get_chat(session, ana.id)
        assert row is not None
        for n in range(49):
            chats.subscribe(session, row, PlaceChoice("city", f"city:test{n}", f"Town {n}"))
    [full] = await harness.ask(ana, "/subscribe Denver")
    assert full.plain_text == _plain("es", texts.TOO_MANY_SUBSCRIPTIONS, n=50)
    [again] = await harness.ask(ana, "/subscribe Oakland 10")  # changing one is still fine
    assert again.plain_text.startswith("✅")
    [choose] = await harness.ask(ana, "/unsubscribe")
    assert len(choose.buttons) == 50
    [listing] = await harness.ask(ana, "/subscriptions")
    assert len(listing.plain_text.splitlines()) == 51
