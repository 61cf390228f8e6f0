"""The fake Bot API behaves like Telegram for python-telegram-bot 22.

Each error shape must raise the same exception PTB raises against api.telegram.org, since the
bot's and the sender's tests rely on the fake to be faithful.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakebot import GROUP_ANONYMOUS_BOT_ID, FakeTelegram, RateLimits, parse_html
from tests.fakebot.errors import ApiError


class FakeClock:
    """A monotonic clock the test moves by hand, so rate limits are deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server
    assert server.internal_errors == []


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tg_clocked(clock: FakeClock) -> Iterator[FakeTelegram]:
    with FakeTelegram(clock=clock) as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as client:
        yield client


_HTTP: list[httpx.Client] = []


@pytest.fixture(scope="module", autouse=True)
def _http_client() -> Iterator[None]:
    """One keep-alive client for raw calls (a new client per call costs an SSL context)."""
    with httpx.Client(timeout=5) as client:
        _HTTP.append(client)
        yield
        _HTTP.clear()


def raw_call(
    tg: FakeTelegram, method: str, token: str | None = None, **params: Any
) -> httpx.Response:
    """POST as JSON, bypassing PTB, to check bodies byte for byte."""
    url = f"{tg.url}/bot{token or tg.token}/{method}"
    return _HTTP[0].post(url, json=params)


# basics ------------------------------------------------------------------------------------


