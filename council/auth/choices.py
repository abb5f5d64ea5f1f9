"""The optional personal attributes a person may give, used only for aggregate balance figures."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "other": _l("Another gender"),
}

# The social groups a council brings together (DESIGN.md: women and men, youth, elders and wise
# persons, traditional and religious leaders, civil society, business, minorities, displaced people).
CONSTITUENCIES = {
    "women": _l("Women's groups"),
    "youth": lazy_pgettext("group of people", "Youth"),
    "elders": _l("Elders and wise persons"),
    "traditional": _l("Traditional leaders"),
    "religious": _l("Religious leaders"),
    "civil_society": _l("Civil-society organisations"),
    "business": _l("Business"),
    "minorities": _l("Minority communities"),
    "displaced": _l("Displaced people"),
    "other": _l("Other group"),
}


def gender_choices(blank) -> list[tuple[str, object]]:
    return [("", blank), *GENDERS.items()]


def constituency_choices(blank) -> list[tuple[str, object]]:
    return [("", blank), *CONSTITUENCIES.items()]
