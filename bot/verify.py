"""The /verify content: how to tell a real immigration agent from an impersonator.

Every tip is a :class:`Claim` that names the sources backing it, so a topic's sources line is
built from its claims and ``docs/verify-sources.md`` can list each claim key beside its source
(a test keeps the two in step). All wording goes through the catalog, so English and Spanish
stay parallel. Output is Telegram HTML (``<b>``, ``<i>``, ``<a href>`` only), at most 4096
characters per message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from bot.i18n import N_, Html, Translator, escape, translator
from bot.resources import Resource

MAX_MESSAGE_CHARS = 4096
# callback_data for the topic buttons is CALLBACK_PREFIX + topic key, then optionally
# PLACE_MARK + the place's subscription key ("city:5378538", "state:US:CA"), so a topic page
# keeps the help lines of the place typed in "/verify <place>" (Telegram allows 64 bytes; a
# key that does not fit is left out).
CALLBACK_PREFIX = "verify:"
PLACE_MARK = "@"
CALLBACK_MAX_BYTES = 64
OVERVIEW_KEY = "main"
# An operator's file could list many lines for one place; the message has to stay readable.
MAX_RESOURCES = 5


@dataclass(frozen=True)
class Source:
    """A published source: its label (a msgid), the link shown, and when it was published."""

    key: str
    label: str
    url: str
    date: str


@dataclass(frozen=True)
class Claim:
    """One tip as shown to residents (a msgid) and the keys of the sources that back it."""

    key: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """A /verify page: stable ``key`` for callback data, title msgid, and its claims."""

    key: str
    title_msgid: str
    claims: tuple[Claim, ...]
    button_msgid: str = ""

    @property
    def callback_data(self) -> str:
        """What the topic's inline button sends back."""
        return CALLBACK_PREFIX + self.key