async def test_get_me_identifies_the_bot(tg: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == tg.bot_user.id
    assert me.username == "GearwatchTestBot"
    assert me.is_bot


async def test_send_message_is_recorded_with_ids_increasing_per_chat(
    tg: FakeTelegram, bot: Bot
) -> None:
    ana, ben = tg.add_user("Ana"), tg.add_user("Ben")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    first = await bot.send_message(ana.id, "<b>Stolen vest</b> in Oakland", parse_mode="HTML")
    second = await bot.send_message(ana.id, "two", reply_markup=markup)
    other = await bot.send_message(ben.id, "one")

    assert (first.message_id, second.message_id, other.message_id) == (1, 2, 1)
    assert first.text == "Stolen vest in Oakland"
    assert first.entities[0].type == "bold" and first.entities[0].length == 11
    assert first.from_user.id == tg.bot_user.id and first.chat.id == ana.id
    assert second.reply_markup == markup

    sent = tg.sent_messages(ana.id)
    assert [m.message_id for m in sent] == [1, 2]
    assert sent[0].text == "<b>Stolen vest</b> in Oakland"
    assert sent[0].plain_text == "Stolen vest in Oakland"
    assert sent[0].parse_mode == "HTML"
    assert sent[1].callback_data == ["more"]
    assert len(tg.sent_messages()) == 3
    assert len(tg.send_times()) == 3


def test_json_and_form_bodies_are_both_accepted(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    as_json = raw_call(tg, "sendMessage", chat_id=ana.id, text="json")
    as_form = httpx.post(
        f"{tg.base_url}{tg.token}/sendMessage",
        data={"chat_id": str(ana.id), "text": "[1]", "reply_markup": '{"inline_keyboard":[]}'},
    )
    assert as_json.json()["ok"] and as_form.json()["ok"]
    assert [m.text for m in tg.sent_messages()] == ["json", "[1]"]
    assert tg.sent_messages()[1].params["text"] == "[1]"
    assert [m.params["chat_id"] for m in tg.sent_messages()] == [ana.id, ana.id]
    assert tg.sent_messages()[1].reply_markup == {"inline_keyboard": []}


def test_requests_are_logged_with_their_outcome(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    raw_call(tg, "sendMessage", chat_id=ana.id, text="hi")
    raw_call(tg, "sendMessage", chat_id=ana.id, text="")
    log = tg.requests("sendMessage")
    assert [(r.status, r.description) for r in log] == [
        (200, None),
        (400, "Bad Request: message text is empty"),
    ]
    assert log[0].params == {"chat_id": ana.id, "text": "hi"}


# error shapes ------------------------------------------------------------------------------


def test_error_bodies_have_telegrams_exact_shape(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    group = tg.add_group()
    new = tg.migrate_to_supergroup(group, by=ana)
    tg.inject_flood(retry_after=3)
    assert raw_call(tg, "sendMessage", chat_id=ana.id, text="x").json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    response = raw_call(tg, "sendMessage", chat_id=group.id, text="x")
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: group chat was upgraded to a supergroup chat",
        "parameters": {"migrate_to_chat_id": new.id},
    }
    assert raw_call(tg, "sendMessage", chat_id=-42, text="x").json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    unsupported = 'Unsupported start tag "foo" at byte offset 0'
    assert raw_call(tg, "sendMessage", chat_id=ana.id, text="<foo>", parse_mode="HTML").json() == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {unsupported}",
    }
    tg.block_bot(ana)
    assert raw_call(tg, "sendMessage", chat_id=ana.id, text="x").json() == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    wrong = raw_call(tg, "getMe", token="123:wrong")
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    unknown = raw_call(tg, "sendTelepathy")
    assert (unknown.status_code, unknown.json()) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )
    tg.inject_server_error(status=502, method="getMe")
    bad_gateway = raw_call(tg, "getMe")
    assert (bad_gateway.status_code, bad_gateway.json()) == (
        502,
        {"ok": False, "error_code": 502, "description": "Bad Gateway"},
    )


async def test_flood_raises_retry_after(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    tg.inject_flood(count=2, retry_after=7)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ana.id, "x")
        # PTB 22 still returns int seconds here unless timedelta mode is switched on.
        assert caught.value.retry_after in (7, dt.timedelta(seconds=7))
    await bot.send_message(ana.id, "now it passes")
    assert [m.text for m in tg.sent_messages()] == ["now it passes"]


@pytest.mark.parametrize(
    ("setup", "description"),
    [
        ("blocked", "Forbidden: bot was blocked by the user"),
        ("deactivated", "Forbidden: user is deactivated"),
        ("never_started", "Forbidden: bot can't initiate conversation with a user"),
        ("kicked_group", "Forbidden: bot was kicked from the group chat"),
        ("kicked_supergroup", "Forbidden: bot was kicked from the supergroup chat"),
        ("left_group", "Forbidden: bot is not a member of the group chat"),
    ],
)
async def test_forbidden_chats_raise_forbidden(
    tg: FakeTelegram, bot: Bot, setup: str, description: str
) -> None:
    ana = tg.add_user(started=setup != "never_started")
    chat_id = ana.id
    if setup == "blocked":
        tg.block_bot(ana)
    elif setup == "deactivated":
        tg.deactivate_user(ana)
    elif setup.endswith("group"):
        group = tg.add_group(supergroup="supergroup" in setup, creator=ana)
        tg.remove_bot_from_group(group, ana, status="left" if "left" in setup else "kicked")
        chat_id = group.id
    with pytest.raises(Forbidden) as caught:
        await bot.send_message(chat_id, "x")
    assert caught.value.message == description
    assert tg.requests("sendMessage")[-1].description == description


async def test_migrated_group_raises_chat_migrated(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    group = tg.add_group(creator=ana)
    supergroup = tg.migrate_to_supergroup(group)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group.id, "x")
    assert caught.value.new_chat_id == supergroup.id
    assert str(supergroup.id).startswith("-100")
    await bot.send_message(caught.value.new_chat_id, "moved")
    assert tg.sent_messages(supergroup.id)[0].text == "moved"


async def test_unknown_chat_and_bad_markup_raise_bad_request(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(-1, "x")
    too_long_data = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ana.id, "x", reply_markup=too_long_data)


async def test_invalid_or_revoked_token_raises_invalid_token(tg: FakeTelegram) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("123:not-our-token", base_url=tg.base_url):
            pass
    tg.revoke_token()
    with pytest.raises(InvalidToken):
        async with Bot(tg.token, base_url=tg.base_url):
            pass


async def test_server_errors_and_disconnects_raise_network_error(
    tg: FakeTelegram, bot: Bot
) -> None:
    ana = tg.add_user()
    tg.inject_server_error(status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ana.id, "x")
    tg.inject_server_error(status=502, html_body=True)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ana.id, "x")
    tg.inject_disconnect()
    with pytest.raises(NetworkError):
        await bot.send_message(ana.id, "x")
    assert tg.sent_messages() == []
    await bot.send_message(ana.id, "ok again")
    assert len(tg.sent_messages()) == 1


