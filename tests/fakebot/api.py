"""The Bot API methods the fake serves, with Telegram's validation and error messages."""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable
from typing import Any

from .errors import ApiError, bad_request, conflict, flood
from .model import Chat, SentMessage, member_dict
from .params import Params
from .state import State
from .tghtml import ParsedText, parse_html

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE = re.compile(r"^([a-z]{2})?$")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
MY_TEXTS = {"name": "name", "description": "description", "shortdescription": "short_description"}

Method = Callable[[Params], Any]


def _scope_key(scope: Any) -> str:
    """Canonical form of a BotCommandScope, so lists are stored per scope."""
    scope = scope or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in SCOPE_TYPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True)


class BotApi(State):
    """Implements the Bot API methods; each runs with the state lock held."""

    def _methods(self) -> dict[str, Method]:
        methods: dict[str, Method] = {
            "getme": lambda p: self._me(),
            "logout": lambda p: True,
            "close": lambda p: True,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getchatadministrators": self._get_chat_administrators,
            "getchatmembercount": self._get_chat_member_count,
            "sendchataction": self._send_chat_action,
            "leavechat": self._leave_chat,
            "setchatmenubutton": lambda p: True,
            "getchatmenubutton": lambda p: {"type": "commands"},
        }
        for key, field in MY_TEXTS.items():
            methods[f"setmy{key}"] = self._setter(field)
            methods[f"getmy{key}"] = self._getter(field)
        return methods

    def _me(self) -> dict[str, Any]:
        me = self.bot.to_dict()
        me.update(
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return me

    # updates -------------------------------------------------------------------------------

    def _get_updates(self, p: Params) -> list[dict[str, Any]]:
        """Long polling: confirm by offset, wait up to ``timeout`` for new updates."""
        if self._webhook_url:
            raise conflict(
                "can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
        offset = p.integer("offset", 0) or 0
        limit = min(100, max(1, p.integer("limit", 100) or 100))
        timeout = max(0.0, p.number("timeout", 0.0) or 0.0)
        allowed = p.json_value("allowed_updates")
        if allowed is not None:
            self._allowed_updates = list(allowed)
        self._confirm(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = _monotonic() + timeout
        while True:
            if self._closed:
                return []
            if self._poll_generation != generation:
                raise conflict(
                    "terminated by other getUpdates request; "
                    "make sure that only one bot instance is running"
                )
            ready = self._deliverable()
            if ready or _monotonic() >= deadline:
                return copy.deepcopy(ready[:limit])
            self._cond.wait(deadline - _monotonic())

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _deliverable(self) -> list[dict[str, Any]]:
        """Queued updates of allowed types; others are dropped as Telegram does."""
        allowed = set(self._allowed_updates or DEFAULT_UPDATES)
        self._updates = [u for u in self._updates if _update_kind(u) in allowed]
        return self._updates

    def _set_webhook(self, p: Params) -> bool:
        self._webhook_url = p.string("url", "") or ""
        if p.flag("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, p: Params) -> bool:
        self._webhook_url = ""
        if p.flag("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    # commands and bot texts ----------------------------------------------------------------

    def _command_key(self, p: Params) -> tuple[str, str]:
        language = p.string("language_code", "") or ""
        if not _LANGUAGE.match(language):
            raise bad_request("invalid language code specified")
        return _scope_key(p.json_value("scope")), language

    def _set_my_commands(self, p: Params) -> bool:
        commands = p.json_value("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        stored = []
        for item in commands:
            name = str(item.get("command", "")) if isinstance(item, dict) else ""
            description = str(item.get("description", "")) if isinstance(item, dict) else ""
            if not _COMMAND_NAME.match(name.lower()):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            stored.append({"command": name.lower(), "description": description})
        self._commands[self._command_key(p)] = stored
        return True

    def _get_my_commands(self, p: Params) -> list[dict[str, str]]:
        return copy.deepcopy(self._commands.get(self._command_key(p), []))

    def _delete_my_commands(self, p: Params) -> bool:
        self._commands.pop(self._command_key(p), None)
        return True

    def _setter(self, field: str) -> Method:
        def set_text(p: Params) -> bool:
            self._bot_texts[(field, p.string("language_code", "") or "")] = (
                p.string(field, "") or ""
            )
            return True

        return set_text

    def _getter(self, field: str) -> Method:
        def get_text(p: Params) -> dict[str, str]:
            language = p.string("language_code", "") or ""
            return {field: self._bot_texts.get((field, language), "")}

        return get_text

    # messages ------------------------------------------------------------------------------

    def _parse_text(self, text: str | None, parse_mode: str | None) -> ParsedText:
        """Telegram's checks on message text: parse mode, emptiness, length after parsing."""
        if not text or not text.strip():
            raise bad_request("message text is empty")
        mode = (parse_mode or "").lower()
        if mode == "html":
            parsed = parse_html(text, strict_ampersand=self.strict_ampersand)
        elif mode in ("", "markdown", "markdownv2"):
            parsed = ParsedText(text)
        else:
            raise bad_request("unsupported parse_mode")
        if not parsed.text.strip():
            raise bad_request("message text is empty")
        if len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
        return parsed

    def _check_markup(self, markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
            )
        for button in (b for row in rows for b in row):
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
                raise bad_request("BUTTON_URL_INVALID")
        return markup

    def _send_message(self, p: Params) -> dict[str, Any]:
        chat = self._resolve_chat(p.chat_id())
        self._check_can_send(chat)
        parse_mode = p.string("parse_mode")
        parsed = self._parse_text(p.string("text"), parse_mode)
        markup = self._check_markup(p.json_value("reply_markup"))
        reply_to = self._reply_target(chat, p)
        wait = self._limiter.acquire(chat.id, chat.is_private)
        if wait is not None:
            raise flood(wait)
        message = self._bot_message(chat, parsed, markup)
        if reply_to is not None:
            message["reply_to_message"] = copy.deepcopy(reply_to)
        self._store(message)
        self._bot_messages.add((chat.id, message["message_id"]))
        self._sent.append(self._record(message, p, parse_mode, "sendMessage"))
        self._cond.notify_all()
        return copy.deepcopy(message)

    def _reply_target(self, chat: Chat, p: Params) -> dict[str, Any] | None:
        reply = p.json_value("reply_parameters") or {}
        message_id = reply.get("message_id") if isinstance(reply, dict) else None
        message_id = message_id or p.integer("reply_to_message_id")
        if not message_id:
            return None
        target = self._messages.get((chat.id, int(message_id)))
        allow = p.flag("allow_sending_without_reply") or (
            isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        )
        if target is None and not allow:
            raise bad_request("message to be replied not found")
        if target is None:
            return None
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _bot_message(
        self, chat: Chat, parsed: ParsedText, markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": chat.take_message_id(),
            "date": self._now_date(),
            "chat": chat.to_dict(),
            "text": parsed.text,
        }
        if chat.type == "channel":
            message["sender_chat"] = chat.to_dict()
        else:
            message["from"] = self.bot.to_dict()
        if parsed.entities:
            message["entities"] = parsed.entities
        if markup is not None:
            message["reply_markup"] = markup
        return message

    def _record(
        self, message: dict[str, Any], p: Params, parse_mode: str | None, method: str
    ) -> SentMessage:
        return SentMessage(
            chat_id=message["chat"]["id"],
            message_id=message["message_id"],
            text=p.string("text") or message.get("text", ""),
            plain_text=message.get("text", ""),
            parse_mode=parse_mode,
            reply_markup=copy.deepcopy(message.get("reply_markup")),
            time=self.clock(),
            params=p.loggable(),
            method=method,
        )

    def _editable(self, p: Params) -> tuple[Chat, dict[str, Any]]:
        if p.has("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._resolve_chat(p.chat_id())
        self._check_member(chat)
        message = self._messages.get((chat.id, p.integer("message_id") or 0))
        if message is None:
            raise bad_request("message to edit not found")
        if (chat.id, message["message_id"]) not in self._bot_messages or "text" not in message:
            raise bad_request("message can't be edited")
        return chat, message

    def _edit_message_text(self, p: Params) -> dict[str, Any]:
        _chat, message = self._editable(p)
        parse_mode = p.string("parse_mode")
        parsed = self._parse_text(p.string("text"), parse_mode)
        markup = self._check_markup(p.json_value("reply_markup"))
        same_text = parsed.text == message.get("text") and parsed.entities == message.get(
            "entities", []
        )
        if same_text and markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        message["text"] = parsed.text
        message.pop("entities", None)
        if parsed.entities:
            message["entities"] = parsed.entities
        return self._finish_edit(message, markup, p, parse_mode, "editMessageText")

    def _edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        _chat, message = self._editable(p)
        markup = self._check_markup(p.json_value("reply_markup"))
        if markup == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        return self._finish_edit(message, markup, p, None, "editMessageReplyMarkup")

    def _finish_edit(
        self,
        message: dict[str, Any],
        markup: dict[str, Any] | None,
        p: Params,
        parse_mode: str | None,
        method: str,
    ) -> dict[str, Any]:
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        message["edit_date"] = self._now_date()
        self._edits.append(self._record(message, p, parse_mode, method))
        self._cond.notify_all()
        return copy.deepcopy(message)

    def _delete_message(self, p: Params) -> bool:
        chat = self._resolve_chat(p.chat_id())
        self._check_member(chat)
        key = (chat.id, p.integer("message_id") or 0)
        if self._messages.pop(key, None) is None:
            raise bad_request("message to delete not found")
        self._deleted.append(key)
        self._cond.notify_all()
        return True

    def _answer_callback_query(self, p: Params) -> bool:
        query = self._callbacks.get(p.string("callback_query_id") or "")
        if query is None or query["answered"]:
            raise bad_request(QUERY_TOO_OLD)
        if len(p.string("text", "") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query["answered"] = True
        self._answers.append(
            {
                "callback_query_id": query["id"],
                "text": p.string("text"),
                "show_alert": p.flag("show_alert"),
                "url": p.string("url"),
            }
        )
        self._cond.notify_all()
        return True

    # chats ---------------------------------------------------------------------------------

    def _get_chat(self, p: Params) -> dict[str, Any]:
        chat = self._resolve_chat(p.chat_id())
        if not chat.is_private:
            self._check_member(chat)
        return chat.full_info()

    def _get_chat_member(self, p: Params) -> dict[str, Any]:
        chat = self._resolve_chat(p.chat_id())
        user_id = p.integer("user_id")
        if user_id == self.bot.id:
            return member_dict(self.bot, self._bot_status(chat))  # type: ignore[arg-type]
        user = self._users.get(user_id or 0)
        if user is None:
            raise bad_request("user not found")
        if not chat.is_private:
            self._check_member(chat)
            return member_dict(user, chat.members.get(user.id, "left"))
        return member_dict(user, "member" if chat.user and chat.user.id == user.id else "left")

    def _get_chat_administrators(self, p: Params) -> list[dict[str, Any]]:
        chat = self._resolve_chat(p.chat_id())
        if chat.is_private:
            raise bad_request("there are no administrators in the private chat")
        self._check_member(chat)
        admins = []
        for user_id, status in chat.members.items():
            if status in ("creator", "administrator"):
                user = self.bot if user_id == self.bot.id else self._users[user_id]
                admins.append(member_dict(user, status))
        return admins

    def _get_chat_member_count(self, p: Params) -> int:
        chat = self._resolve_chat(p.chat_id())
        if chat.is_private:
            return 2
        self._check_member(chat)
        return sum(1 for s in chat.members.values() if s not in ("left", "kicked"))

    def _send_chat_action(self, p: Params) -> bool:
        chat = self._resolve_chat(p.chat_id())
        self._check_can_send(chat)
        action = p.string("action") or ""
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._actions.append((chat.id, action))
        return True

    def _leave_chat(self, p: Params) -> bool:
        chat = self._resolve_chat(p.chat_id())
        if chat.is_private:
            raise bad_request("chat member status can't be changed in private chats")
        self._check_member(chat)
        chat.members[self.bot.id] = "left"
        return True


def _update_kind(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


def _monotonic() -> float:
    """Real time for long-poll deadlines, independent of a test's fake clock."""
    return time.monotonic()


__all__ = ["ApiError", "BotApi"]
