"""The bot's fixed texts, in one place, as English msgids marked for extraction.

Handlers translate them per chat: ``translator(lang).gettext(texts.WELCOME)``. Texts are
Telegram HTML (only ``<b>``, ``<i>``, ``<a href>``); values filled into ``{placeholders}`` are
escaped by the translator unless wrapped in :class:`bot.i18n.Html`. Keep the ``{names}`` of a
text when editing it: the Spanish catalog must use the same ones (a test checks).
"""

from __future__ import annotations

from bot.i18n import N_, NN_, translator

# --- /start ---------------------------------------------------------------------------------

WELCOME = N_(
    "👋 <b>gearwatch</b> helps keep your community safe.\n"
    "\n"
    "It warns you when news reports that agency gear (vests, jackets, badges, weapons, "
    "official-looking vehicles) was stolen, or that someone pretended to be an immigration "
    "agent or another federal agent, in the places you follow. Each warning links to the "
    "news sources.\n"
    "\n"
    "It also explains how to tell a real agent from an impostor: /verify\n"
    "\n"
    "It never says where real agents are or what they are doing. It keeps only this chat's "
    "id, language and the places it follows; /stop deletes them.\n"
    "\n"
    "To begin, follow your city, for example: /subscribe Oakland"
)
BUTTON_SUBSCRIBE = N_("📍 Follow a place")
BUTTON_VERIFY = N_("🛡 Check an agent")
BUTTON_RECENT = N_("📰 Recent incidents")
BUTTON_LANGUAGE = N_("🌐 Language / Idioma")

# --- /help, /about ---------------------------------------------------------------------------

HELP = N_(
    "<b>What you can ask me</b>\n"
    "\n"
    "/subscribe <i>place</i> [<i>km</i>] — follow a city, ZIP code or state, or <i>all</i>. "
    "Examples: /subscribe Oakland, /subscribe Portland, OR 10, /subscribe California. "
    "You can also share a location.\n"
    "/unsubscribe [<i>place</i>] — stop following a place\n"
    "/subscriptions — the places this chat follows\n"
    "/recent [<i>place</i>] — the latest incidents\n"
    "/verify — how to tell a real agent from an impostor\n"
    "/language — English / Español\n"
    "/stop — stop everything and delete this chat's data\n"
    "/about — where the information comes from"
)
ABOUT = N_(
    "<b>About gearwatch</b>\n"
    "\n"
    "<b>Where the information comes from:</b> public news feeds chosen by the operator of this "
    "bot. Every warning names its sources and links to them; the bot does not report anything "
    "on its own authority.\n"
    "\n"
    "<b>How it works:</b> the bot reads the feeds regularly and picks out reports of stolen "
    "agency gear and of people posing as agents. When several outlets report the same "
    "incident, it becomes one warning with several sources. Reports the bot is unsure about "
    "can be held until a person reviews them.\n"
    "\n"
    "<b>What it never does:</b> say where real agents are or what they are doing, or publish "
    "anyone's name, face or licence plate.\n"
    "\n"
    "The /verify tips come from public agencies, police departments, attorneys general and "
    "legal-aid groups; each topic lists its sources."
)
ABOUT_CONTACT = N_("To reach the operator of this bot: {contact}")

# --- /language -------------------------------------------------------------------------------

LANGUAGE_PROMPT = N_("Choose the language for this chat:")
LANGUAGE_SET = N_("Done. From now on this chat gets its messages in English.")

# --- /subscribe ------------------------------------------------------------------------------

SUBSCRIBE_USAGE = N_(
    "Tell me which place to follow, for example:\n"
    "/subscribe Oakland\n"
    "/subscribe Oakland, CA 10 (within 10 km)\n"
    "/subscribe 94601 (a ZIP code)\n"
    "/subscribe California (the whole state)\n"
    "/subscribe all (everything)\n"
    "\n"
    "You can also share a location with me."
)
SUBSCRIBED_CITY = N_("✅ Subscribed to {place} (within {radius} km).")
SUBSCRIBED_CITY_HINT = N_(
    "Not the {name} you meant? Add the state, for example: /subscribe {name}, {example}"
)
SUBSCRIBED_STATE = N_("✅ Subscribed to the whole state of {state}.")
SUBSCRIBED_ALL = N_("✅ Subscribed to all incidents, wherever they happen.")
ALREADY_SUBSCRIBED = N_("This chat already follows {place}.")
TOO_MANY_SUBSCRIPTIONS = N_(
    "This chat already follows {n} places, the most it can. Send /unsubscribe to remove one first."
)
AMBIGUOUS_PLACE = N_("There is more than one {name}. Which one do you mean?")
UNKNOWN_PLACE = N_("I could not find a place called {place}.")
UNKNOWN_PLACE_SUGGESTIONS = N_("Did you mean one of these? {suggestions}")
UNKNOWN_PLACE_HINT = N_(
    'Try a city with its state ("Oakland, CA"), a US ZIP code, a state name, or "all".'
)
BAD_RADIUS = N_("The radius must be a number of kilometres from {min} to {max}, for example 10.")
TOO_LONG = N_("That is too long for a place name. Please send a shorter one.")
SUBSCRIBE_RECENT_HEADING = N_("Recent incidents near {place}:")

