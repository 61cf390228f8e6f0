"""Fixtures for feed tests; import them into a test module (or conftest.py):

from tests.conftest_feeds import feed_server  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A fresh loopback feed server, closed (threads joined) after the test."""
    with FeedServer() as server:
        yield server
