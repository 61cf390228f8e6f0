"""Commands and buttons of the operators' admin chats: /pending, review, /stats, /pause."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update, User
from telegram.error import TelegramError

from alerts import publishing
from alerts.publishing import AlreadyReviewedError
from bot import delivery, texts
from bot.handlers.common import (
    Context,
    answer_query,
    callback_parts,
    db_call,
    decline,
    edit,
    in_transaction,
    parse_int,
    reply,
    services,
    translator_for,
)
from bot.i18n import Translator
from bot.review import (
    APPROVE,
    CALLBACK_PREFIX,
    REJECT,
    load_incidents,
    review_request,
    review_text,
)
from db import queries
from db.queries import NotFoundError

PENDING_SHOWN = 10


def is_admin_chat(update: Update, context: Context) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.id in services(context).settings.admin_chat_ids


async def refuse_unless_admin_chat(update: Update, context: Context) -> bool:
    """True in an admin chat; elsewhere a polite refusal."""
    if is_admin_chat(update, context):
        return True
    await decline(update, context, texts.ADMIN_COMMAND_REFUSED)
    return False


async def pending_command(update: Update, context: Context) -> None:
    """A count, then each waiting incident as a review request with its buttons."""
    if not await refuse_unless_admin_chat(update, context):
        return
    t = await translator_for(update, context)

    def load(session: Session) -> tuple[int, list[tuple[str, InlineKeyboardMarkup]]]:
        total, incidents = queries.pending_incidents(session, PENDING_SHOWN)
        return total, [review_request(i, t.language) for i in incidents]

    total, requests = await db_call(in_transaction(context, load))
    if not total:
        await reply(update, context, t.gettext(texts.PENDING_EMPTY))
        return
    await reply(update, context, t.plural(texts.PENDING_HEADING, total))
    for text, markup in requests:
        await reply(update, context, text, markup)


def reviewer_name(user: User) -> str:
    return f"@{user.username}" if user.username else user.full_name


def _decide(
    session: Session, context: Context, action: str, incident_id: int, reviewer: str, lang: str
) -> str:
    """Record the decision and return the review message as it now stands."""
    settings = services(context).settings
    now = datetime.now(UTC)
    if action == APPROVE:
        publishing.approve(session, incident_id, reviewer, settings.publish_policy(), now)
    else:
        publishing.reject(session, incident_id, reviewer, now)
    session.flush()
    session.expire_all()
    [incident] = load_incidents(session, [incident_id])
    return review_text(incident, lang)


async def review_button(update: Update, context: Context) -> None:
    """Approve or Reject under a review request: decide, record who, edit the message."""
    parts = callback_parts(update, CALLBACK_PREFIX, 2)
    incident_id = parse_int(parts[1]) if parts else None
    query = update.callback_query
    if parts is None or parts[0] not in (APPROVE, REJECT) or incident_id is None or not query:
        await answer_query(update)
        return
    if not await refuse_unless_admin_chat(update, context):
        return
    t = await translator_for(update, context)
    reviewer = f"tg:{query.from_user.id}"
    try:
        text = await db_call(
            in_transaction(
                context, lambda s: _decide(s, context, parts[0], incident_id, reviewer, t.language)
            )
        )
    except (AlreadyReviewedError, NotFoundError):
        await answer_query(update, t.gettext(texts.REVIEW_ALREADY_DECIDED), alert=True)
        await edit_markup_off(update)
        return
    await answer_query(update)
    decided = texts.REVIEW_APPROVED_BY if parts[0] == APPROVE else texts.REVIEW_REJECTED_BY
    who = reviewer_name(query.from_user)
    await edit(update, text + "\n\n" + t.gettext(decided, who=who))


async def edit_markup_off(update: Update) -> None:
    """Take the buttons off a review request somebody already decided."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError:  # already without buttons: nothing to do
            return


def stats_text(t: Translator, counts: dict[str, object], paused: bool) -> str:
    """The counts of `gearwatch stats`, labelled in the chat's language."""
    labels = texts.STATS_LABELS

    def line(key: str, value: object) -> str:
        return t.gettext(texts.STATS_LINE, label=t.gettext(labels[key]), value=str(value))

    lines = [t.gettext(texts.STATS_HEADING)]
    lines.append(
        t.gettext(
            texts.STATS_ENABLED,
            label=t.gettext(labels["feeds"]),
            total=counts["feeds"],
            enabled=counts["feeds_enabled"],
        )
    )
    lines.append(line("entries", counts["entries"]))
    incidents: dict[str, int] = counts["incidents"]  # type: ignore[assignment]
    lines.append(line("incidents", sum(incidents.values())))
    for key, n in sorted(incidents.items()):
        kind, _, status = key.partition("/")
        label = f"{t.gettext(labels.get(kind, kind))} · {t.gettext(labels.get(status, status))}"
        lines.append("  " + t.gettext(texts.STATS_LINE, label=label, value=str(n)))
    lines.append(
        t.gettext(
            texts.STATS_ACTIVE,
            label=t.gettext(labels["chats"]),
            total=counts["chats"],
            active=counts["chats_active"],
        )
    )
    lines.append(line("subscriptions", counts["subscriptions"]))
    by_status: dict[str, int] = counts["deliveries"]  # type: ignore[assignment]
    lines.append(line("deliveries", sum(by_status.values())))
    for status, n in sorted(by_status.items()):
        lines.append("  " + line(status, n) if status in labels else f"  {status}: {n}")
    lines.append(line("paused", t.gettext(texts.YES if paused else texts.NO)))
    return "\n".join(lines)


async def stats_command(update: Update, context: Context) -> None:
    if not await refuse_unless_admin_chat(update, context):
        return
    t = await translator_for(update, context)
    counts, paused = await db_call(
        in_transaction(context, lambda s: (queries.stats(s), delivery.is_paused(s)))
    )
    await reply(update, context, stats_text(t, counts, paused))


def _set_paused(session: Session, paused: bool) -> bool:
    """Flip the kill switch; False when it was already in that position."""
    if delivery.is_paused(session) == paused:
        return False
    delivery.set_paused(session, paused)
    return True


async def pause_command(update: Update, context: Context) -> None:
    if not await refuse_unless_admin_chat(update, context):
        return
    t = await translator_for(update, context)
    changed = await db_call(in_transaction(context, lambda s: _set_paused(s, True)))
    await reply(update, context, t.gettext(texts.PAUSED if changed else texts.ALREADY_PAUSED))


async def resume_command(update: Update, context: Context) -> None:
    if not await refuse_unless_admin_chat(update, context):
        return
    t = await translator_for(update, context)
    changed = await db_call(in_transaction(context, lambda s: _set_paused(s, False)))
    await reply(update, context, t.gettext(texts.RESUMED if changed else texts.ALREADY_RUNNING))
