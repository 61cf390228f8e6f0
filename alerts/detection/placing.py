"""Find where an incident happened from a news item's text.

Mentions are gathered by a few patterns, each with a weight that says how likely it names
the scene: "City, ST" and "in/on/at City" are strong; an agency's home ("Lorain police") is
good; a dateline is the outlet's location and counts less; "a Huger man" or "from X" names
a suspect's or victim's home town and counts least. Names resolve through the gazetteer,
preferring the state given next to the name, then states named anywhere in the text, then
the feed's region. Small, foreign or neighbourhood names need such support to count.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from alerts.detection.lexicon import has_any, matches_at
from alerts.places import US_STATES, Place, fold, gazetteer, lookup, state_code

_UP = "A-ZÁÉÍÓÚÑÜ"
_TOK = rf"(?:(?:St|Ft|Mt)\.\s)?[{_UP}][\w'’-]*"
_CAP = rf"(?:{_TOK}|(?:del|de|las|la|los|el)\b)"  # "del" before "de": "Carolina del Sur"
_NAME = rf"{_TOK}(?:\s{_CAP}){{0,3}}"
# The same name led by its capital, the word boundary checked after it: a pattern opening
# with a character class lets ``re`` skip to the capitals instead of trying every position.
_LEAD_TOK = rf"[{_UP}](?<!\w.)(?:(?<=[SFM])t\.\s[{_UP}])?[\w'’-]*"
_LEAD_NAME = rf"{_LEAD_TOK}(?:\s{_CAP}){{0,3}}"
# Province words the qualifier pattern takes (folded) -> postal code, as places carry it
_PROVINCES = {
    "ont": "ON", "ontario": "ON", "bc": "BC", "british columbia": "BC", "que": "QC",
    "quebec": "QC", "alta": "AB", "alberta": "AB", "ns": "NS", "nova scotia": "NS",
    "man": "MB", "manitoba": "MB", "sask": "SK", "saskatchewan": "SK", "nb": "NB",
    "new brunswick": "NB",
}  # fmt: skip
# Mexican states as written after a city ("ZAPOPAN, Jalisco", "Celaya, Gto."), folded ->
# the name places carry
_MX_STATES = {
    "aguascalientes": "Aguascalientes", "ags": "Aguascalientes",
    "baja california": "Baja California", "baja california sur": "Baja California Sur",
    "bcs": "Baja California Sur", "campeche": "Campeche", "camp": "Campeche",
    "chiapas": "Chiapas", "chis": "Chiapas", "chihuahua": "Chihuahua", "chih": "Chihuahua",
    "coahuila": "Coahuila", "coah": "Coahuila", "colima": "Colima", "durango": "Durango",
    "dgo": "Durango", "guanajuato": "Guanajuato", "gto": "Guanajuato", "guerrero": "Guerrero",
    "gro": "Guerrero", "hidalgo": "Hidalgo", "hgo": "Hidalgo", "jalisco": "Jalisco",
    "jal": "Jalisco", "estado de mexico": "México", "edomex": "México",
    "michoacan": "Michoacán", "mich": "Michoacán", "morelos": "Morelos", "mor": "Morelos",
    "nayarit": "Nayarit", "nay": "Nayarit", "nuevo leon": "Nuevo León", "nl": "Nuevo León",
    "oaxaca": "Oaxaca", "oax": "Oaxaca", "puebla": "Puebla", "pue": "Puebla",
    "queretaro": "Querétaro", "qro": "Querétaro", "quintana roo": "Quintana Roo",
    "qroo": "Quintana Roo", "san luis potosi": "San Luis Potosí", "slp": "San Luis Potosí",
    "sinaloa": "Sinaloa", "sin": "Sinaloa", "sonora": "Sonora", "son": "Sonora",
    "tabasco": "Tabasco", "tab": "Tabasco", "tamaulipas": "Tamaulipas",
    "tamps": "Tamaulipas", "tlaxcala": "Tlaxcala", "tlax": "Tlaxcala", "veracruz": "Veracruz",
    "ver": "Veracruz", "yucatan": "Yucatán", "yuc": "Yucatán", "zacatecas": "Zacatecas",
    "zac": "Zacatecas", "cdmx": "Mexico City",
}  # fmt: skip
# English counties as written after a town ("Brentwood, Essex"): the town is in England.
# Names shared with a US state's common places (Norfolk, Durham, Somerset) are left out.
_ENGLISH_COUNTIES = (
    "Essex", "Kent", "Surrey", "East Sussex", "West Sussex", "Sussex", "Hampshire", "Devon",
    "Cornwall", "Dorset", "Wiltshire", "Berkshire", "Oxfordshire", "Buckinghamshire",
    "Hertfordshire", "Bedfordshire", "Cambridgeshire", "Suffolk", "Lincolnshire",
    "Nottinghamshire", "Derbyshire", "Leicestershire", "Northamptonshire", "Warwickshire",
    "Worcestershire", "Gloucestershire", "Herefordshire", "Shropshire", "Staffordshire",
    "Cheshire", "Lancashire", "Merseyside", "Greater Manchester", "West Yorkshire",
    "South Yorkshire", "North Yorkshire", "Cumbria", "Northumberland", "Tyne and Wear",
    "West Midlands", "Greater London",
)  # fmt: skip
_COUNTY_OF_ENGLAND = frozenset(fold(c) for c in _ENGLISH_COUNTIES)
_STATE_WORD = (
    r"(?:D\.C\.|[A-Z]\.\s?[A-Z][a-z]?\.|[A-Z]{2}\b|[A-Z][a-z]{1,4}\.(?:\s?[A-Z][a-z]?\.)?|Alabama|Alaska|Arizona|"
    r"Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Haw[aá]ii?|Idaho|Illinois|"
    r"Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|M[ií]chigan|Minnesota|"
    r"Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    r"New York|North Carolina|North Dakota|Ohio|Oklahoma|Oreg[oó]n|Pennsylvania|Rhode Island|"
    r"South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    r"West Virginia|Wisconsin|Wyoming|Carolina del (?:Norte|Sur)|Nuevo M[eé]xico|Nueva Jersey|"
    r"Pensilvania|Luisiana|Misuri|Tejas|Ontario|Quebec|British Columbia|Alberta|Nova Scotia|"
    r"Manitoba|Saskatchewan|New Brunswick|Mexico|M[eé]xico|Canada|Canad[aá]|England|"
    r"Aguascalientes|Baja California(?: Sur)?|Campeche|Chiapas|Chihuahua|Coahuila|Colima|"
    r"Durango|Guanajuato|Guerrero|Hidalgo|Jalisco|Estado de M[eé]xico|Michoac[aá]n|Morelos|"
    r"Nayarit|Nuevo Le[oó]n|Oaxaca|Puebla|Quer[eé]taro|Quintana Roo|San Luis Potos[ií]|"
    r"Sinaloa|Sonora|Tabasco|Tamaulipas|Tlaxcala|Veracruz|Yucat[aá]n|Zacatecas|CDMX|"
    + "|".join(_ENGLISH_COUNTIES)
    + ")"
)
# US broadcasters' call signs begin with K or W ("KPIX", "WSVN-TV"); Canada's and Mexico's
# with C and X.
_US_STATION = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|DT|FM|AM))?")
DATELINE = re.compile(
    rf"^\s*(?P<name>[A-Z][A-Z.'’ -]{{2,40}}?)(?:,\s*(?P<st>{_STATE_WORD}))?\s*"
    r"(?:\((?P<outlet>[^)]{1,40})\))?\s*[—–-]{1,2}\s"
)
# A state that opens its own police names the agency, not the town's state: "in Wilmington,
# Vermont State Police said".
CITY_STATE = re.compile(
    rf"(?P<name>{_LEAD_NAME}),\s+(?P<st>{_STATE_WORD})"
    r"(?!\s+[Ss]tate\s+(?:[Pp]olice|[Pp]atrol|[Tt]roopers?|[Hh]ighway))"
)
DC = re.compile(
    r"D(?<!\wD)\.C\.|W(?<!\wW)ashington,? DC\b|t(?<!\wt)he District\b"
    r"|(?<=[Nn]ortheast |[Nn]orthwest |[Ss]outheast |[Ss]outhwest )DC\b"  # "in Northeast DC"
)
# PREP's words: a preposition, then optionally an article, a part of town, "city of"
_PREP_WORDS = ("in", "on", "at", "near", "outside", "across", "through", "throughout",
               "around", "en", "cerca de", "afueras de")  # fmt: skip
_PREP_ARTICLES = ("the", "la", "el", "his", "her", "their", "its", "su", "sus")
_PREP_PARTS = ("north", "south", "east", "west", "northeast", "northwest", "southeast",
               "southwest", "central", "downtown", "suburban", "rural", "el norte de",
               "el sur de", "el centro de", "el este de", "el oeste de")  # fmt: skip
_PREP_TOWN = ("city of", "town of", "ciudad de", "borough of")
_SPACE = r"\s+"
PREP = re.compile(
    rf"\b(?P<prep>{'|'.join(_PREP_WORDS)})\s+(?:{'|'.join(w + _SPACE for w in _PREP_ARTICLES)})?"
    rf"(?:(?:{'|'.join(_PREP_PARTS)})\s+)?(?:{'|'.join(w + _SPACE for w in _PREP_TOWN)})?"
    rf"(?P<name>{_NAME})"
)
# What follows a name that names a scene, a resident, or an agency at home; shared by the
# patterns and the run scan below.
_SCENE_WORDS = (
    r"(?:restaurant|home|house|store|business|apartment|neighborhood|street|park|hotel|motel"
    r"|school|church|bus station|station|courthouse|parking lot|shop|market|family|families"
    r"|vendor|vendors|workers|residents|business owner|neighbou?rhood|credit union|bank|clinic"
    r"|grocery|supermarket|gas station|laundromat|warehouse|jail|hospital|airport|mall"
    r"|casino)\b"
)
# (not the scene's people, "a Fresno family", "the Reno workers": SCENE_NOUN reads those)
_RESIDENT_WORDS = (
    r"(?:man|woman|men|women|resident|teen|couple|native|youth|boy|girl|immigrants|shoppers"
    r"|tenants|homeowners|farmworkers|parents|mother|father|grandmother|grandfather)\b"
)
_AGE = r"\d{1,3}-year-old"
# An event named by its town, as headlines do: "after Barre cruiser theft", "Fresno robbery".
_EVENT_WORDS = (
    r"(?:(?:police |patrol |squad |cruiser |car |truck |vehicle |SUV |gear |gun )?(?:theft|thefts"
    r"|burglary|burglaries|break-in|robbery|robberies|kidnapping|home invasion|carjacking"
    r"|impersonation))\b"
)
# "a Jacksonville officer" names the officer's force as "Jacksonville police" does
_AGENCY_WORDS = (
    r"(?:Police|police|County Sheriff|Sheriff|Fire|City Council|PD\b"
    r"|officers?\b|deput(?:y|ies)\b|troopers?\b|detectives?\b)"
)
# "a", "an" or "the" in any case, opened by its first letter with the word boundary checked
# behind it, so ``re`` skips to those letters; the letter consumed is then looked at again.
_ARTICLE = r"[aAtT](?<!\w.)(?:(?<=[aA])[nN]?|(?<=[tT])(?i:he))"
SCENE_NOUN = re.compile(rf"{_ARTICLE}\s+(?P<name>{_NAME})\s+{_SCENE_WORDS}")
# A part of a town named before it: "the south side of Indianapolis", "en una calle de Folly
# Beach". Not "barrio" or "colonia": those are districts named after places ("Barrio de
# Santiago").
_PART_OF = ("side of", "part of", "outskirts of", "edge of", "calle de", "avenida de",
            "municipio de", "pueblo de", "localidad de", "comunidad de")  # fmt: skip
_PART_WORDS = frozenset(p.split()[0] for p in _PART_OF)
PART_OF = re.compile(rf"\b(?:{'|'.join(_PART_OF)})\s+(?P<name>{_NAME})")
# "on Detroit's west side": a side of the city names the scene, as "the west side of" does.
SIDE = re.compile(
    rf"(?P<name>{_LEAD_NAME})['’]s\s+(?:far\s+)?(?:north|south|east|west)\w*\s+side\b"
)
EVENT = re.compile(rf"(?P<name>{_LEAD_NAME})\s+{_EVENT_WORDS}")
# The same opening for both alternatives: every first letter of either in one class.
ORIGIN = re.compile(
    r"[aAtTfodvr](?<!\w.)(?:(?:(?<=[aA])[nN]?|(?<=[tT])(?i:he))"
    rf"\s+(?:{_AGE}\s+)?(?P<name>{_NAME})\s+{_RESIDENT_WORDS}"
    r"|(?:(?<=f)rom|(?<=o)f|(?<=d)e|(?<=v)ecino de|(?<=r)esidente de)"
    rf"\s+(?P<name2>{_NAME}))"
)
_AGE_BEFORE = re.compile(rf"{_AGE}$")
# Headlines name a scene by its town with no article ("rob Stockton farmworkers", "searched
# Orlando complex", "during Minneapolis unrest"), and may open with the town as a dateline
# ("Huntington Park: detienen a ..."); read in the headline only.
_HEADLINE_SCENE_WORDS = (
    r"(?:farmworkers|workers|worker|immigrants|residents|vendors|vendor|laborers|shoppers"
    r"|families|family|crews|home|homes|house|apartments?|complex|meeting|garage|hospital"
    r"|unrest|shop|deli|restaurant|church|hotel|motel|store|business|bar|taqueria|market"
    r"|mall|driveway|neighborhood|park|school|courthouse|station)\b"
)
HEADLINE_SCENE = re.compile(  # led by its capital, so ``re`` skips to the capitals
    rf"(?P<name>{_LEAD_NAME})\s+(?:[a-z]+\s+)?{_HEADLINE_SCENE_WORDS}"
)
HEADLINE_DATELINE = re.compile(rf"(?P<name>{_NAME}):\s")
# A headline's opening resident or scene, with no article: "Carlsbad man finds ...",
# "Fresno families targeted by ...".
HEAD_ORIGIN = re.compile(rf"(?P<name>{_NAME})\s+(?:{_RESIDENT_WORDS}|{_SCENE_WORDS})")
AGENCY_HOME = re.compile(
    rf"\b(?P<name>{_NAME})\s+{_AGENCY_WORDS}"
    r"|\b(?:[Pp]olic[ií]a|[Dd]epartamento de [Pp]olic[ií]a|[Aa]lguacil\w*) de\s+"
    rf"(?P<name2>{_NAME})"
)
COUNTY = re.compile(rf"\b(?P<name>{_NAME})\s+(?:County|Parish)\b|\bcondado de\s+(?P<name2>{_NAME})")
# Each pattern above without its Spanish alternative, for texts that lack its fixed words:
# an alternative that cannot match changes no match.
COUNTY_EN = re.compile(rf"(?P<name>{_LEAD_NAME})\s+(?:County|Parish)\b")
AGENCY_HOME_EN = re.compile(rf"(?P<name>{_LEAD_NAME})\s+{_AGENCY_WORDS}")

WEIGHTS = {
    "city_state": 5.0, "prep": 4.0, "scene": 4.0, "agency": 3.0, "dateline": 2.5, "near": 2.75,
    "caught": 2.75, "headline": 2.0,
    "county": 1.5, "recovered": 1.0, "origin": 0.5,
}  # fmt: skip
# Where stolen gear was found again, told right before the place: not where it was taken.
_RECOVERED = re.compile(
    # said of the gear ("was found abandoned in a pull-off near Exit 3 in"): further back
    r"\b(?:(?:was|were|been) (?:later )?(?:found|recovered|located)|abandoned|turned up"
    r"|hallad[oa]s?|encontrad[oa]s?|recuperad[oa]s?|abandonad[oa]s?|apareci[oó]|aparecieron"
    r")\b[^.;]{0,50}$"
    # "found" as such may be a finding ("investigators found a man had robbed"): close by
    r"|\b(?:found|recovered|located)\b[^.;]{0,25}$"
)
# Words one of which each of these patterns needs.
_RECOVERED_HINTS = ("found", "recovered", "located", "abandon", "turned up", "hallad", "encontrad",
                    "recuperad", "aparec")  # fmt: skip
_CAUGHT_HINTS = ("caught", "arrested", "captured", "apprehended", "subdued", "custody",
                 "detenid", "arrestad", "capturad")  # fmt: skip


# The same as whole words (the patterns' words are whole): an entry without one of them
# needs no window searched, whatever substrings it has ("unfounded").
def _participles(*stems: str) -> set[str]:
    """Spanish past participles, both genders and numbers: "hallad" → "hallado", "halladas"."""
    return {f"{stem}{g}{n}" for stem in stems for g in "oa" for n in ("", "s")}


_RECOVERED_WORDS = frozenset({
    "found", "recovered", "located", "abandoned", "turned", "aparecio", "apareció",
    "aparecieron", *_participles("hallad", "encontrad", "recuperad", "abandonad"),
})  # fmt: skip
_CAUGHT_WORDS = frozenset({
    "caught", "arrested", "captured", "apprehended", "subdued", "custody",
    *_participles("detenid", "arrestad", "capturad"),
})  # fmt: skip
# Where a suspect was caught, told right before the place: often not where it happened.
_CAUGHT = re.compile(
    r"\b(?:caught|arrested|captured|apprehended|subdued|taken into custody|detenid[oa]s?"
    r"|arrestad[oa]s?|capturad[oa]s?)\b[^.;,]{0,25}$"
)
_STREET_WORDS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane",
    "ln", "highway", "hwy", "parkway", "pkwy", "way", "court", "ct", "terrace", "circle",
    "calle", "avenida", "bulevar", "carretera",
})  # fmt: skip
_LEADING = {"a", "an", "the", "in", "on", "at", "near", "from", "of", "and", "but", "when",
            "after", "before", "while", "if", "as", "by", "for", "with", "to", "en", "un",
            "una", "y", "o", "con", "por", "para", "desde", "tras"}  # fmt: skip
_TRAILING = {"de", "del", "la", "los", "las", "el", "the"}
# A city's quadrant before its name ("Northeast Washington"); not "West Loop", "North Side".
_COMPASS = {"northeast", "northwest", "southeast", "southwest"}
# Parts of a town named before it in Spanish: "el Centro de Tampico", "el puerto de Veracruz"
_AREA_OF = {"centro", "puerto", "municipio"}  # not "barrio de X": a district, not the town X
_STOP_WORDS = (
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Police Sheriff County City State "
    "ICE HSI CBP DHS FBI ATF DEA Border Patrol Homeland Security Immigration Customs Federal "
    "Spanish English Facebook Twitter Instagram TikTok Google Justice Court Department Office "
    "The A An He She They It His Her Their We This That Officers Officer Agents Agent Deputy "
    "Deputies Authorities Investigators Security Enforcement Service Marshals Secret Metro "
    "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre "
    "Lunes Martes Miercoles Jueves Viernes Sabado Domingo Policia Patrulla Fronteriza "
    "Inmigracion Seguridad Nacional EEUU Attorney General Christmas Thanksgiving Halloween "
    "Walmart Target Mass Harvey Hurricane Custody Jail Prison Hospital Church School Mall Plaza "
    "Downtown Uptown Video Report Reports Strip Valley Metro Bay Area Midtown "
    "North South East West Northeast Northwest Southeast Southwest Central"
)
STOP = {fold(w) for w in _STOP_WORDS.split()} | {
    "estados unidos", "united states", "us", "u s", "ee uu", "america", "usa",
    "homeland security", "border patrol", "home depot", "attorney general", "secret service",
    "little havana", "the district",
}  # fmt: skip
SMALL = 50_000
# How sure a place is when only a headline's shorthand names it ("rob Jackson family").
HEADLINE_ONLY_CONFIDENCE = 0.6
FOREIGN_MIN = 100_000
# Landmarks whose names are also towns' ("White House", TN; "Golden Gate", FL; "Capitol", MT)
# or neighbourhoods': read as the landmark after "the", or unless the mention carries a state or
# the text or feed names the town's state. One with an obvious city is a weak mention of it.
_LANDMARKS: dict[str, str | None] = {
    "white house": "Washington, DC", "capitol": "Washington, DC",
    "capitol hill": "Washington, DC", "pentagon": "Washington, DC",
    "oval office": "Washington, DC", "national mall": "Washington, DC",
    "lincoln memorial": "Washington, DC", "times square": "New York, NY",
    "liberty island": "New York, NY", "ellis island": "New York, NY",
    "central park": "New York, NY", "wall street": "New York, NY",
    "ground zero": "New York, NY", "alamo": "San Antonio, TX",
    "golden gate": "San Francisco, CA", "mar a lago": "Palm Beach, FL",
    "grand canyon": None, "mount rushmore": None, "camp david": None,
}  # fmt: skip
LANDMARK_WEIGHT = 1.0  # at most: below any pattern naming a real place but a home town


@dataclass(slots=True)
class Mention:
    """A possible place name in the text, with how strongly its pattern suggests the scene."""

    name: str
    kind: str
    pos: int
    state: str | None = None
    country: str | None = None
    the: bool = False  # led by a lowercase "the": "near the White House", not "in The Dalles"
    end: int = -1  # where a "City, ST" ends, so its state is not read again as a state named
    district: bool = False  # "in the Lyon Park neighborhood": a part of a town, not a town


@dataclass(slots=True)
class PlaceGuess:
    """The chosen place and how sure we are (0..1)."""

    place: Place
    confidence: float


@functools.lru_cache(maxsize=4096)
def _qualifier(word: str | None) -> tuple[str | None, str | None]:
    """(state or province code, country) for "Calif.", "CA", "Ont.", "Mexico"."""
    if not word:
        return None, None
    if word == "D.C.":
        return "DC", "US"
    key = fold(word).replace(" ", "")
    if key in _PROVINCES or fold(word) in _PROVINCES:
        return _PROVINCES.get(key) or _PROVINCES[fold(word)], "CA"
    mx = _MX_STATES.get(fold(word).rstrip(". "))
    if mx and len(word) > 5:
        return mx, "MX"  # a full name: "ZAPOPAN, Jalisco"
    if fold(word) in _COUNTY_OF_ENGLAND:
        return "England", "GB"
    if fold(word) in {"mexico", "canada", "england"}:
        return None, {"mexico": "MX", "canada": "CA", "england": "GB"}[fold(word)]
    if re.fullmatch(r"[A-Z]{2}", word) and word not in gazetteer().states:
        return None, None
    code = state_code(word)
    if code:
        return code, "US"  # AP first: "Mich." is Michigan, not Michoacán
    if mx and (word.endswith(".") or word == "CDMX"):
        return mx, "MX"  # "Celaya, Gto."
    return None, None


# Every name the patterns below read lies inside one run of capitalised words (joined as
# ``_NAME`` joins them), and ends at the run's end unless what follows it is capitalised too.
# So one scan for runs, and a look at what follows each, finds the few places where those
# patterns can match; each is then tried only there (``matches_at``), with the same result as
# scanning the whole text.
# "St." is a word of its own here, so a run holds a name however it begins ("St. St. Louis").
# A word may end in "-St." or "'St.": "Minneapolis-St. Paul" is one run.
_RUN_END = r"(?:(?<=[-'’][SFM]t)\.)?"
_RUN_WORD = rf"(?:[SFM]t\.|[{_UP}][\w'’-]*{_RUN_END}|(?:del|de|las|la|los|el)\b)"
_RUN = rf"[{_UP}](?<!\w.)(?:(?<=[SFM])t\.|[\w'’-]*{_RUN_END})(?:\s{_RUN_WORD})*"
_CAP_START = re.compile(rf"[{_UP}](?<!\w.)")
_ARTICLE_AT = re.compile(r"[aAtT](?<!\w.)")  # where "a", "an" or "the" can begin
# A run and a look at what follows it, when that can end a name: the group that matched
# says which patterns can end there.
_RUN_AFTER = re.compile(
    rf"(?P<run>{_RUN})(?:(?=(?P<city_state>,)|\s+(?:(?P<agency>{_AGENCY_WORDS})"
    rf"|(?P<county>County|Parish)\b|(?P<scene>{_SCENE_WORDS})|(?P<origin>{_RESIDENT_WORDS})"
    rf"|(?P<event>{_EVENT_WORDS}))))?"
)
# Where ORIGIN's second form can begin: a word that leads a home town, before a capital.
_HOME_WORDS = ("from", "of", "de", "vecino de", "residente de")


def _reversed(words: tuple[str, ...]) -> str:
    """The words as alternatives of a pattern read on reversed text."""
    return "|".join(w[::-1] for w in words)


# PREP and the home words, read backwards from each capital of the reversed text: every name
# they lead starts at a capital with whitespace before it, so one scan that skips to the
# capitals finds where they begin (the group's end, counted from the text's end) instead of
# ``re`` trying every position of the text. ``\b`` reads the same both ways.
_PREP_BEFORE = re.compile(
    rf"[{_UP}](?=(?:\s+(?:{_reversed(_PREP_TOWN)}))?(?:\s+(?:{_reversed(_PREP_PARTS)}))?"
    rf"(?:\s+(?:{_reversed(_PREP_ARTICLES)}))?\s+(?P<word>{_reversed(_PREP_WORDS)})\b)"
)
# "vecino de" before "de", as a scan forwards finds it first
_HOME_LEAD = re.compile(rf"[{_UP}](?=\s+(?P<word>{_reversed(_HOME_WORDS[::-1])})\b)")
_AGENCY_IN_RUN = ("Police", "Sheriff", "Fire", "Council", "PD")
_COUNTY_IN_RUN = ("County", "Parish")
_SPANISH_AGENCY = ("olicía de", "olicia de", "lguacil", "epartamento de")


def _mentions(
    text: str, lead: str | None, words: set[str] | None = None, title_end: int = 0
) -> list[Mention]:
    found: list[Mention] = []
    if title_end:
        found += _headline_mentions(text[:title_end])
    for start in (text, lead) if lead else (text,):
        m = DATELINE.match(start)
        if m:
            st, cc = _qualifier(m.group("st"))
            if cc is None and _US_STATION.fullmatch(m.group("outlet") or ""):
                cc = "US"  # "SAN RAFAEL (KPIX) —": a US station's call sign
            found.append(Mention(m.group("name").strip().title(), "dateline", 0, st, cc))
    head = HEAD_ORIGIN.match(text)
    if head:
        found.append(Mention(head.group("name"), "origin", 0))
    city_state, agency_at, county_at, scene, origin, event, prep_at = _candidate_starts(text)
    for m in matches_at(CITY_STATE, text, city_state):
        st, cc = _qualifier(m.group("st"))
        if cc:
            kind = "origin" if _is_home(text, m) else "city_state"
            found.append(Mention(m.group("name"), kind, m.start(), st, cc, end=m.end()))
    if "D.C" in text or "DC" in text or "District" in text:
        for m in DC.finditer(text):
            found.append(Mention("Washington", "city_state", m.start(), "DC", "US"))
    agency = (
        AGENCY_HOME.finditer(text)  # a Spanish name: "Policía de Phoenix"
        if has_any(text, _SPANISH_AGENCY)
        else matches_at(AGENCY_HOME_EN, text, agency_at)
    )
    county = (
        COUNTY.finditer(text) if "condado de" in text else matches_at(COUNTY_EN, text, county_at)
    )
    # most texts tell no recovery and no arrest: then no window need be searched for one
    hints = (
        _hinted(text, words, _RECOVERED_WORDS, _RECOVERED_HINTS),
        _hinted(text, words, _CAUGHT_WORDS, _CAUGHT_HINTS),
    )
    for kind, matches in (
        ("prep", matches_at(PREP, text, prep_at)),
        ("scene", matches_at(SCENE_NOUN, text, scene)),
        ("scene", matches_at(EVENT, text, event)),
        ("scene", PART_OF.finditer(text) if _hinted(text, words, _PART_WORDS, _PART_OF) else ()),
        ("scene", SIDE.finditer(text) if " side" in text else ()),
        ("agency", agency),
        ("county", county),
        ("origin", matches_at(ORIGIN, text, origin)),
    ):
        for m in matches:
            group = "name" if m.group("name") or "name2" not in m.re.groupindex else "name2"
            name = m.group(group)
            if name:
                the = kind == "prep" and text.endswith("the ", 0, m.start("name"))
                name += " County" if kind == "county" else ""
                said = _said_kind(text, m, kind, hints)
                district = "neighbo" in text and _DISTRICT_AFTER.match(text, m.end(group))
                found.append(Mention(name, said, m.start(), the=the, district=bool(district)))
            if kind == "prep":
                found += _place_after(text, m.end(), m.start())
    _as_dated(found)
    return found


_ARTICLES = ("a ", "an ", "the ", "A ", "An ", "The ")


def _is_title_case(title: str) -> bool:
    """Whether a headline capitalizes its words ("Men Posing as ICE Agents Rob Dallas
    Workers"), as many outlets do: capitals then no longer mark names. Its words of four
    letters or more are counted; at most two of them, and a fifth, may be lowercase. Most
    headlines are in sentence case and answer within a few words."""
    long = lower = 0
    for word in title.split():
        if len(word) > 3 and word[0].isalpha():
            long += 1
            if word[0].islower():
                lower += 1
                if lower > 2:
                    return False
    return long >= 3 and lower <= 0.2 * long


# A capitalized word ("Ángeles" too), with "St."/"Ft."/"Mt." taken whole; and the words after
# which a headline names a place, whatever its size ("in St. Louis", "en Los Ángeles").
_TITLE_WORD = re.compile(r"(?:[SFM]t\.|[^\W\d_][\w'’-]*)")
_PLACE_LEADS = frozenset({"in", "at", "near", "from", "outside", "en", "desde"})


def _sentence_cased(title: str) -> str:
    """The headline with the capital lowered on every word that names no place, so the name
    patterns see the names again. A word keeps its capital when it names a town of some
    size, alone or with the words after it ("Falls Church"), or when it opens a run of
    capitals after a word that leads a place ("in St. Louis", "at Orange County Home"):
    the patterns then judge the run. Offsets are kept."""
    words = [
        m
        for m in _TITLE_WORD.finditer(title)
        if m.group(0)[0].isupper() and not (len(m.group(0)) > 1 and m.group(0).isupper())
    ]  # an acronym ("ICE", "FBI") keeps its capitals
    keep: set[int] = set()
    for i, m in enumerate(words):
        run = [m]
        for nxt in words[i + 1 : i + 3]:  # a name of two or three words, next to each other
            if nxt.start() != run[-1].end() + 1:
                break
            run.append(nxt)
        keep.update(w.start() for w in _town_prefix(title, run))
        if _sizable(m.group(0), SMALL):
            keep.add(m.start())
    for run in _runs_after_place_leads(title, words):
        keep.update(w.start() for w in run)
    out = list(title)
    for m in words:
        if m.start() not in keep:
            out[m.start()] = title[m.start()].lower()
    return "".join(out)


def _runs_after_place_leads(title: str, words: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """The capitalized words after a place lead that name a town, up to three ("in St.
    Louis Park"), else the first alone: "at Falls Church Polling Place" keeps "Falls
    Church" (a name cut short from a longer one would be doubted). A lead word itself ends
    a run ("Familia En Los Ángeles")."""
    runs: list[list[re.Match[str]]] = []
    for i, m in enumerate(words):
        before = title[: m.start()].rstrip().rsplit(None, 1)
        if not before or before[-1].lower() not in _PLACE_LEADS:
            continue
        run = [m]
        for nxt in words[i + 1 : i + 3]:
            if nxt.start() > run[-1].end() + 1 or nxt.group(0).lower() in _PLACE_LEADS:
                break
            run.append(nxt)
        runs.append(_town_prefix(title, run) or run[:1])
    return runs


def _town_prefix(title: str, run: list[re.Match[str]]) -> list[re.Match[str]]:
    """The longest of a run's first words, two at least, that name a town ("Falls Church"
    of "Falls Church Polling"); empty when none does."""
    for n in range(len(run), 1, -1):
        if _sizable(title[run[0].start() : run[n - 1].end()], 0):
            return run[:n]
    return []


@functools.lru_cache(maxsize=8192)
def _sizable(name: str, population: int) -> bool:
    """Whether a US, Canadian or Mexican town of this name has at least that population.
    Cached: headlines repeat a few thousand capitalized words."""
    return any(
        p.level == "city" and p.population >= population and p.country in ("US", "CA", "MX")
        for _, p, _k in gazetteer().candidates(fold(name), text_only=True)
    )


def _headline_mentions(title: str) -> list[Mention]:
    """The places a headline names in its shorthand: a town before a scene noun with no
    article, and a town opening it as a dateline. The opening name before a scene noun is
    left to ``HEAD_ORIGIN``. A headline's scene weighs less than the body's patterns: the
    body says more ("officer's Brentwood home" beside "in Brentwood, Essex")."""
    found = [
        Mention(m["name"], "headline", m.start())
        for m in HEADLINE_SCENE.finditer(title, 1)
        if not title.endswith(_ARTICLES, 0, m.start())  # "a Fresno family": SCENE_NOUN's
    ]
    head = HEADLINE_DATELINE.match(title)
    if head:
        found.append(Mention(head["name"], "dateline", 0))
    return found


# A name that a neighbourhood word follows: "in the Glendale and Rose Park neighborhoods"
_DISTRICT_AFTER = re.compile(rf"(?:\s+and\s+{_NAME})?\s+neighbou?rhoods?\b")


def _hinted(
    text: str, words: set[str] | None, needed: frozenset[str], hints: tuple[str, ...]
) -> bool:
    """Whether a pattern that needs one of ``hints`` (as one of the whole words ``needed``)
    can match: a set test on the entry's words, when the caller has them, spares most
    substring searches."""
    if words is not None and needed.isdisjoint(words):
        return False
    return has_any(text, hints)


def _as_dated(mentions: list[Mention]) -> None:
    """A name the dateline qualifies means the same place wherever else the report uses it:
    "SAN RAFAEL (KPIX) — ... at San Rafael church" is in California both times. Only when the
    qualifier fits a town of that name: "TIJUANA, B.C." is not in British Columbia."""
    # datelines come first, one for the text and one for the body's lead at most
    dated = {
        m.name.lower(): m
        for m in mentions[:2]
        if m.kind == "dateline" and m.country and _has_town(m.name, m.country, m.state)
    }
    if not dated:
        return
    for m in mentions:
        d = dated.get(m.name.lower())
        if d is not None and m.country is None:
            m.state, m.country = d.state, d.country


_NEAR = frozenset({"near", "cerca de"})


def _said_kind(text: str, m: re.Match[str], kind: str, hints: tuple[bool, bool]) -> str:
    """What a place after a preposition or before a scene noun is to the incident: where
    stolen gear turned up ("the SUV turned up on Mercer Island", "outside a Mercer Island
    home"), a larger place it was near ("in Folly Beach, near Charleston"), or the scene."""
    if kind != "prep" and m.re is not SCENE_NOUN:
        return kind  # "after Rutland cruiser theft" names the theft itself
    if hints[0] and _RECOVERED.search(text, max(0, m.start() - 70), m.start()):
        return "recovered"
    if kind == "prep" and hints[1] and _CAUGHT.search(text, max(0, m.start() - 40), m.start()):
        return "caught"  # "caught in New Orleans" after a theft in St. Rose
    return "near" if kind == "prep" and m.group("prep") in _NEAR else kind


# A "City, ST" that is someone's home: "a Dayton, Ohio, man", "John Doe, 56, of Kansas City,
# Mo.", "originario de Kansas City, Missouri".
_HOME_BEFORE = re.compile(
    r"(?:\b(?:from|originari[oa] de|oriund[oa] de|natural de|vecin[oa] de|residente de"
    r"|native of)|,\s+of)\s+$"
)
# ... or led by an article and followed by a resident: "a Dayton, Ohio, man", "a 29-year-old
# Phenix City, Alabama, man" (not "at a Columbus, Ohio, construction site")
_ARTICLE_BEFORE = re.compile(rf"\b(?:[Aa]n?|[Uu]na?)\s+(?:{_AGE}\s+)?$")
_RESIDENT_AFTER = re.compile(rf",?\s+{_RESIDENT_WORDS}")


def _is_home(text: str, m: re.Match[str]) -> bool:
    """Whether a "City, ST" names where someone lives rather than where something happened."""
    before = text[max(0, m.start() - 32) : m.start()]
    if _HOME_BEFORE.search(before):
        return True
    article = m.group("name").startswith(("A ", "An ")) or _ARTICLE_BEFORE.search(before)
    return bool(article) and _RESIDENT_AFTER.match(text, m.end()) is not None


# ", Queens," or ", Queens." closes the place; ", Tucson police said" names someone else's
_THEN_NAME = re.compile(rf",\s+(?P<name>{_NAME})(?=\s*(?:[,.;:)]|$))")


def _place_after(text: str, end: int, pos: int) -> list[Mention]:
    """ "in Woodside, Queens": the larger place that follows a place, when it is no state
    (those are read with the city)."""
    m = _THEN_NAME.match(text, end)
    if m is None or _qualifier(m.group("name"))[1] is not None:
        return []
    return [Mention(m.group("name"), "prep", pos)]


_Starts = tuple[list[int], list[int], list[int], list[int], list[int], list[int], list[int]]


def _candidate_starts(text: str) -> _Starts:
    """Where CITY_STATE, AGENCY_HOME_EN, COUNTY_EN, SCENE_NOUN, ORIGIN, EVENT and PREP can
    begin, each in order: at the capitals of a run that a comma, an agency, "County", a
    scene, a resident or an event follows or holds; at an article before such a run; at
    "from", "of", "de" or PREP's words before a capital."""
    city_state: list[int] = []
    agency: list[int] = []
    county: list[int] = []
    scene: list[int] = []
    event: list[int] = []
    # "cerca de X", "afueras de X" are prepositions (PREP), not "de X", a home; "the 12000
    # block of Robson" names a street
    back = text[::-1]
    size = len(text)
    prep = [size - m.end("word") for m in _PREP_BEFORE.finditer(back)]
    prep.reverse()
    origin = [
        i
        for i in (size - m.end("word") for m in _HOME_LEAD.finditer(back))
        if not text.endswith(("cerca ", "afueras ", "block "), 0, i)
    ]
    agency_in = has_any(text, _AGENCY_IN_RUN)  # "Oakland Police": the agency is in the run
    county_in = "County" in text or "Parish" in text
    for run in _RUN_AFTER.finditer(text):
        kind = run.lastgroup
        if kind == "run" and not (agency_in or county_in):
            continue
        a, b = run.span("run")
        inside = run.group("run")
        caps = [a] if inside.isalnum() else [m.start() for m in _CAP_START.finditer(text, a, b)]
        if kind == "city_state":
            city_state += caps
        elif kind == "event":
            event += caps
        if kind == "agency" or (agency_in and has_any(inside, _AGENCY_IN_RUN)):
            agency += caps
        county_after = kind == "county" or (kind == "agency" and run["agency"] == "County Sheriff")
        if county_after or (county_in and has_any(inside, _COUNTY_IN_RUN)):
            county += caps
        if kind == "scene" or kind == "origin":  # led by an article, before the run or in it
            inner = [m.start() for m in _ARTICLE_AT.finditer(text, a, b)]  # "The", "Qur'an"
            (scene if kind == "scene" else origin).extend([*_article_before(text, a), *inner])
    scene.sort()  # an article may lie before the previous run's end ("Reno x Oakland man")
    origin.sort()
    return city_state, agency, county, scene, origin, event, prep


def _article_before(text: str, a: int) -> list[int]:
    """Where "a", "an" or "the" before the run at ``a`` would begin (the pattern checks),
    over an age between them ("a 49-year-old San Jose man")."""
    j = a
    while j and text[j - 1].isspace():
        j -= 1
    age = _AGE_BEFORE.search(text, max(0, j - 16), j) if j < a else None
    if age is not None:
        return _article_before(text, age.start())
    return [i for i in (j - 3, j - 2, j - 1) if i >= 0] if j < a else []


@functools.lru_cache(maxsize=8192)
def _names(raw: str) -> tuple[str, ...]:
    """ "The Oakland Police Department" → "Oakland Police Department", "Oakland Police", …

    Cached: the same few thousand names recur across entries."""
    words = raw.replace("’", "'").strip(".,' ").split()
    while words and words[0].lower() in _LEADING:
        words.pop(0)
    while words and words[-1].lower() in _TRAILING:
        words.pop()
    if words and words[-1].lower() in ("region", "regional"):
        return ()  # "Waterloo Region", "Peel Regional Police": a region, not its city
    if words and words[-1].lower() in ("university", "college", "universidad"):
        return ()  # "Temple University police": a campus, not Temple, Texas
    street = len(words) > 1 and words[-1].lower().rstrip(".") in _STREET_WORDS
    if street and not _is_town(" ".join(words)):
        return ()  # "on Bristol Street": a street, not Bristol; "in Federal Way" is a town
    names = [" ".join(words[:n]) for n in range(len(words), 0, -1)]
    if len(words) > 2 and words[0].lower() in _AREA_OF and words[1].lower() in ("de", "del"):
        names.insert(1, " ".join(words[2:]))  # "Centro de Tampico": Tampico, before "Centro"
    if len(words) > 1 and words[0].lower() in _COMPASS:
        names.append(" ".join(words[1:]))  # last: "Northeast Harbor" is a town
    for n, word in enumerate(words):  # "Kitchener's Stanley Park", "on Detroit's": last
        if word.endswith("'s") and len(word) > 3:
            names.append(" ".join([*words[:n], word[:-2]]))
            break
    return tuple(names)


def _has_town(name: str, country: str, state: str | None) -> bool:
    """Whether the gazetteer has a town of this name in that country (and state)."""
    return any(
        p.country == country and (state is None or p.state == state)
        for _, p, _k in gazetteer().candidates(fold(name), text_only=True)
    )


def _is_town(name: str) -> bool:
    """Whether the gazetteer lists a town by this whole name (not only a district)."""
    return any(kind == "p" for _, _, kind in gazetteer().candidates(fold(name), text_only=True))


def _qualified(mentions: list[Mention]) -> frozenset[str]:
    """The state or province of the dateline ("MARION COUNTY, S.C. —", "SACKVILLE, N.B. —"):
    where the report is, more surely than a state it names in passing ("surrendered in North
    Carolina"). Not a state beside another name, which may be a suspect's home ("a Dayton,
    Ohio, man")."""
    return frozenset(m.state for m in mentions if m.kind == "dateline" and m.state)


def _states_in(text: str, mentions: list[Mention], words: set[str] | None = None) -> frozenset[str]:
    """States the text names, for disambiguation: US states, Canadian provinces and Mexican
    states next to a name or in the dateline ("Cañada Morelos, Puebla"), and US states by
    full name. A US town then needs its own state among them."""
    out = {m.state for m in mentions if m.kind in ("city_state", "dateline") and m.state}
    homes = [(h.pos, h.end) for h in mentions if h.kind == "origin" and h.end > 0]
    names = _state_names()
    found = (
        () if words is not None and _STATE_LAST_WORDS.isdisjoint(words) else names.finditer(text)
    )
    for m in found:  # a state's name ends in a whole word: without one, none is named
        if _PLATES.match(text, m.end()):
            continue  # "a pickup with Texas plates" was not in Texas
        if any(a <= m.start() < b for a, b in homes):
            continue  # "a Dayton, Ohio, man": someone's home, not where it happened
        out.add(_STATE_BY_NAME[m.group(0)])
    if "New York state" in text or "estado de Nueva York" in text:
        out.add("NY")
    for m in mentions:  # Spanish names: "en Carolina del Sur", "un hombre de Carolina del Sur"
        if m.kind in _SPANISH_STATE_KINDS and " " in m.name and m.name not in _NOT_SPANISH_STATE:
            code = _spanish_state(m.name)
            if code:
                out.add(code)
    return frozenset(out)  # frozen once: it keys every mention's resolution


def _standalone_dateline_state(mentions: list[Mention]) -> str | None:
    """The state of a city that AP datelines name alone ("CHICAGO —")."""
    for m in mentions:
        if m.kind == "dateline" and not m.state:
            state = _AP_STANDALONE.get(fold(m.name))
            if state:
                return state
    return None


# The cities AP datelines name alone, without a state, for they are known: the dateline
# still suggests that state, as a feed's region does, though a national story's dateline
# may name another city than the scene ("WASHINGTON (AP) — ... in Fresno").
_AP_STANDALONE = {
    fold(name): state
    for name, state in (
        ("Atlanta", "GA"), ("Baltimore", "MD"), ("Boston", "MA"), ("Chicago", "IL"),
        ("Cincinnati", "OH"), ("Cleveland", "OH"), ("Dallas", "TX"), ("Denver", "CO"),
        ("Detroit", "MI"), ("Honolulu", "HI"), ("Houston", "TX"), ("Indianapolis", "IN"),
        ("Las Vegas", "NV"), ("Los Angeles", "CA"), ("Miami", "FL"), ("Milwaukee", "WI"),
        ("Minneapolis", "MN"), ("New Orleans", "LA"), ("New York", "NY"),
        ("Oklahoma City", "OK"), ("Philadelphia", "PA"), ("Phoenix", "AZ"),
        ("Pittsburgh", "PA"), ("St. Louis", "MO"), ("Salt Lake City", "UT"),
        ("San Antonio", "TX"), ("San Diego", "CA"), ("San Francisco", "CA"), ("Seattle", "WA"),
        ("Washington", "DC"),
    )
}  # fmt: skip
_SPANISH_STATE_KINDS = frozenset({"prep", "near", "caught", "origin"})
_NOT_SPANISH_STATE = frozenset({"Nueva York", *US_STATES.values()})


@functools.lru_cache(maxsize=1024)
def _spanish_state(name: str) -> str | None:
    return state_code(name) if len(name) > 4 else None


_PLATES = re.compile(r"\s+(?:license |licence )?(?:plates?|tags)\b")
_STATE_BY_NAME: dict[str, str] = {}
# The last word of each state name the pattern below reads, lowered ("carolina", "jersey")
_STATE_LAST_WORDS: set[str] = set()
_STATE_RE: list[re.Pattern[str]] = []


def _state_names() -> re.Pattern[str]:
    """Full state names as words, not inside city names ("Kansas City", "West Virginia")."""
    if not _STATE_RE:
        gazetteer()
        names = {n: c for c, n in US_STATES.items() if n not in {"Washington", "New York"}}
        _STATE_BY_NAME.update(names)
        _STATE_LAST_WORDS.update(name.split()[-1].lower() for name in names)
        # each name first, its word boundary and "West " checked behind it: alternatives that
        # open with a letter let ``re`` skip to the capitals that can start one
        alt = "|".join(
            rf"{n}(?<!\w{n})(?<!West {n})"
            for n in sorted(map(re.escape, names), key=len, reverse=True)
        )
        _STATE_RE.append(re.compile(rf"(?:{alt})\b(?! City| Beach| Springs| Falls| Heights)"))
    return _STATE_RE[0]


@dataclass(frozen=True, slots=True)
class _Context:
    """What the whole text tells of where it is, which every mention's reading shares: the
    states it names, its dateline's state (``qualified``), the feed's region state, and a
    standalone dateline's state (``hint_state``, "CHICAGO —")."""

    states: frozenset[str]
    region_state: str | None
    qualified: frozenset[str]
    hint_state: str | None

    @property
    def support(self) -> set[str]:
        """The states a small, shared or neighbourhood name may be in without its own."""
        return self.states | ({self.region_state} if self.region_state else set())


_ResolveKey = tuple[str, str, str | None, str | None, bool, bool, _Context]
Resolved = tuple[Place, bool]  # the place, and whether it is only a landmark's city
_RESOLVED: dict[_ResolveKey, Resolved | None] = {}
_RESOLVED_MAX = 8192  # a few hundred KB at most; the same names recur across entries


def _resolve(m: Mention, ctx: _Context, text: str) -> Resolved | None:
    """The place a mention names, cached by everything that decides it but its position.

    Only a neighbourhood name without a state reads the text ("Boyle Heights" must be
    written out); answers that did so are not kept, so a cached answer never depends on
    another entry's text."""
    key = (m.name, m.kind, m.state, m.country, m.the, m.district, ctx)
    try:
        return _RESOLVED[key]
    except KeyError:
        pass
    read_text: list[bool] = []
    place = _resolve_once(m, ctx, text, read_text)
    if not read_text and len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[key] = place
    return place


def _in_text(name: str, text: str, read_text: list[bool]) -> bool:
    read_text.append(True)
    return name in text


def _resolve_once(m: Mention, ctx: _Context, text: str, read_text: list[bool]) -> Resolved | None:
    gaz = gazetteer()
    support = ctx.support
    names = _names(m.name)
    for name in names:
        key = fold(name)
        if not key or key in STOP or len(key) < 3:
            continue
        if m.kind == "county" or key.endswith((" county", " parish")):
            county = _resolve_county(m.state or _one(ctx.states) or ctx.region_state)
            return (county, False) if county else None
        if key in _LANDMARKS and m.state is None and m.country is None:
            towns = gaz.candidates(key, text_only=True)
            if m.the or not any(p.state in support for _, p, _k in towns):
                city = _landmark_city(key)
                return (city, True) if city else None
        entries = [
            (p, kind)
            for _, p, kind in gaz.candidates(key, text_only=True)
            if (kind in _DISTRICT_KINDS or not m.district)
            and (
                kind != "n"
                or p.state in support
                or m.state == p.state
                or _in_text(p.name.lower(), text, read_text)
            )
        ]
        if not entries and gaz.candidates(key, text_only=True):
            return None  # a known district without support: do not fall back to "Boyle"
        if m.country:
            entries = [
                (p, k)
                for p, k in entries
                if p.country == m.country and (m.state is None or p.state == m.state)
            ]
        if not entries:
            continue
        # "in Bridgeport" where the report names Chicago: Chicago's Bridgeport
        parts = [
            (p, k) for p, k in entries if k == "n" and _in_text(p.name.lower(), text, read_text)
        ]
        if parts:
            entries = parts
        if any(p.level == "city" and p.population >= 500_000 for p, _ in entries):
            entries = [(p, k) for p, k in entries if p.level == "city"]  # "New York" the city
        best = _pick([p for p, _ in entries], ctx)
        unique = len({p.geonameid for p, _ in entries}) == 1
        if best is None or not _plausible(best, m, ctx, unique):
            return None
        if best.population < SMALL and m.state is None and names[0].startswith(name + " "):
            return None  # "Potrero Hill", unknown here, is not Potrero, a hamlet 400 miles off
        if m.the and (" " in key or name != names[0]) and not _named_town(best, m, support):
            return None  # "near the Golden Gate Bridge": part of a longer proper noun
        return best, False
    return None


# Entry kinds a district mention may take: a part of a town, named as its town's
_DISTRICT_KINDS = frozenset({"n", "x"})


def _named_town(p: Place, m: Mention, support: set[str]) -> bool:
    """Whether a name led by "the" is still the town's: a big city, or its state supports it."""
    return p.level != "city" or p.population >= SMALL or m.state is not None or p.state in support


@functools.lru_cache(maxsize=64)
def _landmark_city(key: str) -> Place | None:
    label = _LANDMARKS[key]
    cands = lookup(label) if label else []
    return cands[0] if cands else None


def _one(states: frozenset[str]) -> str | None:
    return next(iter(states)) if len(states) == 1 else None


def _pick(places: list[Place], ctx: _Context) -> Place | None:
    region = {ctx.region_state} if ctx.region_state else set()
    hint = {ctx.hint_state} if ctx.hint_state else set()
    for wanted, us_only in (
        (ctx.qualified, False), (ctx.states, True), (region, False), (hint, True)
    ):  # fmt: skip
        if wanted:  # a state named in passing picks among US towns only
            inside = [p for p in places if (p.country == "US" or not us_only) and p.state in wanted]
            if inside:
                return max(inside, key=lambda p: p.population)
    return places[0] if places else None


def _plausible(p: Place, m: Mention, ctx: _Context, unique: bool) -> bool:
    """Small, shared or foreign names need support (a qualifier or a state in the text).
    A standalone dateline's state (``hint_state``) supports its own towns and rules out
    small ones elsewhere, but not a city elsewhere that a national story names."""
    support, hint_state = ctx.support, ctx.hint_state
    if p.level == "country":
        return m.kind in {"prep", "near", "caught", "city_state", "dateline"}
    if p.level == "state" or m.country:
        return True
    if p.state in support or (hint_state and p.state == hint_state):
        return True
    if hint_state and p.country == "US" and p.population < SMALL:
        return False  # "CHICAGO — ... at a Shell station": not Shell, Wyoming
    if p.country != "US":
        return p.population >= FOREIGN_MIN and m.kind != "origin"
    if support & gazetteer().states.keys():
        # the text names another US state; a Mexican or Canadian one beside a border town
        # does not count ("robbed workers in Laredo ... fled to Nuevo Laredo, Tamaulipas")
        return False
    if unique:
        return m.kind != "county"
    if m.kind in {"dateline", "prep", "near", "caught", "agency", "scene", "headline"}:
        return p.population >= SMALL
    return p.population >= 2 * SMALL


def _resolve_county(state: str | None) -> Place | None:
    """A county names no city: place the incident at state level when the state is known."""
    return gazetteer().states.get(state) if state else None


@functools.lru_cache(maxsize=1024)
def _region(region_hint: str | None) -> tuple[Place | None, str | None]:
    if not region_hint:
        return None, None
    cands = lookup(region_hint)
    place = cands[0] if cands else None
    return place, place.state if place else None  # "Kitchener, ON" supports Cambridge, ON


def locate(
    text: str,
    region_hint: str | None = None,
    lead: str | None = None,
    words: set[str] | None = None,
    title: str | None = None,
) -> PlaceGuess | None:
    """Best guess of where the incident in ``text`` happened, or None.

    ``lead`` is the body's start, where a dateline sits when the text begins with a title;
    ``region_hint`` is the feed's default place, used to disambiguate and as a last resort;
    ``words``, when the caller has them, the words of the lowered text (spares a search);
    ``title``, the headline ``text`` begins with, read for a headline's shorthand.
    """
    region_place, region_state = _region(region_hint)
    if title and _is_title_case(title):
        text = _sentence_cased(title) + text[len(title) :]
    mentions = _mentions(text, lead, words, len(title) if title else 0)
    states = _states_in(text, mentions, words)
    ctx = _Context(states, region_state, _qualified(mentions), _standalone_dateline_state(mentions))
    lowered = text.lower()
    scores: dict[int, float] = {}
    first: dict[int, int] = {}
    chosen: dict[int, Place] = {}
    agencies: set[int] = set()
    told: set[int] = set()  # places some mention other than a headline's shorthand names
    for m, resolved in _resolve_all(mentions, ctx, lowered):
        if resolved is None:
            continue
        place, landmark = resolved
        weight = WEIGHTS[m.kind] * {"state": 0.3, "country": 0.2}.get(place.level, 1.0)
        if landmark:
            weight = min(weight, LANDMARK_WEIGHT)
        gid = place.geonameid
        if m.kind == "agency":
            if gid in agencies:
                continue  # the same police named again is who speaks, not more of the scene
            agencies.add(gid)
        scores[gid] = scores.get(gid, 0.0) + weight
        first[gid] = min(first.get(gid, m.pos), m.pos)
        chosen[gid] = place
        if m.kind != "headline":
            told.add(gid)
    if not scores:
        state = gazetteer().states.get(_one(states) or "")  # a US state alone
        if state is not None:
            return PlaceGuess(state, 0.5)
        return PlaceGuess(region_place, 0.4) if region_place else None
    best = max(scores, key=lambda g: (scores[g], -first[g]))
    share = scores[best] / sum(scores.values())
    # a headline's "Jackson family" may be a surname: a place no other pattern names is doubted
    cap = 0.99 if best in told else HEADLINE_ONLY_CONFIDENCE
    return PlaceGuess(chosen[best], round(min(cap, 0.4 + 0.6 * share), 2))


def _resolve_all(
    mentions: list[Mention], ctx: _Context, lowered: str
) -> list[tuple[Mention, Resolved | None]]:
    """Each mention with the place it names. A name the text also writes with its state is
    that place wherever it stands alone: "in Brentwood" beside "Brentwood, Essex" is not
    Brentwood, New York."""
    found = [(m, _resolve(m, ctx, lowered)) for m in mentions]
    named = {
        fold(m.name): resolved
        for m, resolved in found
        if resolved is not None
        and resolved[0].level == "city"
        and m.state
        and m.kind in ("city_state", "dateline")
    }
    if not named:
        return found
    return [
        (
            m,
            named.get(fold(m.name), resolved)
            if m.state is None and m.country is None
            else resolved,
        )
        for m, resolved in found
    ]
