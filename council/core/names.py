"""Forms that take a name (and a mandate) in every supported language: countries, regions and
councils (administration), destinations (forwarding)."""

from __future__ import annotations

from babel import Locale
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields import StringField, TextAreaField
from wtforms.validators import Length, Optional

from council.core.forms import plain_name
from council.i18n import native_name

NAME_MAX = 120
MANDATE_MAX = 4000


def language_name(code: str) -> str:
    """The name of a language in the reader's language ("Arabic", "arabe", "阿拉伯语")."""
    try:
        name = Locale.parse(code).get_display_name(str(get_locale() or "en"))
    except (ValueError, TypeError):
        name = None
    return name or native_name(code)


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


class NamesMixin:
    """Access to the name_<lang> fields added by with_names()."""

    languages: list[str] = []

    def names(self) -> dict[str, str]:
        return {lang: self[f"name_{lang}"].data or "" for lang in self.languages}

    def fill_names(self, names: dict[str, str]) -> None:
        for lang in self.languages:
            self[f"name_{lang}"].data = (names or {}).get(lang, "")

    def name_fields(self):
        return [self[f"name_{lang}"] for lang in self.languages]

    def validate_any_name(self) -> bool:
        if any(self.names().values()):
            return True
        first = self[f"name_{self.languages[0]}"]
        first.errors = [*first.errors, _l("Give the name in at least one language.")]
        return False


def with_names(base, *, max_length: int = NAME_MAX, mandates: bool = False):
    """`base` with a name field (and optionally a mandate field) per supported language."""
    languages = _languages()
    attrs = {"languages": languages}
    for lang in languages:
        attrs[f"name_{lang}"] = StringField(
            _l("Name in %(language)s", language=language_name(lang)),
            validators=[Optional(), Length(max=max_length), plain_name],
            render_kw={"lang": lang},  # what is typed here is in that language
        )
        if mandates:
            attrs[f"mandate_{lang}"] = TextAreaField(
                _l("Mandate in %(language)s", language=language_name(lang)),
                validators=[Optional(), Length(max=MANDATE_MAX)],
                render_kw={"lang": lang},
            )
    return type(base.__name__, (base,), attrs)
