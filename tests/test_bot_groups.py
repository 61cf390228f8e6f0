"""Groups and channels: admins only for changes, anonymous admins, membership, migration."""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from bot.i18n import translator
from db.models import Chat as ChatRow
from db.models import Delivery
from tests.botharness import Harness, harness_fixture  # noqa: F401
from tests.fakebot import parse_html


def _plain(language: str, msgid: str, **values: object) -> str:
    return parse_html(translator(language).gettext(msgid, **values)).text


async def test_added_by_a_spanish_admin_the_group_speaks_spanish(harness: Harness) -> None:
    fake = harness.fake
    rosa = fake.add_user("Rosa", language_code="es-419")
    group = fake.add_group("Red de respuesta", creator=rosa, bot_status=None)
    fake.add_bot_to_group(group, rosa)
    [welcome] = await fake.wait_for_messages_async(1, group.id)
    assert welcome.plain_text == _plain("es", texts.WELCOME)
    row = harness.chat_row(group.id)
    assert row is not None and (row.language, row.type, row.active) == ("es", "group", True)
    [reply] = await harness.ask(rosa, "/subscribe Oakland", group)
    assert reply.plain_text.startswith("✅ Suscrito a Oakland, CA")
    assert [s.label for s in harness.subscriptions(group.id)] == ["Oakland, CA"]