# Links point to the original publisher where the retrieved copy was one; otherwise to the
# outlet that reported the statement. docs/verify-sources.md lists mirrors beside them.
SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            "ice_2017",
            N_("ICE statement during Hurricane Harvey (via KDVR)"),
            "http://kdvr.com/2017/08/30/officials-warn-of-ice-impersonators-forcing-harvey-flood-victims-out-of-home-robbing-them/",
            "2017-08-30",
        ),
        Source(
            "ice_x_2017",
            N_("ICE on X, quoted by Fast Company"),
            "https://www.fastcompany.com/40460985/criminals-in-houston-are-impersonating-police-ice-to-burglarize-homes",
            "2017-08-30",
        ),
        Source(
            "houston_pd_2017",
            N_("Houston Police Chief (via TheBlaze)"),
            "https://www.theblaze.com/news/2017/08/31/texans-warned-about-imposters-seeking-to-take-advantage-after-harvey/",
            "2017-08-31",
        ),
        Source(
            "ny_ag_2017",
            N_("New York Attorney General fraud alert (via OCCRP)"),
            "https://www.occrp.org/en/27-ccwatch/cc-watch-briefs/6080-u-s-fake-agents-extort-immigrants-fearful-of-deportation",
            "2017-02-15",
        ),
        Source(
            "lynn_pd_2017",
            N_("Lynn (MA) Police Department (via Metro US)"),
            "https://www.metro.us/reports-of-fake-ice-agents-extorting-immigrants-put-communities-on-edge/",
            "2017-02",
        ),
        Source(
            "ca_ag_2025",
            N_("California Attorney General (via Los Angeles Times)"),
            "https://www.latimes.com/california/story/2025-03-20/ice-impersonators-scams-target-immigrants-tips-to-protect-yourself",
            "2025-03-20",
        ),
        Source(
            "fbi_2025",
            N_("FBI bulletin, first reported by WIRED (summary by Briefly)"),
            "https://briefly.co/anchor/Law/story/fbi-warns-of-criminals-posing-as-ice-urges-agents-to-id-themselves",
            "2025-10-17",
        ),
        Source(
            "fbi_summary_2025",
            N_("Summary of the FBI bulletin (CriminalWatch)"),
            "https://criminalwatch.com/?p=20181",
            "2025-10",
        ),
        Source(
            "ftc",
            N_("Federal Trade Commission alert (via Augusta Free Press)"),
            "https://augustafreepress.com/news/ftc-scammers-impersonating-u-s-immigration-officers-threaten-deportation/",
            "undated",
        ),
        Source(
            "hsi_sa",
            N_("HSI San Antonio scam warning (via CySecurity News)"),
            "https://cysecurity.news/search/label/passports?m=1",
            "undated",
        ),
        Source(
            "dhs_oig_2019",
            N_("DHS Inspector General fraud alert (via Rabinowitz & Rabinowitz)"),
            "https://www.rabinowitzrabinowitz.com/2019/04/dhs-issues-fraud-alert-for-imposters-posing-as-u-s-immigration-agents/",
            "2019-03-01",
        ),
        Source(
            "aclu_socal",
            N_("ACLU of Southern California"),
            "https://www.aclusocal.org/en/know-your-rights/ice-agents-your-door",
            "undated",
        ),
        Source(
            "aclu_al",
            N_("ACLU of Alabama"),
            "https://www.aclualabama.org/en/know-your-rights/if-ice-comes-your-door",
            "undated",
        ),
        Source(
            "ilrc",
            N_("Immigrant Legal Resource Center red cards"),
            "https://www.ilrc.org/red-cards-tarjetas-rojas",
            "undated",
        ),
        Source(
            "elpais_2025",
            N_("El País"),
            "https://english.elpais.com/usa/2025-02-19/how-do-you-identify-an-ice-agent.html",
            "2025-02-19",
        ),
        Source(
            "factually_2025",
            N_("Factually fact-check"),
            "https://factually.co/fact-checks/justice/identify-real-ice-agents-vs-impostors-2fa4d0",
            "2025-11",
        ),
        Source(
            "delaware_sp_2025",
            N_("Delaware State Police (via Cape Gazette)"),
            "https://www.capegazette.com/article/men-sought-impersonating-ice-agents-during-armed-robbery/293189",
            "2025-06",
        ),
        Source(
            "frederick_so_2021",
            N_("Frederick County (MD) Sheriff's Office (via WUSA9)"),
            "https://www.wusa9.com/article/news/local/maryland/person-in-frederick-county-impersonating-law-enforcement/65-1ea53a3a-c51b-416c-9866-c1a1cd997e0e",
            "2021-04",
        ),
        Source(
            "oakland_county_so",
            N_("Oakland County (MI) Sheriff's Office"),
            "https://www.oakgov.com/sheriff/pages/safety_tips/police_impersonators.aspx",
            "undated",
        ),
        Source(
            "hillsborough_so_2019",
            N_("Hillsborough County (FL) Sheriff"),
            "http://ttt-hidev.newscyclecloud.com/news/publicsafety/video-hillsborough-sheriff-chad-chronister-explains-how-to-spot-a-fake-cop-20190726/",
            "2019-07-26",
        ),
        Source(
            "lorain_pd_2017",
            N_("Lorain (OH) Police (via News 5 Cleveland)"),
            "https://www.news5cleveland.com/news/local-news/oh-lorain/lorain-police-badge-and-tactical-vest-stolen-authorities-warn-about-possible-fake-officer",
            "2017-12",
        ),
        Source(
            "dallas_pd",
            N_("Dallas Police (via NBC DFW)"),
            "https://www.nbcdfw.com/news/local/thousands-of-dollars-of-dallas-police-equipment-stolen/1868864/",
            "undated",
        ),
        Source(
            "cape_girardeau_pd_2023",
            N_("Cape Girardeau (MO) Police (via WPSD Local 6)"),
            "https://www.wpsdlocal6.com/news/police-working-to-identify-man-who-impersonated-an-officer-in-cape-girardeau/article_d62f11fa-3622-11ee-8e62-0322b979191a.html",
            "2023-08",
        ),
        Source(
            "anaheim_pd_2025",
            N_("Anaheim Police (via FOX 11 Los Angeles)"),
            "https://foxla.com/news/orange-county-fake-ice-law-enforcement-robbery",
            "2025",
        ),
        Source(
            "usc_912",
            N_("18 U.S.C. § 912 (Cornell Law School)"),
            "https://www.law.cornell.edu/uscode/text/18/912",
            "current",
        ),
    )
}


