"""Forms of the agendas domain: proposing an item and the facilitators' triage."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from wtforms.fields import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from council import i18n
from council.agendas.models import THEMES
from council.core.forms import BIDI_CONTROLS, BaseForm, MultiCheckboxField, check_future_day, int_or_none

TITLE_MAX = 200
DESCRIPTION_MAX = 20000
PLACE_MAX = 200
REASON_MAX = 2000
TOO_LONG = _l("Use at most %(max)d characters.")

_KEY = re.compile(r"^[A-Za-z0-9_-]{16,48}$")


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def valid_submission_key(value) -> str | None:
    """The key sent with a form if it has the shape of one we hand out, else None."""
    return value if isinstance(value, str) and _KEY.match(value) else None


def no_hidden_formatting(form, field) -> None:
    """Titles and places are shown to everyone: no characters that reorder or hide text."""
    if isinstance(field.data, str) and (any(ch in BIDI_CONTROLS for ch in field.data) or "\u200b" in field.data):
        raise ValidationError(_l("This cannot contain invisible direction or formatting characters."))


class ProposeForm(BaseForm):
    title = StringField(
        label=_l("Title"),
        description=_l("A short name for the issue, for example “Water points in the eastern villages”."),
        validators=[
            DataRequired(message=_l("Give the issue a title.")),
            Length(max=TITLE_MAX, message=TOO_LONG),
            no_hidden_formatting,
        ],
    )
    description = TextAreaField(
        label=_l("What is the issue?"),
        description=_l(
            "What is happening, whom it concerns and why the council should take it up. "
            "You can use Markdown: *emphasis*, **strong**, lists and links."
        ),
        validators=[
            DataRequired(message=_l("Describe the issue.")),
            Length(max=DESCRIPTION_MAX, message=TOO_LONG),
        ],
    )
    theme = SelectField(
        label=_l("Theme"),
        choices=[("", _l("Choose a theme")), *THEMES.items()],
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Choose a theme.")),
            AnyOf(list(THEMES), message=_l("Choose one of the themes in the list.")),
        ],
    )
    place = StringField(
        label=_l("Place or area it concerns"),
        description=_l("Optional. A town, district or area; leave it empty if the issue concerns the whole region."),
        validators=[Optional(), Length(max=PLACE_MAX, message=TOO_LONG), no_hidden_formatting],
    )
    language = SelectField(
        label=_l("Language you write in"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a language."))],
    )
    links = MultiCheckboxField(
        label=_l("Earlier items it is linked to"),
        description=_l("Optional. Tick the items of this council that this issue follows on from or relates to."),
        coerce=int_or_none,
        validate_choice=False,
        validators=[Optional()],
    )
    submission_key = HiddenField(validators=[Optional()])

    def __init__(self, *args, link_choices: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = i18n.language_choices()
        self.links.choices = list(link_choices)
        if not valid_submission_key(self.submission_key.data):
            self.submission_key.data = new_submission_key()

    def validate_language(self, field) -> None:
        if field.data not in dict(self.language.choices):
            raise ValidationError(_l("Choose one of the languages in the list."))

    def validate_links(self, field) -> None:
        known = {value for value, _label in self.links.choices}
        if any(value not in known for value in field.data or ()):
            raise ValidationError(_l("Choose only items of this council from the list."))


class AcceptForm(BaseForm):
    deadline = DateField(
        label=_l("Deadline for the deliberation"),
        description=_l("Optional. The last day on which members can contribute."),
        validators=[Optional()],
    )

    def validate_deadline(self, field) -> None:
        check_future_day(field.data, today_allowed=True)


class DeclineForm(BaseForm):
    reason = TextAreaField(
        label=_l("Reason, for the proposer"),
        description=_l("The proposer and the members see it on the item's page."),
        validators=[
            DataRequired(message=_l("Say why the item is declined.")),
            Length(max=REASON_MAX, message=TOO_LONG),
        ],
    )


class MergeForm(BaseForm):
    into = SelectField(
        label=_l("Merge into"),
        description=_l("The item is declined and points to the one chosen here."),
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the item to merge into."))],
    )

    def __init__(self, *args, targets=(), **kwargs):
        """`targets`: the items that may be chosen (with id, title and language)."""
        super().__init__(*args, **kwargs)
        self.into.choices = [("", _l("Choose an item")), *((t.id, t.title) for t in targets)]
        self.languages = {t.id: t.language for t in targets}

    def validate_into(self, field) -> None:
        if field.data is None or field.data not in {value for value, _label in self.into.choices}:
            raise ValidationError(_l("Choose one of the items in the list."))


class MoveForm(BaseForm):
    direction = StringField(
        label=_l("Direction"),
        validators=[
            InputRequired(message=_l("Choose to move the item up or down.")),
            AnyOf(["up", "down"], message=_l("Choose to move the item up or down.")),
        ],
    )


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token is checked."""
