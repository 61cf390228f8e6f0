"""Compiled cue patterns (English and Spanish) for incident detection.

Compiled once at import. Each vocabulary pattern maps a SPEC §6 term to the surface forms
that name it; order matters where a longer name contains a shorter one (HSI before DHS).

Matching design: each entry is lowered and split into words once (``Text``). Every pattern
is a union of alternatives, each beginning with one of a few literal openings; ``Gated``
tries the pattern only at the places where one of its openings occurs, found by looking
the openings' words up among the entry's words and word heads (plus, for patterns opening
on common words, only when a word every match needs is in the text). ``GatedTable`` finds
the patterns of a whole table (items, tactics, ...) whose openings the entry may hold in
one look. Nothing is kept per entry beyond the entry itself: feeds deliver distinct items.
The patterns stay written out in full below; the gates are derived from them, and
``tests/test_detect_gates.py`` checks that gated and plain patterns find the same matches.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator

F = re.IGNORECASE  # documents intent: every pattern here runs on lowercased text


def _lower(pattern: str) -> str:
    """Lowercase a pattern's literals, keeping escapes and group names as written."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith("(?P<", i):
            end = pattern.index(">", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(ch.lower())
            i += 1
    return "".join(out)


def rx(pattern: str, flags: int = F) -> re.Pattern[str]:
    """Compile for text lowered once per entry: far faster than IGNORECASE in ``re``."""
    del flags
    return re.compile(_lower(pattern))


def lower(text: str) -> str:
    """Lowercase keeping offsets, so spans found in it index the original text too."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# Cheap prefilter: without one of these stems an entry cannot be an incident report.
# Cheap gate, on word prefixes: an incident report needs an act word and an agency word.
_WORD = re.compile(r"\w+")
ACT_STEMS = (
    "stol", "steal", "theft", "thie", "burglar", "broke", "break", "swip", "snatch", "prowl",
    "impersonat", "posing", "posed", "pose", "pretend", "fake", "phony", "bogus", "impost",
    "claim", "masquerad", "passing", "passed", "rob", "hurt", "sustra", "pasar", "fals",
    "suplant", "fing", "dressed", "llev", "homemade", "counterfeit", "knock", "replica",
    "purport", "present", "introduc", "describ", "took", "taken", "take", "insist", "identif",
    "represent", "falsely",
    "said", "say", "told", "telling", "dice", "dij", "dec", "supuest", "hac", "hiz", "hic",
    "grab", "lift", "made", "make", "smash", "wear", "wore", "vestid", "dressed", "walk",
    "ran", "run", "drove", "got", "missing", "desaparec", "loot", "ransack", "rifled",
    "despoj", "quit", "clon", "disguis", "paint", "pintad", "aparent", "look", "pilfer",
    "driven", "lleva", "jump", "hop", "climb", "boast", "touted", "announc", "shout", "yell",
    "grit", "asegur", "afirm", "sostuv", "act", "ostent", "trabaj", "flash", "show", "display",
    "carr", "disfraz", "drive", "usurp", "tell", "slip", "carjack",
    # agency clothing, which headlines name alone ("men in ICE jackets shake down ...")
    "jacket", "windbreak", "vest", "shirt", "uniform", "badge", "chaquet", "chalec", "camis",
    "playera", "gorra",
    # headline verbs: "grab patrol rifle", "strip officers of rifles", "fleeing in ... SUV"
    "strip", "yank", "fled", "flee", "driving", "taking", "pried", "carried", "nab", "snag",
)  # fmt: skip
AGENT_STEMS = (
    "immigra", "inmigra", "migra", "federal", "agent", "officer", "police", "polic", "deput",
    "sheriff", "trooper", "patrol", "marshal", "homeland", "border", "fronter", "custom",
    "cop", "oficial", "secret", "alguacil", "investigat", "detective", "cruiser", "squad",
    "swat", "segur", "ranger", "bureau", "aduan", "mounti", "constab", "gendarm",
    "patrull", "guard", "lieutenant", "sergeant", "corporal", "enforc",
)  # fmt: skip
AGENT_WORDS = frozenset({"ice", "hsi", "cbp", "dhs", "fbi", "atf", "dea", "ero", "usbp", "usss",
                         "pd", "nypd", "lapd", "jso", "rcmp", "opp", "fed", "feds"})  # fmt: skip


_ACT_HEADS = frozenset(s[:3] for s in ACT_STEMS)
_AGENT_HEADS = frozenset(s[:3] for s in AGENT_STEMS)


def could_be_incident(words: set[str]) -> bool:
    """False for most ordinary news in a few microseconds; True lets the patterns decide.

    A word's first three letters are looked up first, so ``startswith`` runs only on the
    few words that could carry a stem."""
    if not any(w.startswith(ACT_STEMS) for w in words if w[:3] in _ACT_HEADS):
        return False
    if not words.isdisjoint(AGENT_WORDS):
        return True
    if any(w.startswith(AGENT_STEMS) for w in words if w[:3] in _AGENT_HEADS):
        return True
    return any(_FORCE.fullmatch(w) for w in words if w.endswith(("pd", "so", "chp")))


AGENCY = rx(
    r"(?P<HSI>\bhomeland security investigations?\b|\bHSI\b)"
    r"|(?P<ERO>\benforcement and removal operations\b|\bERO\b)"
    r"|(?P<ICE>\bimmigration and customs enforcement\b|\bICE\b|\bla migra\b|\bmigra\b"
    r"|\bimmigration (?:agents?|officers?|officials?|enforcement|authorities)\b"
    r"|\bagentes? (?:de |del )?(?:la )?inmigraci[oó]n\b|\bagentes? migratorios?\b"
    r"|\boficial(?:es)? de inmigraci[oó]n\b|\bservicio de inmigraci[oó]n\b)"
    r"|(?P<CBP>\bcustoms and border protection\b|\bCBP\b|\baduanas y protecci[oó]n fronteriza\b)"
    r"|(?P<USBP>\bborder patrol\b|\bpatrulla fronteriza\b|\bUSBP\b)"
    r"|(?P<DHS>\bdepartment of homeland security\b|\bhomeland security\b|\bDHS\b"
    r"|\bseguridad nacional\b)"
    r"|(?P<FBI>\bFBI\b|\bfederal bureau of investigation\b)"
    r"|(?P<ATF>\bATF\b|\bbureau of alcohol, tobacco\b)"
    r"|(?P<DEA>\bDEA\b|\bdrug enforcement administration\b)"
    r"|(?P<USMS>\bU\.?S\.? marshals?\b|\bmarshals service\b|\bdeputy marshal\b)"
    r"|(?P<USSS>\bsecret service\b|\bUSSS\b|\bservicio secreto\b)"
    r"|(?P<sheriff>\bsheriff'?s?\b|\bdeput(?:y|ies)\b|\balguacil\w*\b)"
    r"|(?P<police>\bpolice\b|\bpolic[ií]a\b|\bpatrol(?:man|men)\b|\btroopers?\b|\bcops?\b"
    r"|\bPD\b|\bpolice officers?\b)",
    F,
)

# Federal or immigration agent words; used to scope impersonation (SPEC §1).
# "ice" on lowercased text: not ice cream, storms or rinks
_ICE = (
    r"\bICE\b(?! (?:cream|creams|storm|storms|rink|skating|age|cubes?|fishing|hockey|maker"
    r"|machine|packs?)\b)"
)
FEDERAL = rx(
    _ICE + r"|\bHSI\b|\bCBP\b|\bDHS\b|\bFBI\b|\bATF\b|\bDEA\b|\bERO\b"
    r"|immigration|inmigraci[oó]n|migratori|\bmigra\b|\bmigraci[oó]n\b|border patrol"
    r"|patrulla fronteriza"
    r"|homeland security|seguridad nacional|federal|U\.?S\.? marshal|secret service"
    r"|servicio secreto|customs|drug enforcement|drug agents?\b|border protection|\baduanas\b"
    r"|air marshal|national guard|guardias? nacional|\bfeds\b|\bfake fed\b"
    r"|\bfronteriz\w*"  # "agente fronterizo": a Border Patrol agent
    # a marshal is the Marshals Service's, not a fire, city, town or county marshal (the
    # look-behinds follow the word, so the pattern still opens with a letter)
    r"|\bmarshals?\b"
    + "".join(
        f"(?<!{local} marshal{plural})"
        for local in ("fire", "city", "town", "county")
        for plural in ("", "s")
    ),
    F,
)

_AGENCY_WORD = (
    r"(?:ICE|immigration and customs enforcement|immigration|federal|(?:U\.?S\.? )?border patrol"
    r"|customs and border protection|HSI|homeland security investigations|homeland security"
    r"|FBI|CBP|DHS|DEA|ATF"
    r"|U\.?S\.? marshals?|secret service|la migra|inmigraci[oó]n|migraci[oó]n"
    r"|drug enforcement(?: administration)?|aduanas y protecci[oó]n fronteriza"
    r"|oficina de aduanas|patrulla fronteriza|instituto nacional de migraci[oó]n)"
)
# A pretence in scare quotes: "accused of 'patrolling' Falls Church as ICE officer". Opened
# by "as" for the gate; the quoted gerund before it is checked where the cue is read.
# One agent, and a gerund of acting as one: not "'Terrifying' scene as ICE agents detain".
AS_AGENT = rx(rf"\bas (?:an? )?['‘]?{_AGENCY_WORD}['’]? (?:agent|officer)\b")
QUOTED_GERUND = rx(
    r"['‘](?:patroll|detain|arrest|question|interrogat|stopp|check|search|raid|polic|enforc"
    r"|investigat|deport|work|serv|operat|act)ing['’] (?:[\w'’.,-]+ ){0,4}?$"
)
# What an impostor does as an agent, to someone: what makes agency clothing worn in an event
# a pretence ("flashed badge at polling place", "questioned day laborers"), where a shirt
# worn at a rally or a shoplifting is not.
_AGENT_ACT_STRONG = (
    r"\b(?:flash\w*|show\w*|display\w*) (?:a |an |his |her |their |the )?(?:[\w-]+ ){0,3}?"
    r"(?:badges?|credentials|ids?)\b"
    r"|\b(?:detain\w*|handcuff\w*|pulled (?:\w+ ){0,2}over|pulling (?:\w+ ){0,2}over"
    r"|flashing (?:\w+ ){0,3}?lights|sirens?)\b"
)
AGENT_ACT_STRONG = rx(_AGENT_ACT_STRONG)
AGENT_ACT = rx(
    rf"{_AGENT_ACT_STRONG}"
    r"|\b(?:questioned|questioning|interrogat\w*|search\w* (?:for|the|a|an)|knock\w* on"
    r"|stopp\w* (?:\w+ ){0,2}(?:drivers?|motorists?|cars?|workers?|people|residents|men|women)"
    r"|confront\w* (?:\w+ ){0,2}?(?:shoppers|customers|workers|residents|drivers|families"
    r"|immigrants|laborers|vendors)"
    r"|demand\w* (?:papers|documents|ids?|identification|money|cash|payment)"
    r"|asked (?:\w+ ){0,2}for (?:papers|documents|ids?|identification)"
    # watching people as agents would, not protesters at a rally
    r"|(?:photograph|film|record|fotograf|grab)\w* (?:a )?(?:los |las )?(?:worshippers"
    r"|churchgoers|congregants|parishioners|fieles|feligreses|customers|clientes|workers"
    r"|trabajadores|shoppers|families|familias)"
    r"|(?:get|got|getting|talk\w* (?:his|her|their) way) into|to enter|tried to enter)\b"
)
# Merch, not a uniform: a hat or cap counts with a crime or a strong act only (lights, a
# badge flashed, someone pulled over), not with "questioned" or "confronted".
MERCH = rx(r"\b(?:hats?|caps?|gorras?)\b")
# A cue followed by a modal speaks of what impostors might do: "fake ICE agents could ...".
MODAL_AFTER = rx(r"(?:\s+(?:agents?|officers?|impost[oe]rs?))?\s+(?:could|may|might|can)\b")
IMPERSONATION = rx(
    r"\bimpersonat(?:ing|ed|es|e|ors?)\b|\b(?:charged with|accused of|arrested for|counts? of"
    r"|charges? of|cargos? de) (?:\w+ ){0,3}?impersonation\b"
    r"|\bposing as\b|\bposed as\b|\bposes as\b|\bpose as\b"
    r"|\bpretend\w* to be\b|\bpassing (?:himself|herself|themselves) off as\b"
    r"|\bpassed (?:himself|herself|themselves) off as\b|\bmasquerad\w* as\b"
    r"|\b(?:claimed|claiming|claims|claim|insisted|insisting|said|saying"
    r"|(?:told|tells|tell|telling|insisted to|insisting to) \w+(?: [\w'.,-]+){0,8})"
    r" (?:that )?(?:(?:he|she|they) (?:was|were|is|are|worked for|work for|worked with)"
    r"(?! not\b| never\b)"
    r"|(?:he|she)['’]s|they['’]re)"
    rf" (?:an? )?['‘“\"]?(?:\w+ ){{0,2}}?(?:with |from )?{_AGENCY_WORD}"
    rf"|\b(?:claimed|claiming|claims|claim|pretending|pretended) to be (?:an? )?(?:\w+ ){{0,2}}?"
    rf"(?:with |from )?{_AGENCY_WORD}"
    rf"|\b(?:claim\w*|pretend\w*|purport\w*|falsely said|falsely stated) (?:that )?"
    r"(?:he |she |they )?(?:to )?(?:work|be working|worked|works) (?:for|with) (?:the )?"
    rf"{_AGENCY_WORD}"
    r"|\b(?:claim\w*|boast\w*|touted|said he had|said she had) (?:\w+ )?(?:ties|links"
    rf"|connections?) (?:to|with) (?:the )?{_AGENCY_WORD}"
    rf"|\bact(?:ing|ed|s)? as (?:an? |the )?(?:\w+ ){{0,2}}?{_AGENCY_WORD}"
    r"|\bact(?:ing|ed|s)? like ICE\b"
    rf"|\bas (?:if|though) (?:he|she|they) (?:were|was) (?:an? )?{_AGENCY_WORD}"
    r" (?:agents?|officers?)\b"
    # in his own words: "I'm a U.S. marshal" (not "I'm a federal employee", "a retired agent")
    r"|\b(?:i['’]m|i am|we['’]re|we are) (?:an? |with (?:the )?)?(?:ICE|HSI|CBP|FBI|DEA|ATF"
    r"|U\.?S\.? marshals?|(?:federal|immigration|border patrol) (?:agents?|officers?))\b"
    r"|\bse ostent\w* como\b"
    r"|\b(?:dec[ií]a|dijo|aseguraba|afirmaba|asegur[oó]) (?:trabajar|colaborar)"
    rf" (?:para|con|en) (?:la |el )?{_AGENCY_WORD}"
    rf"|\b(?:identif\w+|present\w*|introduc\w+|describ\w+|represent\w*) (?:themselves|himself"
    r"|herself)(?: \w+){0,3}?"  # "introduced himself around Gerald as"
    rf" as (?:an? )?(?:\w+ ){{0,2}}?{_AGENCY_WORD}"
    rf"|\bpurport\w* to be (?:an? )?(?:\w+ ){{0,2}}?{_AGENCY_WORD}"
    r"|\b(?:homemade|counterfeit|knock-?off|replica|toy|fake|bogus|phony) (?:\w+ ){0,3}?"
    r"(?:vests?|badges?|jackets?|uniforms?|credentials|id cards?|placas?|chalecos?)\b"
    r"|\bse present\w* como (?:un |una )?(?:agentes?|oficial\w*)"
    r"|\b(?:vestid|disfrazad)[oa]s? (?:de|como) (?:un |una )?(?:agentes?|oficial\w*|polic[ií]a)"
    r"|\bse identific\w* como (?:un |una )?(?:agentes?|oficial\w*)"
    rf"|\bdressed (?:up )?as (?:an? )?{_AGENCY_WORD}"
    r"|\b(?:announc(?:ed|ing|es|e)|shout(?:ed|ing|s)?|yell(?:ed|ing|s)?|gritando|gritaron|gritaban)"
    r" ['‘“\"]?(?:police,? )?"
    rf"{_AGENCY_WORD}['’”\"]?"
    r"|\b(?:cloned|look-?alike|disguised as|made to look like|painted to look like|dressed up as"
    r"|clonad[oa]s?|pintad[oa]s? (?:para aparentar ser|como)|para aparentar ser"
    r"|disfraz(?:ar|ó|aron|ada|ado|adas|ados) (?:una? |la |el )?(?:\w+ ){0,2}?como) (?:an? |una? )?"
    rf"(?:(?:de|del|la) )*{_AGENCY_WORD}"
    r"|\b(?:fake|phony|bogus|sham|would-be|self-proclaimed|purported) ['‘“\"]?(?:ICE|marshals?"
    r"|immigration"
    r"|federal|feds?\b|border patrol|HSI|CBP|FBI|DHS|DEA|U\.?S\.? marshals?|drug (?:agents?"
    r"|officers?)"
    r"|narcotics (?:agents?|officers?))\b"
    r"|\b(?:ICE|immigration|federal|border patrol|HSI|CBP|FBI) (?:agent |officer )?(?:impostors?"
    r"|imposters?|impersonators?)\b|\bimpost[oe]rs?\b|\bimpersonators?\b"
    r"|\bse hac\w* pasar por\b|\bhaci[eé]ndose pasar por\b|\bhacerse pasar por\b"
    r"|\bse hizo pasar por\b|\bse hicieron pasar por\b|\bsuplant\w*|\bfing\w* ser\b"
    r"|\b(?:dicen|dice|dijo|dijeron|dec[ií]a|dec[ií]an|afirmaba|afirmaban|aseguraba\w*)"
    r" ser (?:agentes?|oficiales?|de (?:la )?(?:inmigraci[oó]n|migraci[oó]n|patrulla fronteriza"
    r"|ICE)|de ['‘“\"]?la migra)|\bsupuest[oa]s (?:agentes?|oficiales?)"
    r"|\b(?:diciendo|gritando|asegurando|afirmando|alegando|dijeron|dijo|gritaban|gritaron"
    r"|asegur[oó]|aseguraron|afirm[oó]|afirmaron|afirmar|asegurar|sostuvo|alardeaba)"
    r" (?:que )?(?:eran|era|son|es|ser|somos) ['‘“\"]?(?:agentes?|oficiales?|la migra|de ICE|ICE"
    r"|de (?:la )?inmigraci[oó]n|migraci[oó]n|de (?:la )?patrulla fronteriza|de ['‘“\"]?la migra)"
    r"|\bno eran (?:verdaderos )?agentes (?:federales|de ICE|de inmigraci[oó]n|de la migra)"
    r"|\b(?:were|was) (?:not|no) (?:real |actual |actually )?(?:an? )?(?:ICE|federal|immigration"
    r"|border patrol|FBI|HSI|DEA) (?:agents?|officers?)\b"
    r"|\bfals[oa]s? (?:agentes?|oficiales?|polic[ií]as?|guardias? nacional(?:es)?)\b"
    r"|\busurpaci[oó]n de funciones\b"
    r"|\b(?:uniformes?|chalecos?|placas?|chaquetas?|credencial(?:es)?|gorras?) fals[oa]s?\b"
    r"|\bfals[oa]s? ['‘“\"]?(?:agentes? )?(?:del? )?(?:ICE|la migra|migra)\b",
    F,
)
# Wearing agency clothing while committing a crime (checked with CRIME in the text).
# The verbs are written out, no optional endings: their openings are then whole words, so
# "in" is looked up among the entry's words rather than searched as a two-letter head.
ATTIRE = rx(
    r"\b(?:wearing|wore|in|dressed in|with|flashed|flashing|flashes|flash|showed|showing|shows"
    r"|show|displayed|displaying|display|carried|carrying) (?:what (?:looked|appeared) like )?"
    r"(?:a |an |black |dark |fake |gold |official |tactical |the |prop |costume |toy "
    r"|replica )*['‘“\"]?"
    r"(?:police |polic[ií]a )?"
    rf"{_AGENCY_WORD}['’”\"]?"
    r"(?:[- ]style)? (?:jackets?|windbreakers?|vests?|uniforms?|shirts?|hats?|caps?|badges?)"
    r"|\b(?:jackets?|windbreakers?|vests?|uniforms?|shirts?|badges?) (?:with|reading|marked|bearing"
    r"|labell?ed|emblazoned with|stamped with|printed with|that said|that read)"
    r" (?:the (?:word|letters|logo) )?['‘“\"]?"
    r"(?:(?:police|polic[ií]a)['’”\"]?(?:,? and|,? y|,)? ['‘“\"]?)?"  # "'Police' and 'ICE'"
    rf"{_AGENCY_WORD}"
    r"|\b(?:con|vistiendo|portaba\w*|vestid[oa]s? con|vest[ií]an?|llevaban?|usaban?|tra[ií]an?)"
    r" (?:una |un |unas |unos )?(?:chaqueta|chaleco|uniforme|camiseta|camisa|playera|gorra|ropa)\w*"
    r"(?: fals[oa]s?)? (?:de |del "
    r"|con (?:el logo|el logotipo|las siglas|la palabra|las letras|letras) (?:de )?"
    r"|que dec[ií]an? |que le[ií]an? |marcad[oa]s? con )?(?:la |el )?['‘“\"]?"
    rf"{_AGENCY_WORD}",
    F,
)
CRIME = rx(
    r"\brobb\w*|\brobs?\b|\btook (?:their|his|her|the)\b|\bstole\b|\bdemand\w*|\bextort\w*"
    r"|\bkidnap\w*|\babduct\w*|\bassault\w*|\brap(?:e|ed)\b|\bthreaten\w*|\bcharged\b"
    r"|\barrested (?:a|the|him|her)\b|\bpolice arrest\w*|\basalt\w*|\brob[oó]\b|\brobaron\b"
    r"|\bquit[oó]\b|\bexigi\w*|\bextorsi\w*|\bcobr\w* (?:\w+ ){0,2}?(?:cuotas?|dinero|pagos?)\b"
    r"|\b(?:was|were) arrested\b|\bsecuestr\w*|\barrest\w* (?:a|al) (?:un )?hombre"
    r"|\bpull\w* (?:\w+ ){0,2}over\b|\btraffic stops?\b|\bdetain\w*|\bdeten\w*"
    r"|\bstopp\w* (?:\w+ ){0,2}(?:motorists|drivers|cars|vehicles|people|residents|workers)\b"
    r"|\barmed (?:men|man|woman|suspects?)\b|\bgunmen\b|\bat gunpoint\b|\bpounded on\b"
    r"|\bbalaclavas?\b|\bski masks?\b|\bfled\b|\bhuyeron\b"
    r"|\bsh(?:ake|akes|ook|aking) (?:\w+ ){0,3}?down\b|\bshakedowns?\b"
    r"|\bforg(?:ed|ery)\b|\bfraud\w*|\blur(?:e|ed|es|ing) (?:\w+ ){0,3}?into\b|\bquitaron\b"
    # money asked of the victim: "unless he paid $300", "told them to hand over $500"
    r"|\bunless (?:he|she|they|you|the \w+) (?:paid|pay|pays|handed)\b"
    r"|\b(?:paid|pay|hand(?:ed)? over|asked for|wanted) (?:them |him |her |us )?\$\d"
    r"|\bforc\w* (?:\w+ ){0,3}into\b|\bgrab\w* (?:\w+ ){0,2}(?:laborers|workers|people|men"
    r"|women|him|her|them)\b"
    # disowned by the agency: no crime needed to see an impostor
    r"|\bno (?:connection|ties) to (?:any |the )?(?:law enforcement|agency|ice|federal)"
    r"|\bhad no (?:officers|agents) (?:at|in|near)\b|\bno (?:ice|federal|immigration)"
    r" (?:operation|officers|agents) (?:was |were )?(?:under ?way|in the area|at|there)"
    r"|\bnot (?:affiliated|associated) with\b|\bno (?:era|eran) agentes?\b"
    r"|\b(?:has |had )?never worked for\b|\b(?:does|did) not work for\b|\bno trabaja\w* para\b"
    r"|\bworks? for neither\b"
    r"|\bnunca (?:han?|hab[ií]an?) trabajado para\b",
    F,
)

# Cues whose object follows them ("posing as a reporter" is not about agents).
OBJECT_CUE = rx(
    r"(?:\bas|\bbe|impersonat\w*|\bpor|\bser|\bcomo|suplant\w*)\s*$",
    F,
)

# Modal or generic context that makes an impersonation mention hypothetical.
HYPOTHETICAL = rx(
    r"\b(?:could|may|might|would|can|could be used to|used to|in order to|fear\w*|concern\w*"
    r"|worr\w*|risk|warn\w* that|podr[ií]a\w*|puede\w*|pueden|easy|easier|possible"
    r"|able|allow\w*|enabl\w*|invit\w*|f[aá]cil)\s+(?:\w+\s+){0,6}?"
    r"(?:be used to |be )?(?:impersonat|pose as|posing as|pretend\w* to be|claim\w* to be"
    r"|pass (?:themselves|himself) off"
    r"|hacerse pasar|suplant)"
    # "para" is "in order to" only right before the verb: not "fianza para hombre acusado de"
    r"|\bpara\s+(?:\w+\s+)?(?:hacerse pasar|suplant)"
    # a belief: "thought they were fake agents" (they were real), "creyó que eran falsos"
    r"|\b(?:thought|believed|assumed|cre(?:y[oó]|yeron|[ií]a|[ií]an)|pens(?:aba|aban|ó|o|aron))"
    r"\s+(?:que\s+)?(?:\w+\s+){0,3}?(?:were|was|eran|era)\s+(?:\w+\s+){0,2}?"
    r"(?:fake|phony|impost|imperson|fals[oa]s)"
    # a kind of person, not an event: "a law aimed at people who impersonate agents"
    r"|\b(?:people|those|anyone|someone|persons|individuals) who (?:impersonate|pose as"
    r"|pretend to be|claim to be)\b",
    F,
)

THEFT_VERB = (
    r"(?:stole|stolen|steal|steals|stealing|swiped|swipes|swipe|swiping|snatched|snatches"
    r"|snatch|snatching|took|taken|take|takes|taking|"
    r"(?:made|makes|make|making|walked|walks|walk|walking|ran|runs|run|running|drove|drives"
    r"|got|gets|took) (?:off|away) with|(?:drove|drives|drive|driving) off in|roban|roba|"
    r"hurtan|hurta|"
    r"loot(?:ed|ing|s)?|ransack(?:ed|ing|s)?|rifled through|despoj\w+|quit[oó]|quitaron|"
    r"lifts|pilfer(?:ed|s)?|(?:jump|jumps|jumped|hop|hops|hopped|climb|climbs|climbed|slip|slips"
    r"|slipped) in(?:to)?|"
    r"grabbed|grabs|grab|yanked|yanks|yank|nabbed|nabs|nab|snagged|snags|snag"
    r"|(?:fled|flees|flee|fleeing) in|"
    r"theft of|thefts of|burglarized|robbed|lifted|"
    r"robaron|rob[oó]|robad[oa]s?|hurtaron|hurt[oó]|sustrajeron|sustra[ií]d[oa]s?|"
    r"robo de|robo del|se llevaron|se llev[oó]|se llevan|se lleva)"
)
GEAR_NOUN = (
    r"(?:vests?|jackets?|windbreakers?|badges?|credentials?|(?:id|identification) cards?|"
    r"uniforms?|ammunition|ammo|rounds|magazines|bullets|guns?|rifles?|ar-15s?|pistols?|handguns?|"
    r"(?:patrol|police) units?|"
    r"firearms?|shotguns?|weapons?|glock|radios?|handcuffs|cruisers?|patrol (?:cars?|vehicles?"
    r"|suvs?)|squad cars?|suvs?|trucks?|vehicles?|car|pickups?|impala|tahoe|explorer|charger"
    r"|interceptor|arsenal|"
    r"tasers?|batons?|laptops?|body armou?r|armou?r|gear|"
    r"equipment|lockbox|gun safe|computadoras?|port[aá]til|"
    r"chalecos?|chaquetas?|chamarras?|placas?|insignias?|credenciales?|uniformes?|municiones|"
    r"balas|cartuchos|armas?|rifles?|pistolas?|radios?|esposas|patrullas?|veh[ií]culos?|equipo|"
    r"camionetas?|carros?|coches?)"
)
# No period, so a theft phrase stays in its sentence, but for "St.", "Ft.", "Mt." in a name.
FILLER = r"(?:(?:[\w'’,$-]+|[sfm]t\.)\s+){0,6}?"
# Stripping someone of gear is a theft only when thieves do it ("gunmen strip officers of
# rifles"), not a sheriff disciplining a deputy or officers disarming a suspect.
_THIEVES = (
    r"(?:gunmen|thieves|burglars|robbers|crooks|attackers|assailants|armed men|bandits"
    r"|hombres armados|delincuentes)"
)
THEFT_ACTIVE = rx(
    rf"\b{THEFT_VERB}\s+{FILLER}{GEAR_NOUN}\b"
    rf"|\b{_THIEVES} (?:\w+ )?(?:strip|strips|stripped)\s+{FILLER}{GEAR_NOUN}\b",
    F,
)
THEFT_PASSIVE = rx(
    rf"\b{GEAR_NOUN}\b(?:\s+[\w'’,-]+){{0,8}}?\s+(?:(?:was|were|had been|have been|has been|got|"
    rf"fueron|fue|han sido|habr[ií]an sido)\s+(?:\w+\s+)?(?:stolen|taken|swiped|robad[oa]s?|"
    rf"sustra[ií]d[oa]s?|hurtad[oa]s?)|(?:went|go|goes|was|were|had gone|had been|have been"
    rf"|has been|are|is|still|remain|remains|remained) missing(?= (?:from|after|when|during)\b)"
    rf"|desaparecieron(?= de\b)|desapareci[oó](?= de\b))",
    F,
)
THEFT_NOUN = rx(
    rf"\b(?:stolen|robad[oa]s?)\s+(?:\w+\s+){{0,3}}?{GEAR_NOUN}\b|\b{GEAR_NOUN}(?:,?\s+[\w'’-]+){{0,6}}?"
    rf",?\s+(?:robad[oa]s?|stolen|swiped|snatched|hurtad[oa]s?|sustra[ií]d[oa]s?"
    rf"|(?:taken|grabbed|lifted|pilfered|driven off|driven away|carried off)"
    rf"(?= (?:from|out of)\b)"
    rf"|taken (?:in|during) (?:an? |the )?(?:[\w-]+ ){{0,4}}?(?:burglary"
    rf"|break-in|robbery|theft|smash-and-grab|prowl)"
    # a headline's passive: "gun and credentials taken while he napped"
    rf"|taken (?=while\b))\b"
    rf"|\b{GEAR_NOUN} (?:was|were) among (?:the )?(?:other )?(?:items|things|gear)"
    rf" (?:taken|stolen)"
    # "la patrulla que le robaron a la policía"
    rf"|\b{GEAR_NOUN} que (?:le |les )?(?:robaron|rob[oó]|hurtaron|hurt[oó]|sustrajeron"
    rf"|se llevaron|se llev[oó])\b",
    F,
)
BREAK_IN = rx(
    r"\b(?:broke into|breaks into|break into|broken into|break-in(?: at| of| to)?|breaking into"
    r"|burglarized|burglary of|smashed|pried open|prowled|"
    r"forzaron|irrumpieron en|rompieron)\s+(?:\w+\s+){0,4}?(?:an? |the |his |her )?"
    r"(?:\w+\s+){0,3}?(?:officer'?s?|agent'?s?|deput(?:y|ies)'?s?|trooper'?s?|police|patrol|federal|"
    r"investigator'?s?|cruiser|squad|agente|oficial|polic[ií]a|ICE|HSI|FBI|DEA|ATF|CBP|RCMP"
    r"|immigration (?:and customs|agents?|officers?|agency|enforcement)"
    r"|constable'?s?)"
    r"|\b(?:officer|agent|deputy|trooper|marshal)s? (?:was |were )?carjacked\b",
    F,
)
# A police force or sheriff's office by its initials: NYPD, IMPD, JSO, PCSO, CHP.
FORCE_ACRONYM = r"(?:[a-z]{1,4}pd|jso|[a-z]{1,2}cso|bso|chp)\b"
_FORCE = re.compile(FORCE_ACRONYM)
# Whose gear: law-enforcement ownership near the theft.
OWNER = rx(
    r"\bofficer|\bagent|\bdeput|\btrooper|\bpolice|\bsheriff|\bpatrol|\bcruiser|\bsquad car"
    r"|\blieutenant|\bsergeant|\bcorporal|\blaw enforcement|\bduty (?:weapon|pistol|rifle|gun)"
    r"|\bimmigration (?:and customs|agents?|officers?|officials?|agency|enforcement)"
    rf"|\binvestigator|\bmarshal|\bfederal|{_ICE}|\bHSI\b|\bFBI\b|\bDEA\b|\bATF\b|\bCBP\b"
    r"|\bDHS\b|\bhomeland|\bborder|\bdepartment-issued|\bservice (?:weapon|pistol|rifle)"
    r"|\bde reglamento\b"
    r"|\bagente|\boficial|\bpolic[ií]a|\bpatrulla|\bfederal|\bdetective|\bswat|\bcop\b"
    rf"|\brcmp\b|\bmountie|\bconstable|\bgendarm|\bguardia civil|\b{FORCE_ACRONYM}"
    r"|\bsecret service\b|\bservicio secreto\b|\busss\b",
    F,
)

ITEMS: dict[str, re.Pattern[str]] = {
    "badge": rx(r"\bbadges?\b|\bplacas?\b|\binsignias?\b|\bshields?\b", F),
    "credentials": rx(
        r"\bcredentials?\b|\b(?:id|identification) (?:cards?|badges?)\b|\bcredencial(?:es)?\b"
        r"|\bidentificaci[oó]n (?:oficial|falsa)\b|\bfake id\b|\bwarrant cards?\b",
        F,
    ),
    "vest": rx(r"\bvests?\b|\bchalecos?\b|\bbody armou?r\b", F),
    "jacket": rx(r"\bjackets?\b|\bwindbreakers?\b|\bchaquetas?\b|\bchamarras?\b", F),
    "uniform": rx(r"\buniforms?\b|\buniformes?\b|\bICE (?:shirt|t-shirt|hat|cap)\b", F),
    "ammunition": rx(
        r"\bammunition\b|\bammo\b|\brounds\b|\bmagazines\b|\bbullets\b|\bmuniciones\b"
        r"|\bbalas\b|\bcartuchos\b|\bcargadores\b",
        F,
    ),
    "firearm": rx(
        r"\bguns?\b|\brifles?\b|\bpistols?\b|\bhandguns?\b|\bfirearms?\b|\bshotguns?\b"
        r"|\bglock\b|\bar-15\b|\bweapons?\b|\barmas? de fuego\b|\bpistolas?\b|\brifles?\b"
        r"|\bfusil\w*\b|\barmad[oa]s?\b|\barmed\b",
        F,
    ),
    # "police radio", "two-way radio": a yes/no test needs only the noun
    "radio": rx(r"\bradios?\b", F),
    "vehicle": rx(
        r"\b(?:patrol|police|squad|government|agency|federal|marked|unmarked|ICE|border patrol"
        r"|CBP)\s+(?:car|cars|vehicle|vehicles|suv|suvs|truck|trucks|cruiser|van)\b|\bcruiser\b"
        r"|\bpatrullas?\b|\bveh[ií]culo (?:oficial|federal|policial|de la patrulla)\b"
        r"|\b(?:police|emergency|flashing|red and blue) lights\b|\blights and sirens?\b"
        r"|\bluces (?:de emergencia|policiales|azules)\b|\btorreta\b",
        F,
    ),
    "handcuffs": rx(r"\bhandcuff\w*|\bzip ties\b|\besposas\b|\besposad\w*", F),
    "other": rx(
        r"\btasers?\b|\bbatons?\b|\blaptops?\b|\bflashlights?\b|\bhelmets?\b|\bgas masks?\b"
        r"|\bnight[- ]vision\b|\butility belt\b|\bduty belt\b|\bbinoculars\b|\bcomputadoras?\b"
        r"|\bport[aá]til\b|\blockbox\b",
        F,
    ),
}

TACTICS: dict[str, re.Pattern[str]] = {
    "phone_call": rx(
        r"\bphone calls?\b|\bcalled\b|\bcalls\b|\bcaller\b|\bby phone\b|\bover the phone\b"
        r"|\btelephone\b|\btext messages?\b|\bllamad\w*|\bllamaron\b|\btel[eé]fono\b"
        r"|\bspoof\w*",
        F,
    ),
    "home_visit": rx(
        r"\bknock\w* on\b|\bat (?:the|her|his|their) (?:door|home|house|apartment)\b"
        r"|\bfront door\b|\bhomes?\b|\bhouses?\b|\bapartments?\b|\bresidences?\b"
        r"|\bforced (?:their|his|her) way\b|\bcasas?\b|\bpuertas?\b|\bvivienda\b"
        r"|\bapartamento\b|\bhogar\b|\bdomicilio\b",
        F,
    ),
    "traffic_stop": rx(
        r"\bpulled (?:over|them over|him over|her over)\b|\bpull(?:ing)? over\b"
        r"|\btraffic stops?\b|\bstopped (?:a|the|their|his|her) (?:car|vehicle|driver|truck|van)"
        r"|\bstopping (?:a|the) (?:car|vehicle|driver)|\bdetuv\w* (?:el|un|su) (?:veh[ií]culo"
        r"|auto|carro|coche)\b|\bparada de tr[aá]fico\b|\bfrenar\b",
        F,
    ),
    "workplace": rx(
        r"\brestaurants?\b|\bworksites?\b|\bjob sites?\b|\bworkplaces?\b|\bconstruction site\b"
        r"|\bstore\b|\bbusiness(?:es)?\b|\bfactory\b|\bfarm\b|\bcar wash\b|\bhotel\b|\bmotel\b"
        r"|\bnegocios?\b|\brestaurantes?\b|\btiendas?\b|\blugar de trabajo\b|\bf[aá]brica\b"
        r"|\bemployees?\b|\bworkers\b|\bempleados?\b|\btrabajadores\b",
        F,
    ),
    "street_stop": rx(
        r"\bon the street\b|\bwalking\b|\bsidewalk\b|\bbus stop\b|\bparking lot\b"
        r"|\bapproached (?:a|two|three|the) (?:man|men|woman|women|people)\b"
        r"|\ben la calle\b|\bcaminaba\b|\bparada de autob[uú]s\b|\bestacionamiento\b",
        F,
    ),
    "demanded_money": rx(
        r"\bdemand\w* (?:money|cash|payment|\$|a payment|bribes?)|\bextort\w*|\$\s?\d"
        r"|\bpay (?:a|them|him|up)\b|\bgift cards?\b|\bwire transfer\b|\bbribes?\b"
        r"|\bexigi\w* (?:dinero|pago)|\bdinero\b|\bextorsi\w*|\bpagar\b|\bpago\b|\bfees?\b"
        # "80 dólares", the word first (and the number looked for behind it) so it can gate
        r"|\bd[oó]lares(?<=\d d[oó]lares)\b|\bcuotas?\b",
        F,
    ),
    "robbery": rx(
        r"\brobs?\b|\brobb\w*|\bheld up\b|\bhold-up\b"
        r"|\btook (?:their|his|her) (?:cash|money|wallet|phone"
        r"|purse|belongings)|\bstole (?:their|his|her|cash|money)\b|\bloot\w*|\brob[oó]\b"
        r"|\brobaron\b|\brobo\b|\basalt\w*|\batrac\w*",
        F,
    ),
    "detention": rx(
        r"\bdetain\w*|\bhandcuff\w*|\bzip ties\b|\brestrain\w*|\bput (?:him|her|them) in\b"
        r"|\b(?:placed|put) (?:him|her|them) under arrest\b|\bdetuv\w*|\bdeten\w*|\besposad\w*"
        r"|\bretuv\w*|\bheld (?:him|her|them)\b",
        F,
    ),
    "kidnapping": rx(r"\bkidnap\w*|\babduct\w*|\bsecuestr\w*|\bplagi\w*", F),
    "assault": rx(
        r"\bassault\w*|\battack\w*|\bbeat\w*|\bpunch\w*|\brap(?:e|ed|ing)\b|\bsexual\w*"
        r"|\bagred\w*|\bagresi[oó]n\b|\bgolpe\w*|\bviol[oó]\b|\bviolaci[oó]n\b|\babus\w* sexual",
        F,
    ),
    "fake_documents": rx(
        r"\bfake (?:warrant|badge|documents?|id|credentials?|papers?|deportation orders?)\b"
        r"|\bforged\b|\bcounterfeit\b|\bbogus (?:warrant|documents?|badge)\b"
        r"|\b(?:orden|documentos?|placa|credencial) fals\w*|\bfalsific\w*"
        r"|\bfake (?:ICE|immigration) (?:badge|id|credentials?|documents?)\b",
        F,
    ),
    "fake_vehicle": rx(
        r"\b(?:police|emergency|flashing|red and blue|blue) lights\b|\blights and sirens?\b"
        r"|\bsirens?\b|\bluces\b|\btorreta\b|\bfake (?:police|patrol|ICE) (?:car|vehicle)\b"
        r"|\bunmarked (?:car|vehicle|suv|van) (?:with|equipped)\b|\bdecals?\b",
        F,
    ),
}

# A department's own rules, which theft reports cite ("the officer followed policy").
_OWN_RULES = ("followed", "department", "agency", "storage", "violated", "against", "internal",
              "office", "bureau")  # fmt: skip
_BILL_BEFORE = ("a", "the", "this", "that", "house", "senate", "assembly", "state", "new",
                "proposed", "his", "her", "their")  # fmt: skip
# Police saying the wearer never claimed to be an agent, not the suspect's denial ("he says
# he never claimed to be federal"); the look-behinds sit after the words, so the gate sees them.
_NEVER_CLAIMED = r"\bnever claimed to be\b" + "".join(
    rf"(?<!{who} never claimed to be)" for who in ("says he", "said he", "says she", "said she")
)
# Stories that share the words but are not incident reports.
NEGATIVE: dict[str, re.Pattern[str]] = {
    "costume": rx(
        r"\bcostumes?\b|\bhalloween\b|\bdisfra(?:z|ces)\b|\bcosplay\b|\bparty store\b", F
    ),
    "film": rx(
        r"\b(?:a|the|an upcoming|independent|short|feature|student|action) film\b"
        r"|\bfilm (?:set|shoot|permit)|\b(?:tv|television|video) (?:shoot|crew|production)\b"
        r"|\bfilming (?:of|for|a|an|the) (?:\w+ )?(?:movie|film|show|series|episode|scene)"
        r"|\bmovie\b|\bactors?\b|\bfilm crew\b|\bproduction crew\b|\bfilm(?:ed|ing)? scenes?\b"
        r"|\bshow(?:'s)? set\b|\bpel[ií]cula\b|\brodaje\b|\bserie de televisi[oó]n\b"
        r"|\btelenovela\b|\bmusic video\b|\bvideoclip\b|\bprank\w*|\bbroma\b",
        F,
    ),
    "drill": rx(
        r"\bdrills?\b|\b(?:training|tactical|joint|emergency|field) exercises?\b|\bsimulat\w*"
        r"|\bmock\b|\bsimulacro\b"
        r"|\bentrenamiento\b|\btabletop\b",
        F,
    ),
    "debunk": rx(
        r"\bhoax\b|\bunfounded\b|\bdebunk\w*|\bno evidence\b|\bnot true\b|\bfalse (?:report|rumou?r"
        r"|claim|alarm)s?\b|\brumou?rs?\b|\bmisinformation\b|\bfact[- ]check\w*"
        r"|\bturned out to be real\b"
        # the wearer never claimed to be an agent, as police tell it
        rf"|{_NEVER_CLAIMED}"
        r"|\brather than (?:an? )?(?:impost\w+|impersonat\w+|fake)"
        r"|\b(?:impost|impersonat)\w*['’]?(?:(?!\b(?:told|said|claimed|insisted|saying)\b)[^.])"
        r"{0,60}? (?:was|is) (?:an? )?(?:off-duty |on-duty "
        r"|real |actual |certified |sworn )(?:\w+ ){0,2}?(?:officer|agent)\b"
        r"|\b(?:confirmed|said) (?:that )?(?:he|she) (?:is|was) (?:an? )?(?:active|current|sworn)"
        r"(?:-duty)? (?:\w+ ){0,2}?(?:agent|officer)\b"
        r"|\b(?:turned out to (?:be|involve|have been)|resultaron ser|eran en realidad"
        r"|were actually) (?:[\w-]+ ){0,4}?(?:inspectors?|workers|employees|contractors"
        r"|canvassers|census takers|inspectores|trabajadores|empleados)\b"
        r"|\bwere real\b|\bwas real\b|\bbulo\w*|\bdesment\w*"
        r"|\bdesmient\w*|\b(?:video|publicaci[oó]n|mensaje|imagen)(?:es|s)? viral(?:es)?\b"
        r"|\bes falso (?:un|el|que|lo)\b"
        r"|\bdesinformaci[oó]n\b|\brumores?\b|\bfalsa alarma\b"
        r"|\beran agentes reales\b|\bno hay evidencia\b|\bviral (?:post|video|claim)s?\b"
        r"|\b(?:can't|cannot|can not|could not|couldn't|unable to)"
        r" (?:confirm|verify|substantiate) (?:the |a |any |that |those |these |such )?(?:reports?"
        r"|claims?|rumou?rs?|accounts?|posts?|allegations?|sightings?|that|it)\b"
        r"|\bnothing to (?:back up|support|confirm)\b"
        r"|\bnothing (?:had been|was|has been|were) (?:stolen|taken)\b"
        r"|\b(?:is|was|were|are) (?:an? )?(?:certified|sworn) (?:\w+ ){0,3}(?:officer|agent)s?\b"
        r"|\b(?:was|were) (?:in fact |actually |indeed )?(?:an? )?(?:real|genuine|legitimate"
        r"|authentic|actual)\b(?! estate)|\bwas in fact\b|\bafter all\b"
        r"|\bno (?:se )?(?:rob[oó]|robaron) nada\b|\beran (?:agentes )?(?:reales|leg[ií]timos)\b",
        F,
    ),
    # Doubt about what was told, weaker than a denial: it undoes an impostor sighting, but
    # not a theft told as fact ("unconfirmed reports say a rifle was among the gear").
    "unconfirmed": rx(r"\bunconfirmed\b|\bunsubstantiated\b|\bsin confirmar\b", F),
    "policy": rx(
        # a bill as legislation ("the bill", "bill that"), not a name ("Sgt. Bill Goodin")
        r"\bbills?\b(?:(?<=s)|(?= (?:would|that|to|passed|aimed|banning|requiring)\b)"
        + "".join(rf"|(?<=\b{w} bill)" for w in _BILL_BEFORE)
        + r")"
        r"|\bsign(?:s|ed)? (?:a |the )?(?:ban|measure|law)\b|\bban on\b|\b287\(g\)"
        r"|\blegislat\w*|\blawmakers?\b|\bordinance\b|\bsanctuary\b|\bcity council\b"
        r"|\bnew (?:state |federal )?(?:law|rule)\b|\blaw (?:requires|took effect|takes effect)\b"
        r"|\bcommissioners?\b|\bsupervisors\b|\baldermen\b|\bresolution\b|\bdebat\w*"
        r"|\bhearing on\b|\bhearings\b"
        r"|\bcouncil (?:members?|vote\w*)\b|\bsenators?\b|\bproposal\b"
        r"|\bcongress\w*(?! (?:street|st|avenue|ave|road|boulevard|blvd)\b)"
        r"|\bpolic(?:y|ies)\b"
        + "".join(f"(?<!{w} policy)(?<!{w} policies)" for w in _OWN_RULES)
        + r"|\bgovernor signed\b|\bsigned into law\b|\bmask ban\b"
        r"|\bproyecto de ley\b|\blegisla\w*"
        r"|\b(?:aprueba\w*|aprob[oó]|aprobaron|firm[oó]|firmar|promulg\w*)"
        r" (?:una |la |el |un |esta )?(?:ley|proyecto|medida|iniciativa)\b"
        r"|\bsantuario\b|\bconcejo\b|\bpol[ií]tica\b"
        r"|\bsettlement\b|\bclass[- ]action\b|\bdemanda colectiva\b|\baprueba acuerdo\b"
        r"|\b(?:prohibits|bars|bans|prohíbe|prohibe) (?:a )?(?:ICE|immigration agents"
        r"|federal agents|los agentes)\b"
        r"|\b(?:bars|bans|prohibits) (?:\w+ ){0,2}(?:officers|agents)\b",
        F,
    ),
    "statistics": rx(
        r"\baudit\w*|\binspector general\b|\bstatistics\b|\bdata (?:show|shows|showed)\b"
        r"|\breview (?:of|found)\b|\banalysis\b|\bsurvey\b|\bdozens of (?:cases|incidents)\b"
        r"|\bcases (?:this|last) year\b|\bincidents (?:this|last|since)\b|\bnationwide\b"
        r"|\bacross the country\b|\bacross the u\.?s\b|\bin several states\b|\btrend\b"
        r"|\bauditor[ií]a\b|\bestad[ií]sticas?\b|\ban[aá]lisis\b|\ben todo el pa[ií]s\b"
        r"|\bola de\b|\baumento de casos\b|\bincrease in\b|\brise in\b|\bsurge in\b|\bspike in\b"
        r"|\bunaccounted for\b|\bover the past (?:decade|five years|years)\b"
        # a tally, opened by words the gate can find: "45 firearms stolen since 2014"
        r"|\b(?:stolen|lost|missing|taken) since (?:19|20)\d\d\b"
        r"|\b(?:docenas|decenas|cientos|miles) de casos\b|\bm[aá]s (?:casos|incidentes) que\b"
        r"|\buna revisi[oó]n de (?:denuncias|registros|casos|datos|noticias)\b"
        r"|\bnew (?:\w+ )?figures\b|\bhit (?:a )?record\b|\brecord (?:number|high)\b"
        r"|\b(?:doubled|tripled|quadrupled)\b"
        r"|\blost or stolen\b|\bstolen or lost\b|\bmissing or stolen\b|\bstolen or missing\b"
        r"|\bdozen (?:cases|incidents|reports)\b"
        r"|\b(?:investigation|review|report|study|records?|analysis) (?:finds|found|shows|showed"
        r"|counts|tallies|documents|documented"
        r"|reveals?|revealed)\b|\bbetween (?:19|20)\d\d and (?:19|20)\d\d\b"
        r"|\b(?:hundreds|thousands|dozens) of (?:\w+ ){0,2}(?:guns|weapons|firearms|badges|vests"
        r"|cases|incidents|reports)\b",
        F,
    ),
    "purchase": rx(
        # "ordered 90 vests", not "retraining may be in order"
        r"\b(?:buy|buys|bought|purchas\w*|ordered|orders for|acquir\w*|grant|funding|budget"
        r"|donat\w*|compr\w*|adquiri\w*|presupuesto)\b",
        F,
    ),
    "seizure": rx(
        r"\bseiz\w*|\bintercept\w*|\bconfiscat\w*|\bshipments?\b|\bfor sale\b|\bsold online\b"
        r"|\bincaut\w*|\bdecomis\w*|\bshipp(?:er|ers|ed|ing)\b|\bparcels?\b|\bin the mail\b"
        r"|\bpaquetes?\b",
        F,
    ),
    "lost_found": rx(
        r"\blost\b|\bfound (?:a|an|the)\b|\bturned in\b|\breturned (?:it|the|to)\b|\bleft behind\b"
        r"|\bforgot\w*|\bmisplac\w*|\bperdi\w*|\bolvid\w*|\bdevolvi\w*|\bhall[oó]\b"
        # left on the car and driven off: "drives off with AR-15 on trunk lid"
        r"|\bon (?:the |his |her |a )?(?:[\w'’]+ )?(?:trunk|roof|bumper|hood)\b",
        F,
    ),
    "real_agent": rx(
        r"\b(?:ICE|CBP|border patrol|immigration|HSI|federal|police) (?:officer|agent|deputy)s? "
        r"(?:\w+ ){0,3}(?:charged|accused|sentenced|indicted|convicted|pleaded|arrested)\b"
        r"|\bformer (?:ICE|CBP|border patrol|immigration|HSI) (?:officer|agent)\b"
        r"|\bagente (?:de ICE|de la patrulla fronteriza|fronterizo|de inmigraci[oó]n) "
        r"(?:fue )?(?:acusado|sentenciado|condenado|arrestado)",
        F,
    ),
    "assaulted_officer": rx(
        r"\b(?:officers?|agents?|deput\w+|troopers?) (?:were |was )?(?:assaulted|attacked"
        r"|injured|shot|hurt|struck|rammed)\b|\bassault(?:ing|ed)? (?:an? |the |two )?(?:ICE |"
        r"federal |police )?(?:officers?|agents?)\b|\bagred\w* (?:a )?(?:un |dos )?agentes?\b",
        F,
    ),
    # advice on fake agents: an incident report may carry some ("police urged anyone")
    "advisory": rx(
        r"\bbeware\b|\bbe (?:wary|aware) of\b|\bwatch out for\b"
        # a scam under way in general: "scammers posing as ICE agents are calling residents"
        r"|\b(?:scammers|callers|fraudsters|criminals|impostors)"
        r" (?:posing|pretending|claiming)\b[^.;]{0,60}?\b(?:are|have been)"
        r" (?:calling|targeting|contacting|approaching|visiting|texting)\b|"
        r"\bhow to (?:tell|spot|identify|recogni[sz]e|protect)\b|\btips (?:to|for|on) (?:spot\w*"
        r"|protect\w*|avoid\w*|identify\w*|tell\w*|recogni\w*)|\bshares tips\b"
        r"|\bc[oó]mo (?:identificar|reconocer|distinguir|protegerse)\b|\bconsejos\b"
        r"|\bwarning signs\b|\bse[nñ]ales\b"
        r"|\b(?:issued|issues|issue) (?:an? )?(?:alert|advisory|warning|bulletin)\b"
        r"|\b(?:alert|advisory|notice|statement) remind\w*"
        r"|\b(?:urg|remind)(?:ed|es|ing|s)? (?:residents|the public|people|immigrants|families"
        r"|the community|anyone)\b"
        r"|\bnever (?:ask|asks|demand|demands|request|requests) (?:for )?(?:payments?|money|cash)\b"
        r"|\banyone (?:claiming|who claims|posing|pretending)\b"
        r"|\bno specific cases\b|\badvierte\w* (?:de|del|sobre|a la comunidad)"
        # "alerta a las policías sobre", "alertan sobre": a warning to someone, of a kind
        r"|\balerta\w* (?:a (?:\w+ ){1,3})?sobre\b"
        r"|\bgu[ií]as? (?:para|de|sobre)\b|\brecomend\w* (?:a la comunidad|pedir|no abrir|llamar)"
        r"|\b(?:guide|guidance) (?:to|on|for) (?:spot|identify|recogni|tell)\w*"
        # what to do at the door: "what to ask if someone says", "need not open the door"
        r"|\bwhat to (?:ask|do|say|look)(?: for)? (?:if|when)\b|\bqu[eé] hacer si\b"
        r"|\breal (?:\w+ )?(?:agent|officer) or (?:an? )?(?:impost\w+|fake)\b"
        r"|\b(?:do not|don't|need not) (?:have to )?open (?:the|your) door\b",
        F,
    ),
}


# Headlines tell one event in shorthand, without articles (news searches deliver most
# items as a headline alone): who tells it ("Police: ...", "HPD says", "woman says"; not
# "ICE:", which Spanish writes mid-sentence: "agente de ICE: las señales"), and
# an act on someone named by what they are ("rob Dallas workers", "extorts Bronx deli
# worker", "robbed by men claiming ..."). A plural needs a word before it: "rob immigrants"
# alone is what such people do in general.
_HEADLINE_ACT = (
    r"(?:robs?|robbed|extorts?|extorted|shakes? down|shook down|ties? up|tied up|zip-ties?"
    r"|zip-tied|lures?|lured|shoots?|shot|detains?|detained|handcuffs?|handcuffed|kidnaps?"
    r"|kidnapped|abducts?|abducted|attacks?|attacked|assaults?|assaulted|threatens?|threatened"
    r"|confronts?|confronted|pulls? over|pulled over|storms?|stormed|scams?|scammed"
    r"|swindles?|swindled|dupes?|duped|defrauds?|defrauded|binds?|bound|targets?|targeted"
    r"|hits?)"
)
_HEADLINE_ONE = (
    r"(?:man|woman|worker|vendor|driver|family|couple|teen|student|clerk|resident|immigrant"
    r"|shopper|customer|tenant|owner|farmworker|laborer|motorist|grandmother|grandfather"
    r"|mother|father|home|house|apartment|store|shop|restaurant|business|market|church)"
)
_HEADLINE_MANY = (
    r"(?:men|women|workers|vendors|drivers|families|residents|immigrants|shoppers|customers"
    r"|tenants|farmworkers|laborers|motorists|crews|employees|students|businesses)"
)
# Who tells a headline's event.
_HEADLINE_TELLER = (
    r"\b(?:police|deputies|sheriff|prosecutors|nypd|lapd|hpd|cpd|jso):\s"
    r"|\b(?:nypd|lapd|hpd|cpd|sfpd|kcpd|jso|lasd|prosecutors|agents|deputies|sheriff)"
    r" (?:says|said|say|allege|alleges)\b"
    r"|\b(?:complaint|warrants?|records|affidavit|indictment|video) (?:says|shows|show|allege"
    r"|alleges|details)\b"
    r"|\b(?:man|woman|family|victim|mother|father|owner|worker|vendor|driver|teen)"
    r" (?:says|said)\b"
)
# ... and an account someone gives of what happened: "troopers said", "advocates said"
_TELLERS = (
    rf"{_HEADLINE_TELLER}"
    r"|\b(?:police|deputies|troopers|officers|detectives|investigators|witnesses|advocates"
    r"|neighbou?rs|organizers) (?:said|say|says|told)\b"
)
# A headline's teller alone tells no event where advice or a tally is found ("Police: beware
# of scammers", "Video shows how to spot"); "advocates said" after a report's facts still
# counts, as it always has.
HEADLINE_TELLER = rx(_HEADLINE_TELLER)
# A group in general is no particular victims: "rob immigrant families", "extort migrants".
_GENERAL_GROUP = r"(?:immigrant|undocumented|latino|hispanic|local|elderly|vulnerable|many|some)"
_HEADLINE_EVENT = (
    rf"\b{_HEADLINE_ACT} (?:\w+ ){{0,3}}?{_HEADLINE_ONE}\b(?! {_HEADLINE_MANY}\b)"
    rf"|\b{_HEADLINE_ACT} (?!{_GENERAL_GROUP}\b)(?:[\w-]+ ){{1,3}}?{_HEADLINE_MANY}\b"
    r"|\b(?:robbed|extorted|scammed|duped|swindled|defrauded|kidnapped|abducted|assaulted"
    r"|attacked|detained|handcuffed|threatened|shaken down) by\b"
    r"|\bat gunpoint\b|\bhome invasion\b|\bin custody\b"
    r"|\bcaught (?:with|in|on|driving|inside|after)\b"
    r"|\badmit(?:s|ted)? (?:to )?(?:posing|impersonating|pretending|stealing|taking)\b"
    r"|\bpleads? (?:not )?guilty\b|\bcited (?:for|after)\b"
    r"|\b(?:impersonation|criminal|felony|misdemeanor|federal) charges?\b"
    r"|\b(?:detienen|capturan|arrestan|acusan|caen|cae|asaltan|despojan|roban|secuestran"
    r"|extorsiona|extorsionan|extorsionaba|extorsionaban|extorsion[oó]|extorsionaron) "
)

# A specific event happened (someone did something, someone is sought).
SPECIFIC = rx(
    rf"{_TELLERS}|{_HEADLINE_EVENT}|"
    r"\barrest\w*|\bcharged\b|\baccused\b|\bsuspects?\b|\bvictims?\b"
    r"|\b(?:dijo|dijeron|inform[oó]|informaron|indic[oó]) (?:la polic[ií]a|las autoridades"
    r"|la fiscal[ií]a|testigos|vecinos)\b|\b(?:seg[uú]n|dijeron) (?:los )?testigos\b"
    r"|\bwanted\b|\bsought\b|\bsurveillance\b|\bbooked\b|\bjail\w*"
    # a headline's hunt: "deputies seek SUV with phony 'ICE' decals"
    r"|\b(?:seek|seeks|seeking|hunt|hunts|hunting|hunt for|search for|searching for)"
    r" (?:\w+ ){0,3}?(?:suvs?|cars?|vehicles?|pickups?|trucks?|vans?|man|men|woman|women"
    r"|suspects?|drivers?|thie(?:f|ves)|impost\w+)\b"
    r"|\bindicted\b|\bpleaded\b|\bsentenced\b|\breported\b|\binvestigat(?!ions\b)\w*"
    r"|\bdetenid\w*|\barrestad\w*|\bacusad\w*|\bsospechos\w*|\bv[ií]ctimas?\b|\bdenunci\w*"
    r"|\bbusca\w*|\binvestig(?!aciones\b)\w*|\bcargos?\b|\bcondenad\w*"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b|\blast night\b|\bovernight\b"
    r"|\bappeal\w* for (?:information|witnesses|help)\b|\bthis morning\b"
    r"|\b(?:looking|searching) for (?:whoever|the|a|two|three|suspects?|him|her|them)\b"
    r"|\brecuper\w*|\blocalizad[oa]\b|\brecovered\b"
    # something done to someone: "extorted a man in Queens", "cornered two workers"
    r"|\b(?:extorted|robbed|cornered|confronted|threatened|detained|handcuffed|kidnapped"
    r"|stopped|approached|shook down|shake down) (?:a|an|two|three|four|several)"
    r" (?:\w+ ){0,2}?(?:man|woman|men|women|family|families|couple|workers?|drivers?"
    r"|residents?|vendors?|teens?|laborers|students?)\b"
    r"|\b(?:jan|feb|march|april|june|july|aug|sept?|oct|nov|dec)\.? \d{1,2}\b"
    r"|\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo|ayer|anoche)\b",
    F,
)

# Where a SPECIFIC word speaks of incidents in general, not of one: "have been reported in
# several states", "tras varias denuncias", "pidió denunciar".
VAGUE_BEFORE = rx(
    r"\b(?:several|multiple|many|numerous|various|other|recent|similar|varias|varios"
    r"|m[uú]ltiples|algunas|algunos|otras|otros|numerosas|numerosos|recientes)\s+(?:[\w-]+\s+){0,2}$"
    r"|\bhave (?:also )?been\s+$|\bhan sido\s+$"
    r"|\b(?:starting|beginning|effective|as of|until)\s+$|\b(?:former|retired)\s+$"
    # an arrest threatened or to avoid: "amenazan con arrestos", "para evitar un arresto"
    r"|\b(?:amenaz\w+ con|threaten\w*(?: \w+)?(?: with)?|evitar(?: un| el)?|avoid(?: an?)?)\s+$"
)
VAGUE_AFTER = rx(
    r"\s+(?:in|en|across|from|de) (?:several|multiple|many|other|various|numerous|varios|varias"
    r"|otros|otras)\b"
)
# ... and words a warning uses of victims in general ("scammers tell victims to pay").
VAGUE_WORDS = frozenset({"denunciar", "investigar", "buscar", "victims", "víctimas", "victimas"})


# --- gating: skip a pattern unless one of its literal openings occurs in the text --------


def _structure(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth) of each character outside escapes and classes."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth -= ch == ")"
            yield i, ch, depth
            depth += ch == "("
        i += 1


def _split_top(pattern: str) -> list[str]:
    """Top-level alternatives of a pattern (escapes, classes and groups respected)."""
    cuts = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    bounds = zip([-1, *cuts], [*cuts, len(pattern)], strict=True)
    return [pattern[start + 1 : end] for start, end in bounds]


def _openings(alt: str, at_word: bool = False) -> tuple[list[str], bool] | None:
    """Literal texts one of which any match of ``alt`` must begin with, and whether a word
    ends where each ends (the pattern goes on with ``\\b`` or ``\\s``); None if unknown.

    Each opening is returned with a leading "^" when the alternative starts at a word
    boundary, so the gate can compare word heads instead of scanning the text. Openings
    run on through groups of plain words and small character classes ("(?:was|were) not"
    → "was not", "were not"; "s[aá]bado" → "sabado", "sábado"): the longer they are, the
    fewer places a match is tried at.
    """
    while alt.startswith("\\b"):
        alt = alt[2:]
        at_word = True
    got = _prefix(alt)
    if got is None:
        return None
    texts, _, end = got  # a trailing space says the word before it is whole
    if any(text[0] == " " or (len(text.rstrip()) < 2 and text not in _ESCAPED) for text in texts):
        return None  # a letter or two would open a match nearly anywhere; a "$" rarely
    word_end = end is not None and alt.startswith(("\\b", "\\s"), end)
    return [("^" if at_word else "") + text for text in texts], word_end


_PREFIXES_MAX = 64  # variants a group may multiply an opening into; past this, it ends there


def _prefix(alt: str) -> tuple[list[str], bool, int | None] | None:
    """The literal texts every match of ``alt`` begins with (one of), whether they are the
    whole of ``alt``, and where in ``alt`` they end (None: not the same place for all);
    None when a match can begin with anything."""
    texts = [""]
    i = 0
    while i < len(alt):
        ch = alt[i]
        if alt.startswith(("(?:", "(?P<"), i):
            close = i + _group_end(alt[i:])
            head = alt.index(":", i) if alt.startswith("(?:", i) else alt.index(">", i)
            if alt[close + 1 : close + 2] in ("?", "*") or alt.startswith(("{0", "{,"), close + 1):
                break  # an optional group: the opening ends before it
            subs = [_prefix(sub) for sub in _split_top(alt[head + 1 : close])]
            if any(sub is None or "" in sub[0] for sub in subs):
                break
            joined = [t + x for t in texts for sub in subs for x in sub[0]]  # type: ignore[index]
            if len(joined) > _PREFIXES_MAX and texts != [""]:
                break
            texts = joined
            if not all(sub[1] for sub in subs):  # type: ignore[index]
                return texts, False, None
            i = close + 1
            continue
        if ch == "[":
            close = alt.find("]", i)
            chars = alt[i + 1 : close]
            # small classes of literal characters ("s[aá]bado", "i['’]m"): one variant each
            if close < 0 or not all(map(_is_literal, chars)) or len(chars) > 3:
                break
            if alt[close + 1 : close + 2] in ("?", "*", "{"):
                break
            texts = [t + c for t in texts for c in chars]
            i = close + 1
            continue
        if ch in "?*{":
            texts = [t[:-1] for t in texts]  # the character before is optional
            break
        if ch == "\\" and alt[i + 1 : i + 2] in _ESCAPED:  # "\\$": a dollar sign
            texts = [t + alt[i + 1] for t in texts]
            i += 2
            continue
        if not (_is_literal(ch) or ch == "-"):  # "$" ends a line, not a literal
            break
        texts = [t + ch for t in texts]
        i += 1
    else:
        return texts, True, i
    if texts == [""]:
        return None
    return texts, False, i


# Escaped signs read as literal openings: rare in news text, so a place to look.
_ESCAPED = frozenset("$%#@")


def _is_literal(ch: str) -> bool:
    """Whether a pattern character stands for itself in an opening (in a class too, where
    "-" would be a range)."""
    return ch.isalnum() or ch in " '’"


def _group_end(alt: str) -> int:
    """Index of the parenthesis that closes the group ``alt`` opens with."""
    for i, ch, depth in _structure(alt):
        if ch == ")" and depth == 0:
            return i
    raise ValueError(alt)


class Text:
    """One entry's text, lowered once, with the heads of its words for the gates."""

    __slots__ = ("_heads", "low", "memo", "starts", "words")

    def __init__(self, text: str) -> None:
        self.low = low = lower(text)
        self.words = _words(low)
        self._heads: set[str] | None = None
        self.memo: dict[object, list[re.Match[str]]] = {}
        # word starts per gate key: patterns share keys ("pol", "ice"), so each is found once
        self.starts: dict[str, list[int]] = {}

    @property
    def heads(self) -> set[str]:
        """First three letters of each word (the word itself when shorter), and the
        two-letter heads some pattern uses (``_SHORT_HEADS``), built on first use: the gates
        only intersect this with their own heads."""
        if self._heads is None:
            heads = set(map(_HEAD3, self.words))
            for short in _SHORT_HEADS:  # few, and a look for a word start is cheaper than a set
                if _key_starts(self, short):
                    heads.add(short)
            self._heads = heads
        return self._heads


# Heads shorter than three letters that some gate uses ("in", "se"), registered as gates are
# built; an entry's heads need only these of its words' two-letter heads.
_SHORT_HEADS: set[str] = set()


def _words(low: str) -> set[str]:
    """``set(_WORD.findall(low))``, faster: ASCII non-word characters become spaces in one
    ``bytes.translate`` and the text splits on whitespace. Every ASCII piece is then one
    word; a piece with other characters is split by ``_WORD`` itself ("agent’s")."""
    words = set(low.encode().translate(_ASCII_WORDS).decode().split())
    if not low.isascii():
        for piece in [w for w in words if not w.isascii()]:
            words.discard(piece)
            words.update(_WORD.findall(piece))
    return words


# Each byte kept if it is a word character or part of a non-ASCII one, else a space.
_ASCII_WORDS = bytes(c if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256))
_HEAD3 = operator.itemgetter(slice(3))