def _claim(key: str, text: str, *sources: str) -> Claim:
    return Claim(key, text, sources)


OVERVIEW = Topic(
    OVERVIEW_KEY,
    N_("🛡 How to tell a real agent from an impostor"),
    (
        _claim(
            "main.id",
            N_(
                "<b>Ask for ID.</b> Immigration agents carry a badge and credentials showing "
                "their photo, name and agency, and you may ask to see them. HSI badges read "
                "“Special Agent”; ERO officers' badges read “ERO Officer”."
            ),
            "ice_2017",
            "ca_ag_2025",
            "oakland_county_so",
        ),
        _claim(
            "main.money",
            N_(
                "<b>Asking for money means a scam.</b> Real officers never demand money, gift "
                "cards, cryptocurrency, wire transfers or your belongings."
            ),
            "ny_ag_2017",
            "ftc",
            "anaheim_pd_2025",
        ),
        _claim(
            "main.warrant",
            N_(
                "<b>Only a judge's warrant opens your door.</b> To enter a home without your "
                "consent, officers need a warrant signed by a judge. ICE forms I-200 and I-205 "
                "are signed by agency staff, not a judge, and are not enough."
            ),
            "aclu_socal",
            "aclu_al",
        ),
        _claim(
            "main.door",
            N_(
                "<b>Keep the door closed.</b> Speak through it and ask them to slide any "
                "warrant under the door or hold it up to a window."
            ),
            "aclu_socal",
            "ilrc",
        ),
        _claim(
            "main.call",
            N_(
                "<b>Not sure? Call.</b> Call 911 or your local police dispatch and ask them to "
                "confirm that the officer is real."
            ),
            "oakland_county_so",
            "hillsborough_so_2019",
        ),
        _claim(
            "main.car",
            N_(
                "<b>In a car:</b> turn on your hazard lights and drive to a well-lit, busy "
                "place before you stop."
            ),
            "delaware_sp_2025",
            "frederick_so_2021",
        ),
        _claim(
            "main.crime",
            N_("Pretending to be a federal officer is a federal crime (18 U.S.C. § 912)."),
            "usc_912",
        ),
    ),
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "badge",
        N_("🪪 Badge and credentials"),
        (
            _claim(
                "badge.carry",
                N_(
                    "ICE agents and officers carry an official badge, credentials or both, and "
                    "anyone may ask to see them and check them."
                ),
                "ice_x_2017",
                "ice_2017",
                "ca_ag_2025",
            ),
            _claim(
                "badge.hsi_ero",
                N_(
                    "HSI agents' badges read “Special Agent”; ERO officers' badges read “ERO "
                    "Officer”. Their credentials show their name and agency."
                ),
                "ice_2017",
            ),
            _claim(
                "badge.photo",
                N_(
                    "Officers carry a photo ID with the badge and have to show it when asked. "
                    "Read the agency name, compare the photo with the face and check the rank."
                ),
                "oakland_county_so",
            ),
            _claim(
                "badge.plain",
                N_(
                    "Officers in plain clothes carry ID too. If someone out of uniform stops "
                    "you, ask to see it."
                ),
                "cape_girardeau_pd_2023",
                "frederick_so_2021",
            ),
            _claim(
                "badge.bought",
                N_("A badge on its own proves little: badges can be bought online."),
                "oakland_county_so",
            ),
            _claim(
                "badge.signs",
                N_(
                    "Warning signs: the person will not show a badge and photo ID, or the "
                    "credentials look forged or do not match."
                ),
                "fbi_summary_2025",
                "fbi_2025",
                "elpais_2025",
            ),
            _claim(
                "badge.dispatch",
                N_(
                    "You can say that you are calling the police dispatch to check the ID, and "
                    "then call."
                ),
                "oakland_county_so",
                "frederick_so_2021",
            ),
            _claim(
                "badge.houston",
                N_(
                    "Example: after Hurricane Harvey in 2017, Houston police said no HSI agents "
                    "were going door to door, so anyone at a door who claimed to be one was an "
                    "impostor."
                ),
                "houston_pd_2017",
            ),
        ),
        N_("🪪 Badge and ID"),
    ),
    Topic(
        "warrant",
        N_("📄 Warrants: a judge's signature or an agency form"),
        (
            _claim(
                "warrant.closed",
                N_(
                    "Keep the door closed. Through the door, ask who they are, whether they are "
                    "from ICE, and why they have come."
                ),
                "aclu_socal",
                "aclu_al",
            ),
            _claim(
                "warrant.judge",
                N_(
                    "Only a warrant issued by a court and signed by a judge allows officers to "
                    "enter a home without permission."
                ),
                "aclu_al",
                "aclu_socal",
            ),
            _claim(
                "warrant.forms",
                N_(
                    "ICE administrative forms I-200 and I-205 are signed by an ICE or DHS "
                    "employee, not a judge. They do not allow entry into a home without consent."
                ),
                "aclu_socal",
                "aclu_al",
            ),
            _claim(
                "warrant.slide",
                N_(
                    "Ask them to slide the warrant under the door or hold it up to a window, "
                    "and check that a judge signed it."
                ),
                "aclu_socal",
            ),
            _claim(
                "warrant.signs",
                N_(
                    "Warning signs of an impostor: no warrant signed by a judge, pressure to "
                    "let them in, or requests for cash or bank details."
                ),
                "factually_2025",
            ),
            _claim(
                "warrant.sign",
                N_(
                    "Do not sign anything, and do not agree to anything that is not in writing "
                    "in a language you understand."
                ),
                "ca_ag_2025",
                "aclu_al",
                "ilrc",
            ),
            _claim(
                "warrant.lie",
                N_("Do not lie and do not show false documents."),
                "aclu_al",
            ),
        ),
        N_("📄 Warrants"),
    ),
    Topic(
        "vehicle",
        N_("🚓 Vehicles and clothing"),
        (
            _claim(
                "vehicle.police",
                N_(
                    "Real ICE officers sometimes say they are “police”, and their vests often "
                    "read POLICE. Look for ICE or Homeland Security markings, and ask for a "
                    "badge and ID; a refusal is a red flag."
                ),
                "elpais_2025",
            ),
            _claim(
                "vehicle.unmarked",
                N_("Real immigration officers often drive unmarked cars."),
                "elpais_2025",
            ),
            _claim(
                "vehicle.alone",
                N_(
                    "Real officers usually work in teams. Someone who arrives alone in an "
                    "unmarked car, with no other police around, is a warning sign."
                ),
                "factually_2025",
                "fbi_summary_2025",
            ),
            _claim(
                "vehicle.cloned",
                N_(
                    "Other signs of an impostor: vehicle markings that look copied or do not "
                    "match, and out-of-date protective gear."
                ),
                "fbi_2025",
                "fbi_summary_2025",
            ),
            _claim(
                "vehicle.stolen",
                N_(
                    "Real gear does not prove a real officer: police badges, vests and raid "
                    "jackets have been stolen, and badges are sold online."
                ),
                "lorain_pd_2017",
                "dallas_pd",
                "oakland_county_so",
            ),
            _claim(
                "vehicle.uniform",
                N_(
                    "Look for a uniform, an agency jacket and other police equipment; an "
                    "officer in plain clothes should have an agency identifier. It helps to "
                    "know what your local agencies' uniforms look like."
                ),
                "delaware_sp_2025",
                "frederick_so_2021",
                "hillsborough_so_2019",
            ),
            _claim(
                "vehicle.cruiser",
                N_(
                    "If you are unsure, call 911 and ask for a uniformed officer or a marked "
                    "patrol car to come to where you are."
                ),
                "lorain_pd_2017",
                "cape_girardeau_pd_2023",
            ),
        ),
        N_("🚓 Vehicles, clothing"),
    ),
    Topic(
        "money",
        N_("💸 Money demands and phone scams"),
        (
            _claim(
                "money.never",
                N_(
                    "No real officer will demand money, gift cards or your property, or ask "
                    "for money to drop a case or a warrant. Someone posing as an agent who "
                    "asks for money is running a scam."
                ),
                "ny_ag_2017",
                "lynn_pd_2017",
                "hsi_sa",
                "anaheim_pd_2025",
                "fbi_summary_2025",
            ),
            _claim(
                "money.calls",
                N_(
                    "ICE and USCIS do not call out of the blue to demand money, and they never "
                    "take payment by gift card, cryptocurrency or wire transfer."
                ),
                "ftc",
            ),
            _claim(
                "money.warn",
                N_(
                    "HSI agents and local police do not phone people to warn them of an arrest, "
                    "and do not ask for bank or card details."
                ),
                "hsi_sa",
            ),
            _claim(
                "money.spoof",
                N_(
                    "Caller ID can be faked, even to show a real DHS number. DHS does not use "
                    "its headquarters operator line or its civil rights office (CRCL) line for "
                    "outgoing calls."
                ),
                "ftc",
                "dhs_oig_2019",
            ),
            _claim(
                "money.check",
                N_(
                    "To check a call, hang up, look up the agency's number yourself and call "
                    "it. Do not call back a number the caller gave you."
                ),
                "ftc",
            ),
            _claim(
                "money.report",
                N_(
                    "Report such calls to the ICE tip line, 1-866-347-2423, or to the DHS "
                    "Inspector General hotline, 1-800-323-8603."
                ),
                "hsi_sa",
                "dhs_oig_2019",
            ),
        ),
        N_("💸 Money, phone scams"),
    ),
    Topic(
        "act",
        N_("📞 What to do and whom to call"),
        (
            _claim(
                "act.door",
                N_(
                    "At your door: keep it closed and talk through it. Ask for a badge and photo "
                    "ID, and for any warrant signed by a judge to be slid under the door."
                ),
                "aclu_socal",
                "ca_ag_2025",
            ),
            _claim(
                "act.refuse",
                N_("If they will not show ID, treat it as a red flag."),
                "elpais_2025",
            ),
            _claim(
                "act.call",
                N_(
                    "If something does not feel right, call 911 or your local police dispatch to "
                    "check that the officer is real. You can tell them that you are making this "
                    "call."
                ),
                "oakland_county_so",
                "hillsborough_so_2019",
            ),
            _claim(
                "act.marked",
                N_("You can ask for a uniformed officer or a marked patrol car to be sent."),
                "cape_girardeau_pd_2023",
            ),
            _claim(
                "act.car",
                N_(
                    "If a car signals you to pull over: turn on your hazard lights and keep "
                    "driving to a well-lit, busy place before you stop. A real officer will "
                    "understand."
                ),
                "delaware_sp_2025",
                "frederick_so_2021",
            ),
            _claim(
                "act.sign",
                N_("Do not sign anything."),
                "ca_ag_2025",
            ),
        ),
        N_("📞 What to do"),
    ),
    Topic(
        "report",
        N_("📣 How to report an impostor"),
        (
            _claim(
                "report.now",
                N_("If it is happening now or you feel in danger, call 911."),
                "oakland_county_so",
                "hillsborough_so_2019",
            ),
            _claim(
                "report.police",
                N_(
                    "Your local police: departments investigate people who pose as officers "
                    "and ask the public for information, as Delaware State Police and the Cape "
                    "Girardeau (MO) police did."
                ),
                "delaware_sp_2025",
                "cape_girardeau_pd_2023",
            ),
            _claim(
                "report.ice",
                N_(
                    "ICE tip line: 1-866-347-2423, for example for calls from people posing as "
                    "HSI agents or police."
                ),
                "hsi_sa",
            ),
            _claim(
                "report.oig",
                N_(
                    "DHS Inspector General hotline: 1-800-323-8603, for example for calls that "
                    "fake a DHS number."
                ),
                "dhs_oig_2019",
            ),
            _claim(
                "report.ag",
                N_(
                    "Your state Attorney General's office. New York's Attorney General, for "
                    "example, asked people to report fake immigration officers to that office."
                ),
                "ny_ag_2017",
            ),
            _claim(
                "report.crime",
                N_(
                    "Impersonating a federal officer is a federal crime (18 U.S.C. § 912), "
                    "punished by a fine, up to three years in prison, or both."
                ),
                "usc_912",
            ),
        ),
        N_("📣 How to report"),
    ),
    Topic(
        "rights",
        N_("✋ Your rights at the door"),
        (
            _claim(
                "rights.redcard",
                N_(
                    "The red cards of the Immigrant Legal Resource Center (ILRC) speak for you: "
                    "you will not open the door, will not answer questions and will not sign "
                    "anything. Slide the card under the door or hand it to the agent. They "
                    "come in about 19 languages."
                ),
                "ilrc",
            ),
            _claim(
                "rights.leave",
                N_("If you are stopped, you can ask whether you are free to leave."),
                "ilrc",
            ),
            _claim(
                "rights.door",
                N_(
                    "Officers may enter a home without consent only with a warrant signed by a "
                    "judge; ICE forms I-200 and I-205 are not enough."
                ),
                "aclu_socal",
                "aclu_al",
            ),
            _claim(
                "rights.sign",
                N_(
                    "Do not sign anything or agree to anything that is not in writing in a "
                    "language you understand. Do not lie and do not show false documents."
                ),
                "ca_ag_2025",
                "aclu_al",
                "ilrc",
            ),
        ),
        N_("✋ Your rights"),
    ),
)

