"""What a test does to the world: create users and chats, act as users, inject failures.

Updates are built the way Telegram sends them (command entities, ``/cmd@BotName`` in groups,
my_chat_member on being added, removed or blocked, migration messages, anonymous admins), so
the bot's handlers see exactly what they would see in production.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from .errors import GROUP_ANONYMOUS_BOT_ID
from .limits import RateLimits
from .model import Chat, Fault, FaultKind, MemberStatus, SentMessage, User, member_dict
from .state import ChatRef, State, UserRef, command_entities

ANONYMOUS_ADMIN = User(GROUP_ANONYMOUS_BOT_ID, "Group", username="GroupAnonymousBot", is_bot=True)
SEND_METHODS = frozenset({"sendmessage"})


class Controls(State):
    """Test-side API: everything here is thread-safe and returns plain data."""

    # world ---------------------------------------------------------------------------------

    def add_user(
        self,
        first_name: str = "Ana",
        *,
        language_code: str | None = "en",
        username: str | None = None,
        user_id: int | None = None,
        started: bool = True,
        is_bot: bool = False,
    ) -> User:
        """A Telegram user and their private chat with the bot (chat id == user id).

        ``started=False`` models a user who never opened the bot: sends get 403.
        """
        with self._cond:
            user = User(
                user_id or next(self._user_ids),
                first_name,
                username=username,
                language_code=language_code,
                is_bot=is_bot,
            )
            self._users[user.id] = user
            self._chats[user.id] = Chat(user.id, "private", user=user, started=started)
            return user

    def add_group(
        self,
        title: str = "Neighbours",
        *,
        supergroup: bool = False,
        creator: UserRef | None = None,
        admins: Iterable[UserRef] = (),
        members: Iterable[UserRef] = (),
        bot_status: MemberStatus | None = "member",
        username: str | None = None,
    ) -> Chat:
        """A group or supergroup with the given roles; the bot is in it unless bot_status=None."""
        with self._cond:
            chat_id = -next(self._supergroup_ids if supergroup else self._group_ids)
            chat = Chat(chat_id, "supergroup" if supergroup else "group", title, username)
            if creator is not None:
                chat.members[self._user(creator).id] = "creator"
            for user in admins:
                chat.members[self._user(user).id] = "administrator"
            for user in members:
                chat.members[self._user(user).id] = "member"
            if bot_status is not None:
                chat.members[self.bot.id] = bot_status
            self._chats[chat.id] = chat
            return chat

    def add_channel(
        self,
        title: str = "Alerts",
        *,
        username: str | None = None,
        creator: UserRef | None = None,
        bot_status: MemberStatus | None = "administrator",
    ) -> Chat:
        """A channel; the bot must be an administrator to post, as on Telegram."""
        with self._cond:
            chat = Chat(-next(self._supergroup_ids), "channel", title, username)
            if creator is not None:
                chat.members[self._user(creator).id] = "creator"
            if bot_status is not None:
                chat.members[self.bot.id] = bot_status
            self._chats[chat.id] = chat
            return chat

    def set_member(self, chat: ChatRef, user: UserRef, status: MemberStatus) -> None:
        """Set a user's role in a group (what getChatMember/getChatAdministrators report)."""
        with self._cond:
            self._chat(chat).members[self._user(user).id] = status

    def get_chat(self, chat: ChatRef) -> Chat:
        """The fake's record of a chat (a live object: read it, don't mutate it)."""
        with self._cond:
            return self._chat(chat)

    # acting as users -----------------------------------------------------------------------

    def _private_or(self, user: User, chat: ChatRef | None) -> Chat:
        target = self._chat(chat if chat is not None else user.id)
        if target.is_private:
            target.started = True
        return target

    def _user_message(
        self, chat: Chat, sender: User | None, extra: dict[str, Any]
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": chat.take_message_id(),
            "date": self._now_date(),
            "chat": chat.to_dict(),
        }
        if sender is not None:
            message["from"] = sender.to_dict()
        message.update(extra)
        return self._store(message)

    def push_text(
        self,
        user: UserRef,
        text: str,
        chat: ChatRef | None = None,
        *,
        reply_to: SentMessage | int | None = None,
    ) -> dict[str, Any]:
        """A text message from ``user`` (in their private chat unless ``chat`` is given).

        Commands anywhere in the text get ``bot_command`` entities, as Telegram adds them.
        Returns the message object.
        """
        with self._cond:
            sender = self._user(user)
            target = self._private_or(sender, chat)
            extra: dict[str, Any] = {"text": text}
            entities = command_entities(text)
            if entities:
                extra["entities"] = entities
            if reply_to is not None:
                extra["reply_to_message"] = self._message_ref(target, reply_to)
            message = self._user_message(target, sender, extra)
            self._push_visible(target, message)
            return message

    def push_command(
        self,
        user: UserRef,
        command: str,
        chat: ChatRef | None = None,
        *,
        mention: bool | None = None,
    ) -> dict[str, Any]:
        """``/command args`` from ``user``; in groups written ``/command@BotName`` by default."""
        with self._cond:
            target = self._chat(chat if chat is not None else self._user(user).id)
            text = self._command_text(command, target, mention)
            return self.push_text(user, text, target)

    def _command_text(self, command: str, chat: Chat, mention: bool | None) -> str:
        text = command if command.startswith("/") else f"/{command}"
        if mention is None:
            mention = not chat.is_private
        head, sep, rest = text.partition(" ")
        if mention and "@" not in head:
            head = f"{head}@{self.bot.username}"
        return head + sep + rest

    def push_anonymous_command(
        self, chat: ChatRef, command: str, *, mention: bool | None = None
    ) -> dict[str, Any]:
        """A command from an anonymous group admin: from=GroupAnonymousBot, sender_chat=group."""
        with self._cond:
            target = self._chat(chat)
            text = self._command_text(command, target, mention)
            extra: dict[str, Any] = {"text": text, "sender_chat": target.to_dict()}
            entities = command_entities(text)
            if entities:
                extra["entities"] = entities
            message = self._user_message(target, ANONYMOUS_ADMIN, extra)
            self._push("message", copy.deepcopy(message))
            return message

    def push_channel_post(self, chat: ChatRef, text: str) -> dict[str, Any]:
        """A post in a channel (no ``from``; sender_chat is the channel)."""
        with self._cond:
            target = self._chat(chat)
            extra: dict[str, Any] = {"text": text, "sender_chat": target.to_dict()}
            entities = command_entities(text)
            if entities:
                extra["entities"] = entities
            message = self._user_message(target, None, extra)
            self._push("channel_post", copy.deepcopy(message))
            return message

    def push_location(
        self, user: UserRef, latitude: float, longitude: float, chat: ChatRef | None = None
    ) -> dict[str, Any]:
        """A shared location (not live) from ``user``."""
        with self._cond:
            sender = self._user(user)
            target = self._private_or(sender, chat)
            location = {"latitude": latitude, "longitude": longitude}
            message = self._user_message(target, sender, {"location": location})
            self._push_visible(target, message)
            return message

    def _push_visible(self, chat: Chat, message: dict[str, Any]) -> None:
        """Queue a user's message only if Telegram would show it to the bot.

        With privacy mode on (BotFather's default) a bot that is not an admin of a group sees
        only commands, replies to its own messages and service messages there.
        """
        if self.privacy_mode and chat.type in ("group", "supergroup"):
            is_admin = self._bot_status(chat) in ("administrator", "creator")
            replied = message.get("reply_to_message", {}).get("from", {}).get("id")
            is_command = any(e["type"] == "bot_command" for e in message.get("entities", []))
            if not (is_admin or is_command or replied == self.bot.id):
                return
        self._push("message", copy.deepcopy(message))

    def _message_ref(self, chat: Chat, ref: SentMessage | int) -> dict[str, Any]:
        message_id = ref.message_id if isinstance(ref, SentMessage) else ref
        message = self._messages.get((chat.id, message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in chat {chat.id}")
        return copy.deepcopy(message)

    def press_button(
        self,
        user: UserRef,
        message: SentMessage | dict[str, Any] | int,
        *,
        data: str | None = None,
        text: str | None = None,
        chat: ChatRef | None = None,
    ) -> str:
        """Press an inline button of a bot message, by callback_data or by label.

        Fails loudly when the message has no such button, since Telegram could not send
        that callback. Returns the callback query id.
        """
        with self._cond:
            sender = self._user(user)
            chat_id = _chat_id_of(message, chat, sender)
            current = self._message_ref(self._chat(chat_id), _message_id_of(message))
            buttons = [
                b
                for row in (current.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            match = [
                b
                for b in buttons
                if "callback_data" in b
                and (data is None or b["callback_data"] == data)
                and (text is None or b["text"] == text)
            ]
            if not match:
                raise LookupError(f"no button data={data!r} text={text!r} in {buttons!r}")
            return self.push_callback_query(sender, current, match[0]["callback_data"])

    def push_callback_query(self, user: UserRef, message: dict[str, Any], data: str) -> str:
        """A callback_query with arbitrary data (for tests of forged or stale buttons)."""
        with self._cond:
            sender = self._user(user)
            query_id = str(next(self._callback_ids))
            query = {
                "id": query_id,
                "from": sender.to_dict(),
                "message": copy.deepcopy(message),
                "chat_instance": str(abs(message["chat"]["id"]) * 7919 % 10**12),
                "data": data,
            }
            self._callbacks[query_id] = {"id": query_id, "answered": False}
            self._push("callback_query", query)
            return query_id

    # membership ----------------------------------------------------------------------------

    def _bot_membership(
        self, chat: Chat, by: User, new: MemberStatus, old: MemberStatus | None = None
    ) -> dict[str, Any]:
        old_status = old or self._bot_status(chat)
        if not chat.is_private:
            chat.members[self.bot.id] = new
        update = {
            "chat": chat.to_dict(),
            "from": by.to_dict(),
            "date": self._now_date(),
            "old_chat_member": member_dict(self.bot, old_status),  # type: ignore[arg-type]
            "new_chat_member": member_dict(self.bot, new),
        }
        return self._push("my_chat_member", update)

    def add_bot_to_group(
        self,
        chat: ChatRef,
        by: UserRef,
        *,
        status: MemberStatus = "member",
        service_message: bool = True,
    ) -> dict[str, Any]:
        """``by`` adds the bot (as member or administrator): my_chat_member, then the
        new_chat_members service message Telegram also sends."""
        with self._cond:
            target, adder = self._chat(chat), self._user(by)
            target.members.setdefault(adder.id, "member")
            update = self._bot_membership(target, adder, status)
            if service_message and target.type != "channel":
                message = self._user_message(
                    target, adder, {"new_chat_members": [self.bot.to_dict()]}
                )
                self._push("message", copy.deepcopy(message))
            return update

    def remove_bot_from_group(
        self, chat: ChatRef, by: UserRef, *, status: MemberStatus = "kicked"
    ) -> dict[str, Any]:
        """``by`` removes the bot; later sends get 403 (kicked, or not a member if 'left')."""
        with self._cond:
            return self._bot_membership(self._chat(chat), self._user(by), status)

    def block_bot(self, user: UserRef) -> dict[str, Any]:
        """The user blocks the bot: my_chat_member member→kicked, later sends get 403."""
        with self._cond:
            sender = self._user(user)
            chat = self._chat(sender.id)
            chat.blocked = True
            return self._bot_membership(chat, sender, "kicked", old="member")

    def unblock_bot(self, user: UserRef) -> dict[str, Any]:
        """The user restarts the bot: my_chat_member kicked→member."""
        with self._cond:
            sender = self._user(user)
            chat = self._chat(sender.id)
            chat.blocked = False
            chat.started = True
            return self._bot_membership(chat, sender, "member", old="kicked")

    def deactivate_user(self, user: UserRef) -> None:
        """The user deletes their account: sends get 403 "user is deactivated"."""
        with self._cond:
            self._chat(self._user(user).id).deactivated = True

    def migrate_to_supergroup(self, chat: ChatRef, by: UserRef | None = None) -> Chat:
        """Upgrade a basic group: old id answers 400 migrate_to_chat_id from now on, and both
        service messages (migrate_to_chat_id, migrate_from_chat_id) are queued."""
        with self._cond:
            old = self._chat(chat)
            if old.type != "group":
                raise ValueError("only basic groups migrate to supergroups")
            new = Chat(-next(self._supergroup_ids), "supergroup", old.title)
            new.members = dict(old.members)
            self._chats[new.id] = new
            old.migrated_to = new.id
            actor = self._user(by) if by is not None else self._creator(old)
            old_message = self._user_message(old, actor, {"migrate_to_chat_id": new.id})
            self._push("message", copy.deepcopy(old_message))
            new_message = self._user_message(
                new,
                ANONYMOUS_ADMIN,
                {"sender_chat": new.to_dict(), "migrate_from_chat_id": old.id},
            )
            self._push("message", copy.deepcopy(new_message))
            return new

    def _creator(self, chat: Chat) -> User:
        for user_id, status in chat.members.items():
            if status == "creator" and user_id in self._users:
                return self._users[user_id]
        raise ValueError("give `by`: the group has no creator")

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue any update as-is, e.g. ``push_update("edited_message", {...})``."""
        return self._push(kind, copy.deepcopy(payload))

    # failures ------------------------------------------------------------------------------

    def _inject(self, fault: Fault) -> None:
        with self._cond:
            self._faults.append(fault)

    def inject(
        self,
        kind: FaultKind,
        count: int = 1,
        *,
        method: str | Iterable[str] = SEND_METHODS,
        chat_id: int | None = None,
        **options: Any,
    ) -> None:
        """Make the next ``count`` matching calls fail (see the inject_* shortcuts).

        ``method`` is a Bot API method name, several, or ``"*"`` for any; ``chat_id`` limits
        the fault to calls for that chat.
        """
        methods = {method} if isinstance(method, str) else set(method)
        self._inject(Fault(kind, count, frozenset(m.lower() for m in methods), chat_id, **options))

    def inject_flood(self, count: int = 1, retry_after: int = 3, **match: Any) -> None:
        """429 Too Many Requests with ``parameters.retry_after``."""
        self.inject("flood", count, retry_after=retry_after, **match)

    def inject_server_error(
        self, count: int = 1, status: int = 502, *, html_body: bool = False, **match: Any
    ) -> None:
        """A 5xx; ``html_body=True`` answers nginx's HTML page, as Telegram's front does."""
        self.inject("server_error", count, status=status, html_body=html_body, **match)

    def inject_disconnect(
        self, count: int = 1, *, after_processing: bool = False, **match: Any
    ) -> None:
        """Close the connection without a response. With ``after_processing`` the message
        is sent first (recorded) and only the answer is lost, like a crash in flight."""
        self.inject("disconnect", count, after_processing=after_processing, **match)

    def inject_delay(self, seconds: float, count: int = 1, **match: Any) -> None:
        """Answer only after ``seconds`` (to exercise client timeouts)."""
        self.inject("delay", count, delay=seconds, **match)

    def inject_cant_parse(self, count: int = 1, **match: Any) -> None:
        """Reject the next sends that use a parse_mode with 400 can't parse entities;
        a plain-text retry passes."""
        self.inject("cant_parse", count, **match)

    def clear_faults(self) -> None:
        with self._cond:
            self._faults.clear()

    def revoke_token(self) -> None:
        """From now on every call answers 401 Unauthorized, as after /revoke in BotFather."""
        with self._cond:
            self.token_valid = False

    def set_rate_limits(self, limits: RateLimits | None = None, **changes: Any) -> RateLimits:
        """Replace the limits (or change some fields); past sends are forgotten."""
        with self._cond:
            current = limits or self._limiter.limits
            for key, value in changes.items():
                if not hasattr(current, key):
                    raise AttributeError(f"RateLimits has no field {key!r}")
                setattr(current, key, value)
            self._limiter.limits = current
            self._limiter.reset()
            return current

    def disable_rate_limits(self) -> None:
        self.set_rate_limits(enabled=False)


def _message_id_of(message: SentMessage | dict[str, Any] | int) -> int:
    if isinstance(message, SentMessage):
        return message.message_id
    if isinstance(message, dict):
        return int(message["message_id"])
    return message


def _chat_id_of(
    message: SentMessage | dict[str, Any] | int, chat: ChatRef | None, user: User
) -> int:
    if chat is not None:
        return chat.id if isinstance(chat, Chat) else chat
    if isinstance(message, SentMessage):
        return message.chat_id
    if isinstance(message, dict):
        return int(message["chat"]["id"])
    return user.id
