"""Decide whether a new detection reports an incident already known (SPEC §2).

Pure and storage-free: the caller passes the few features of recent incidents of the same
kind near the same place; ``best_match`` says which one, if any, the new report belongs to.
Features are language-independent (items, agencies, tactics, place, time) so an English and a
Spanish report of one incident merge; title tokens add evidence where outlets share words.
Two incidents in one city stay apart unless their content agrees too.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from alerts.places import Place, distance_km, fold

K = TypeVar("K", bound=Hashable)

MAX_GAP = timedelta(days=4)
SAME_CITY_KM = 20.0
THRESHOLD = 0.45

_TOKEN = re.compile(r"[\w$]+")
_STOP_WORDS = (
    "the a an and or of in on at to for from with by after as is are was were be been his her "
    "their its man men woman women police say says said agent agents officer officers fake "
    "el la los las un una unos unas de del en con por para que se y o al sus su policia "
    "falso falsos falsa agente agentes dice dicen"
)
_STOP = frozenset(_STOP_WORDS.split())
# Title words in Spanish, and English variants, as one English word: reports of one incident
# in two languages then share title words ("uniforme"/"uniform", "viviendas"/"homes").
_SAME_WORD = {
    # who
    "inmigracion": "immigration", "migra": "immigration", "migratorio": "immigration",
    "migratorios": "immigration", "patrulla": "patrol", "fronteriza": "border",
    "frontera": "border", "seguridad": "security", "nacional": "homeland", "aduanas": "customs",
    "federales": "federal", "alguacil": "sheriff", "oficial": "officer", "oficiales": "officer",
    "officers": "officer", "traficante": "smuggling", "contrabandista": "smuggling",
    "smuggler": "smuggling", "trabajadores": "worker", "workers": "worker", "joven": "young",
    "dos": "two", "tres": "three", "cuatro": "four",
    # what
    "chaleco": "vest", "chalecos": "vest", "vests": "vest", "placa": "badge", "placas": "badge",
    "badges": "badge", "uniforme": "uniform", "uniformes": "uniform", "uniforms": "uniform",
    "chaqueta": "jacket", "chaquetas": "jacket", "jackets": "jacket", "arma": "gun",
    "armas": "gun", "pistola": "gun", "pistolas": "gun", "guns": "gun", "pistol": "gun",
    "handgun": "gun", "firearm": "gun", "firearms": "gun", "fusil": "rifle", "rifles": "rifle",
    "municiones": "ammunition", "balas": "ammunition", "ammo": "ammunition",
    "camioneta": "vehicle", "vehiculo": "vehicle", "suv": "vehicle", "truck": "vehicle",
    "pickup": "vehicle", "van": "vehicle", "auto": "car", "carro": "car", "coche": "car",
    "credencial": "credentials", "credenciales": "credentials", "esposas": "handcuffs",
    "viviendas": "home", "vivienda": "home", "casas": "home", "casa": "home", "hogares": "home",
    "homes": "home", "house": "home", "houses": "home", "tienda": "store", "estacion": "station",
    "tren": "train", "ligero": "light", "encubierto": "undercover",
    # what happened
    "roban": "stolen", "robaron": "stolen", "robo": "stolen", "robada": "stolen",
    "robado": "stolen", "robadas": "stolen", "robados": "stolen", "hurtan": "stolen",
    "stole": "stolen", "steal": "stolen", "steals": "stolen", "stealing": "stolen",
    "theft": "stolen", "taken": "stolen",
    "arrestan": "arrested", "arrestado": "arrested", "arrestada": "arrested",
    "detienen": "arrested", "detenido": "arrested", "detenida": "arrested", "arrest": "arrested",
    "arrests": "arrested", "acusan": "charged", "acusado": "charged", "acusada": "charged",
    "charges": "charged", "fingian": "posing", "fingia": "posing", "suplantar": "posing",
    "posed": "posing", "poses": "posing", "pretended": "posing", "impersonating": "posing",
    "impersonated": "posing", "irrumpen": "entry", "irrumpieron": "entry", "forced": "entry",
    "forcing": "entry", "extorsion": "extortion", "extorted": "extortion",
    "secuestro": "kidnapping", "kidnapped": "kidnapping", "asaltan": "robbery",
    "asalto": "robbery", "robbed": "robbery",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class IncidentFeatures:
    """What merging compares; build with ``features`` from a detection and its entry."""

    kind: str
    place: Place | None
    reported_at: datetime
    items: frozenset[str]
    agencies: frozenset[str]
    tactics: frozenset[str]
    title_tokens: frozenset[str]


def title_tokens(title: str) -> frozenset[str]:
    """Content words of a title, folded (accents, case) so outlets' wordings compare."""
    return frozenset(
        _SAME_WORD.get(t, t)
        for t in _TOKEN.findall(fold(title))
        if (t not in _STOP and len(t) > 2) or t.isdigit()
    )


