"""Bad input and floods: a per-sender limit with a polite notice, and errors answered."""

from __future__ import annotations

import logging

import pytest

from bot import texts
from bot.handlers.guard import SenderLimiter
from bot.i18n import translator
from tests.botharness import Harness, ManualClock, harness_fixture  # noqa: F401
from tests.fakebot import parse_html


def _plain(language: str, msgid: str, **values: object) -> str:
    return parse_html(translator(language).gettext(msgid, **values)).text


def test_the_sender_limit_allows_a_burst_then_one_a_second() -> None:
    clock = ManualClock()
    limiter = SenderLimiter(burst=3, per_second=1.0, clock=clock)
    assert [limiter.check(1) for _ in range(5)] == ["ok", "ok", "ok", "warn", "drop"]
    assert limiter.check(2) == "ok"  # others are not affected
    clock.advance(1.0)
    assert limiter.check(1) == "ok"
    assert limiter.check(1) == "warn"  # a new streak is warned again, once
    clock.advance(10.0)
    assert [limiter.check(1) for _ in range(3)] == ["ok", "ok", "ok"]


async def test_many_commands_a_second_get_one_polite_notice(harness: Harness) -> None:
    fake = harness.fake
    luis = fake.add_user("Luis", language_code="es")
    for _ in range(12):
        fake.push_command(luis, "/help")
    replies = await fake.wait_for_messages_async(6, luis.id)
    assert [r.plain_text for r in replies[:5]] == [_plain("es", texts.HELP)] * 5
    assert replies[5].plain_text == _plain("es", texts.RATE_LIMITED)
    # Updates are handled in order, so once another user is answered the flood is over.
    ana = fake.add_user("Ana")
    fake.push_command(ana, "/help")  # without moving the limiter's clock
    await fake.wait_for_messages_async(1, ana.id)
    assert len(fake.sent_messages(luis.id)) == 6
    # Later, at a normal pace, the user is answered again.
    [about] = await harness.ask(luis, "/about")
    assert about.plain_text.startswith(_plain("es", texts.ABOUT))
    assert len(fake.sent_messages(luis.id)) == 7


async def test_a_flood_in_a_group_is_limited_per_sender(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    ben = fake.add_user("Ben", language_code="en")
    group = fake.add_group("Tenants", creator=ana, members=[ben])
    for _ in range(8):
        fake.push_command(ben, "/verify", group)
    fake.push_command(ana, "/help", group)
    replies = await fake.wait_for_messages_async(7, group.id)
    texts_seen = [r.plain_text for r in replies]
    assert texts_seen.count(_plain("en", texts.RATE_LIMITED)) == 1
    assert texts_seen[-1] == _plain("en", texts.HELP)  # Ana was not held back by Ben


async def test_a_failed_answer_is_logged_without_the_token_and_apologised_for(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    fake.inject_server_error(1, method="sendMessage", chat_id=ana.id)
    with caplog.at_level(logging.DEBUG):
        [apology] = await harness.ask(ana, "/help")
    assert apology.plain_text == _plain("en", texts.ERROR)
    assert any("an update or a job failed" in r.getMessage() for r in caplog.records)
    handler_logs = [r for r in caplog.records if r.name.startswith("bot.")]
    assert all(fake.token not in r.getMessage() for r in handler_logs)
    [help_reply] = await harness.ask(ana, "/help")  # and the bot carries on
    assert help_reply.plain_text == _plain("en", texts.HELP)


@pytest.mark.parametrize(
    "command",
    [
        "/unsubscribe " + "a" * 500,
        "/verify " + "🔥" * 1000,
        "/recent <script>alert(1)</script>" + "x" * 300,
        "/subscribe " + "&amp;" * 300,
    ],
)
async def test_long_arguments_are_refused_politely(harness: Harness, command: str) -> None:
    ana = harness.fake.add_user("Ana", language_code="es")
    [reply] = await harness.ask(ana, command)
    assert reply.plain_text == _plain("es", texts.TOO_LONG)


async def test_long_plain_text_and_odd_commands(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [hint] = await harness.ask(ana, "<i>" + "long words " * 370)
    assert hint.plain_text == _plain("en", texts.TEXT_HINT)
    [prompt] = await harness.ask(ana, "/language " + "klingon" * 50)
    assert prompt.plain_text == _plain("en", texts.LANGUAGE_PROMPT)
    [usage] = await harness.ask(ana, "/subscribe    ")
    assert usage.plain_text == _plain("en", texts.SUBSCRIBE_USAGE)
    [unknown] = await harness.ask(ana, "/subscribe <b>&</b>")
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in unknown.text


async def test_a_reply_that_hits_telegrams_flood_limit_is_sent_after_the_wait(
    harness: Harness,
) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="es")
    fake.inject_flood(1, retry_after=1, method="sendMessage", chat_id=ana.id)
    [help_reply] = await harness.ask(ana, "/help")
    assert help_reply.plain_text == _plain("es", texts.HELP)  # not an apology, not lost
    assert len(fake.sent_messages(ana.id)) == 1


async def test_a_long_flood_on_a_reply_is_not_waited_out(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    fake.inject_flood(1, retry_after=3600, method="sendMessage", chat_id=ana.id)
    fake.push_command(ana, "/help")
    [later] = await harness.ask(ana, "/about")  # the handler was not held for an hour
    assert later.plain_text.startswith(_plain("en", texts.ABOUT))
    # no apology is attempted while Telegram refuses messages
    assert [m.plain_text for m in fake.sent_messages(ana.id)] == [later.plain_text]
