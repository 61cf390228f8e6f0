"""The sender: drains the delivery queue into Telegram within its limits (SPEC §9).

Every outcome is written to the delivery row: sent with its message id, retried with the
reason and the time of the next try, or dropped because the chat blocked the bot. A delivery
is only ever claimed for a short lease, so one left behind by a killed worker is sent later
by whichever worker is alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from alerts.advisory import advisory_for
from bot.advisory_text import render_html, render_plain
from bot.ratelimit import SendLimiter, retry_seconds
from db import deliveries, queries
from db.deliveries import ClaimedDelivery
from db.engine import transaction
from db.models import Entry, Incident, IncidentSource

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=15)  # a killed worker's claims come back after this
BATCH_SECONDS = 2.0  # claim about this many seconds' worth of sends at a time
CONCURRENT_SENDS = 16  # requests in flight, so the rate does not hang on round-trip time
RELEASE_AFTER = 5.0  # a longer wait gives the claimed rows back instead of sitting on them
IDLE_WAIT = 1.0
MAX_BACKOFF = 600.0
PAUSE_KEY = "sending_paused"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@dataclass(frozen=True)
class Message:
    """An advisory rendered for one language: HTML, and plain text for a parse failure."""

    html: str
    plain: str


Compose = Callable[[int, str], Message]  # (incident id, language) -> message
Clock = Callable[[], datetime]


def database_composer(sessions: sessionmaker[Session]) -> Compose:
    """Render advisories from the database, each (incident, language) once per process."""

    @functools.lru_cache(maxsize=512)
    def compose(incident_id: int, language: str) -> Message:
        with sessions() as session:
            incident = session.scalars(
                select(Incident)
                .where(Incident.id == incident_id)
                .options(
                    selectinload(Incident.sources)
                    .selectinload(IncidentSource.entry)
                    .joinedload(Entry.feed)
                )
            ).one()
            advisory = advisory_for(incident)
        return Message(render_html(advisory, language), render_plain(advisory, language))

    return compose


def is_paused(session: Session) -> bool:
    return queries.state_value(session, PAUSE_KEY) == "1"


def set_paused(session: Session, paused: bool) -> None:
    """The operator's kill switch, shared by every worker through the database."""
    queries.set_state_value(session, PAUSE_KEY, "1" if paused else "0")