async def test_disconnect_after_processing_sends_but_loses_the_answer(
    tg: FakeTelegram, bot: Bot
) -> None:
    ana = tg.add_user()
    tg.inject_disconnect(after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(ana.id, "in flight")
    assert [m.text for m in tg.sent_messages()] == ["in flight"]


async def test_delay_makes_the_client_time_out(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    tg.inject_delay(0.5)
    request = HTTPXRequest(read_timeout=0.1)
    async with Bot(tg.token, base_url=tg.base_url, request=request) as client:
        with pytest.raises(TimedOut):
            await client.send_message(ana.id, "slow")


async def test_injected_cant_parse_spares_the_plain_text_retry(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    tg.inject_cant_parse()
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(ana.id, "<b>fine</b>", parse_mode=ParseMode.HTML)
    assert "can't parse entities" in caught.value.message.lower()
    await bot.send_message(ana.id, "fine")
    assert [m.text for m in tg.sent_messages()] == ["fine"]


async def test_faults_can_target_one_chat(tg: FakeTelegram, bot: Bot) -> None:
    ana, ben = tg.add_user("Ana"), tg.add_user("Ben")
    tg.inject_flood(chat_id=ben.id)
    await bot.send_message(ana.id, "to ana")
    with pytest.raises(RetryAfter):
        await bot.send_message(ben.id, "to ben")


# text validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins>", "bsieun"),
        ("<s>s</s><strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>", "skdp"),
        ('<span class="tg-spoiler">p</span><a href="https://x.org/?a=1&amp;b=2">l</a>', "pl"),
        ('<pre><code class="language-python">x = 1</code></pre><code>c</code>', "x = 1c"),
        ("<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe"),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#65;&#x42;", '<tag> & "q" AB'),
        ("<b>bold <i>both</i></b> plain", "bold both plain"),
        ("<B>upper</B>", "upper"),
        ("no markup at all, 100% > 99", "no markup at all, 100% > 99"),
    ],
)
def test_html_telegram_accepts(html: str, plain: str) -> None:
    assert parse_html(html).text == plain


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("é<p>", 'Unsupported start tag "p" at byte offset 2'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("Tom & Jerry", 'unescaped "&" at byte offset 4'),
    ],
)
def test_html_telegram_rejects(html: str, description: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(html)
    assert caught.value.code == 400
    assert caught.value.description == f"Bad Request: can't parse entities: {description}"


def test_bare_ampersand_can_be_allowed_as_telegram_does() -> None:
    assert parse_html("Tom & Jerry", strict_ampersand=False).text == "Tom & Jerry"


def test_entity_offsets_count_utf16_units() -> None:
    parsed = parse_html("🚨 <b>Alert</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 5}]


async def test_html_errors_reach_ptb_as_bad_request(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    with pytest.raises(BadRequest) as caught:
        await bot.send_message(ana.id, "Price <b>5 < 6</b>", parse_mode="HTML")
    assert "can't parse entities" in caught.value.message.lower()
    assert tg.sent_messages() == []


async def test_text_limit_is_4096_characters_after_parsing(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    await bot.send_message(ana.id, "é" * 4096)
    await bot.send_message(ana.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ana.id, "x" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ana.id, "<b> </b>", parse_mode="HTML")
    assert len(tg.sent_messages()) == 2


# rate limits -------------------------------------------------------------------------------


def test_global_limit_is_per_second(tg_clocked: FakeTelegram, clock: FakeClock) -> None:
    tg = tg_clocked
    tg.set_rate_limits(per_second=5)
    users = [tg.add_user(f"u{i}") for i in range(6)]
    codes = [raw_call(tg, "sendMessage", chat_id=u.id, text="x").status_code for u in users]
    assert codes == [200] * 5 + [429]
    last = tg.requests("sendMessage")[-1]
    assert last.description == "Too Many Requests: retry after 1"
    clock.advance(1.0)
    assert raw_call(tg, "sendMessage", chat_id=users[5].id, text="x").status_code == 200


def test_private_chat_allows_a_small_burst_then_one_per_second(
    tg_clocked: FakeTelegram, clock: FakeClock
) -> None:
    tg = tg_clocked
    ana = tg.add_user()
    codes = [raw_call(tg, "sendMessage", chat_id=ana.id, text="x").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    clock.advance(1.0)
    assert raw_call(tg, "sendMessage", chat_id=ana.id, text="x").status_code == 200
    assert raw_call(tg, "sendMessage", chat_id=ana.id, text="x").status_code == 429


def test_group_limit_is_twenty_per_minute(tg_clocked: FakeTelegram, clock: FakeClock) -> None:
    tg = tg_clocked
    group = tg.add_group()
    for _ in range(20):
        assert raw_call(tg, "sendMessage", chat_id=group.id, text="x").status_code == 200
        clock.advance(1.0)
    refused = raw_call(tg, "sendMessage", chat_id=group.id, text="x").json()
    assert refused["error_code"] == 429
    assert refused["parameters"]["retry_after"] == 40  # the first send leaves the window at 60 s
    clock.advance(40.0)
    assert raw_call(tg, "sendMessage", chat_id=group.id, text="x").status_code == 200


async def test_rate_limit_reaches_ptb_as_retry_after(tg: FakeTelegram, bot: Bot) -> None:
    tg.set_rate_limits(RateLimits(per_second=1000, private_burst=1, private_per_second=0.5))
    ana = tg.add_user()
    await bot.send_message(ana.id, "first")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ana.id, "second")
    assert int(getattr(caught.value.retry_after, "seconds", caught.value.retry_after)) >= 1


def test_limits_can_be_switched_off(tg_clocked: FakeTelegram) -> None:
    tg = tg_clocked
    tg.disable_rate_limits()
    ana = tg.add_user()
    codes = {raw_call(tg, "sendMessage", chat_id=ana.id, text="x").status_code for _ in range(40)}
    assert codes == {200}


# updates as Telegram sends them ----------------------------------------------------------


def test_privacy_mode_hides_plain_group_text_from_a_non_admin_bot(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    group = tg.add_group(creator=ana)
    tg.push_text(ana, "just chatting", group)
    tg.push_location(ana, 1.0, 2.0, group)
    tg.push_command(ana, "/recent", group)
    assert [u["message"].get("text") for u in tg.pending_updates()] == ["/recent@GearwatchTestBot"]
    tg.set_member(group, tg.bot_user, "administrator")
    tg.push_text(ana, "seen by an admin bot", group)
    assert tg.pending_updates()[-1]["message"]["text"] == "seen by an admin bot"


def test_privacy_mode_shows_replies_to_the_bot(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    group = tg.add_group(creator=ana)
    raw_call(tg, "sendMessage", chat_id=group.id, text="Which Portland?")
    tg.push_text(ana, "Oregon", group, reply_to=1)
    [update] = tg.pending_updates()
    assert update["message"]["reply_to_message"]["text"] == "Which Portland?"


def test_channel_posts_arrive_as_channel_post(tg: FakeTelegram) -> None:
    channel = tg.add_channel()
    post = tg.push_channel_post(channel, "/subscribe Oakland")
    [update] = tg.pending_updates()
    assert update["channel_post"] == post
    assert "from" not in post and post["sender_chat"]["id"] == channel.id


def test_privacy_mode_can_be_switched_off() -> None:
    with FakeTelegram(privacy_mode=False) as server:
        ana = server.add_user()
        group = server.add_group(creator=ana)
        server.push_text(ana, "visible", group)
        assert len(server.pending_updates()) == 1


def test_command_entities_match_telegrams(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    message = tg.push_command(ana, "/subscribe Nueva York 10km")
    assert message["text"] == "/subscribe Nueva York 10km"
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 10}]
    assert message["from"]["language_code"] == "en"


def test_anonymous_admin_and_migration_messages_have_telegrams_shape(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    group = tg.add_group(creator=ana)
    anonymous = tg.push_anonymous_command(group, "/language")
    assert anonymous["from"]["id"] == GROUP_ANONYMOUS_BOT_ID
    assert anonymous["sender_chat"]["id"] == group.id
    new = tg.migrate_to_supergroup(group)
    old_side, new_side = (u["message"] for u in tg.pending_updates()[-2:])
    assert old_side["chat"]["id"] == group.id and old_side["migrate_to_chat_id"] == new.id
    assert new_side["chat"]["id"] == new.id and new_side["migrate_from_chat_id"] == group.id
    assert new.members == {ana.id: "creator", tg.bot_user.id: "member"}


def test_pressing_a_missing_button_is_a_test_error(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    raw_call(tg, "sendMessage", chat_id=ana.id, text="no buttons")
    with pytest.raises(LookupError):
        tg.press_button(ana, 1, data="nope")


def test_a_fault_can_hit_any_method(tg: FakeTelegram) -> None:
    tg.inject_server_error(status=503, method="*")
    assert raw_call(tg, "getMe").status_code == 503
    assert raw_call(tg, "getMe").status_code == 200


# long polling ------------------------------------------------------------------------------


def test_get_updates_honours_offset_and_allowed_updates(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    tg.push_text(ana, "one")
    tg.push_location(ana, 37.8, -122.27)
    tg.block_bot(ana)
    updates = raw_call(tg, "getUpdates").json()["result"]
    assert [u["update_id"] for u in updates] == [1, 2, 3]
    again = raw_call(tg, "getUpdates", offset=2).json()["result"]
    assert [u["update_id"] for u in again] == [2, 3]
    only_messages = raw_call(tg, "getUpdates", offset=2, allowed_updates=["message"]).json()
    assert [u["update_id"] for u in only_messages["result"]] == [2]
    assert raw_call(tg, "getUpdates", offset=3).json()["result"] == []


def test_long_poll_returns_as_soon_as_an_update_arrives(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    timer = threading.Timer(0.2, lambda: tg.push_text(ana, "late"))
    timer.start()
    started = time.monotonic()
    result = raw_call(tg, "getUpdates", timeout=5).json()["result"]
    timer.join()
    assert [u["message"]["text"] for u in result] == ["late"]
    assert time.monotonic() - started < 3


async def test_second_poller_terminates_the_first_with_conflict(tg: FakeTelegram) -> None:
    async with (
        Bot(tg.token, base_url=tg.base_url) as first,
        Bot(tg.token, base_url=tg.base_url) as second,
    ):
        waiting = asyncio.create_task(first.get_updates(timeout=5))
        await asyncio.to_thread(tg.wait_for, lambda: tg.polls_started >= 1, 5.0)
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await waiting


def test_stop_ends_a_pending_long_poll_and_leaves_no_threads() -> None:
    before = threading.active_count()
    server = FakeTelegram().start()
    port = server.port
    result: list[Any] = []

    def poll() -> None:
        try:
            result.append(raw_call(server, "getUpdates", timeout=30).status_code)
        except httpx.HTTPError as exc:
            result.append(exc)

    poller = threading.Thread(target=poll)
    poller.start()
    server.wait_for(lambda: server.polls_started >= 1, 5.0)
    started = time.monotonic()
    server.stop()
    poller.join(5)
    assert time.monotonic() - started < 3
    assert result
    assert threading.active_count() == before
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


async def test_stop_and_start_again_models_an_outage(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    port = tg.port
    tg.stop()
    with pytest.raises(NetworkError):
        await bot.send_message(ana.id, "during the outage")
    tg.start()
    assert tg.port == port
    await bot.send_message(ana.id, "after the outage")
    assert [m.text for m in tg.sent_messages()] == ["after the outage"]
    assert tg.status_counts() == {200: 1}


# commands, chats, members ------------------------------------------------------------------


async def test_commands_are_stored_per_language_and_scope(tg: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("verify", "Tips")])
    await bot.set_my_commands(
        [BotCommand("start", "Empezar"), BotCommand("verify", "Consejos")], language_code="es"
    )
    await bot.set_my_commands(
        [BotCommand("subscribe", "Subscribe the group")], scope=BotCommandScopeAllGroupChats()
    )
    assert [c["command"] for c in tg.commands()] == ["start", "verify"]
    assert [c["description"] for c in tg.commands("es")] == ["Empezar", "Consejos"]
    assert tg.commands(scope={"type": "all_group_chats"})[0]["command"] == "subscribe"
    assert [c.command for c in await bot.get_my_commands(language_code="es")] == [
        "start",
        "verify",
    ]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Not Valid", "x")])


async def test_member_roles_are_reported(tg: FakeTelegram, bot: Bot) -> None:
    owner, admin, member = tg.add_user("O"), tg.add_user("A"), tg.add_user("M")
    group = tg.add_group(supergroup=True, creator=owner, admins=[admin], members=[member])
    assert (await bot.get_chat_member(group.id, owner.id)).status == "creator"
    assert (await bot.get_chat_member(group.id, admin.id)).status == "administrator"
    assert (await bot.get_chat_member(group.id, member.id)).status == "member"
    assert (await bot.get_chat_member(group.id, tg.bot_user.id)).status == "member"
    admins = await bot.get_chat_administrators(group.id)
    assert {m.user.id for m in admins} == {owner.id, admin.id}
    tg.set_member(group, member, "administrator")
    assert (await bot.get_chat_member(group.id, member.id)).status == "administrator"
    chat = await bot.get_chat(group.id)
    assert chat.type == "supergroup" and chat.title == "Neighbours"
    with pytest.raises(BadRequest):
        await bot.get_chat_administrators(owner.id)


async def test_edit_delete_and_chat_action(tg: FakeTelegram, bot: Bot) -> None:
    ana = tg.add_user()
    sent = await bot.send_message(ana.id, "first")
    edited = await bot.edit_message_text("second", ana.id, sent.message_id)
    assert edited.text == "second" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("second", ana.id, sent.message_id)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
    await bot.edit_message_reply_markup(ana.id, sent.message_id, reply_markup=markup)
    assert [e.method for e in tg.edits()] == ["editMessageText", "editMessageReplyMarkup"]
    assert tg.message(ana.id, sent.message_id)["reply_markup"] == markup.to_dict()
    assert await bot.send_chat_action(ana.id, "typing")
    assert tg.chat_actions() == [(ana.id, "typing")]
    assert await bot.delete_message(ana.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ana.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ana.id, 999)
    users_message = tg.push_text(ana, "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", ana.id, users_message["message_id"])


async def test_channel_needs_the_bot_as_admin(tg: FakeTelegram, bot: Bot) -> None:
    channel = tg.add_channel(username="alerts_oak")
    sent = await bot.send_message("@alerts_oak", "posted")
    assert sent.chat.id == channel.id and sent.sender_chat.id == channel.id
    member_only = tg.add_channel(bot_status="member")
    with pytest.raises(BadRequest, match="Need administrator rights"):
        await bot.send_message(member_only.id, "x")


# a real Application ------------------------------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more")]])
    lang = update.effective_user.language_code
    greeting = "Hola" if lang == "es" else "Hello"
    await update.effective_message.reply_text(
        f"{greeting} <b>{context.args}</b>", parse_mode="HTML", reply_markup=markup
    )


async def _more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Loading")
    await query.edit_message_text(f"More for {query.from_user.first_name}")


async def _who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    sender = message.sender_chat.id if message.sender_chat else message.from_user.id
    await message.reply_text(f"sender {sender}")


async def _record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data.setdefault("seen", []).append(update)


@pytest.fixture
async def app(tg: FakeTelegram) -> AsyncIterator[Application]:
    application = (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CommandHandler("who", _who))
    application.add_handler(CallbackQueryHandler(_more, pattern="^more$"))
    application.add_handler(ChatMemberHandler(_record, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE | filters.LOCATION, _record)
    )
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(timeout=1, poll_interval=0)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def test_application_answers_a_pushed_command(tg: FakeTelegram, app: Application) -> None:
    ana = tg.add_user("Ana", language_code="es")
    tg.push_command(ana, "/start Oakland")
    [reply] = await tg.wait_for_messages_async(1, chat_id=ana.id)
    assert reply.plain_text == "Hola ['Oakland']"
    assert reply.callback_data == ["more"]

    query_id = tg.press_button(ana, reply, data="more")
    await asyncio.to_thread(tg.wait_for, lambda: tg.edits(ana.id), 5.0)
    assert tg.message(ana.id, reply.message_id)["text"] == "More for Ana"
    assert tg.callback_answers() == [
        {"callback_query_id": query_id, "text": "Loading", "show_alert": False, "url": None}
    ]


async def test_application_sees_group_commands_and_anonymous_admins(
    tg: FakeTelegram, app: Application
) -> None:
    ana = tg.add_user()
    group = tg.add_group(supergroup=True, creator=ana)
    message = tg.push_command(ana, "/who", group)
    assert message["text"] == "/who@GearwatchTestBot"
    tg.push_anonymous_command(group, "/who")
    replies = await tg.wait_for_messages_async(2, chat_id=group.id)
    assert [r.plain_text for r in replies] == [f"sender {ana.id}", f"sender {group.id}"]
    assert tg.status_counts("getUpdates").get(200)  # the updates came by long polling


async def test_application_sees_membership_migration_and_location(
    tg: FakeTelegram, app: Application
) -> None:
    ana = tg.add_user()
    group = tg.add_group(creator=ana, bot_status=None)
    tg.add_bot_to_group(group, ana, status="administrator")
    supergroup = tg.migrate_to_supergroup(group)
    tg.push_location(ana, 37.8044, -122.2712)
    tg.block_bot(ana)
    seen: list[Update] = await asyncio.to_thread(
        tg.wait_for,
        lambda: (lambda s: s if len(s) >= 5 else None)(app.bot_data.get("seen", [])),
        5.0,
    )
    added, to_msg, from_msg, location, blocked = seen
    assert added.my_chat_member.new_chat_member.status == "administrator"
    assert added.my_chat_member.from_user.id == ana.id
    assert to_msg.message.migrate_to_chat_id == supergroup.id
    assert from_msg.message.migrate_from_chat_id == group.id
    assert from_msg.message.chat.id == supergroup.id
    assert location.message.location.latitude == pytest.approx(37.8044)
    assert blocked.my_chat_member.new_chat_member.status == "kicked"


_SUBPROCESS_BOT = textwrap.dedent(
    """
    import os
    from telegram.ext import ApplicationBuilder, CommandHandler

    async def start(update, context):
        await update.effective_message.reply_text("hello from another process")

    app = (
        ApplicationBuilder()
        .token(os.environ["TOKEN"])
        .base_url(os.environ["API_URL"])
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.run_polling(timeout=1, poll_interval=0)
    """
)


def test_a_bot_in_another_process_uses_the_fake(tg: FakeTelegram) -> None:
    ana = tg.add_user()
    env = {**os.environ, "TOKEN": tg.token, "API_URL": tg.base_url}
    process = subprocess.Popen([sys.executable, "-c", _SUBPROCESS_BOT], env=env)
    try:
        tg.push_command(ana, "/start")
        [reply] = tg.wait_for_messages(1, chat_id=ana.id, timeout=20)
        assert reply.text == "hello from another process"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
