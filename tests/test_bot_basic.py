"""/start, /help, /about and the command menus, in private chats and groups, EN and ES."""

from __future__ import annotations

from bot import texts
from bot.i18n import translator
from tests.botharness import Harness, harness_fixture  # noqa: F401


def _plain(language: str, msgid: str, **values: str) -> str:
    """A catalog text as users see it (markup parsed away)."""
    from tests.fakebot import parse_html

    return parse_html(translator(language).gettext(msgid, **values)).text


async def test_start_in_english_offers_next_steps(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en-US")
    [reply] = await harness.ask(ana, "/start")
    assert reply.plain_text == _plain("en", texts.WELCOME)
    assert reply.parse_mode == "HTML"
    assert reply.callback_data == [
        "start:subscribe",
        "start:verify",
        "start:recent",
        "start:language",
    ]
    row = harness.chat_row(ana.id)
    assert row is not None and row.language == "en" and row.type == "private"


async def test_start_in_spanish_from_the_language_code(harness: Harness) -> None:
    luis = harness.fake.add_user("Luis", language_code="es-MX")
    [reply] = await harness.ask(luis, "/start")
    assert reply.plain_text == _plain("es", texts.WELCOME)
    assert "gearwatch" in reply.plain_text and "Oakland" in reply.plain_text
    row = harness.chat_row(luis.id)
    assert row is not None and row.language == "es"


async def test_start_buttons_answer_like_their_commands(harness: Harness) -> None:
    luis = harness.fake.add_user("Luis", language_code="es")
    [welcome] = await harness.ask(luis, "/start")
    harness.fake.press_button(luis, welcome, data="start:subscribe")
    [usage] = (await harness.fake.wait_for_messages_async(2, luis.id))[1:]
    assert usage.plain_text == _plain("es", texts.SUBSCRIBE_USAGE)
    harness.fake.press_button(luis, welcome, data="start:verify")
    [tips] = (await harness.fake.wait_for_messages_async(3, luis.id))[2:]
    assert "verify:badge" in tips.callback_data
    harness.fake.press_button(luis, welcome, data="start:language")
    [prompt] = (await harness.fake.wait_for_messages_async(4, luis.id))[3:]
    assert prompt.callback_data == ["lang:en", "lang:es"]
    harness.fake.press_button(luis, welcome, data="start:recent")
    [recent] = (await harness.fake.wait_for_messages_async(5, luis.id))[4:]
    assert recent.plain_text == _plain("es", texts.RECENT_NEED_PLACE)


async def test_help_and_about_in_both_languages(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    luis = harness.fake.add_user("Luis", language_code="es")
    for user, lang in ((ana, "en"), (luis, "es")):
        [help_reply] = await harness.ask(user, "/help")
        assert help_reply.plain_text == _plain(lang, texts.HELP)
        [about] = await harness.ask(user, "/about")
        contact = _plain(lang, texts.ABOUT_CONTACT, contact="@gearwatch_ops")
        assert about.plain_text == _plain(lang, texts.ABOUT) + "\n\n" + contact


async def test_commands_in_a_group_reply_to_the_command(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="es")
    group = harness.fake.add_group("Vecinos", creator=ana)
    [reply] = await harness.ask(ana, "/help", group)
    assert reply.plain_text == _plain("es", texts.HELP)
    assert reply.params["reply_parameters"]["allow_sending_without_reply"] is True
    [start] = await harness.ask(ana, "/start", group)
    assert start.plain_text == _plain("es", texts.WELCOME)
    [about] = await harness.ask(ana, "/about", group)
    assert about.plain_text.startswith(_plain("es", texts.ABOUT))
    assert about.plain_text.endswith("@gearwatch_ops")


async def test_unknown_commands_and_plain_text_get_a_pointer(harness: Harness) -> None:
    ana = harness.fake.add_user("Ana", language_code="en")
    [reply] = await harness.ask(ana, "/frobnicate")
    assert reply.plain_text == _plain("en", texts.UNKNOWN_COMMAND)
    [reply] = await harness.ask(ana, "hello? <b>is</b> anyone there 🤔")
    assert reply.plain_text == _plain("en", texts.TEXT_HINT)


async def test_command_menus_in_english_spanish_and_admin_chats(harness: Harness) -> None:
    fake = harness.fake
    english = fake.commands()
    spanish = fake.commands("es")
    assert [c["command"] for c in english] == [c for c, _ in texts.COMMANDS]
    assert [c["command"] for c in spanish] == [c for c, _ in texts.COMMANDS]
    assert dict((c["command"], c["description"]) for c in spanish)["verify"] == (
        "Cómo distinguir a un agente real de un impostor"
    )
    scope = {"type": "chat", "chat_id": harness.admin_chat.id}
    admin = [c["command"] for c in fake.commands(scope=scope)]
    assert admin[-4:] == ["pending", "stats", "pause", "resume"]
    assert [c["command"] for c in fake.commands("es", scope=scope)] == admin


async def test_the_application_is_wired_as_the_service_expects(harness: Harness) -> None:
    app = harness.app
    assert app.job_queue is not None  # the service adds its polling and sending jobs here
    assert app.bot.rate_limiter is None  # the sender keeps Telegram's limits itself
    assert app.bot.base_url == harness.fake.base_url + harness.fake.token
    assert app.bot_data["services"] is harness.services
