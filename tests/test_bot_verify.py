"""/verify with topic buttons and local help lines, and /recent, in both languages."""

from __future__ import annotations

from bot import texts
from bot.i18n import translator
from bot.verify import render_verify
from tests.botharness import RESOURCES, Harness, harness_fixture  # noqa: F401
from tests.fakebot import parse_html


def _plain(language: str, msgid: str, **values: object) -> str:
    return parse_html(translator(language).gettext(msgid, **values)).text


async def test_verify_shows_key_tips_and_topic_buttons(harness: Harness) -> None:
    for language in ("en", "es"):
        user = harness.fake.add_user("Ana", language_code=language)
        [tips] = await harness.ask(user, "/verify")
        # No place known: only region-wide help lines (none in the test file).
        assert tips.text == render_verify(language, None, [])
        assert tips.callback_data == [
            "verify:badge",
            "verify:warrant",
            "verify:vehicle",
            "verify:money",
            "verify:act",
            "verify:report",
            "verify:rights",
        ]
        edited = await harness.press(user, tips, "verify:warrant")
        assert edited is not None
        assert edited["text"] == parse_html(render_verify(language, "warrant")).text
        assert "verify:main" in [
            b["callback_data"] for r in edited["reply_markup"]["inline_keyboard"] for b in r
        ]


async def test_verify_with_a_place_puts_local_hotlines_first_and_adds_incidents(
    harness: Harness,
) -> None:
    harness.add_incident()
    luis = harness.fake.add_user("Luis", language_code="es")
    tips, recent = await harness.ask(luis, "/verify Oakland", expect=2)
    assert tips.text == render_verify("es", None, RESOURCES)
    assert tips.plain_text.index("Oakland Rapid Response") < tips.plain_text.index("911")
    assert "Statewide <Legal> Aid" in tips.plain_text  # escaped, shown as written
    lines = recent.plain_text.splitlines()
    assert lines[0] == _plain("es", texts.RECENT_HEADING, place="Oakland, CA")
    assert lines[1].endswith("robo de equipo, Oakland, CA (KPIX 5)")


async def test_topic_pages_keep_the_hotlines_of_the_place_typed(harness: Harness) -> None:
    harness.add_incident()
    ana = harness.fake.add_user("Ana", language_code="en")  # follows no place
    tips, _recent = await harness.ask(ana, "/verify Oakland", expect=2)
    act = next(data for data in tips.callback_data if data.startswith("verify:act"))
    edited = await harness.press(ana, tips, act)
    assert edited is not None and "Oakland Rapid Response" in edited["text"]
    buttons = [b["callback_data"] for r in edited["reply_markup"]["inline_keyboard"] for b in r]
    assert all(len(data.encode()) <= 64 for data in buttons)
    back = next(data for data in buttons if data.startswith("verify:main"))
    overview = await harness.press(ana, tips, back)
    assert overview is not None and "Oakland Rapid Response" in overview["text"]


async def test_verify_uses_the_chats_place_for_hotlines(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    await harness.ask(ana, "/subscribe Oakland")
    [tips] = await harness.ask(ana, "/verify")
    assert tips.text == render_verify("en", None, RESOURCES)
    edited = await harness.press(ana, tips, "verify:act")
    assert edited is not None and "Oakland Rapid Response" in edited["text"]


async def test_verify_in_a_group_and_with_an_unknown_place(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="es")
    ben = harness.fake.add_user("Ben", language_code="en")
    group = harness.fake.add_group("Vecinos", creator=ana, members=[ben])
    [tips] = await harness.ask(ben, "/verify", group)
    assert tips.text == render_verify("en", None, [])
    edited = await harness.press(ben, tips, "verify:money")  # browsing is for everyone
    assert edited is not None
    [unknown] = await harness.ask(ben, "/verify Xyzzyqwv", group)
    assert unknown.plain_text.startswith(_plain("en", texts.UNKNOWN_PLACE, place="Xyzzyqwv"))
    tips, none = await harness.ask(ben, "/verify Denver", group, expect=2)
    assert tips.callback_data
    assert none.plain_text == _plain("en", texts.NO_RECENT, place="Denver, CO")


async def test_recent_for_a_place_and_for_the_subscriptions(harness: Harness) -> None:
    harness.add_incident()
    harness.add_incident(kind="impersonation", city="Austin", state="TX", lat=30.27, lon=-97.74)
    harness.add_incident(status="rejected")
    ana = harness.fake.add_user("Ana", language_code="en")
    [need] = await harness.ask(ana, "/recent")
    assert need.plain_text == _plain("en", texts.RECENT_NEED_PLACE)
    [texas] = await harness.ask(ana, "/recent Texas")
    lines = texas.plain_text.splitlines()
    assert lines[0] == _plain("en", texts.RECENT_HEADING, place="Texas")
    assert len(lines) == 2 and lines[1].endswith("impersonation, Austin, TX (KPIX 5)")
    [everywhere] = await harness.ask(ana, "/recent all")
    assert len(everywhere.plain_text.splitlines()) == 3
    [none] = await harness.ask(ana, "/recent Denver")
    assert none.plain_text == _plain("en", texts.NO_RECENT, place="Denver, CO")
    await harness.ask(ana, "/subscribe Oakland 5")
    [mine] = await harness.ask(ana, "/recent")
    lines = mine.plain_text.splitlines()
    assert lines[0] == _plain("en", texts.RECENT_HEADING_SUBSCRIPTIONS)
    assert len(lines) == 2 and lines[1].endswith("stolen gear, Oakland, CA (KPIX 5)")


async def test_recent_in_a_spanish_group(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="es")
    group = harness.fake.add_group("Vecinos", creator=ana)
    await harness.ask(ana, "/subscribe Denver", group)
    [none] = await harness.ask(ana, "/recent", group)
    assert none.plain_text == _plain("es", texts.NO_RECENT_SUBSCRIPTIONS)
    [long] = await harness.ask(ana, "/recent " + "x" * 3000, group)
    assert long.plain_text == _plain("es", texts.TOO_LONG)
