"""The Telegram side of gearwatch: handlers, languages, /verify, delivery, wiring, the CLI."""

import os

# Opt in to python-telegram-bot's coming API: RetryAfter.retry_after as a timedelta.
os.environ.setdefault("PTB_TIMEDELTA", "1")
