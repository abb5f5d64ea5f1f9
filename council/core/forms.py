"""The form every Council form derives from: text normalised to NFC, control characters refused."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.fields import EmailField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

# Characters that reorder or hide text (bidi overrides and isolates, zero-width joiners aside).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


# The latest day a date field accepts (a deadline "in the coming years").
LATEST_DAY = date(2999, 12, 31)


def int_or_none(value) -> int | None:
    """Coerce a submitted id: anything that is not a whole number a row id can be becomes None
    (and is refused)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def check_future_day(day: date | None, *, today_allowed: bool = False) -> None:
    """Refuse (ValidationError) a deadline in the past (or today, unless `today_allowed`) or
    beyond LATEST_DAY. An empty field passes: Optional() decides whether it may be empty."""
    if day is None:
        return
    from council.extensions import utcnow

    today = utcnow().date()
    if today_allowed and day < today:
        raise ValidationError(_l("Choose today or a day in the future."))
    if not today_allowed and day <= today:
        raise ValidationError(_l("Choose a day after today."))
    if day > LATEST_DAY:
        raise ValidationError(_l("Choose a day in the coming years."))


def normalise(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _bad_character(value: str, multiline: bool) -> bool:
    for ch in value:
        if ch in "\n\r\t" and multiline:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
            return True
    return False


def no_control_characters(form, field: Field) -> None:
    """Refuse control characters, unpaired surrogates and bytes that were not valid UTF-8."""
    if isinstance(field.data, str) and _bad_character(field.data, isinstance(field, TextAreaField)):
        raise ValidationError(_l("This contains characters that cannot be used. Remove them and try again."))


def plain_name(form, field: Field) -> None:
    """For names shown to others: no characters that reorder or hide text."""
    if isinstance(field.data, str) and (any(ch in BIDI_CONTROLS for ch in field.data) or "\u200b" in field.data):
        raise ValidationError(_l("Names cannot contain invisible direction or formatting characters."))


def normalise_password(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


class BaseForm(FlaskForm):
    """Every text field is normalised (NFC; trimmed except passwords) and checked for forbidden
    characters. Fields must be declared with keyword arguments (validators=..., filters=...)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            cls = unbound_field.field_class
            if issubclass(cls, (StringField, TextAreaField, EmailField)):
                first = normalise_password if issubclass(cls, PasswordField) else normalise
                filters = options.get("filters", unbound_field.kwargs.get("filters") or ())
                validators = options.get("validators", unbound_field.kwargs.get("validators") or ())
                options["filters"] = (first, *filters)
                options["validators"] = (no_control_characters, *validators)
            return unbound_field.bind(form=form, **options)


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (usable without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