MORE_TOPICS = N_("More on each topic: use the buttons below.")
NOT_LEGAL_ADVICE = N_(
    "<i>General safety information, not legal advice. For your own case, talk to a lawyer or a "
    "legal-aid group.</i>"
)
SOURCES_LINE = N_("Sources: {sources}")
BACK_BUTTON = N_("⬅️ Key tips")
RESOURCES_HEADING = N_("<b>Local help lines listed by the operator of this bot:</b>")
RESOURCE_LANGUAGES = N_("languages: {languages}")

_BY_KEY: dict[str, Topic] = {t.key: t for t in (OVERVIEW, *TOPICS)}


def verify_topics() -> list[Topic]:
    """The topic pages, in button order (the overview is not among them)."""
    return list(TOPICS)


def get_topic(key: str | None) -> Topic:
    """The topic for a key; an unknown or missing key gives the overview."""
    return _BY_KEY.get(key or OVERVIEW_KEY, OVERVIEW)


def topic_from_callback(data: str | None) -> str | None:
    """The topic key carried by a button's callback data, or None if it is not ours."""
    if not data or not data.startswith(CALLBACK_PREFIX):
        return None
    key = data[len(CALLBACK_PREFIX) :].split(PLACE_MARK, 1)[0]
    return key if key in _BY_KEY else None