async def test_members_are_refused_changes_but_may_read(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    ben = fake.add_user("Ben", language_code="es")
    group = fake.add_group("Tenants", supergroup=True, creator=ana, members=[ben])
    await harness.ask(ana, "/subscribe Oakland", group)
    for command in ("/subscribe Denver", "/unsubscribe", "/language", "/stop"):
        [refusal] = await harness.ask(ben, command, group)
        assert refusal.plain_text == _plain("en", texts.ADMIN_ONLY), command
    assert [s.label for s in harness.subscriptions(group.id)] == ["Oakland, CA"]
    [listing] = await harness.ask(ben, "/subscriptions", group)
    assert listing.plain_text.splitlines()[0] == "This chat follows 1 place:"
    [help_reply] = await harness.ask(ben, "/help", group)
    assert help_reply.plain_text == _plain("en", texts.HELP)


async def test_a_member_pressing_a_choice_button_is_refused(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    ben = fake.add_user("Ben", language_code="en")
    group = fake.add_group("Tenants", creator=ana, members=[ben])
    [question] = await harness.ask(ana, "/subscribe Portland", group)
    [prompt] = await harness.ask(ana, "/language", group)
    [confirm] = await harness.ask(ana, "/stop", group)
    for message, data in (
        (question, question.callback_data[0]),
        (prompt, "lang:es"),
        (confirm, "stop:yes"),
    ):
        await harness.press(ben, message, data, edits=0)
        answer = fake.callback_answers()[-1]
        assert answer["text"] == translator("en").gettext(texts.ADMIN_ONLY_BUTTON)
        assert answer["show_alert"] is True
    assert fake.edits(group.id) == []
    assert harness.chat_row(group.id) is None  # nothing was stored for the group

    # The admin's own press works.
    edited = await harness.press(ana, question, question.callback_data[0])
    assert edited is not None and edited["text"].startswith("✅ Subscribed to Portland, OR")


async def test_anonymous_admins_may_change_the_group(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    group = fake.add_group("Vecinos", supergroup=True, creator=ana)
    [reply] = await harness.ask(None, "/subscribe Texas", group, anonymous=True)
    assert reply.plain_text == _plain("en", texts.SUBSCRIBED_STATE, state="Texas")
    [done] = await harness.ask(None, "/language es", group, anonymous=True)
    assert done.plain_text == _plain("es", texts.LANGUAGE_SET)
    row = harness.chat_row(group.id)
    assert row is not None and row.language == "es"
    [listing] = await harness.ask(None, "/subscriptions", group, anonymous=True)
    assert listing.plain_text.splitlines()[0] == "Este chat sigue 1 lugar:"


async def test_language_buttons_switch_a_group_and_a_private_chat(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    group = fake.add_group("Tenants", creator=ana)
    [prompt] = await harness.ask(ana, "/language", group)
    assert prompt.plain_text == _plain("en", texts.LANGUAGE_PROMPT)
    assert [b["text"] for b in prompt.buttons] == ["English", "Español"]
    edited = await harness.press(ana, prompt, "lang:es")
    assert edited is not None and edited["text"] == _plain("es", texts.LANGUAGE_SET)
    [help_reply] = await harness.ask(ana, "/help", group)
    assert help_reply.plain_text == _plain("es", texts.HELP)
    luis = fake.add_user("Luis", language_code="es")
    [prompt] = await harness.ask(luis, "/language")
    assert prompt.plain_text == _plain("es", texts.LANGUAGE_PROMPT)
    edited = await harness.press(luis, prompt, "lang:en")
    assert edited is not None and edited["text"] == _plain("en", texts.LANGUAGE_SET)
    [about] = await harness.ask(luis, "/about")
    assert about.plain_text.startswith(_plain("en", texts.ABOUT))
    message = fake.message(luis.id, prompt.message_id)
    assert message is not None
    fake.push_callback_query(luis, message, "lang:xx")  # forged: no such language
    await harness.wait(lambda: len(fake.callback_answers()) == 3, "answer")
    row = harness.chat_row(luis.id)
    assert row is not None and row.language == "en"


async def test_migration_to_a_supergroup_keeps_the_subscriptions(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="es")
    group = fake.add_group("Vecinos", creator=ana)
    await harness.ask(ana, "/subscribe Oakland", group)
    supergroup = fake.migrate_to_supergroup(group)
    await harness.wait(lambda: harness.chat_row(supergroup.id) is not None, "moved chat")
    assert harness.chat_row(group.id) is None
    row = harness.chat_row(supergroup.id)
    assert row is not None and (row.type, row.language) == ("supergroup", "es")
    assert [s.label for s in harness.subscriptions(supergroup.id)] == ["Oakland, CA"]
    [listing] = await harness.ask(ana, "/subscriptions", supergroup)
    assert listing.plain_text.splitlines()[0] == "Este chat sigue 1 lugar:"


async def test_removed_and_re_added(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    group = fake.add_group("Tenants", creator=ana)
    await harness.ask(ana, "/subscribe Oakland", group)
    fake.remove_bot_from_group(group, ana)
    await harness.wait(lambda: not harness.chat_row(group.id).active, "deactivated")  # type: ignore[union-attr]
    assert len(harness.subscriptions(group.id)) == 1  # kept for a return, not sent to
    fake.add_bot_to_group(group, ana)
    await harness.wait(lambda: harness.chat_row(group.id).active, "active again")  # type: ignore[union-attr]


async def test_a_user_who_blocks_the_bot_is_deactivated_and_loses_queued_deliveries(
    harness: Harness,
) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    await harness.ask(ana, "/subscribe Oakland")
    incident_id = harness.add_incident()
    row = harness.chat_row(ana.id)
    assert row is not None
    with harness.services.sessions.begin() as session:
        session.add(Delivery(incident_id=incident_id, chat_id=row.id))
    fake.block_bot(ana)
    await harness.wait(lambda: not harness.chat_row(ana.id).active, "deactivated")  # type: ignore[union-attr]
    with harness.services.sessions() as session:
        assert session.scalar(select(Delivery.status)) == "dropped"
    fake.unblock_bot(ana)
    await harness.wait(lambda: harness.chat_row(ana.id).active, "active again")  # type: ignore[union-attr]


async def test_commands_posted_in_a_channel(harness: Harness) -> None:
    fake = harness.fake
    channel = fake.add_channel("Alertas Oakland")
    fake.push_channel_post(channel, "/subscribe Oakland, CA")
    [reply] = await fake.wait_for_messages_async(1, channel.id)
    assert reply.plain_text.startswith("✅ Subscribed to Oakland, CA")
    row = harness.chat_row(channel.id)
    assert row is not None and row.type == "channel"


async def test_stop_deletes_a_private_chats_data(harness: Harness) -> None:
    fake = harness.fake
    luis = fake.add_user("Luis", language_code="es")
    await harness.ask(luis, "/subscribe Oakland")
    [confirm] = await harness.ask(luis, "/stop")
    assert confirm.plain_text == _plain("es", texts.STOP_CONFIRM)
    edited = await harness.press(luis, confirm, "stop:no")
    assert edited is not None and edited["text"] == _plain("es", texts.STOP_CANCELLED)
    assert harness.chat_row(luis.id) is not None
    [confirm] = await harness.ask(luis, "/stop")
    edited = await harness.press(luis, confirm, "stop:yes")
    assert edited is not None and edited["text"] == _plain("es", texts.STOP_DONE)
    assert harness.chat_row(luis.id) is None
    with harness.services.sessions() as session:
        assert session.scalars(select(ChatRow)).all() == []


async def test_stop_by_a_group_admin(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    group = fake.add_group("Tenants", supergroup=True, admins=[ana])
    await harness.ask(ana, "/subscribe Oakland", group)
    [confirm] = await harness.ask(ana, "/stop", group)
    edited = await harness.press(ana, confirm, "stop:yes")
    assert edited is not None and edited["text"] == _plain("en", texts.STOP_DONE)
    assert harness.chat_row(group.id) is None


async def test_a_spanish_group_admin_unsubscribes_with_a_button(harness: Harness) -> None:
    fake = harness.fake
    rosa = fake.add_user("Rosa", language_code="es")
    group = fake.add_group("Vecinos", supergroup=True, creator=rosa)
    await harness.ask(rosa, "/subscribe Oakland", group)
    await harness.ask(rosa, "/subscribe 10001", group)
    [choose] = await harness.ask(rosa, "/unsubscribe", group)
    assert choose.plain_text == _plain("es", texts.UNSUBSCRIBE_CHOOSE)
    assert [b["text"] for b in choose.buttons] == ["Oakland, CA", "New York, NY"]
    edited = await harness.press(rosa, choose, choose.callback_data[0])
    assert edited is not None and edited["text"] == _plain(
        "es", texts.UNSUBSCRIBED, place="Oakland, CA"
    )
    assert [s.label for s in harness.subscriptions(group.id)] == ["New York, NY"]
    [recent] = await harness.ask(rosa, "/recent", group)
    assert recent.plain_text == _plain("es", texts.NO_RECENT_SUBSCRIPTIONS)


async def test_the_same_choice_twice_is_harmless(harness: Harness) -> None:
    fake = harness.fake
    ana = fake.add_user("Ana", language_code="en")
    first = (await harness.ask(ana, "/language"))[0]
    second = (await harness.ask(ana, "/language"))[0]
    await harness.press(ana, first, "lang:es")
    await harness.press(ana, second, "lang:es")
    message = fake.message(ana.id, second.message_id)
    assert message is not None and message["text"] == _plain("es", texts.LANGUAGE_SET)
    # Pressing a button of a message that already says the same thing changes nothing.
    fake.push_callback_query(ana, fake.message(ana.id, first.message_id) or {}, "lang:es")
    await harness.wait(lambda: len(fake.callback_answers()) == 3, "answer")
    [help_reply] = await harness.ask(ana, "/help")
    assert help_reply.plain_text == _plain("es", texts.HELP)
    assert all(m.plain_text != _plain("es", texts.ERROR) for m in fake.sent_messages(ana.id))
