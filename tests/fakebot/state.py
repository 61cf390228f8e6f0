"""Shared state of the fake Bot API: the world the bot lives in, guarded by one lock.

Every piece is touched both by HTTP handler threads and by the test thread, so all access goes
through ``self._cond`` (a Condition over a re-entrant lock) which also wakes waiters when
something is sent or an update is queued.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import ApiError, bad_request, chat_not_found, forbidden, migrated
from .limits import RateLimiter, RateLimits
from .model import Chat, Fault, RequestRecord, SentMessage, User
from .tghtml import utf16_len

ChatRef = Chat | int
UserRef = User | int

_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?!\S)")
_CHAT_KINDS = {"group": "group chat", "supergroup": "supergroup chat", "channel": "channel chat"}


def command_entities(text: str) -> list[dict[str, Any]]:
    """``bot_command`` entities, which Telegram adds and CommandHandler relies on."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group(0)),
        }
        for match in _COMMAND_RE.finditer(text)
    ]


class State:
    """Users, chats, messages, queued updates, faults and records of one fake bot."""

    def __init__(
        self,
        *,
        bot_id: int,
        bot_username: str,
        bot_first_name: str,
        rate_limits: RateLimits | None,
        clock: Callable[[], float],
        strict_ampersand: bool,
        privacy_mode: bool,
    ) -> None:
        self._cond = threading.Condition(threading.RLock())
        self.clock = clock
        self.strict_ampersand = strict_ampersand
        self.privacy_mode = privacy_mode
        self.bot = User(bot_id, bot_first_name, username=bot_username, is_bot=True)
        self.token = f"{bot_id}:AAF4keT0kenF0rTest5_0nly-gearwatch00"
        self.token_valid = True
        self._limiter = RateLimiter(rate_limits or RateLimits(), clock)
        self._users: dict[int, User] = {}
        self._chats: dict[int, Chat] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._bot_messages: set[tuple[int, int]] = set()  # (chat id, message id) sent by the bot
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._webhook_url = ""
        self._callbacks: dict[str, dict[str, Any]] = {}
        self._faults: list[Fault] = []
        self._sent: list[SentMessage] = []
        self._edits: list[SentMessage] = []
        self._deleted: list[tuple[int, int]] = []
        self._answers: list[dict[str, Any]] = []
        self._actions: list[tuple[int, str]] = []
        self._requests: list[RequestRecord] = []
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._bot_texts: dict[tuple[str, str], str] = {}
        self._closed = False
        self._internal_errors: list[BaseException] = []
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(100_000_001)
        self._group_ids = itertools.count(500_000_001)
        self._supergroup_ids = itertools.count(1_001_000_000_001)
        self._callback_ids = itertools.count(4_000_000_000_000_001)

    # lookups -------------------------------------------------------------------------------

    def _user(self, ref: UserRef) -> User:
        user_id = ref.id if isinstance(ref, User) else ref
        if user_id == self.bot.id:
            return self.bot
        try:
            return self._users[user_id]
        except KeyError:
            raise KeyError(f"unknown user {user_id}; create it with add_user()") from None

    def _chat(self, ref: ChatRef) -> Chat:
        chat_id = ref.id if isinstance(ref, Chat) else ref
        try:
            return self._chats[chat_id]
        except KeyError:
            raise KeyError(f"unknown chat {chat_id}; create it first") from None

    def _resolve_chat(self, chat_id: int | str | None) -> Chat:
        """The chat a request names, with Telegram's errors for missing or migrated chats."""
        if chat_id is None:
            raise bad_request("chat_id is empty")
        chat: Chat | None
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            chat = next(
                (c for c in self._chats.values() if (c.username or "").lower() == name), None
            )
        else:
            chat = self._chats.get(chat_id)
        if chat is None:
            raise chat_not_found()
        if chat.migrated_to is not None:
            raise migrated(chat.migrated_to)
        return chat

    def _bot_status(self, chat: Chat) -> str:
        if chat.is_private:
            return "member"
        return chat.members.get(self.bot.id, "left")

    def _check_member(self, chat: Chat) -> None:
        """403 where the bot has been removed from a group or channel."""
        status = self._bot_status(chat)
        kind = _CHAT_KINDS.get(chat.type, "chat")
        if status == "kicked":
            raise forbidden(f"bot was kicked from the {kind}")
        if status == "left":
            raise forbidden(f"bot is not a member of the {kind}")

    def _check_can_send(self, chat: Chat) -> None:
        """Telegram's 403/400 for chats the bot may not write to."""
        if chat.is_private:
            assert chat.user is not None
            if chat.user.is_bot:
                raise forbidden("bot can't send messages to bots")
            if chat.deactivated:
                raise forbidden("user is deactivated")
            if chat.blocked:
                raise forbidden("bot was blocked by the user")
            if not chat.started:
                raise forbidden("bot can't initiate conversation with a user")
            return
        self._check_member(chat)
        status = self._bot_status(chat)
        if chat.type == "channel" and status not in ("administrator", "creator"):
            raise bad_request("need administrator rights in the channel chat")
        if status == "restricted":
            raise bad_request("not enough rights to send text messages to the chat")

    # messages and updates ------------------------------------------------------------------

    def _now_date(self) -> int:
        return int(time.time())

    def _store(self, message: dict[str, Any]) -> dict[str, Any]:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def _push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates and wake a waiting long poll."""
        with self._cond:
            update = {"update_id": next(self._update_ids), kind: payload}
            self._updates.append(update)
            self._cond.notify_all()
            return update

    def _record_request(
        self, method: str, params: dict[str, Any], status: int, error: ApiError | None
    ) -> None:
        with self._cond:
            description = error.description if error else None
            self._requests.append(RequestRecord(method, params, status, description, self.clock()))
            self._cond.notify_all()
