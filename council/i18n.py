"""Languages: which exist, which run right to left, and how the locale of a request is chosen."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import cached_property

import flask_babel
from babel import Locale
from flask import current_app, g, request, session
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

# The name of each language in itself, for the switcher and the language fields.
NATIVE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh": "中文",
}


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def is_rtl(code: str | None) -> bool:
    return bool(code) and code.split("_")[0] in current_app.config["RTL_LANGUAGES"]


def native_name(code: str) -> str:
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError):
        return code


def language_choices() -> list[tuple[str, str]]:
    return [(code, native_name(code)) for code in languages()]


def requested_language() -> str | None:
    """A supported language asked for with ?lang=xx on this request, if any."""
    code = request.args.get("lang", type=str)
    return code if code in languages() else None


def select_locale() -> str:
    """The switcher wins, for the rest of the visit (kept in the session); then a signed-in
    user's saved language; then the browser's Accept-Language; then the default."""
    if "locale_override" in g:
        return g.locale_override
    chosen = requested_language()
    if chosen:
        return chosen
    remembered = session.get("lang")
    if remembered in languages():
        return remembered
    if current_user and current_user.is_authenticated and current_user.locale in languages():
        return current_user.locale
    return request.accept_languages.best_match(languages()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return None


def remember_requested_language() -> None:
    """before_request: ?lang=xx is remembered for the visit only (in the session). It never
    changes an account's saved language: a GET writes nothing; the profile, or the explicit
    "use this language for e-mails" button (a POST), does that."""
    chosen = requested_language()
    if chosen and session.get("lang") != chosen:
        session["lang"] = chosen


def pick(available, *fallbacks: str | None) -> str | None:
    """Which of the `available` languages to show: the reader's, else each fallback in turn,
    else the first available. Used for texts people wrote in several languages."""
    available = list(available)
    if not available:
        return None
    from flask_babel import get_locale

    reader = str(get_locale() or "")
    for code in (reader, *fallbacks):
        if code and code in available:
            return code
    return available[0]


def localized(names: dict[str, str] | None, *fallbacks: str | None) -> tuple[str, str | None]:
    """A name kept per language ({"en": ..., "fr": ...}): (text, its language)."""
    names = {k: v for k, v in (names or {}).items() if v}
    code = pick(names.keys(), *fallbacks, "en")
    return (names[code], code) if code else ("", None)


# --- one full stop, not two ----------------------------------------------------------------------
# "Proposed by %(name)s." with the name "Tomás R." must read "Proposed by Tomás R.", not "R..".
# While a sentence is formatted, a value's own final full stop is held back (as a private-use
# character), then given back: before the sentence's full stop it takes that stop's place.

_HELD_STOP = "\ue000"
# In a page the name comes wrapped (<span translate="no">Tomás R.</span>): its stop sits before the
# closing tags, and is given back there.
_FINAL_STOP = re.compile(r"\.((?:</[a-z]+>)*)$")
_HELD = re.compile(_HELD_STOP + r"((?:</[a-z]+>)*)(\.?)")


def hold_final_stops(variables: dict) -> dict:
    held = {}
    for key, value in variables.items():
        if isinstance(value, str) and value.endswith(".") and not value.endswith(".."):
            value = value[:-1] + _HELD_STOP
        elif isinstance(value, Markup) and (found := _FINAL_STOP.search(value)) and not value[:found.start()].endswith("."):
            value = Markup(str(value)[:found.start()] + _HELD_STOP + found.group(1))
        held[key] = value
    return held


def give_back_stops(text):
    if not isinstance(text, str) or _HELD_STOP not in text:
        return text
    given = _HELD.sub(lambda m: "." + m.group(1), str(text))
    return Markup(given) if isinstance(text, Markup) else given


class Domain(flask_babel.Domain):
    """Flask-Babel's domain, formatting sentences without doubling a value's final full stop."""

    def gettext(self, string, **variables):
        return give_back_stops(super().gettext(string, **hold_final_stops(variables)))

    def ngettext(self, singular, plural, num, **variables):
        return give_back_stops(super().ngettext(singular, plural, num, **hold_final_stops(variables)))

    def pgettext(self, context, string, **variables):
        return give_back_stops(super().pgettext(context, string, **hold_final_stops(variables)))

    def npgettext(self, context, singular, plural, num, **variables):
        return give_back_stops(super().npgettext(context, singular, plural, num, **hold_final_stops(variables)))


class Babel(flask_babel.Babel):
    @cached_property
    def domain_instance(self):
        return Domain(domain=self.domain)


def keeping_one_stop(template_function):
    """The same for the gettext functions of templates (Jinja formats their sentences itself)."""

    @pass_context
    def formatted(context, *args, **variables):
        return give_back_stops(template_function(context, *args, **hold_final_stops(variables)))

    return formatted


# --- dates -------------------------------------------------------------------------------------
# Every date is written in the locale's medium format ("10 déc. 2026", "2026年12月10日"); a time,
# in the locale's short format, so never with seconds. The format asked for by a template
# ("short", "long") is overruled so that the whole site writes dates one way; an explicit pattern
# ("d MMM") is kept.

_NAMED_FORMATS = {None, "short", "medium", "long", "full"}


def _locale() -> Locale:
    from flask_babel import get_locale

    return get_locale() or Locale.parse("en")


def format_datetime(value, format: str | None = None) -> str:
    """A moment, in the reader's time zone: medium date and short time."""
    if value is None:
        return ""
    from babel import dates
    from flask_babel import to_user_timezone

    if format not in _NAMED_FORMATS:
        return flask_babel.format_datetime(value, format)
    moment = to_user_timezone(value) if isinstance(value, datetime) else value
    locale = _locale()
    return (dates.get_datetime_format("medium", locale=locale).replace("'", "")
            .replace("{0}", dates.format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale))
            .replace("{1}", dates.format_date(moment, "medium", locale=locale)))


def format_date(value, format: str | None = None) -> str:
    """The day of a moment in the reader's time zone (or a date as it is), medium format."""
    if value is None:
        return ""
    return flask_babel.format_date(value, format if format not in _NAMED_FORMATS else "medium")


def format_day(value, format: str | None = None) -> str:
    """A date-only value (a deadline, a requested answer day): the same day for every reader,
    whatever their time zone. Days kept as timestamps (noon UTC) are read in UTC, unconverted."""
    if value is None:
        return ""
    from babel import dates

    if isinstance(value, datetime):
        value = (value.astimezone(timezone.utc) if value.tzinfo else value).date()
    return dates.format_date(value, format if format not in _NAMED_FORMATS else "medium", locale=_locale())


def day_iso(value) -> str:
    """The ISO day of a date-only value, for <time datetime="...">."""
    if isinstance(value, datetime):
        value = (value.astimezone(timezone.utc) if value.tzinfo else value).date()
    return value.isoformat() if isinstance(value, date) else ""
