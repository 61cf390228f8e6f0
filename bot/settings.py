"""Configuration from the environment and `.env` (SPEC §5).

Every variable is validated at start-up so that a bad value stops the process with one
line that names the variable, instead of failing later in the middle of a poll or a send.
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from alerts.publishing import PublishPolicy

ENV_PREFIX = "GEARWATCH_"
_DATABASE_URL = re.compile(
    r"^(sqlite(\+\w+)?:///.+|postgres(ql)?(\+\w+)?://[^/]*/\w[\w.-]*(\?.*)?)$"
)
_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


class ReviewMode(StrEnum):
    """Which incidents wait for a moderator before they are sent."""

    NONE = "none"
    UNCERTAIN = "uncertain"
    ALL = "all"


class ConfigError(Exception):
    """A configuration value is invalid; the message is one line for the operator."""


class Settings(BaseSettings):
    """The process's configuration; field names map to `GEARWATCH_<NAME>` variables."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    telegram_token: SecretStr = SecretStr("")
    telegram_api_url: str = "https://api.telegram.org/bot"
    database_url: str = "sqlite:///gearwatch.db"
    feeds_file: Path = Path("feeds.toml")
    poll_interval: int = Field(default=600, ge=10, le=7 * 24 * 3600)
    review: ReviewMode = ReviewMode.UNCERTAIN
    publish_confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    admin_chat_ids: Annotated[tuple[int, ...], NoDecode] = ()
    send_rate: float = Field(default=25.0, gt=0.0, le=1000.0)
    alert_max_age_days: int = Field(default=7, ge=0)
    log_level: str = "INFO"
    operator_contact: str = Field(default="", max_length=200)

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http or https URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not _DATABASE_URL.match(value.strip()):
            raise ValueError("must look like sqlite:///PATH or postgresql://user@host:port/db")
        return value.strip()

    @field_validator("review", mode="before")
    @classmethod
    def _review_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("admin_chat_ids", mode="before")
    @classmethod
    def _chat_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+", part) for part in parts):
                raise ValueError("must be comma-separated chat ids such as 123,-100456")
            return tuple(int(part) for part in parts)
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in _LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(_LOG_LEVELS)}")
        return value

    @property
    def token(self) -> str:
        """The bot token in clear, for the Telegram client only."""
        return self.telegram_token.get_secret_value()

    def publish_policy(self) -> PublishPolicy:
        return PublishPolicy(
            review=self.review.value,
            publish_confidence=self.publish_confidence,
            alert_max_age=timedelta(days=self.alert_max_age_days),
        )

    @property
    def console_mode(self) -> bool:
        """Without a token the pipeline runs and prints advisories instead of sending them."""
        return not self.token


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, turning the first error into a one-line ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else "configuration"
    message = error["msg"].removeprefix("Value error, ")
    return f"{ENV_PREFIX}{field.upper()}: {message}"
