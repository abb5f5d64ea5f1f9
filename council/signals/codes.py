"""The vocabularies of a signal: kinds, severities and their criteria, ACLED's event and actor
types, impact categories, gender dimensions, sources' scales and grades, workflow statuses.

Each is an ordered mapping code -> label (lazily translated); codes are what the database, the
exports and the intake keep, labels what a person reads."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

KINDS = {
    "incident": _l("Incident"),
    "situation": _l("Situation report"),
    "peace": _l("Peace signal"),
    "rumour": _l("Unconfirmed rumour"),
}

SEVERITIES = {
    0: _l("Information"),
    1: _l("Watch"),
    2: _l("Concern"),
    3: _l("Alert"),
    4: _l("Urgent"),
}

SEVERITY_CRITERIA = {
    0: _l("Useful background; no threat to anyone's safety is seen."),
    1: _l("Tension or a change worth following; no violence yet and none expected soon."),
    2: _l("Threats, rising tension or isolated violence; could grow within weeks without attention."),
    3: _l("Violence has happened or is likely within days; people are at risk."),
    4: _l("Lives are in danger now or within 24 hours; action is needed at once."),
}

TRENDS = {
    "escalating": _l("Escalating"),
    "stable": _l("Stable"),
    "de_escalating": _l("De-escalating"),
    "unknown": _l("Unknown"),
}

DATE_PRECISIONS = {  # value -> (label, ACLED time_precision)
    "day": _l("Exact day"),
    "week": _l("Week"),
    "month": _l("Month"),
}
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}

CONFIDENTIALITY = {  # in order, least to most restricted
    "council": _l("The council"),
    "facilitators_office": _l("Facilitators and office"),
    "office_only": _l("Office only"),
}
CONFIDENTIALITY_RANK = {code: rank for rank, code in enumerate(CONFIDENTIALITY)}

# ACLED's six event types and their twenty-five sub-event types.
EVENT_TYPES = {
    "battles": _l("Battles"),
    "explosions": _l("Explosions/Remote violence"),
    "violence_civilians": _l("Violence against civilians"),
    "protests": _l("Protests"),
    "riots": _l("Riots"),
    "strategic": _l("Strategic developments"),
}
ACLED_EVENT_TYPE = {
    "battles": "Battles",
    "explosions": "Explosions/Remote violence",
    "violence_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic": "Strategic developments",
}
SUB_EVENT_TYPES = {  # code -> (event type, label, ACLED's wording)
    "armed_clash": ("battles", _l("Armed clash"), "Armed clash"),
    "government_regains": ("battles", _l("Government regains territory"), "Government regains territory"),
    "nonstate_overtakes": ("battles", _l("Non-state actor overtakes territory"), "Non-state actor overtakes territory"),
    "chemical_weapon": ("explosions", _l("Chemical weapon"), "Chemical weapon"),
    "air_drone_strike": ("explosions", _l("Air/drone strike"), "Air/drone strike"),
    "suicide_bomb": ("explosions", _l("Suicide bomb"), "Suicide bomb"),
    "shelling": ("explosions", _l("Shelling/artillery/missile attack"), "Shelling/artillery/missile attack"),
    "remote_explosive": ("explosions", _l("Remote explosive/landmine/IED"), "Remote explosive/landmine/IED"),
    "grenade": ("explosions", _l("Grenade"), "Grenade"),
    "sexual_violence": ("violence_civilians", _l("Sexual violence"), "Sexual violence"),
    "attack": ("violence_civilians", _l("Attack"), "Attack"),
    "abduction": ("violence_civilians", _l("Abduction/forced disappearance"), "Abduction/forced disappearance"),
    "peaceful_protest": ("protests", _l("Peaceful protest"), "Peaceful protest"),
    "protest_intervention": ("protests", _l("Protest with intervention"), "Protest with intervention"),
    "excessive_force": ("protests", _l("Excessive force against protesters"), "Excessive force against protestors"),
    "violent_demonstration": ("riots", _l("Violent demonstration"), "Violent demonstration"),
    "mob_violence": ("riots", _l("Mob violence"), "Mob violence"),
    "agreement": ("strategic", _l("Agreement"), "Agreement"),
    "arrests": ("strategic", _l("Arrests"), "Arrests"),
    "change_group": ("strategic", _l("Change to group/activity"), "Change to group/activity"),
    "disrupted_weapons": ("strategic", _l("Disrupted weapons use"), "Disrupted weapons use"),
    "headquarters": ("strategic", _l("Headquarters or base established"), "Headquarters or base established"),
    "looting": ("strategic", _l("Looting/property destruction"), "Looting/property destruction"),
    "nonviolent_transfer": ("strategic", _l("Non-violent transfer of territory"), "Non-violent transfer of territory"),
    "other": ("strategic", _l("Other"), "Other"),
}

# ACLED's interaction codes (inter1, inter2), and three of our own after them.
ACTOR_TYPES = {
    "1": _l("State forces"),
    "2": _l("Rebel groups"),
    "3": _l("Political militias"),
    "4": _l("Identity militias"),
    "5": _l("Rioters"),
    "6": _l("Protesters"),
    "7": _l("Civilians"),
    "8": _l("External/other forces"),
    "community_authority": _l("Community authority"),
    "womens_group": _l("Women's group"),
    "youth_group": _l("Youth group"),
}

IMPACT_CATEGORIES = {
    "killed": _l("Killed"),
    "injured": _l("Injured"),
    "abducted": _l("Abducted"),
    "displaced": _l("Displaced"),
    "sexual_violence": _l("Survivors of sexual violence"),
}
SEXES = {"female": _l("Women and girls"), "male": _l("Men and boys"), "unknown": _l("Sex not known")}
AGE_BANDS = {"child": _l("Under 18"), "adult": _l("18 and over"), "unknown": _l("Age not known")}

GENDER_DIMENSIONS = {
    "targets_women": _l("Targets women and girls"),
    "targets_men": _l("Targets men and boys"),
    "restricts_women": _l("Restricts women's rights or movement"),
    "gendered_rhetoric": _l("Gendered rhetoric"),
    "sexual_violence": _l("Sexual violence"),
    "womens_peace_action": _l("Women's peace action"),
    "none": _l("None identified"),
}

SOURCE_SCALES = {
    "local": _l("Local"),
    "regional": _l("Regional"),
    "national": _l("National"),
    "international": _l("International"),
}
RELIABILITY = {
    "A": _l("A — completely reliable"),
    "B": _l("B — usually reliable"),
    "C": _l("C — fairly reliable"),
    "D": _l("D — not usually reliable"),
    "E": _l("E — unreliable"),
    "F": _l("F — reliability cannot be judged"),
}

CHANNELS = {"web": _l("Web form"), "email": _l("E-mail"), "sms": _l("SMS")}

STATUSES = {
    "new": lazy_pgettext("signal status", "New"),
    "in_review": _l("In review"),
    "verified": _l("Verified"),
    "disputed": _l("Disputed"),
    "false": _l("False"),
    "information_only": _l("Information only"),
}
REVIEW_OUTCOMES = ("verified", "disputed", "false", "information_only")

REQUESTED_ACTIONS = {
    "dialogue": _l("Dialogue or mediation"),
    "protection": _l("Protection referral"),
    "humanitarian": _l("Humanitarian referral"),
    "public_messaging": _l("Public messaging"),
    "monitoring_visit": _l("Monitoring visit"),
    "small_grant": _l("Small grant"),
    "other": _l("Other"),
}

ESCALATION_STATUSES = {
    "sent": _l("Awaiting acknowledgement"),
    "acknowledged": lazy_pgettext("escalation status", "Acknowledged"),
    "under_way": _l("Action under way"),
    "completed": _l("Completed"),
    "no_action": _l("No action"),
    "declined": lazy_pgettext("escalation status", "Declined"),
}
RESPONSE_STATUSES = ("acknowledged", "under_way", "completed", "no_action", "declined")
# Until one of these is recorded, an escalation past its due date is overdue.
ANSWERED_STATUSES = ("under_way", "completed", "no_action", "declined")
NEEDS_REASON = ("no_action", "declined")

OUTCOMES = {
    "de_escalated": _l("De-escalated"),
    "no_change": _l("No change"),
    "escalated_further": _l("Escalated further"),
    "unknown": _l("Unknown"),
}

# Hours from escalation to the due date, by severity (a council may set its own).
DEFAULT_DUE_HOURS = {0: 720, 1: 336, 2: 168, 3: 72, 4: 24}

DEFAULT_SECTORS = {
    "economy": _l("Economy"),
    "social": _l("Social affairs"),
    "security": _l("Security"),
    "governance": _l("Governance"),
    "environment": _l("Environment"),
}

# The default indicators: key -> (structural or dynamic, gender-sensitive, conflict or peace, label).
DEFAULT_INDICATORS = {
    "armed_presence": ("dynamic", False, "conflict", _l("Armed groups seen moving or gathering")),
    "hate_speech": ("dynamic", False, "conflict", _l("Hate speech or incitement")),
    "land_dispute": ("structural", False, "conflict", _l("Disputes over land or water")),
    "price_rise": ("dynamic", False, "conflict", _l("Sharp rise in food prices")),
    "displacement": ("dynamic", False, "conflict", _l("People leaving their homes")),
    "exclusion": ("structural", False, "conflict", _l("A group shut out of decisions or services")),
    "women_movement": ("dynamic", True, "conflict", _l("Restrictions on women's movement")),
    "gendered_rhetoric": ("dynamic", True, "conflict", _l("Rhetoric that shames men into fighting")),
    "gbv_rise": ("dynamic", True, "conflict", _l("Rise in sexual or gender-based violence")),
    "youth_recruitment": ("dynamic", True, "conflict", _l("Recruitment of young men by armed groups")),
    "peace_initiative": ("dynamic", False, "peace", _l("A local peace initiative")),
    "women_peace_messengers": ("dynamic", True, "peace", _l("Women acting as peace messengers")),
    "joint_market": ("structural", False, "peace", _l("Communities trading together")),
}

DIRECTIONS = {"worsening": _l("Worsening"), "improving": _l("Improving")}

# Limits of free text.
TITLE_MAX = 200
NARRATIVE_MAX = 20000
PLACE_MAX = 200
SOURCE_MAX = 300
NOTE_MAX = 4000
