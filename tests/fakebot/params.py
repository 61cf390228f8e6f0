"""Request parameters as clients send them: query string, form, multipart or JSON.

python-telegram-bot posts form fields whose non-string values are JSON-encoded (numbers,
booleans, reply_markup); other clients post JSON. Both decode to the same typed values here.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from typing import Any
from urllib.parse import parse_qsl

from .errors import bad_request


def decode_body(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Merge the query string and the body into one mapping of parameter names."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    mime = content_type.split(";")[0].strip().lower()
    if not body:
        return params
    if mime == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise bad_request("can't parse JSON encoded request") from exc
        if not isinstance(data, dict):
            raise bad_request("can't parse JSON encoded request")
        params.update(data)
    elif mime == "multipart/form-data":
        params.update(_multipart(content_type, body))
    else:
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            fields[name] = payload
        else:
            fields[name] = payload.decode("utf-8", "replace")
    return fields


JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "link_preview_options",
        "entities",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
        "disable_web_page_preview",
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "latitude",
        "longitude",
    }
)
INTEGER_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "timeout",
        "reply_to_message_id",
        "message_thread_id",
        "cache_time",
    }
)


class Params:
    """Typed access to one request's parameters, whichever encoding they came in."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def string(self, name: str, default: str | None = None) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError as exc:
            raise bad_request(f'field "{name}" must be of type Integer') from exc

    def number(self, name: str, default: float | None = None) -> float | None:
        value = self.raw.get(name)
        if value in (None, ""):
            return default
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f'field "{name}" must be of type Float') from exc

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("true", "1")

    def json_value(self, name: str) -> Any:
        """A JSON-serialised object or array (reply_markup, commands, scope...)."""
        value = self.raw.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, str | bytes):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def chat_id(self, name: str = "chat_id") -> int | str | None:
        """A chat id is an integer or a channel's ``@username``."""
        value = self.raw.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, str) and value.strip().startswith("@"):
            return value.strip()
        return self.integer(name)

    def loggable(self) -> dict[str, Any]:
        """Parameters with JSON objects and integers decoded, whatever the body encoding,
        so the request log reads the same for form and JSON clients."""
        out: dict[str, Any] = {}
        for key, value in self.raw.items():
            if isinstance(value, bytes):
                out[key] = f"<{len(value)} bytes>"
            elif isinstance(value, str) and key in JSON_FIELDS:
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
            elif isinstance(value, str) and key in INTEGER_FIELDS:
                try:
                    out[key] = int(value)
                except ValueError:
                    out[key] = value
            else:
                out[key] = value
        return out
