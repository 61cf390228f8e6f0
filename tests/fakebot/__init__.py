"""A faithful fake of the Telegram Bot API for tests.

It serves real HTTP on 127.0.0.1 from a background thread, so python-telegram-bot talks to it
through its base URL exactly as to api.telegram.org, whether the bot runs in the test's event
loop or in a ``gearwatch run`` subprocess (``GEARWATCH_TELEGRAM_API_URL=fake.base_url``,
``GEARWATCH_TELEGRAM_TOKEN=fake.token``).

Typical use::

    @pytest.fixture
    def fake_telegram():
        with FakeTelegram() as fake:
            yield fake

    async def test_start(fake_telegram, app):  # app built with .base_url(fake.base_url)
        ana = fake_telegram.add_user("Ana", language_code="es")
        fake_telegram.push_command(ana, "/start")
        [reply] = await fake_telegram.wait_for_messages_async(1, chat_id=ana.id)
        fake_telegram.press_button(ana, reply, data=reply.callback_data[0])

Failures: ``inject_flood``, ``inject_server_error``, ``inject_disconnect``, ``inject_delay``,
``inject_cant_parse``; ``block_bot``, ``deactivate_user``, ``remove_bot_from_group``,
``migrate_to_supergroup``; ``revoke_token``; ``stop()`` then ``start()`` for an outage.
Limits: ``RateLimits`` (30/s per bot, ~1/s per private chat with a burst of 3, 20/min per
group), ``set_rate_limits(...)``, ``disable_rate_limits()``.
"""

from .errors import GROUP_ANONYMOUS_BOT_ID, ApiError
from .limits import RateLimits
from .model import Chat, RequestRecord, SentMessage, User
from .server import FakeTelegram
from .tghtml import parse_html

__all__ = [
    "GROUP_ANONYMOUS_BOT_ID",
    "ApiError",
    "Chat",
    "FakeTelegram",
    "RateLimits",
    "RequestRecord",
    "SentMessage",
    "User",
    "parse_html",
]
