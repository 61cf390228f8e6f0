"""Classify a news item as a stolen-gear report, an impersonation report, or nothing.

Scope (SPEC §1): impersonation counts when someone posed as an immigration or other federal
agent (ICE, HSI, CBP, Border Patrol, "la migra", FBI, DEA, ...); posing as local police alone
is out of scope. Stolen gear counts when it belonged to law enforcement, local police and
sheriffs included: their vests, badges and jackets are what lets a thief pass as an agent
(ICE officers' own vests often read POLICE).

The classifier is a handful of compiled patterns, not a model: it must run at ≥ 10,000
entries/s on one core and explain itself (``evidence``) to the moderators who review it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from alerts.detection import lexicon as lx
from alerts.detection.placing import locate
from alerts.places import Place

SCENE_WINDOW = 120
# An optional lead word ("the ", "la ") is written as an alternative of its own, tried first
# as the optional group would be: openings are then known, and the gate can cut the pattern.
_AGENCY_SAID = (
    r"(?:ATF|FBI|DEA|ICE|DHS|CBP|agency|department|sheriff's office|bureau)\s+"
    r"(?:said|says|say|offered|reported)\b"
)
_POLICIA_SAID = r"polic[ií]a (?:dijo|inform[oó]|indic[oó]|arrest[oó])\b"
_REPORTING = lx.rx(
    r"\b(?:police|officers|deputies|agents|authorities|investigators|detectives|troopers)\s+"
    r"(?:said|say|says|reported|responded|arrested|were called|found|believe|told)\b"
    rf"|\bthe {_AGENCY_SAID}|\b{_AGENCY_SAID}"
    r"|\baccording to (?:police|deputies|authorities)\b|\btold (?:police|deputies)\b"
    rf"|\bla {_POLICIA_SAID}|\b{_POLICIA_SAID}",
)
_VEHICLE_NOUN = lx.rx(
    r"(?:suvs?|trucks?|vehicles?|cars?|pickups?|impala|tahoe|explorer|charger|interceptor"
    r"|veh[ií]culos?|camionetas?|carros?|coches?)$"
)
_STRONG_THEFT = lx.rx(
    r"\bstole\b|\bstolen\b|\bsteal(?:s|ing)?\b|\bthefts?\b|\bthie(?:f|ves)\b|\bburglar\w*"
    r"|\bbroke into\b|\bbreak-ins?\b"
    r"|\brobaron\b|\brobad[oa]s?\b|\bhurtaron\b|\bsustrajeron\b"
    # a window smashed to get at the gear: a break-in, whatever else was found
    r"|\b(?:smashed|shattered|broken|busted) (?:\w+ )?windows?\b",
)

_STRONG_THEFT_GATED = lx.Gated(_STRONG_THEFT)
_REPORTING_GATED = lx.Gated(_REPORTING)


def _blanked(text: str, found: list[re.Match[str]]) -> str:
    """The text with each match replaced by as many spaces: every other offset is kept."""
    if not found:
        return text
    parts: list[str] = []
    end = 0
    for m in found:
        start = m.start()
        parts += (text[end:start], " " * (m.end() - start))
        end = m.end()
    parts.append(text[end:])
    return "".join(parts)


@dataclass(slots=True)
class EntryText:
    """What detection reads from a stored feed entry (summary already plain text)."""

    title: str
    summary: str = ""
    language: str | None = None
    region: str | None = None  # the feed's default place, e.g. "Oakland, CA"
    published: datetime | None = None


@dataclass(slots=True)
class Detection:
    """A candidate incident extracted from one entry."""

    kind: str  # "stolen_gear" | "impersonation"
    confidence: float
    items: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    tactics: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    place: Place | None = None
    place_confidence: float = 0.0


def detect(entry: EntryText) -> Detection | None:
    """Classify one entry; None when it is not a report of stolen gear or impersonation."""
    title = entry.title.strip()
    text = f"{title}. {entry.summary.strip()}" if entry.summary else title
    t = lx.Text(text)
    if not lx.could_be_incident(t.words):
        return None
    imp = _impersonation_cues(t)
    theft = [] if imp else _theft_cues(t)
    if not imp and not theft:
        return None
    negatives = set(lx.NEGATIVE_T.present(t))
    if negatives & {"costume", "film", "drill", "debunk"}:
        return None
    # an impostor's act as an agent tells one event: "flashed 'Interpol' badge, said he was
    # a federal agent"
    specific = lx.SPECIFIC.test(t) or bool(imp and lx.AGENT_ACT_STRONG.search(t))
    if specific and negatives & _GENERAL and not _tells_event(t):
        specific = False  # advice, a law, a trend: incidents only in general
    if not specific and not theft and "advisory" in negatives:
        return None  # advice on fake agents; advice added to a theft report is no reason
    if _is_roundup(entry.title, negatives, specific):
        return None
    if imp and "seizure" in negatives and _only_fake_gear(imp, t):
        return None  # counterfeit badges seized in the mail: no one wore them
    if imp:
        if "unconfirmed" in negatives:
            return None
        kind, evidence = "impersonation", imp
    else:
        unsure = negatives & {"lost_found", "purchase", "unconfirmed"}
        if unsure and not _STRONG_THEFT_GATED.search(t):
            return None
        if "unconfirmed" in unsure and not specific:
            return None
        if _court_story_of_an_earlier_year(t, entry.published):
            return None  # a verdict in 2017 telling a gun stolen in 2015: history, no alert
        kind, evidence = "stolen_gear", theft
    detection = Detection(
        kind=kind,
        confidence=_confidence(kind, evidence, negatives, specific),
        items=_items(t, kind, evidence),
        agencies=_agencies(text, t),
        tactics=lx.TACTICS_T.present(t) if kind == "impersonation" else [],
        evidence=[*evidence, *(f"-{n}" for n in sorted(negatives))],
    )
    guess = locate(text, entry.region, entry.summary, t.words, title)
    if guess is None and not specific and not theft:
        return None  # a general warning: no event, no place to warn
    if guess is not None:
        detection.place, detection.place_confidence = guess.place, guess.confidence
    return detection


_COURT = lx.Gated(
    lx.rx(
        r"\b(?:lawsuits?|suit (?:over|against)|sued|judge|jury|jurors|verdict|acquit\w*|trial"
        r"|settlement|demanda|juicio|jurado|veredicto)\b"
    )
)
# A year a crime is dated by: "in the 2015 death of", "shot in Oakland in 2015", "the 2015
# killing" (not "on probation since 2016", "the 2000 block", "a 2016 Ford").
_CRIME_YEAR = lx.rx(
    r"\b(?:death|killing|killed|shooting|shot|murder|slaying|stolen|taken|theft)\b[^.;]{0,30}?"
    r"\b(?:in|during) (?:early |late |mid-)?((?:19|20)\d\d)\b"
    r"|\b(?:in|during|the) (?:early |late |mid-)?((?:19|20)\d\d)\b[^.;]{0,20}?"
    r"\b(?:death|killing|shooting|murder|slaying|theft)\b"
)


def _court_story_of_an_earlier_year(t: lx.Text, published: datetime | None) -> bool:
    """Whether a theft is told in a court story about a crime years past ("a wrongful-death
    suit over the 2015 killing", "jury acquits ... gun had been stolen"): the gear was taken
    long before the news, which reports the case, not a theft to warn of. Two calendar
    years apart at least: a gun traced weeks after its theft, or a December theft in a
    January hearing, is still news of it."""
    if published is None or not _COURT.test(t):
        return False
    return any(
        int(m.group(1) or m.group(2)) <= published.year - 2 for m in _CRIME_YEAR.finditer(t.low)
    )


# Stories about incidents in general, which cite some ("tras varias denuncias").
_GENERAL = frozenset({"advisory", "policy", "statistics"})


def _tells_event(t: lx.Text) -> bool:
    """Whether a SPECIFIC word tells one event, not incidents in general ("fake agents have
    been reported in several states", "tras varias denuncias")."""
    low = t.low
    for m in lx.SPECIFIC.finditer(t):
        start, end = m.span()
        if m.group(0) in lx.VAGUE_WORDS or lx.VAGUE_AFTER.match(low, end):
            continue
        if lx.HEADLINE_TELLER.fullmatch(m.group(0)):
            continue  # who speaks: "Police: beware of scammers" tells no event
        if not lx.VAGUE_BEFORE.search(low, max(0, start - 40), start):
            return True
    return False


_FAKE_THING = lx.rx(
    r"^(?:impersonation|attire):(?:(?:homemade|counterfeit|knock-?off|replica|toy|fake|bogus"
    r"|phony|imitation|sham)\b|\w+ fals[oa]s?$)"
)


def _only_fake_gear(cues: list[str], t: lx.Text) -> bool:
    """Whether the cues name only fake gear ("counterfeit DEA badges"), and no one used it
    on anyone where it is named: then a seizure of it is no impersonation. A crime told
    elsewhere ("traffickers sometimes pose as officers to rob") is no use of it."""
    if not all(_FAKE_THING.match(c) for c in cues):
        return False
    low = t.low
    named = sorted(
        {m.start() for c in cues for m in re.finditer(re.escape(c[c.index(":") + 1 :]), low)}
    )
    return not any(lx.CRIME.search(sentence) for sentence in _sentences_at(low, named))


def _window(text: str, start: int, end: int, before: int, after: int) -> str:
    return text[max(0, start - before) : end + after]


def _impersonation_cues(t: lx.Text) -> list[str]:
    """Actual (not hypothetical) impersonation of an immigration or federal agent: a claim
    or a pretence, else agency clothing worn in an event."""
    return _claim_cues(t) or _as_agent_cues(t) or _attire_cues(t)


def _claim_cues(t: lx.Text) -> list[str]:
    cues: list[str] = []
    text = t.low
    for m in lx.IMPERSONATION.finditer(t):
        if lx.OBJECT_CUE.search(m.group(0)):
            near = text[m.start() : m.end() + 60]  # the one impersonated comes next, or in it
        else:
            near = _window(text, m.start(), m.end(), 60, 150)
        if not lx.FEDERAL.search(near):
            continue
        before = _window(text, m.start(), m.end(), 70, 0)
        if lx.HYPOTHETICAL.search(before) or lx.MODAL_AFTER.match(text, m.end()):
            continue
        cues.append(f"impersonation:{m.group(0).strip()}")
    return cues


def _as_agent_cues(t: lx.Text) -> list[str]:
    """A pretence in scare quotes: "accused of 'patrolling' Falls Church as ICE officer"."""
    text = t.low
    return [
        f"impersonation:{m.group(0).strip()}"
        for m in lx.AS_AGENT.finditer(t)
        if lx.QUOTED_GERUND.search(text, max(0, m.start() - 60), m.start())
    ]


def _attire_cues(t: lx.Text) -> list[str]:
    """Agency clothing worn for a crime, or to act as an agent toward someone ("Man in FBI
    jacket flashed badge at polling place"), by someone not an agent. A hat or cap counts
    only with a crime (merch), and clothing whose theft is told is a theft's gear."""
    attire = lx.ATTIRE.finditer(t)  # gated: usually no agency clothing is named
    if not attire:
        return []
    text = t.low
    crime = lx.CRIME.search(text) is not None
    acted = not crime and lx.AGENT_ACT.search(t) is not None and not _theft_cues(t)
    strong = acted and lx.AGENT_ACT_STRONG.search(t) is not None
    return [
        f"attire:{m.group(0).strip()}"
        for m in attire
        if (crime or strong or (acted and not lx.MERCH.search(m.group(0))))
        and lx.FEDERAL.search(m.group(0))
        and not _worn_by_agents(text, m.start())
    ]


# Who wears it: the last person named before the clothing.
_ACTOR = lx.rx(
    r"\b(?:(?P<agent>agents?|officers?|deput(?:y|ies)|troopers?|police|feds|investigators"
    r"|agentes|oficiales)|men|man|wom[ae]n|suspects?|person|people|someone|individuals?|impost\w+"
    r"|trio|pair"
    r"|\d+-year-old|hombres?|mujer(?:es)?|sujetos?|individuos?)\b"
)


def _worn_by_agents(text: str, start: int) -> bool:
    """Whether agency clothing is worn by agents ("ICE officers wearing vests"), not by
    a man or a suspect: real agents in their own gear are no impersonation."""
    actors = [
        m
        for m in _ACTOR.finditer(text, max(0, start - 80), start)
        if not _IMPERSONATED.search(text, max(0, m.start() - 24), m.start())
    ]
    return bool(actors) and actors[-1].group("agent") is not None


# An agent named as the one impersonated is not the wearer: "impersonating officers after
# they wore vests reading ICE", "stopped him as if they were officers, wearing ICE vests".
_IMPERSONATED = lx.rx(
    r"\b(?:impersonat\w*|posing as|pose as|posed as|pretend(?:ing|ed)? to be|claim(?:ing|ed)? to be"
    r"|as (?:if|though) (?:they|he|she) (?:were|was))\s+(?:an?\s+)?$"
)


def _theft_cues(t: lx.Text) -> list[str]:
    """Theft of law-enforcement gear: a theft phrase whose object belongs to an agency."""
    cues: list[str] = []
    text = t.low
    break_in = lx.BREAK_IN.search(t)
    unreported = ""
    for pattern, label in (
        (lx.THEFT_ACTIVE, "theft"),
        (lx.THEFT_PASSIVE, "theft"),
        (lx.THEFT_NOUN, "stolen"),
    ):
        for m in pattern.finditer(t):
            if not unreported:
                # "police said" names who reports, not whose gear it was; blanked at the
                # same length to keep offsets. Made only when a theft phrase is found.
                unreported = _blanked(text, _REPORTING_GATED.finditer(t))
            phrase = m.group(0)
            if _ATTEMPT.search(text, max(0, m.start() - 24), m.start()) or _FOR_OBJECT.match(
                phrase
            ):
                continue  # "tried to take his weapon", "grabbed for his gun": no theft
            if pattern is lx.THEFT_ACTIVE and _AGENCY_SUBJECT.search(
                text, max(0, m.start() - 24), m.start()
            ):
                continue  # "police grab guns from homes": agents taking, not thieves
            if _GRAB.match(phrase) and (
                "holster" in phrase or _STRUGGLE_AFTER.match(text, m.end())
            ):
                continue  # "grabbed the officer's holstered gun and tried to yank it free"
            if phrase.endswith(_MISSING) and not _THEFT_TOLD.search(text):
                continue  # gear gone missing, with no theft told, may be lost
            if _INTO.match(phrase) and not _DROVE_OFF.search(text):
                continue  # jumped into a patrol car, but did not take it
            noun = _last_gear_noun(phrase)
            scene = _window(unreported, m.start(), m.end(), 60, SCENE_WINDOW)
            # a vehicle is an agency's only when named so at the phrase; "the sheriff's
            # Impala driven off" names it just before, where the gear opens the phrase
            gear_first = pattern is lx.THEFT_PASSIVE or (
                pattern is lx.THEFT_NOUN and not phrase.startswith(("stolen", "robad"))
            )
            reach = 25 if gear_first else 0
            if _VEHICLE_NOUN.search(noun):
                named = unreported[max(0, m.start() - reach) : m.end()]
                if _PRIVATE.search(named) or _COMPANY.search(named):
                    continue  # "the police chief's family SUV": a family's car
                if not lx.OWNER.search(named) and not _TAKEN_FROM_AGENT.match(unreported, m.end()):
                    continue
            if not lx.OWNER.search(scene):
                continue
            if not (
                break_in
                or (pattern is not lx.THEFT_PASSIVE and lx.OWNER.search(phrase))
                or _OWNER_BEFORE.search(unreported[max(0, m.start() - 60) : m.start()])
                or _OWNER_AFTER.search(unreported[m.end() : m.end() + 120])
            ):
                continue  # the gear is not said to be an agency's
            cues.append(f"{label}:{' '.join(phrase.split())}")
    if break_in and (cues or (_TAKEN.search(text) and not _PRIVATE.search(text))):
        # an agent's car broken into and something taken that the report does not name
        cues.insert(0, f"break-in:{' '.join(break_in.group(0).split())}")
    return cues


# Something taken that the report does not name ("what was taken", "the items stolen"), or a
# carjacking, which takes the car with what is in it.
_TAKEN = lx.rx(
    r"\bwhat (?:was|were|had been) (?:taken|stolen)\b"
    r"|\b(?:items|belongings|property|equipment|gear) (?:that )?(?:was |were )?(?:taken|stolen)\b"
    r"|\bcarjack"
)


_ACRONYM = re.compile(r"[A-Za-z]{2,4}")
_MISSING = ("missing", "desaparecieron", "desapareció", "desaparecio")
_THEFT_TOLD = lx.rx(
    r"\bstole|\bthie(?:f|ves)\b|\bburglar|\bbroke into|\bbreak-in|\bsmash|\bpried|\bransack"
    r"|\brobb|\bloot|\bforced (?:open|entry|their way|his way)|\bhad been forced|\brob[oó]\b"
    r"|\brobaron|\bforzaron"
)
_INTO = lx.rx(r"(?:jump|hop|climb|slip)\w* in")
_DROVE_OFF = lx.rx(r"\b(?:drove|driving|drives|sped|speeding|took) (?:off|away)\b|\bdrove it\b")
# An attempt told right before the verb, or a verb aimed "for" the gear, is no theft.
_ATTEMPT = lx.rx(
    r"\b(?:tried|tries|trying|try|attempted|attempting|attempts|attempt|reached|reaching"
    r"|lunged|went|going|intent[oó]|intentaron|trat[oó] de|trataron de)(?: to)?\s+$"
)
_FOR_OBJECT = lx.rx(r"\w+ (?:for|at)\b")
# A gun grabbed in a struggle, not taken: from its holster, or then "tried to yank it free".
_GRAB = lx.rx(r"(?:grab\w*|yank\w*|seized|snatched)\b")
_STRUGGLE_AFTER = lx.rx(
    r"[^.;]{0,40}?\b(?:and|but)(?: then)? (?:tried|attempted|was trying|struggled) to"
    r" (?:\w+ ){0,2}?"
    r"(?:it|the (?:gun|weapon|firearm|pistol|handgun|rifle|taser))\b"
    r"|[^.;]{0,30}?\b(?:scuffle|struggle|fight|brawl|melee)\b"  # a headline's "in scuffle"
    # used at once: "grabs deputy's gun, fires at officers", "grabs officer's Taser, shocks him"
    r"|[^.;]{0,20}?,? (?:and )?(?:fires|fired|shoots|shot|shocks|shocked|opens fire"
    r"|opened fire|is shot|was shot|is killed|was killed)\b"
)
# Agents who take something take no agency's gear: "police grab guns under red flag law".
_AGENCY_SUBJECT = lx.rx(r"\b(?:police|officers|deputies|agents|troopers|marshals|authorities)\s+$")
_OWNER_WORDS = (
    r"(?:(?:officer|agent|deput(?:y|ies)|trooper|police|sheriff|patrol|marshal|federal|ice|hsi"
    r"|lieutenant|sergeant|corporal|law enforcement"
    r"|fbi|dea|atf|cbp|dhs|homeland security|border patrol|investigator|detective|cop|swat"
    r"|agente|oficial|polic[ií]a|patrulla|secret service|servicio secreto|bureau|cruiser|rcmp"
    r"|reglamento"
    rf"|mountie|constable)\w*|{lx.FORCE_ACRONYM})"
)
# A vehicle named as a family's or a person's own, whoever's relative owns it.
_PRIVATE = lx.rx(r"\b(?:family|personal|private|wife's|husband's|son's|daughter's)\b")
# ... or a company's, named at the vehicle: a security firm's "patrol" truck is no agency's
# (security guards elsewhere in a report say nothing of whose car was broken into).
_COMPANY = lx.rx(r"\b(?:company's|firm's)|\bsecurity (?:company|firm)\b")
# Whose a vehicle is, named right after it: "SUV stolen from an FBI agent", "la camioneta
# robada a un agente del FBI", "camioneta del FBI"; an agent or officer only as law
# enforcement ("from an off-duty deputy", not "from a real estate agent", "a loan officer").
_LAW_WORD = (
    r"(?:off-duty|police|sheriff'?s?|fbi|dea|atf|ice|hsi|cbp|federal|border patrol|state"
    r"|county|secret service|undercover|narcotics|immigration|special|fuera de servicio)"
)
_TAKEN_FROM_AGENT = lx.rx(
    r"\s+(?:(?:from|a|al|de|del)\s+(?:an?\s+|the\s+|un\s+|una\s+|his\s+|her\s+)?"
    rf"(?:{_LAW_WORD}\s+){{0,2}}(?:officer|agent|deput(?:y|ies)|trooper|investigator|detective"
    r"|marshal|cop|agente|oficial|polic[ií]a|alguacil)\b"
    rf"|(?:del|de la|de los|of the)\s+{_OWNER_WORDS})"
)
# The owner named right before the gear: "an officer's", "police", "HSI raid jacket".
_OWNER_BEFORE = lx.rx(
    rf"\b{_OWNER_WORDS}(?:'s|s'|’s)?(?:\s+(?!(?:seiz|used|use|recover|found|said|say|arrest"
    r"|seek|sought|search|look|hunt|warn|remind|urg|ask|his|her|their|my|our"
    r"|shoot|shot|wound|kill|sold|sell|buy|bought|carr|fired|point|aim|threat)\w*\b)"
    r"\.?[\w'’,-]+){0,4}\s*$"  # ".45-caliber": a leading point is no sentence end
)
# ... or right after it: "stolen from a Denver police officer's truck", "de un agente".
_OWNER_AFTER = lx.rx(
    r"^[^.;]{0,60}?\b(?:from|out of|off|inside|belonging to|de|del)\s+(?:an?\s+|the\s+"
    r"|his\s+|her\s+|their\s+|un\s+|una\s+|el\s+|la\s+|los\s+|las\s+)?(?:[\w'’.-]+\s+){0,4}?"
    rf"{_OWNER_WORDS}"
)
_GEAR_TAIL = lx.rx(rf"\b{lx.GEAR_NOUN}\b")


def _last_gear_noun(phrase: str) -> str:
    found = _GEAR_TAIL.findall(phrase)
    return found[-1] if found else ""


def _is_roundup(title: str, negatives: set[str], specific: bool) -> bool:
    """Policy debates, trend pieces and audits: they cite incidents but report none.

    The title is read (lowered and split) only for specific reports, and only when the
    whole text has one of those cues: the title opens the text, so it can have no other."""
    if not specific or not negatives & {"policy", "statistics"}:
        return bool(negatives & {"policy", "statistics"})
    t = lx.Text(title)
    title_neg = [n for n in ("policy", "statistics") if lx.NEGATIVE[n].test(t)]
    if title_neg:
        return True
    return "statistics" in negatives and "policy" in negatives


# What lowers confidence in a report that is still kept.
_DOUBTS = frozenset(
    {"policy", "statistics", "real_agent", "lost_found", "purchase", "assaulted_officer",
     "unconfirmed"}
)  # fmt: skip


def _confidence(kind: str, evidence: list[str], negatives: set[str], specific: bool) -> float:
    score = 0.72 if kind == "impersonation" else 0.7
    score += 0.1 if specific else 0.0
    score += min(0.1, 0.05 * (len(evidence) - 1))
    if any(e.startswith("break-in") for e in evidence):
        score += 0.08
    score -= 0.12 * len(negatives & _DOUBTS)
    return round(max(0.3, min(0.98, score)), 2)


def agencies(text: str) -> list[str]:
    """Agencies the text names, in SPEC §6 codes; no parent agency added."""
    return _agencies(text, lx.Text(text))


def _agencies(text: str, t: lx.Text) -> list[str]:
    spans: list[tuple[int, int, str]] = []
    for name, found in lx.AGENCIES_T.finds(t):  # most agencies are absent
        for m in found:
            start, end = m.span()
            token = text[start:end]
            if not token.isupper() and _ACRONYM.fullmatch(token):
                continue  # "ice on the road" is not the agency
            spans.append((start, end, name))
    spans.sort(key=lambda s: (s[0], -s[1]))
    found: list[str] = []
    reach = -1
    for _start, end, name in spans:
        if end <= reach:
            continue  # inside a longer name: "Homeland Security" in "... Investigations"
        reach = max(reach, end)
        if name not in found:
            found.append(name)
    return found


def _items(t: lx.Text, kind: str, evidence: list[str]) -> list[str]:
    """Gear named: for thefts, in the sentences that tell the theft; else in the whole text."""
    scope = t
    if kind == "stolen_gear":
        # No theft phrase spans a sentence end, so a sentence tells the theft exactly when
        # a match in the whole text (found once, shared with the cue search) starts in it.
        starts = [m.start() for m in _STRONG_THEFT_GATED.finditer(t)]
        starts += [m.start() for m in lx.THEFT_ACTIVE.finditer(t)]
        starts += [m.start() for m in lx.THEFT_PASSIVE.finditer(t)]
        told = _sentences_at(t.low, sorted(starts))
        if told:
            scope = lx.Text(" ".join(told))
    out = lx.ITEMS_T.present(scope)
    if (
        kind == "stolen_gear"
        and "vehicle" not in out
        and any(_VEHICLE_NOUN.search(_last_gear_noun(e)) for e in evidence)
    ):
        out.append("vehicle")
    return out


# A sentence ends at whitespace after ".", "!" or "?"; the mark opens the pattern (not a
# look-behind) so ``re`` jumps between marks. The separator starts one past the mark.
_SENT = re.compile(r"[.!?]\s+")


def _sentences_at(text: str, starts: list[int]) -> list[str]:
    """The sentences (as ``_SENT`` splits them) in which one of ``starts`` lies."""
    out: list[str] = []
    k, begin = 0, 0
    for sep in (*_SENT.finditer(text), None):
        end = len(text) if sep is None else sep.start() + 1
        while k < len(starts) and starts[k] < begin:
            k += 1
        if k < len(starts) and starts[k] < end:
            out.append(text[begin:end])
        if sep is not None:
            begin = sep.end()
    return out