def place_from_callback(data: str | None) -> str | None:
    """The place key a topic button carries, if any."""
    if not data or not data.startswith(CALLBACK_PREFIX) or PLACE_MARK not in data:
        return None
    return data.split(PLACE_MARK, 1)[1] or None


def _with_place(callback_data: str, place_key: str | None) -> str:
    if not place_key:
        return callback_data
    marked = f"{callback_data}{PLACE_MARK}{place_key}"
    return marked if len(marked.encode()) <= CALLBACK_MAX_BYTES else callback_data


def topic_buttons(
    lang: str | None, current: str | None = None, place_key: str | None = None
) -> list[tuple[str, str]]:
    """(label, callback_data) for each topic other than the one shown, plus a way back;
    each carries ``place_key`` when given."""
    t = translator(lang)
    buttons = [
        (t.gettext(topic.button_msgid or topic.title_msgid), topic.callback_data)
        for topic in TOPICS
        if topic.key != current
    ]
    if current and current != OVERVIEW_KEY:
        buttons.append((t.gettext(BACK_BUTTON), OVERVIEW.callback_data))
    return [(label, _with_place(data, place_key)) for label, data in buttons]


def _source_links(t: Translator, claims: Sequence[Claim]) -> str:
    seen: list[str] = []
    for claim in claims:
        seen += [key for key in claim.sources if key not in seen]
    links = [
        f'<a href="{escape(SOURCES[key].url)}">{escape(t.gettext(SOURCES[key].label))}</a>'
        for key in seen
    ]
    return t.gettext(SOURCES_LINE, sources=Html("; ".join(links)))


