"""Languages: which exist, which run right to left, and how the locale of a request is chosen."""

from __future__ import annotations

from babel import Locale
from flask import current_app, g, request, session
from flask_login import current_user

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
