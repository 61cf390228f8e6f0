"""`.env.example` documents every setting, and its values are valid as they stand."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.settings import ENV_PREFIX, Settings, load_settings

EXAMPLE = Path(__file__).parent.parent / ".env.example"


def test_every_setting_is_listed_with_a_comment() -> None:
    lines = EXAMPLE.read_text().splitlines()
    listed = {line.split("=", 1)[0] for line in lines if line.startswith(ENV_PREFIX)}
    assert listed == {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    for index, line in enumerate(lines):
        if line.startswith(ENV_PREFIX):
            assert lines[index - 1].startswith("# "), line


def test_the_example_loads_as_is(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / ".env")
    assert load_settings() == Settings(_env_file=None)