def features(
    kind: str,
    place: Place | None,
    reported_at: datetime,
    items: Iterable[str],
    agencies: Iterable[str],
    tactics: Iterable[str],
    title: str,
) -> IncidentFeatures:
    """Features of one report (or of an incident: pass its first report's values).

    A naive ``reported_at`` (SQLite returns them) is taken to be UTC, so it compares with
    aware ones.
    """
    if reported_at.tzinfo is None:
        reported_at = reported_at.replace(tzinfo=UTC)
    return IncidentFeatures(
        kind,
        place,
        reported_at,
        frozenset(items),
        frozenset(agencies),
        frozenset(tactics),
        title_tokens(title),
    )


def _overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Share of the smaller set found in the larger: a terse second report still matches."""
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


_LOCAL = frozenset({"police", "sheriff"})
_REMOTE = frozenset({"phone_call"})
_IN_PERSON = frozenset(
    {"home_visit", "traffic_stop", "workplace", "street_stop", "robbery", "detention",
     "kidnapping", "assault"}
)  # fmt: skip


def _agencies(a: frozenset[str]) -> frozenset[str]:
    """Federal agencies named; local police is often just who reports, so it counts last."""
    return a - _LOCAL or a


def _conflict(a: IncidentFeatures, b: IncidentFeatures) -> bool:
    """Facts that two reports of one incident would not disagree on."""
    if a.kind == "stolen_gear" and a.agencies and b.agencies and not a.agencies & b.agencies:
        return True  # gear has one owner: a deputy's rifle is not the FBI's
    fa, fb = _agencies(a.agencies), _agencies(b.agencies)
    if fa and fb and not fa & fb and not (fa <= _LOCAL or fb <= _LOCAL):
        return True
    for x, y in ((a.tactics, b.tactics), (b.tactics, a.tactics)):
        if x & _REMOTE and not x & _IN_PERSON and y & _IN_PERSON and not y & _REMOTE:
            return True  # a phone scam and an in-person robbery are two incidents
    return bool(a.items and b.items and not a.items & b.items and a.kind == "stolen_gear")


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Same city (or within a city's reach), or a state-level place containing the other."""
    if a is None or b is None:
        return a is None and b is None
    if a.level == "country" or b.level == "country":
        return a.country == b.country
    if a.level == "state" or b.level == "state":
        return a.country == b.country and a.state == b.state
    return a.geonameid == b.geonameid or distance_km(a, b) <= SAME_CITY_KM


def similarity(a: IncidentFeatures, b: IncidentFeatures) -> float:
    """0..1 agreement of content; features absent on either side do not count."""
    if _conflict(a, b):
        return 0.0
    parts = [
        (0.30, _overlap(a.items, b.items)),
        (0.15, _overlap(_agencies(a.agencies), _agencies(b.agencies))),
        (0.30, _overlap(a.tactics, b.tactics)),
        (0.25, _overlap(a.title_tokens, b.title_tokens)),
    ]
    weight = sum(w for w, v in parts if v is not None)
    if not weight:
        return 0.0
    return sum(w * v for w, v in parts if v is not None) / weight


def merge_score(new: IncidentFeatures, old: IncidentFeatures) -> float:
    """Similarity when kind, place and time allow a merge, else 0."""
    if new.kind != old.kind or abs(new.reported_at - old.reported_at) > MAX_GAP:
        return 0.0
    if not places_compatible(new.place, old.place):
        return 0.0
    score = similarity(new, old)
    if _vague(new.place) or _vague(old.place):  # little but content to go on: ask for more
        score -= 0.15
    return score


def _vague(place: Place | None) -> bool:
    """No place, or only a state or country: a whole state holds many incidents a week."""
    return place is None or place.level != "city"


def should_merge(new: IncidentFeatures, old: IncidentFeatures) -> bool:
    """True when ``new`` reports the same real incident as ``old``."""
    return merge_score(new, old) >= THRESHOLD


def best_match(new: IncidentFeatures, candidates: Iterable[tuple[K, IncidentFeatures]]) -> K | None:
    """Key of the best-matching incident among candidates, or None for a new incident."""
    best: tuple[float, K] | None = None
    for key, old in candidates:
        score = merge_score(new, old)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, key)
    return best[1] if best else None