# --- /unsubscribe, /subscriptions, /stop -----------------------------------------------------

UNSUBSCRIBED = N_("Unsubscribed from {place}.")
UNSUBSCRIBE_CHOOSE = N_("Which place do you want to stop following?")
NOT_SUBSCRIBED = N_("This chat does not follow {place}.")
SUBSCRIPTIONS_HEADING = NN_("This chat follows {n} place:", "This chat follows {n} places:")
SUBSCRIPTION_CITY_ITEM = N_("{place} (within {radius} km)")
SUBSCRIPTION_STATE_ITEM = N_("{state} (whole state)")
SUBSCRIPTION_ALL_ITEM = N_("All incidents, everywhere")
SUBSCRIPTIONS_EMPTY = N_(
    "This chat does not follow any place yet. Send /subscribe with a city, ZIP code or state."
)
STOP_CONFIRM = N_(
    "This unsubscribes this chat from everything and deletes what the bot keeps about it "
    "(its id, language and subscriptions). Continue?"
)
STOP_YES = N_("Yes, delete")
STOP_CANCEL = N_("Cancel")
STOP_CANCELLED = N_("Nothing was changed.")
STOP_DONE = N_(
    "Done. This chat no longer follows any place, and the bot has deleted what it kept about "
    "it. Send /start to begin again."
)

# --- groups, limits, errors ------------------------------------------------------------------

ADMIN_ONLY = N_(
    "Sorry, in this group only administrators can change the places it follows, its language "
    "or stop the bot."
)
ADMIN_ONLY_BUTTON = N_("Only the group's administrators can choose this.")
RATE_LIMITED = N_("You are sending messages very quickly. Please wait a few seconds and try again.")
UNKNOWN_COMMAND = N_("I don't know that command. Send /help to see what I can do.")
TEXT_HINT = N_(
    "I answer commands. Send /help to see them, or for example /subscribe Oakland to follow a city."
)
BUTTON_EXPIRED = N_("This button no longer works. Please send the command again.")
ERROR = N_("Something went wrong on our side. Please try again later.")

# --- /recent ---------------------------------------------------------------------------------

RECENT_HEADING = N_("Recent incidents in {place}:")
RECENT_HEADING_SUBSCRIPTIONS = N_("Recent incidents in the places this chat follows:")
NO_RECENT = N_("No recent incidents reported in {place}.")
NO_RECENT_SUBSCRIPTIONS = N_("No recent incidents reported in the places this chat follows.")
RECENT_ITEM = N_("• {date}: {kind}, {place} ({sources})")
RECENT_NEED_PLACE = N_(
    "This chat does not follow any place yet. Try /recent Oakland, or /subscribe first."
)

# --- advisories (SPEC §8) --------------------------------------------------------------------

ADVISORY_HEADING_STOLEN_GEAR = N_("⚠️ <b>Stolen agency gear reported in {place}</b>")
ADVISORY_HEADING_IMPERSONATION = N_("⚠️ <b>Agent impersonators reported in {place}</b>")
ADVISORY_PLACE_UNKNOWN = N_("an unstated place")
ADVISORY_ITEMS_STOLEN = N_("Reported stolen: {items}")
ADVISORY_ITEMS_WORN = N_("Reportedly worn or shown: {items}")
ADVISORY_TACTICS = N_("What they reportedly did: {tactics}")
ADVISORY_AGENCIES = N_("Agencies named: {agencies}")
ADVISORY_WHEN = N_("When: {date}")
ADVISORY_REPORTED_BY = N_("Reported by {sources}")
ADVISORY_MORE_SOURCES = NN_("and {n} more source", "and {n} more sources")
ADVISORY_VERIFY = N_("How to check an agent: /verify")
ADVISORY_PENDING = N_("⏳ Pending review: a moderator has not checked this report yet.")

KIND_NAMES = {
    "stolen_gear": N_("stolen gear"),
    "impersonation": N_("impersonation"),
}

