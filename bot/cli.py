"""The `gearwatch` command line (SPEC §6): parsing and dispatch in one place."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn
from urllib.parse import urlsplit

from sqlalchemy.exc import OperationalError

from alerts import publishing
from alerts.feeds.config import FeedsFileError
from alerts.publishing import AlreadyReviewedError
from bot import service
from bot.cli_output import feeds_table, incident_json, incidents_table, poll_table
from bot.logs import configure_logging
from bot.resources import ResourceError
from bot.services import open_services
from bot.settings import ConfigError, Settings, load_settings
from db import feeds as feed_queries
from db import queries
from db.engine import transaction
from db.models import utcnow

KINDS = ("stolen_gear", "impersonation")
STATUSES = ("pending", "published", "rejected")


class CommandError(Exception):
    """A command failed in a way the operator can act on; printed as one line."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gearwatch",
        description="Warns Telegram chats of stolen agency gear and immigration-agent "
        "impersonators reported in public news feeds.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = _command(commands, "run", "run the service: scheduler, bot and delivery", _run)
    run.add_argument(
        "--no-updates",
        action="store_true",
        help="poll and send only; do not read Telegram updates (extra workers on PostgreSQL)",
    )

    poll = _command(commands, "poll", "poll due feeds once, store and queue, then exit", _poll)
    poll.add_argument("--once", action="store_true", help="one pass (the default)")
    poll.add_argument("--all", action="store_true", help="poll every enabled feed, due or not")

    incidents = _command(commands, "incidents", "list incidents, newest first", _incidents)
    incidents.add_argument("--json", action="store_true", help="print one JSON array")
    incidents.add_argument("--city", help='city name, or "City, ST"')
    incidents.add_argument("--kind", choices=KINDS)
    incidents.add_argument("--status", choices=STATUSES)
    incidents.add_argument("--limit", type=_positive_int, default=50, help="default 50")

    feeds = _command(commands, "feeds", "manage the polled feeds", None)
    feed_commands = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    _command(feed_commands, "list", "list feeds with their health", _feeds_list)
    add = _command(feed_commands, "add", "add a feed by URL", _feeds_add)
    add.add_argument("url", type=_feed_url)
    add.add_argument("--name", help="display name (default: the URL's host)")
    add.add_argument("--region", help='default place for its items, e.g. "Oakland, CA"')
    remove = _command(feed_commands, "remove", "disable a feed, keeping its history", _feeds_rm)
    remove.add_argument("id", type=_positive_int)

    review = _command(commands, "review", "the moderation queue", None)
    review_commands = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    _command(review_commands, "list", "incidents waiting for a moderator", _review_list)
    approve = _command(review_commands, "approve", "publish an incident", _review_approve)
    approve.add_argument("id", type=_positive_int)
    reject = _command(review_commands, "reject", "reject an incident", _review_reject)
    reject.add_argument("id", type=_positive_int)

    database = _command(commands, "db", "database maintenance", None)
    db_commands = database.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    _command(db_commands, "upgrade", "apply schema migrations", _db_upgrade)

    _command(commands, "stats", "counts of feeds, entries, incidents, chats, deliveries", _stats)
    return parser


def _command(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    handler: Handler | None,
) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=summary, description=summary)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def _positive_int(text: str) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def _feed_url(text: str) -> str:
    if not re.match(r"^https?://[^/\s]+", text):
        raise argparse.ArgumentTypeError(f"feeds must be http or https URLs, got {text!r}")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_level, secrets=(settings.token,))
        return int(args.handler(args, settings))
    except (
        ConfigError,
        CommandError,
        queries.NotFoundError,
        AlreadyReviewedError,
        FeedsFileError,
        service.StartupError,
        ResourceError,
    ) as exc:
        return _fail(str(exc))
    except OperationalError as exc:
        return _fail(f"database error: {_first_line(exc.orig or exc)}")
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"gearwatch: {message}", file=sys.stderr)
    return 1


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _run(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services:
        return service.run(services, no_updates=args.no_updates)


def _poll(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services:
        result = asyncio.run(service.poll_once(services, every=args.all))
    print(poll_table(result.reports))
    print(
        f"{sum(r.new_entries for r in result.reports)} new entries, "
        f"{len(result.created)} new incidents ({len(result.pending)} waiting for review), "
        f"{result.deliveries} deliveries queued"
    )
    return 0


def _incidents(args: argparse.Namespace, settings: Settings) -> int:
    city, state = _split_city(args.city)
    wanted = queries.IncidentFilter(
        city=city, state=state, kind=args.kind, status=args.status, limit=args.limit
    )
    with open_services(settings) as services, services.sessions() as session:
        incidents = queries.list_incidents(session, wanted)
        if args.json:
            print(json.dumps([incident_json(i) for i in incidents], ensure_ascii=False, indent=1))
        else:
            print(incidents_table(incidents))
    return 0


def _split_city(text: str | None) -> tuple[str | None, str | None]:
    """'Oakland, CA' → ('Oakland', 'CA'); 'Oakland' → ('Oakland', None)."""
    if not text:
        return None, None
    city, _, state = text.partition(",")
    return city.strip() or None, state.strip() or None


def _feeds_list(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, services.sessions() as session:
        print(feeds_table(feed_queries.list_feeds(session), utcnow()))
    return 0


def _feeds_add(args: argparse.Namespace, settings: Settings) -> int:
    name = args.name or urlsplit(args.url).hostname or args.url
    with open_services(settings) as services, transaction(services.sessions) as session:
        feed = feed_queries.add_feed(session, args.url, name, args.region, utcnow())
        print(f"feed {feed.id} added: {feed.name} <{feed.url}>")
    return 0


def _feeds_rm(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, transaction(services.sessions) as session:
        feed = feed_queries.remove_feed(session, args.id)
        print(f"feed {feed.id} removed (disabled; its entries are kept): {feed.name}")
    return 0


def _review_list(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, services.sessions() as session:
        pending = queries.list_incidents(session, queries.IncidentFilter(status="pending"))
        print(incidents_table(pending))
    return 0


def _review_approve(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, transaction(services.sessions) as session:
        queued = publishing.approve(session, args.id, "cli", settings.publish_policy(), utcnow())
    print(f"incident {args.id} published; {queued} deliveries queued")
    return 0


def _review_reject(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, transaction(services.sessions) as session:
        publishing.reject(session, args.id, "cli", utcnow())
    print(f"incident {args.id} rejected")
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    open_services(settings).close()
    print("database schema is up to date")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    with open_services(settings) as services, services.sessions() as session:
        counts = queries.stats(session)
    for key, value in counts.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in sorted(value.items())) or "0"
            print(f"{key}: {shown}")
        else:
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