_PURE_WORD = re.compile(r"\\b((?:[^\W\d_]|\[[^\W\d_]+\])+)(s\?|es\?|\(\?:es\)\?)?\\b")


def _words_of(alt: str) -> list[str] | None:
    """The words a ``\\bword\\b`` alternative matches ("polic[ií]as?" → 4 words), else None."""
    m = _PURE_WORD.fullmatch(alt)
    if not m:
        return None
    variants = [""]
    for part in re.findall(r"\[[^\]]+\]|.", m.group(1)):
        chars = part[1:-1] if part.startswith("[") else part
        variants = [v + c for v in variants for c in chars]
    suffix = {None: [""], "s?": ["", "s"], "es?": ["e", "es"], "(?:es)?": ["", "es"]}
    return [v + x for v in variants for x in suffix[m.group(2)]]


class Gated:
    """A compiled pattern tried only where one of its alternatives can begin.

    Every match of an alternative begins with one of its literal openings (``_openings``).
    An opening at a word start is looked up by its least common whole word among the
    entry's words ("a film" by "film"), or, where it is one word cut short ("impersonat"),
    by its first letters among the entry's word heads; other openings by substring search,
    and each is then found in the text. The pattern
    then runs only at the places where those openings occur, with the same matches as a
    scan of the whole text. All of this is worked out per entry from sets built once per
    pattern: nothing is kept per entry, so an entry never seen before (as a feed's are)
    costs no more than a repeated one. For yes/no tests, alternatives that are plain words
    ("\\bbadges?\\b") become a set of words, and only the rest runs as a regular expression.
    """

    __slots__ = ("_always", "_by_head", "_by_word", "_needs", "_subs", "heads", "pattern",
                 "regex", "rest", "word_keys", "words")  # fmt: skip

    def __init__(self, regex: re.Pattern[str], needs: tuple[str, ...] = ()) -> None:
        self.pattern = regex.pattern
        alts = _split_top(regex.pattern)
        self.regex = _union(alts)
        self._needs = needs  # texts one of which every match contains (when openings are weak)
        by_word: dict[str, set[str]] = {}  # a whole first word -> the openings it begins
        by_head: dict[str, set[str]] = {}  # the head of a first word cut short -> openings
        subs: set[str] = set()  # openings not at a word start
        always = False
        for alt in alts:
            got = _openings(alt)
            if got is None:
                always = True  # a match can begin anywhere: the text is scanned
                continue
            texts, word_end = got
            for opening in texts:
                literal = opening.lstrip("^")
                word, whole = _first_word(literal)
                if not (word and opening.startswith("^")):
                    subs.add(literal)
                    continue
                if whole or (word_end and word == literal):
                    by_word.setdefault(_key_word(literal, word_end), set()).add(literal)
                    continue
                head = word[:3]
                if len(head) < 2:
                    raise ValueError(f"a one-letter head cannot gate: {head!r}")
                if len(head) == 2:
                    _SHORT_HEADS.add(head)
                by_head.setdefault(head, set()).add(literal)
        self._always = always
        self._by_word = {
            w: tuple((lit, _other_words(lit, w)) for lit in _shortest(lits))
            for w, lits in by_word.items()
        }
        self._by_head = {h: _shortest(lits) for h, lits in by_head.items()}
        self._subs = _shortest(subs)
        self.word_keys = frozenset(by_word)
        self.heads = frozenset(by_head)
        words: set[str] = set()
        rest: list[str] = []
        for alt in alts:
            got_words = _words_of(alt)
            if got_words is None:
                rest.append(alt)
            else:
                words.update(got_words)
        self.words = frozenset(words)
        self.rest: Gated | None = None
        if rest and words:
            self.rest = Gated(re.compile("|".join(rest)), needs)
        elif rest:
            self.rest = self  # nothing to split off: the whole pattern is the rest

    def starts(self, t: Text) -> list[int] | None:
        """Where in the entry a match can begin, in order; None when anywhere (the text is
        then scanned: an alternative without openings, or too many places to try)."""
        if self._always:
            return None
        found: list[int] = []
        by_word = self._by_word
        words = t.words
        for word in self.word_keys.intersection(words):
            for literal, others in by_word[word]:
                if others is None or others <= words:  # "said he had": "he", "had" too
                    found += _key_starts(t, literal)
        if self.heads:
            by_head = self._by_head
            for head in self.heads.intersection(t.heads):
                for literal in by_head[head]:
                    found += _key_starts(t, literal)
        for literal in self._subs:
            found += _key_starts(t, literal, at_word=False)
        if len(found) > _ANCHORS_MAX:
            return None
        found.sort()
        return found

    def can_occur(self, t: Text) -> bool:
        """Whether one of the texts every match contains occurs (True when none is set)."""
        return not self._needs or has_any(t.low, self._needs)

    def test(self, t: Text) -> bool:
        """Whether the pattern occurs in the entry (no match object: faster)."""
        if self.words and not self.words.isdisjoint(t.words):
            return True
        rest = self.rest
        return rest is not None and rest.search(t) is not None

    def search(self, t: Text) -> re.Match[str] | None:
        if not self.can_occur(t):
            return None
        low = t.low
        starts = self.starts(t)
        if starts is None:
            return self.regex.search(low)
        match = self.regex.match
        for i in starts:  # the first start where the pattern matches holds the leftmost match
            m = match(low, i)  # look-behinds and \\b still see the text before i
            if m is not None:
                return m
        return None

    def finditer(self, t: Text) -> list[re.Match[str]]:
        """All matches in the entry; kept on the entry, as cue search and gear listing
        both ask (callers must not change the list)."""
        memo = t.memo
        found = memo.get(self)
        if found is None:
            if not self.can_occur(t):
                found = []
            else:
                low = t.low
                starts = self.starts(t)
                found = (
                    list(self.regex.finditer(low))
                    if starts is None
                    else matches_at(self.regex, low, starts)
                )
            memo[self] = found
        return found


