"""Configuration: defaults, .env, and one clear line naming the variable on a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, ReviewMode, load_settings


def test_defaults_match_the_spec() -> None:
    settings = load_settings()
    assert settings.console_mode
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.database_url == "sqlite:///gearwatch.db"
    assert settings.poll_interval == 600
    assert settings.review is ReviewMode.UNCERTAIN
    assert settings.publish_confidence == 0.8
    assert settings.admin_chat_ids == ()
    assert settings.send_rate == 25
    assert settings.alert_max_age_days == 7
    assert settings.log_level == "INFO"


def test_values_come_from_dotenv_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "GEARWATCH_REVIEW=ALL\nGEARWATCH_ADMIN_CHAT_IDS=123, -100456\nPOSTGRES_PASSWORD=x\n"
    )
    settings = load_settings()
    assert settings.review is ReviewMode.ALL
    assert settings.admin_chat_ids == (123, -100456)


def test_the_environment_overrides_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("GEARWATCH_SEND_RATE=5\n")
    monkeypatch.setenv("GEARWATCH_SEND_RATE", "7.5")
    assert load_settings().send_rate == 7.5


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GEARWATCH_REVIEW", "sometimes"),
        ("GEARWATCH_DATABASE_URL", "mysql://localhost/db"),
        ("GEARWATCH_DATABASE_URL", "postgresql:/broken"),
        ("GEARWATCH_SEND_RATE", "-3"),
        ("GEARWATCH_SEND_RATE", "fast"),
        ("GEARWATCH_POLL_INTERVAL", "0"),
        ("GEARWATCH_PUBLISH_CONFIDENCE", "1.5"),
        ("GEARWATCH_ADMIN_CHAT_IDS", "12,abc"),
        ("GEARWATCH_ALERT_MAX_AGE_DAYS", "-1"),
        ("GEARWATCH_LOG_LEVEL", "LOUD"),
        ("GEARWATCH_TELEGRAM_API_URL", "ftp://example.org"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"{variable}: ")
    assert "\n" not in message


def test_the_token_is_secret_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456789:AAHk3v-secret-token-value-abcdefghijkl"
    monkeypatch.setenv("GEARWATCH_TELEGRAM_TOKEN", token)
    settings = load_settings()
    assert settings.token == token
    assert not settings.console_mode
    assert token not in repr(settings) and token not in str(settings.model_dump())
