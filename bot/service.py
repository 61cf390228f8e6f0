"""`gearwatch run` and `gearwatch poll`: the finding pipeline, the bot and the sender, wired.

With a token the pipeline runs on python-telegram-bot's JobQueue (APScheduler) beside the bot
and the sender; without one it runs on APScheduler alone and prints each new incident's
advisory (SPEC §4 console mode).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from datetime import timedelta
from typing import TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ContextTypes

from alerts.feeds.fetch import Fetcher, FetchLimits, user_agent
from alerts.pipeline import Pipeline, PollResult, sync_feeds_file
from bot.app import build_application
from bot.delivery import Message, Sender, database_composer
from bot.feed_alerts import alert_failing_feeds
from bot.ratelimit import SendLimiter
from bot.review import send_review_requests
from bot.services import Services
from db.models import utcnow

log = logging.getLogger(__name__)

CONNECT_HINT = (
    "gearwatch is running without Telegram: advisories are printed here. To connect Telegram, "
    "get a bot token from @BotFather and put it in .env as GEARWATCH_TELEGRAM_TOKEN=..."
)
MAX_START_BACKOFF = 300.0


class StartupError(Exception):
    """The service cannot start; the message is one line for the operator."""


def poll_tick(services: Services) -> float:
    """How often the scheduler looks for due feeds: each feed keeps its own interval."""
    return max(1.0, min(services.settings.poll_interval / 4, 15.0))


def make_pipeline(services: Services, fetcher: Fetcher) -> Pipeline:
    settings = services.settings
    return Pipeline(
        services.sessions,
        fetcher,
        timedelta(seconds=settings.poll_interval),
        settings.publish_policy(),
        utcnow,
    )


def _fetcher(services: Services) -> Fetcher:
    """The feed fetcher, telling publishers who runs this instance."""
    return Fetcher(limits=FetchLimits(user_agent=user_agent(services.settings.operator_contact)))


async def poll_once(services: Services, every: bool) -> PollResult:
    """`gearwatch poll`: one pass over the due feeds."""
    sync_feeds_file(services.sessions, services.settings.feeds_file)
    async with _fetcher(services) as fetcher:
        return await make_pipeline(services, fetcher).poll(every)


def run(services: Services, no_updates: bool) -> int:
    """`gearwatch run`: until SIGINT or SIGTERM."""
    sync_feeds_file(services.sessions, services.settings.feeds_file)
    if services.settings.console_mode:
        print(CONNECT_HINT, flush=True)
        return asyncio.run(_console(services, sys.stdout))
    return asyncio.run(_telegram(services, no_updates))


async def _until_signalled() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


async def _console(services: Services, out: TextIO) -> int:
    compose = database_composer(services.sessions)
    async with _fetcher(services) as fetcher:
        pipeline = make_pipeline(services, fetcher)

        async def tick() -> None:
            result = await pipeline.poll()
            for incident_id in result.created:
                _print_advisory(out, await asyncio.to_thread(compose, incident_id, "en"))

        scheduler = AsyncIOScheduler()
        scheduler.add_job(
            tick,
            "interval",
            seconds=poll_tick(services),
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
        scheduler.start()
        try:
            await _until_signalled()
        finally:
            scheduler.shutdown(wait=False)
    return 0


def _print_advisory(out: TextIO, message: Message) -> None:
    out.write(message.plain + "\n" + "-" * 40 + "\n")
    out.flush()


async def _telegram(services: Services, no_updates: bool) -> int:
    application = build_application(services)
    await _initialize(application)
    compose = database_composer(services.sessions)
    sender = Sender(
        application.bot,
        services.sessions,
        compose,
        SendLimiter(services.settings.send_rate),
        utcnow,
    )
    async with _fetcher(services) as fetcher:
        pipeline = make_pipeline(services, fetcher)
        await application.start()
        if not no_updates and application.updater is not None:
            await application.updater.start_polling(
                allowed_updates=["message", "callback_query", "my_chat_member", "channel_post"]
            )
        _schedule_polling(application, services, pipeline, poll_tick(services))
        sending = asyncio.create_task(sender.run())
        try:
            await _until_signalled()
        finally:
            sender.stop()
            await sending
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            await application.stop()
            await application.shutdown()
    return 0


def _schedule_polling(
    application: Application, services: Services, pipeline: Pipeline, every: float
) -> None:
    async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
        result = await pipeline.poll()
        if result.pending:
            await _announce_pending(context, services, result.pending)
        await alert_failing_feeds(
            context.bot, services.sessions, services.settings.admin_chat_ids, utcnow()
        )

    assert application.job_queue is not None
    application.job_queue.run_repeating(
        poll_job,
        interval=every,
        first=0,
        name="poll",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


async def _announce_pending(
    context: ContextTypes.DEFAULT_TYPE, services: Services, incident_ids: list[int]
) -> None:
    """Each incident that waits for review goes to the admin chats with its buttons."""
    admins = services.settings.admin_chat_ids
    if not admins:
        log.warning("%d incident(s) wait for review, but no admin chats are set", len(incident_ids))
        return
    await send_review_requests(context.bot, services.sessions, incident_ids, admins)


async def _initialize(application: Application) -> None:
    """Connect to the Bot API: a rejected token stops start-up; an outage is retried."""
    delay = 1.0
    while True:
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise StartupError(
                "Telegram rejected the bot token (401): check GEARWATCH_TELEGRAM_TOKEN"
            ) from None
        except NetworkError as error:
            log.warning("Bot API unreachable (%s); retrying in %.0fs", error.message, delay)
            with contextlib.suppress(Exception):
                await application.shutdown()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_START_BACKOFF)
