"""The Telegram Application: every handler registered here, in one list (SPEC §7).

``build_application`` returns an Application that is built but not started; the service
adds its polling and sending jobs to ``application.job_queue`` and runs it, either with
``run_polling`` or step by step (``initialize``, ``start``, ``updater.start_polling``).
Either way ``initialize`` publishes the command menus and loads the gazetteer. Sending limits
are kept by the delivery sender itself (SPEC §9), so no library rate limiter is installed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from alerts import places
from bot import texts
from bot.handlers import (
    admin,
    basic,
    guard,
    language,
    membership,
    recent,
    stop,
    subscribe,
    unsubscribe,
    verify,
)
from bot.handlers.common import RESOURCES_KEY, SERVICES_KEY
from bot.i18n import available_languages
from bot.resources import Resource, load_resources
from bot.services import Services
from bot.verify import CALLBACK_PREFIX as VERIFY_PREFIX

log = logging.getLogger(__name__)

# Commands come as messages in groups and private chats, and as posts in channels; edits of
# old messages do not run a command again.
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
PRIVATE_MESSAGES = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE


def _command(name: str, callback: object) -> CommandHandler:
    return CommandHandler(name, callback, filters=COMMAND_UPDATES)  # type: ignore[arg-type]


def _button(prefix: str, callback: object) -> CallbackQueryHandler:
    return CallbackQueryHandler(callback, pattern=f"^{prefix}:")  # type: ignore[arg-type]


def handlers() -> list[BaseHandler]:
    """Every handler of the bot, in the order they are tried."""
    return [
        _command("start", basic.start),
        _command("help", basic.help_command),
        _command("about", basic.about),
        _command("subscribe", subscribe.subscribe_command),
        _command("unsubscribe", unsubscribe.unsubscribe_command),
        _command("subscriptions", unsubscribe.subscriptions_command),
        _command("recent", recent.recent_command),
        _command("verify", verify.verify_command),
        _command("language", language.language_command),
        _command("stop", stop.stop_command),
        _command("pending", admin.pending_command),
        _command("stats", admin.stats_command),
        _command("pause", admin.pause_command),
        _command("resume", admin.resume_command),
        MessageHandler(filters.LOCATION & filters.UpdateType.MESSAGE, subscribe.shared_location),
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.migration),
        ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        _button(basic.START_PREFIX, basic.start_button),
        _button(subscribe.CHOICE_PREFIX, subscribe.choose_place),
        _button(unsubscribe.CHOICE_PREFIX, unsubscribe.choose_unsubscribe),
        _button(language.CHOICE_PREFIX, language.choose_language),
        _button(stop.CHOICE_PREFIX, stop.confirm_stop),
        _button(admin.CALLBACK_PREFIX, admin.review_button),
        _button(VERIFY_PREFIX.rstrip(":"), verify.verify_topic),
        CallbackQueryHandler(basic.ignore_button),
        MessageHandler(filters.COMMAND & PRIVATE_MESSAGES, basic.unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & PRIVATE_MESSAGES, basic.plain_text),
    ]


class GearwatchApplication(Application):  # type: ignore[type-arg]
    """An Application whose start-up also publishes the command menus.

    Done in ``initialize`` rather than a ``post_init`` hook, which only ``run_polling`` and
    ``run_webhook`` call, so a service that starts the Application step by step gets it too.
    """

    async def initialize(self) -> None:
        await super().initialize()
        services: Services = self.bot_data[SERVICES_KEY]
        await set_commands(self, services.settings.admin_chat_ids)
        await asyncio.to_thread(places.gazetteer)


def build_application(
    services: Services,
    *,
    resources: Sequence[Resource] | None = None,
    limiter: guard.SenderLimiter | None = None,
) -> Application:
    """The bot's Application, built from the settings but not started.

    ``resources`` are the operator's local help lines (default: ``resources.toml`` in the
    working directory, if any; an invalid file raises ResourceError); ``limiter`` is the
    per-sender rate limit (a test passes one with its own clock).
    """
    settings = services.settings
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.telegram_api_url)
        .application_class(GearwatchApplication)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    application.bot_data[RESOURCES_KEY] = list(load_resources() if resources is None else resources)
    application.bot_data[guard.LIMITER_KEY] = limiter or guard.SenderLimiter()
    application.add_handler(TypeHandler(Update, guard.rate_limit), group=-1)
    application.add_handlers(handlers(), group=0)
    application.add_error_handler(guard.on_error)
    return application


def _menu(language: str, *, admin: bool) -> list[BotCommand]:
    return [BotCommand(c, d) for c, d in texts.bot_commands(language, admin=admin)]


async def set_commands(application: Application, admin_chat_ids: Sequence[int]) -> None:
    """setMyCommands: English by default, each other catalog language by its code, and the
    admin commands in the operators' chats. A failure is logged; the bot works without."""
    bot = application.bot
    calls = []
    for lang in available_languages():
        code = None if lang == "en" else lang
        calls.append((_menu(lang, admin=False), None, code))
        for chat_id in admin_chat_ids:
            calls.append((_menu(lang, admin=True), BotCommandScopeChat(chat_id), code))
    for commands, scope, code in calls:
        try:
            await bot.set_my_commands(commands, scope=scope, language_code=code)
        except InvalidToken:
            raise
        except TelegramError as error:
            log.warning("could not set the command menu: %s", error.message)