# SPEC §6 vocabulary, as shown to readers.
ITEM_NAMES = {
    "badge": N_("badge"),
    "credentials": N_("credentials"),
    "vest": N_("vest"),
    "jacket": N_("jacket"),
    "uniform": N_("uniform"),
    "ammunition": N_("ammunition"),
    "firearm": N_("firearm"),
    "radio": N_("radio"),
    "vehicle": N_("vehicle"),
    "handcuffs": N_("handcuffs"),
    "other": N_("other equipment"),
}
TACTIC_NAMES = {
    "phone_call": N_("called people by phone"),
    "home_visit": N_("came to people's homes"),
    "traffic_stop": N_("stopped vehicles"),
    "workplace": N_("went to workplaces"),
    "street_stop": N_("stopped people in the street"),
    "demanded_money": N_("demanded money"),
    "robbery": N_("robbed people"),
    "detention": N_("detained people"),
    "kidnapping": N_("kidnapped someone"),
    "assault": N_("assaulted people"),
    "fake_documents": N_("showed fake documents"),
    "fake_vehicle": N_("used a vehicle made to look official"),
}
AGENCY_NAMES = {
    "ICE": N_("ICE (immigration)"),
    "ERO": N_("ICE ERO (deportation officers)"),
    "HSI": N_("HSI (Homeland Security Investigations)"),
    "DHS": N_("DHS (Homeland Security)"),
    "CBP": N_("CBP (Customs and Border Protection)"),
    "USBP": N_("Border Patrol"),
    "FBI": N_("FBI"),
    "ATF": N_("ATF"),
    "DEA": N_("DEA"),
    "USMS": N_("US Marshals"),
    "USSS": N_("Secret Service"),
    "police": N_("police"),
    "sheriff": N_("sheriff"),
    "other": N_("another agency"),
}

# --- admin chats -----------------------------------------------------------------------------

REVIEW_HEADING = N_("🔎 <b>Review needed</b> (confidence {confidence})")
REVIEW_ID = N_("Incident {id}")
REVIEW_APPROVE = N_("✅ Approve")
REVIEW_REJECT = N_("❌ Reject")
REVIEW_APPROVED_BY = N_("✅ Approved by {who}.")
REVIEW_REJECTED_BY = N_("❌ Rejected by {who}.")
REVIEW_ALREADY_DECIDED = N_("This incident was already reviewed.")
FEED_FAILING = N_(
    "⚠️ The feed <b>{name}</b> has failed for {hours} hours and is still retried. "
    "Last error: {error}. The operator can check it with: gearwatch feeds list"
)
PENDING_HEADING = NN_("{n} incident waits for review:", "{n} incidents wait for review:")
PENDING_EMPTY = N_("No incidents are waiting for review.")
ADMIN_COMMAND_REFUSED = N_("This command is only for the operators of this bot.")
PAUSED = N_("⏸ Sending is paused. Advisories wait in the queue until /resume.")
RESUMED = N_("▶️ Sending resumed. Queued advisories go out now.")
ALREADY_PAUSED = N_("Sending was already paused.")
ALREADY_RUNNING = N_("Sending was not paused.")

STATS_HEADING = N_("📊 <b>Statistics</b>")
STATS_LINE = N_("{label}: {value}")
STATS_ENABLED = N_("{label}: {total} ({enabled} enabled)")
STATS_ACTIVE = N_("{label}: {total} ({active} active)")
STATS_LABELS = {
    "feeds": N_("Feeds"),
    "feeds_failing": N_("Feeds with errors"),
    "entries": N_("Entries"),
    "incidents": N_("Incidents"),
    "stolen_gear": N_("Stolen gear"),
    "impersonation": N_("Impersonation"),
    "published": N_("Published"),
    "pending": N_("Pending review"),
    "rejected": N_("Rejected"),
    "chats": N_("Chats"),
    "subscriptions": N_("Subscriptions"),
    "deliveries": N_("Deliveries"),
    "queued": N_("Queued"),
    "sent": N_("Sent"),
    "failed": N_("Failed"),
    "dropped": N_("Dropped"),
    "paused": N_("Sending paused"),
}
YES = N_("yes")
NO = N_("no")

# --- setMyCommands ---------------------------------------------------------------------------

# (command, description); register once per language with language_code.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("What this bot does")),
    ("subscribe", N_("Follow a city, ZIP code, state or all")),
    ("unsubscribe", N_("Stop following a place")),
    ("subscriptions", N_("Places this chat follows")),
    ("recent", N_("Latest incidents")),
    ("verify", N_("How to tell a real agent from an impostor")),
    ("language", N_("Change the language")),
    ("stop", N_("Stop and delete this chat's data")),
    ("help", N_("List of commands")),
    ("about", N_("Sources and how the bot works")),
)
# Extra commands shown only in the operators' admin chats.
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("pending", N_("Incidents waiting for review")),
    ("stats", N_("Counts of feeds, incidents, chats and deliveries")),
    ("pause", N_("Stop all sending")),
    ("resume", N_("Restart sending")),
)


def bot_commands(language: str, *, admin: bool = False) -> list[tuple[str, str]]:
    """(command, description) in a language, for setMyCommands with that language_code."""
    t = translator(language, html=False)
    pairs = COMMANDS + ADMIN_COMMANDS if admin else COMMANDS
    return [(command, t.gettext(description)) for command, description in pairs]
