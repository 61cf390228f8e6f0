"""feeds.toml loading and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.feeds.config import FeedsFileError, FeedSpec, load_feeds_file

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_is_valid_and_bilingual() -> None:
    specs = load_feeds_file(ROOT / "feeds.toml")
    assert len(specs) >= 10
    assert {s.language for s in specs} >= {"en", "es"}
    assert all(s.url.startswith("https://") and s.enabled for s in specs)
    hosts = {s.url.split("/")[2] for s in specs}
    assert {"news.google.com", "www.bing.com"} <= hosts


def test_full_and_minimal_tables(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[feed]]
url = "https://example.org/rss"
name = "Local"
interval = 900
language = "ES"
region = "Oakland, CA"
enabled = false

[[feed]]
url = "http://example.org/other"
name = "  Other  "
""",
    )
    assert load_feeds_file(path) == [
        FeedSpec("https://example.org/rss", "Local", 900, "es", "Oakland, CA", False),
        FeedSpec("http://example.org/other", "Other"),
    ]


def test_empty_file_has_no_feeds(tmp_path: Path) -> None:
    assert load_feeds_file(write(tmp_path, "# nothing yet\n")) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[feed]]\nurl = "ftp://x.org/f"\nname = "a"\n', r"feed #1: field 'url' must be http"),
        ('[[feed]]\nurl = "file:///etc/passwd"\nname = "a"\n', r"feed #1: field 'url'"),
        ('[[feed]]\nname = "a"\n', r"feed #1: field 'url' is required"),
        ('[[feed]]\nurl = "https://x.org/f"\n', r"feed #1 \(https://x.org/f\): field 'name'"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\ninterval = 0\n', r"#1 \(a\).*'interval'"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\ninterval = "60"\n', r"'interval'"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\ninterval = true\n', r"'interval'"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\nenabled = "no"\n', r"'enabled'"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\nlanguage = "english!"\n', "language"),
        ('[[feed]]\nurl = "https://x.org/f"\nname = "a"\nintervall = 5\n', "unknown field"),
        ('[[feed]]\nurl = "https://x.org:99999/f"\nname = "a"\n', "not a valid URL"),
        ("feeds = 1\n", "unknown top-level key 'feeds'"),
        ("[[feed]\n", "invalid TOML"),
        (
            '[[feed]]\nurl = "https://X.org/f"\nname = "a"\n'
            '[[feed]]\nurl = "https://x.org/g"\nname = "b"\n'
            '[[feed]]\nurl = "HTTPS://x.ORG/f"\nname = "c"\n',
            r"feed #3: url duplicates feed #1",
        ),
    ],
)
def test_invalid_files_name_feed_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FeedsFileError, match=message) as info:
        load_feeds_file(write(tmp_path, text))
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FeedsFileError, match="file not found"):
        load_feeds_file(tmp_path / "nope.toml")
