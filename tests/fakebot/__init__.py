"""A faithful fake of the Telegram Bot API for tests (see FakeTelegram)."""

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
