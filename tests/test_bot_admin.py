"""The operators' admin chats: review requests, /pending, /stats, /pause and /resume."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import delivery, texts
from bot.i18n import translator
from bot.review import send_review_requests
from db.models import Delivery, Incident
from tests.botharness import Harness, harness_fixture  # noqa: F401
from tests.fakebot import parse_html


def _plain(language: str, msgid: str, **values: object) -> str:
    return parse_html(translator(language).gettext(msgid, **values)).text


def _incident(harness: Harness, incident_id: int) -> Incident:
    with harness.services.sessions() as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None
        return incident


async def test_review_requests_reach_the_admin_chats_with_buttons(harness: Harness) -> None:
    incident_id = harness.add_incident(status="pending", confidence=0.61)
    harness.add_incident(status="published")
    missing_chat = -1009999  # a wrong id in the configuration is skipped, not fatal
    sent = await send_review_requests(
        harness.app.bot,
        harness.services.sessions,
        [incident_id, incident_id + 1],
        [harness.admin_chat.id, missing_chat],
    )
    assert sent == 1
    [request] = await harness.fake.wait_for_messages_async(1, harness.admin_chat.id)
    lines = request.plain_text.splitlines()
    assert lines[0] == _plain("en", texts.REVIEW_HEADING, confidence="0.61")
    assert lines[1] == _plain("en", texts.REVIEW_ID, id=str(incident_id))
    assert "Stolen agency gear reported in Oakland, CA" in request.plain_text
    assert request.callback_data == [
        f"review:approve:{incident_id}",
        f"review:reject:{incident_id}",
    ]


async def test_pending_lists_and_approval_publishes_and_records_the_reviewer(
    harness: Harness,
) -> None:
    fake, olga = harness.fake, harness.operator
    ana = fake.add_user("Ana", language_code="es")
    await harness.ask(ana, "/subscribe Oakland")
    [empty] = await harness.ask(olga, "/pending", harness.admin_chat)
    assert empty.plain_text == _plain("en", texts.PENDING_EMPTY)
    first = harness.add_incident(status="pending")
    second = harness.add_incident(status="pending", kind="impersonation")
    heading, request_1, request_2 = await harness.ask(olga, "/pending", harness.admin_chat, 3)
    assert heading.plain_text == "2 incidents wait for review:"
    assert request_1.callback_data[0] == f"review:approve:{first}"
    assert request_2.callback_data[1] == f"review:reject:{second}"

    edited = await harness.press(olga, request_1, f"review:approve:{first}")
    assert edited is not None and "reply_markup" not in edited
    assert edited["text"].endswith(_plain("en", texts.REVIEW_APPROVED_BY, who="@olga_ops"))
    incident = _incident(harness, first)
    assert (incident.status, incident.reviewed_by) == ("published", f"tg:{olga.id}")
    with harness.services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 1

    edited = await harness.press(olga, request_2, f"review:reject:{second}")
    assert edited is not None
    assert edited["text"].endswith(_plain("en", texts.REVIEW_REJECTED_BY, who="@olga_ops"))
    assert _incident(harness, second).status == "rejected"


async def test_a_second_decision_on_the_same_incident_is_refused(harness: Harness) -> None:
    olga = harness.operator
    incident_id = harness.add_incident(status="pending")
    _heading, request = await harness.ask(olga, "/pending", harness.admin_chat, 2)
    _heading, duplicate = await harness.ask(olga, "/pending", harness.admin_chat, 2)
    await harness.press(olga, request, f"review:reject:{incident_id}")
    await harness.press(olga, duplicate, f"review:approve:{incident_id}")
    answer = harness.fake.callback_answers()[-1]
    assert answer["text"] == translator("en").gettext(texts.REVIEW_ALREADY_DECIDED)
    assert _incident(harness, incident_id).status == "rejected"


async def test_admin_commands_elsewhere_are_refused(harness: Harness) -> None:
    fake = harness.fake
    incident_id = harness.add_incident(status="pending")
    luis = fake.add_user("Luis", language_code="es")
    ana = fake.add_user("Ana", language_code="en")
    group = fake.add_group("Tenants", creator=ana)
    for command in ("/pending", "/stats", "/pause", "/resume"):
        [refusal] = await harness.ask(luis, command)
        assert refusal.plain_text == _plain("es", texts.ADMIN_COMMAND_REFUSED)
        [refusal] = await harness.ask(ana, command, group)
        assert refusal.plain_text == _plain("en", texts.ADMIN_COMMAND_REFUSED)
    [help_reply] = await harness.ask(luis, "/help")
    message = fake.message(luis.id, help_reply.message_id)
    assert message is not None
    fake.push_callback_query(luis, message, f"review:approve:{incident_id}")  # forged
    await harness.wait(lambda: fake.callback_answers(), "answer")
    assert _incident(harness, incident_id).status == "pending"


async def test_stats_pause_and_resume_in_spanish(harness: Harness) -> None:
    olga = harness.operator
    harness.add_incident()
    harness.add_incident(status="pending")
    [done] = await harness.ask(olga, "/language es", harness.admin_chat)
    assert done.plain_text == _plain("es", texts.LANGUAGE_SET)
    [stats] = await harness.ask(olga, "/stats", harness.admin_chat)
    lines = stats.plain_text.splitlines()
    assert lines[0] == _plain("es", texts.STATS_HEADING)
    t = translator("es")
    assert f"{t.gettext(texts.STATS_LABELS['incidents'])}: 2" in lines
    assert f"{t.gettext(texts.STATS_LABELS['paused'])}: {t.gettext(texts.NO)}" in lines

    [paused] = await harness.ask(olga, "/pause", harness.admin_chat)
    assert paused.plain_text == _plain("es", texts.PAUSED)
    with harness.services.sessions() as session:
        assert delivery.is_paused(session)
    [again] = await harness.ask(olga, "/pause", harness.admin_chat)
    assert again.plain_text == _plain("es", texts.ALREADY_PAUSED)
    [stats] = await harness.ask(olga, "/stats", harness.admin_chat)
    assert f"{t.gettext(texts.STATS_LABELS['paused'])}: {t.gettext(texts.YES)}" in (
        stats.plain_text.splitlines()
    )
    [resumed] = await harness.ask(olga, "/resume", harness.admin_chat)
    assert resumed.plain_text == _plain("es", texts.RESUMED)
    [running] = await harness.ask(olga, "/resume", harness.admin_chat)
    assert running.plain_text == _plain("es", texts.ALREADY_RUNNING)
    with harness.services.sessions() as session:
        assert not delivery.is_paused(session)