def _language_names(codes: Sequence[str], lang: str) -> list[str]:
    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_display_name(lang) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return names


def render_resource(resource: Resource, lang: str | None) -> str:
    """One operator-listed help line as an HTML bullet, every field escaped."""
    t = translator(lang)
    name = f"<b>{escape(resource.name)}</b>"
    if resource.url:
        name = f'<a href="{escape(resource.url)}">{name}</a>'
    parts = [name]
    if resource.phone:
        parts.append(escape(resource.phone))
    if resource.area:
        parts.append(escape(resource.area))
    line = "• " + " — ".join(parts)
    if resource.languages:
        names = t.join(_language_names(resource.languages, t.language))
        line += f" ({t.gettext(RESOURCE_LANGUAGES, languages=names)})"
    return line


def render_resources(resources: Sequence[Resource], lang: str | None, budget: int) -> str:
    """The operator's help lines block, cut to fit ``budget`` characters ("" if none fit)."""
    if not resources:
        return ""
    t = translator(lang)
    block = t.gettext(RESOURCES_HEADING)
    shown = 0
    for resource in resources[:MAX_RESOURCES]:
        line = render_resource(resource, lang)
        if len(block) + 1 + len(line) > budget:
            break
        block += "\n" + line
        shown += 1
    return block if shown else ""


def render_verify(
    lang: str | None, topic: str | None = None, resources: Sequence[Resource] = ()
) -> str:
    """The /verify message (HTML, ≤ 4096 chars) for a topic key, or the overview if None.

    ``resources`` are the operator's local help lines already matched to the chat's place
    (see :func:`bot.resources.match_resources`); they come first in the overview and in the
    what-to-do topic, because calling the police can feel unsafe to some residents. Lines
    that would push the message past Telegram's limit are left out.
    """
    t = translator(lang)
    page = get_topic(topic)
    head = f"<b>{t.gettext(page.title_msgid)}</b>"
    body = ["\n".join(f"• {t.gettext(c.text)}" for c in page.claims)]
    if page.key == OVERVIEW_KEY:
        body.append(t.gettext(MORE_TOPICS))
    body.append(t.gettext(NOT_LEGAL_ADVICE))
    body.append(_source_links(t, page.claims))
    blocks = [head, *body]
    if page.key in (OVERVIEW_KEY, "act") and resources:
        budget = MAX_MESSAGE_CHARS - len("\n\n".join(blocks)) - 2
        local = render_resources(resources, lang, budget)
        if local:
            blocks.insert(1, local)
    return "\n\n".join(blocks)