def _other_words(literal: str, key: str) -> frozenset[str] | None:
    """The whole words of a word-start opening besides its key word (None when none): the
    entry must have them all for the opening to occur."""
    words = [m.group(0) for m in _FIRST_WORD.finditer(literal) if m.end() < len(literal)]
    others = frozenset(words) - {key}
    return others or None


def _shortest(literals: set[str]) -> tuple[str, ...]:
    """The literals that no shorter one begins: where one occurs, the other is found too."""
    kept: list[str] = []
    for literal in sorted(literals, key=len):
        if not literal.startswith(tuple(kept)):
            kept.append(literal)
    return tuple(kept)


# Beyond this many possible starts, one scan of the text by the pattern is as fast.
_ANCHORS_MAX = 24


def _key_starts(t: Text, key: str, at_word: bool = True) -> list[int]:
    """The places ``key`` occurs at a word start (anywhere, without ``at_word``), found once
    per entry."""
    memo_key = key if at_word else "\0" + key
    got = t.starts.get(memo_key)
    if got is None:
        low = t.low
        got = []
        i = low.find(key)
        while i >= 0:
            # no word character before: what ``\w`` matches, alphanumerics and "_"
            if not (at_word and i and (low[i - 1].isalnum() or low[i - 1] == "_")):
                got.append(i)
            i = low.find(key, i + 1)
        t.starts[memo_key] = got
    return got


