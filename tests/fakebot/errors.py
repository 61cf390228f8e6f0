"""Telegram's error responses, built exactly as the Bot API returns them.

Clients classify errors by HTTP status, ``description`` and ``parameters`` (python-telegram-bot
raises RetryAfter, ChatMigrated, Forbidden, BadRequest or InvalidToken from them), so the fake
must reproduce each shape byte for byte rather than approximately.
"""

from __future__ import annotations

from typing import Any

GROUP_ANONYMOUS_BOT_ID = 1087968824


class ApiError(Exception):
    """A failed Bot API call; ``body`` is the JSON object sent back to the client."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(what: str) -> ApiError:
    """400 with Telegram's ``Bad Request: `` prefix."""
    return ApiError(400, f"Bad Request: {what}")


def forbidden(what: str) -> ApiError:
    """403 with Telegram's ``Forbidden: `` prefix."""
    return ApiError(403, f"Forbidden: {what}")


def cant_parse(what: str) -> ApiError:
    """400 for HTML (or Markdown) that Telegram's entity parser rejects."""
    return bad_request(f"can't parse entities: {what}")


def flood(retry_after: int) -> ApiError:
    """429; ``retry_after`` is whole seconds, at least 1, as Telegram sends it."""
    seconds = max(1, int(retry_after))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def migrated(new_chat_id: int) -> ApiError:
    """400 for a basic group that became a supergroup; clients must move to the new id."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        {"migrate_to_chat_id": new_chat_id},
    )


def unauthorized() -> ApiError:
    """401 for a well-formed token Telegram does not know (revoked or wrong)."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """404 for an unknown method or a malformed token."""
    return ApiError(404, "Not Found")


def conflict(what: str) -> ApiError:
    """409, e.g. two processes long-polling the same bot."""
    return ApiError(409, f"Conflict: {what}")


SERVER_ERROR_DESCRIPTIONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def server_error(status: int = 502) -> ApiError:
    """A 5xx as the Bot API's JSON body."""
    return ApiError(status, SERVER_ERROR_DESCRIPTIONS.get(status, "Internal Server Error"))


def chat_not_found() -> ApiError:
    return bad_request("chat not found")
