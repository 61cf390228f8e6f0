"""The fake's view of Telegram: users, chats, memberships and what was sent.

Objects serialise to the Bot API's JSON so that python-telegram-bot builds real Message,
Chat and ChatMember objects from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChatType = Literal["private", "group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "restricted", "left", "kicked"]
FaultKind = Literal["flood", "server_error", "disconnect", "cant_parse", "delay"]


@dataclass
class User:
    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    last_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


@dataclass
class Chat:
    """A chat as the bot sees it; ``members`` maps user id to status (the bot included)."""

    id: int
    type: ChatType
    title: str | None = None
    username: str | None = None
    user: User | None = None  # the other party of a private chat
    members: dict[int, MemberStatus] = field(default_factory=dict)
    blocked: bool = False  # private: the user blocked the bot
    deactivated: bool = False  # private: the user deleted their account
    started: bool = True  # private: the user has opened the chat with the bot
    migrated_to: int | None = None  # basic group upgraded to this supergroup
    next_message_id: int = 1

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.is_private and self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        if self.title:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        return data

    def full_info(self) -> dict[str, Any]:
        """ChatFullInfo, what getChat returns since Bot API 7.3."""
        data = self.to_dict()
        data.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return data

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent (or an edit it made), as recorded when Telegram accepted it."""

    chat_id: int
    message_id: int
    text: str
    """The text as the bot sent it (with HTML markup, if any)."""
    plain_text: str
    """The text after entity parsing, as users see it."""
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    time: float
    """Monotonic time of acceptance (the fake's clock)."""
    params: dict[str, Any]
    method: str = "sendMessage"

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]


@dataclass(frozen=True)
class RequestRecord:
    """One Bot API call as the fake served it."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    time: float


@dataclass
class Fault:
    """A failure injected for the next matching calls."""

    kind: FaultKind
    remaining: int
    methods: frozenset[str]
    chat_id: int | None = None
    retry_after: int = 3
    status: int = 502
    html_body: bool = False
    after_processing: bool = False
    delay: float = 0.0

    def matches(self, method: str, chat_id: object, has_parse_mode: bool) -> bool:
        if self.remaining <= 0:
            return False
        if "*" not in self.methods and method.lower() not in self.methods:
            return False
        if self.chat_id is not None and chat_id != self.chat_id:
            return False
        return self.kind != "cant_parse" or has_parse_mode


ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_post_messages": True,
    "can_edit_messages": True,
    "can_pin_messages": True,
}
RESTRICTED_RIGHTS = {
    "is_member": True,
    "can_send_messages": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_manage_topics": False,
    "can_edit_tag": False,
    "until_date": 0,
}


def member_dict(user: User, status: MemberStatus) -> dict[str, Any]:
    """A ChatMember object of the given status with every field the Bot API requires."""
    data: dict[str, Any] = {"status": status, "user": user.to_dict()}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(ADMIN_RIGHTS)
    elif status == "restricted":
        data.update(RESTRICTED_RIGHTS)
    elif status == "kicked":
        data["until_date"] = 0
    return data