def matches_at(regex: re.Pattern[str], low: str, starts: list[int]) -> list[re.Match[str]]:
    """``list(regex.finditer(low))`` trying only ``starts``: each match is the one at the
    first start not inside the previous match, as finditer resumes at a match's end. Every
    opening is at least two characters long, so no match is empty."""
    match = regex.match
    out: list[re.Match[str]] = []
    end = 0
    for i in starts:
        if i < end:
            continue
        m = match(low, i)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


class GatedTable:
    """Named gated patterns gated together: the entry's words and heads are looked up once in
    all the patterns' opening words and heads, and only the patterns they open are tried."""

    __slots__ = ("_by_head", "_by_word", "_heads", "_items", "_scan", "_words")

    def __init__(self, table: dict[str, Gated]) -> None:
        self._items = tuple(table.items())
        by_word: dict[str, set[int]] = {}
        by_head: dict[str, set[int]] = {}
        scan: set[int] = set()
        for n, (_name, gated) in enumerate(self._items):
            if gated._always or gated._subs:
                scan.add(n)  # no word or head tells whether it can occur
            for word in gated.word_keys:
                by_word.setdefault(word, set()).add(n)
            for head in gated.heads:
                by_head.setdefault(head, set()).add(n)
        self._by_word = {k: frozenset(v) for k, v in by_word.items()}
        self._by_head = {k: frozenset(v) for k, v in by_head.items()}
        self._words = frozenset(by_word)
        self._heads = frozenset(by_head)
        self._scan = frozenset(scan)

    def _open(self, t: Text) -> list[int]:
        """The patterns one of whose openings the entry may hold, in table order."""
        ids = set(self._scan)
        by_word = self._by_word
        for word in self._words.intersection(t.words):
            ids.update(by_word[word])
        by_head = self._by_head
        for head in self._heads.intersection(t.heads):
            ids.update(by_head[head])
        return sorted(ids)

    def candidates(self, t: Text) -> list[tuple[str, Gated]]:
        """The (name, pattern) pairs whose openings may occur, in table order."""
        items = self._items
        return [items[n] for n in self._open(t)]

    def present(self, t: Text) -> list[str]:
        """Names of the patterns that occur in the entry, in table order (``Gated.test``)."""
        items = self._items
        return [items[n][0] for n in self._open(t) if items[n][1].test(t)]

    def finds(self, t: Text) -> list[tuple[str, list[re.Match[str]]]]:
        """(name, ``Gated.finditer``'s matches) of each pattern that occurs, in table order."""
        items = self._items
        out: list[tuple[str, list[re.Match[str]]]] = []
        for n in self._open(t):
            name, gated = items[n]
            found = gated.finditer(t)
            if found:
                out.append((name, found))
        return out