class Sender:
    """Claims due deliveries and sends them, one worker's share of the queue."""

    def __init__(
        self,
        bot: Bot,
        sessions: sessionmaker[Session],
        compose: Compose,
        limiter: SendLimiter,
        clock: Clock,
        worker: str | None = None,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._compose = compose
        self._limiter = limiter
        self._clock = clock
        self._worker = worker or uuid.uuid4().hex[:12]
        self._stopping = asyncio.Event()
        self._batch_size = max(1, math.ceil(limiter.rate * BATCH_SECONDS))

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Send until stopped. The next batch is claimed while the last sends are in flight,
        so the rate does not dip between batches; an empty queue is checked every second."""
        slots = asyncio.Semaphore(CONCURRENT_SENDS)
        async with asyncio.TaskGroup() as group:
            while not self._stopping.is_set():
                try:
                    sent_any = await self._dispatch(group, slots)
                except Exception:  # keep the loop alive; the rows stay queued
                    log.exception("delivery pass failed")
                    sent_any = False
                if not sent_any:
                    await self._wait(IDLE_WAIT)

    async def drain_once(self) -> bool:
        """Claim one batch and send it all; False when there was nothing to do."""
        async with asyncio.TaskGroup() as group:
            return await self._dispatch(group, asyncio.Semaphore(CONCURRENT_SENDS))

    async def _dispatch(self, group: asyncio.TaskGroup, slots: asyncio.Semaphore) -> bool:
        """Claim a batch and start each send when the limits allow it."""
        batch = await asyncio.to_thread(self._claim)
        for delivery in batch:
            if self._stopping.is_set():
                await asyncio.to_thread(self._release, delivery)
            elif await self._admit(delivery):
                await slots.acquire()
                group.create_task(self._send_in_slot(delivery, slots))
        return bool(batch)

    async def _send_in_slot(self, delivery: ClaimedDelivery, slots: asyncio.Semaphore) -> None:
        try:
            await self._send(delivery)
        except Exception:  # the row stays claimed and comes back when its lease runs out
            log.exception("sending delivery %s failed", delivery.id)
        finally:
            slots.release()

    def _claim(self) -> list[ClaimedDelivery]:
        with transaction(self._sessions) as session:
            if is_paused(session):
                return []
            return deliveries.claim_deliveries(
                session, self._clock(), self._worker, LEASE, self._batch_size
            )

    def _release(self, delivery: ClaimedDelivery) -> None:
        with transaction(self._sessions) as session:
            deliveries.mark_retry(
                session, delivery.id, self._clock(), "worker stopping", count_attempt=False
            )

    async def _admit(self, delivery: ClaimedDelivery) -> bool:
        """Wait for the delivery's turn under the limits, or hand it back to the queue."""
        chat_id = delivery.telegram_id
        while (wait := max(self._limiter.global_wait(), self._limiter.chat_wait(chat_id))) > 0:
            if wait > RELEASE_AFTER or self._limiter.chat_wait(chat_id) > BATCH_SECONDS:
                await asyncio.to_thread(self._postpone, delivery, wait, "waiting for rate limit")
                return False
            await self._wait(wait)
        self._limiter.take(chat_id, delivery.chat_type)
        return True

    async def _send(self, delivery: ClaimedDelivery) -> None:
        message = await asyncio.to_thread(self._compose, delivery.incident_id, delivery.language)
        try:
            sent = await self._bot.send_message(
                chat_id=delivery.telegram_id,
                text=message.plain if delivery.plain_text else message.html,
                parse_mode=None if delivery.plain_text else ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            )
        except RetryAfter as error:
            await self._on_retry_after(delivery, error)
        except Forbidden as error:
            await asyncio.to_thread(self._on_forbidden, delivery, error)
        except ChatMigrated as error:
            await asyncio.to_thread(self._on_migrated, delivery, error)
        except BadRequest as error:
            await asyncio.to_thread(self._on_bad_request, delivery, error)
        except NetworkError as error:  # 5xx, timeouts, refused connections
            await asyncio.to_thread(self._backoff, delivery, f"network: {error.message}")
        else:
            await asyncio.to_thread(self._on_sent, delivery, sent.message_id)

    async def _on_retry_after(self, delivery: ClaimedDelivery, error: RetryAfter) -> None:
        seconds = retry_seconds(error.retry_after)
        self._limiter.hold_chat(delivery.telegram_id, seconds)
        self._limiter.pause_all(seconds)
        await asyncio.to_thread(self._postpone, delivery, seconds, f"429: retry after {seconds:g}s")

    def _on_sent(self, delivery: ClaimedDelivery, message_id: int) -> None:
        with transaction(self._sessions) as session:
            deliveries.mark_sent(session, delivery.id, message_id, self._clock())

    def _on_forbidden(self, delivery: ClaimedDelivery, error: Forbidden) -> None:
        log.info("chat %s refused the bot; deactivated", delivery.chat_id)
        with transaction(self._sessions) as session:
            deliveries.deactivate_chat(session, delivery.chat_id, f"403: {error.message}")

    def _on_migrated(self, delivery: ClaimedDelivery, error: ChatMigrated) -> None:
        with transaction(self._sessions) as session:
            deliveries.move_chat(session, delivery.chat_id, error.new_chat_id)
            deliveries.mark_retry(
                session,
                delivery.id,
                self._clock(),
                f"400: migrated to {error.new_chat_id}",
                count_attempt=False,
            )

    def _on_bad_request(self, delivery: ClaimedDelivery, error: BadRequest) -> None:
        text = error.message.lower()
        with transaction(self._sessions) as session:
            if "can't parse entities" in text or "can't find end" in text:
                deliveries.mark_retry(
                    session, delivery.id, self._clock(), f"400: {error.message}", plain_text=True
                )
            elif "chat not found" in text:
                deliveries.deactivate_chat(session, delivery.chat_id, f"400: {error.message}")
            else:
                self._backoff_in(session, delivery, f"400: {error.message}")

    def _postpone(self, delivery: ClaimedDelivery, seconds: float, reason: str) -> None:
        with transaction(self._sessions) as session:
            deliveries.mark_retry(
                session,
                delivery.id,
                self._clock() + timedelta(seconds=seconds),
                reason,
                count_attempt=reason.startswith("429"),
            )

    def _backoff(self, delivery: ClaimedDelivery, reason: str) -> None:
        with transaction(self._sessions) as session:
            self._backoff_in(session, delivery, reason)

    def _backoff_in(self, session: Session, delivery: ClaimedDelivery, reason: str) -> None:
        seconds = min(MAX_BACKOFF, 2.0 ** min(delivery.attempts, 10))
        log.warning("delivery %s will be retried in %gs: %s", delivery.id, seconds, reason)
        deliveries.mark_retry(
            session, delivery.id, self._clock() + timedelta(seconds=seconds), reason
        )

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
