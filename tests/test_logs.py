"""The bot token never reaches a log line, whichever library logs it."""

from __future__ import annotations

import logging

import pytest

from bot.logs import REDACTED, configure_logging

TOKEN = "123456789:AAHk3v-secret-token-value-abcdefghijkl"


def test_token_is_redacted_from_library_debug_output(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", secrets=(TOKEN,))
    url = f"https://api.telegram.org/bot{TOKEN}/getMe"
    logging.getLogger("httpx").debug('HTTP Request: POST %s "HTTP/1.1 200 OK"', url)
    logging.getLogger("telegram.ext").info("calling %s", url)
    try:
        raise RuntimeError(f"failed for {url}")
    except RuntimeError:
        logging.getLogger("gearwatch").exception("send failed")
    err = capsys.readouterr().err
    assert TOKEN not in err
    assert TOKEN.split(":")[1] not in err
    assert err.count(REDACTED) == 3


def test_token_shaped_strings_are_redacted_even_when_not_configured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO")
    logging.getLogger("x").warning("url /bot%s/sendMessage", TOKEN)
    assert TOKEN not in capsys.readouterr().err


def test_library_request_lines_are_quiet_below_debug(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=(TOKEN,))
    logging.getLogger("httpx").info("HTTP Request: POST /bot%s/getUpdates", TOKEN)
    assert "HTTP Request" not in capsys.readouterr().err