def has_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether any needle occurs in text (a plain loop: no generator per call)."""
    for n in needles:  # noqa: SIM110 -- a generator per call costs more than the scan
        if n in text:
            return True
    return False


def _letter_first(alt: str) -> str:
    """ "\\bx..." as "x(?<!\\wx)...": the same matches (x is a word character, so the
    boundary means no word character before it), but opening with a letter lets ``re``
    reject most positions at once."""
    if alt.startswith("\\b") and alt[2:3].isalpha() and alt[3:4] not in ("?", "*", "+", "{"):
        return f"{alt[2]}(?<!\\w{alt[2]}){alt[3:]}"
    return alt


_LETTER_FIRST_MAX = 8


def _union(alts: list[str]) -> re.Pattern[str]:
    """Compile alternatives, all opening with their letter when all can (``_letter_first``):
    only then does ``re`` skip ahead to the letters that can start a match. Measured on
    reports: a mixed union, or one of many alternatives (their first letters cover most
    text), is slower than the plain one."""
    fast = [_letter_first(a) for a in alts]
    if len(alts) > _LETTER_FIRST_MAX or any(f == a for f, a in zip(fast, alts, strict=True)):
        return re.compile("|".join(alts))
    return re.compile("|".join(fast))


_FIRST_WORD = re.compile(r"\w+")


# Words too common to gate on: an opening that has another whole word is keyed by that one.
_COMMON = frozenset({
    "a", "an", "the", "in", "on", "at", "of", "to", "for", "by", "and", "or", "is", "was",
    "were", "are", "be", "been", "has", "had", "have", "he", "she", "they", "it", "his", "her",
    "their", "said", "says", "say", "that", "this", "with", "as", "no", "not", "de", "la", "el",
    "los", "las", "en", "que", "un", "una", "por", "con", "se", "le", "lo", "su", "del", "al",
    "y", "o", "es", "fue",
})  # fmt: skip


def _key_word(literal: str, word_end: bool) -> str:
    """The whole word of a word-start opening to look up among an entry's words: all of them
    must be there, and the least common tells the most ("a film" is keyed by "film")."""
    words = [
        m.group(0) for m in _FIRST_WORD.finditer(literal) if m.end() < len(literal) or word_end
    ]
    return max(words, key=lambda w: (w not in _COMMON, len(w)))


def _first_word(literal: str) -> tuple[str | None, bool]:
    """A word-start literal's first word, and whether the literal goes on past it (so the
    word is whole): "la migra" → ("la", True), "impersonat" → ("impersonat", False)."""
    m = _FIRST_WORD.match(literal)
    if not m:
        return None, False
    return m.group(0), m.end() < len(literal)


def _gate_all() -> None:
    """Wrap the module's patterns once, at import."""
    g = globals()
    # searched in many short windows: every alternative opening with a letter (none with a
    # word boundary, which mixed with literal openings is slow) measured four times faster
    g["FEDERAL"] = re.compile("|".join(_letter_first(a) for a in _split_top(FEDERAL.pattern)))
    gated = ("IMPERSONATION", "AS_AGENT", "ATTIRE", "THEFT_ACTIVE", "THEFT_PASSIVE",
             "THEFT_NOUN", "BREAK_IN", "SPECIFIC", "AGENT_ACT", "AGENT_ACT_STRONG")  # fmt: skip
    for name in gated:
        g[name] = Gated(g[name], NEEDS.get(name, ()))
    for label, table in (("ITEMS", ITEMS), ("TACTICS", TACTICS), ("NEGATIVE", NEGATIVE)):
        for key, regex in table.items():
            table[key] = Gated(regex, NEEDS.get(f"{label}.{key}", ()))  # type: ignore[assignment]
    AGENCIES.update({
        name: Gated(rx(sub), NEEDS.get(f"AGENCIES.{name}", ())) for name, sub in _agency_parts()
    })  # fmt: skip


