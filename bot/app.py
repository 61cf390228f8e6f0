"""The Telegram Application, built in one place."""

from __future__ import annotations

from telegram.ext import Application, ApplicationBuilder

from bot.services import Services


def build_application(services: Services) -> Application:
    settings = services.settings
    return ApplicationBuilder().token(settings.token).base_url(settings.telegram_api_url).build()