# Where a pattern's openings are common words ("officer", "ICE", "u"), the words that every
# one of its matches contains: a few substring tests then spare most scans. Read off the
# patterns above; keep them in step when a pattern changes.
NEEDS: dict[str, tuple[str, ...]] = {
    "THEFT_PASSIVE": ("stolen", "taken", "swiped", "robad", "sustra", "hurtad", "missing",
                      "desaparec"),
    "THEFT_NOUN": ("stolen", "robad", "swiped", "snatched", "hurtad", "sustra", "taken",
                   "grabbed", "lifted", "pilfered", "driven", "carried off", "que le",
                   "que les", "que rob", "que hurt", "que se llev"),
    "NEGATIVE.seizure": ("seiz", "intercept", "confiscat", "shipment", "for sale", "sold online",
                         "incaut", "decomis", "shipp", "parcel", "in the mail", "paquete"),
    "NEGATIVE.real_agent": (
        "charged", "accused", "sentenced", "indicted", "convicted", "pleaded", "arrested",
        "former", "acusado", "sentenciado", "condenado", "arrestado",
    ),
    "NEGATIVE.assaulted_officer": (
        "assault", "attacked", "injured", "shot", "hurt", "struck", "rammed", "agred",
    ),
    "ITEMS.uniform": ("uniform", "ice shirt", "ice t-shirt", "ice hat", "ice cap"),
    "ITEMS.vehicle": (
        "car", "veh", "suv", "truck", "cruiser", "van", "patrulla", "lights", "luces", "torreta",
    ),
    "AGENCIES.USMS": ("marshal",),
    "ATTIRE": (
        "jacket", "windbreaker", "vest", "uniform", "shirt", " hat", " cap", "badge",
        "chaqueta", "chaleco", "camiseta", "camisa", "playera", "gorra",
    ),
}  # fmt: skip


AGENCIES: dict[str, Gated] = {}


def _agency_parts() -> list[tuple[str, str]]:
    out = []
    for alt in _split_top(AGENCY.pattern):
        name = alt[alt.index("<") + 1 : alt.index(">")]
        out.append((name, alt[alt.index(">") + 1 : _group_end(alt)]))
    return out


_gate_all()
ITEMS_T = GatedTable(ITEMS)  # type: ignore[arg-type]
TACTICS_T = GatedTable(TACTICS)  # type: ignore[arg-type]
NEGATIVE_T = GatedTable(NEGATIVE)  # type: ignore[arg-type]
AGENCIES_T = GatedTable(AGENCIES)
