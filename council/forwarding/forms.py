"""Forms of the forwarding domain: destinations (admins), forwarding a summary (facilitators),
acknowledging and answering it (office readers)."""

from __future__ import annotations


from flask_babel import lazy_gettext as _l
from wtforms.fields import BooleanField, DateField, EmailField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, Optional, Regexp, ValidationError

from council import i18n
from council.core.names import NamesMixin, with_names
from council.core.forms import BaseForm, MultiCheckboxField, check_future_day, int_or_none
from council.forwarding.models import ANSWER_STANCES, DESTINATION_KINDS

NOTE_MAX = 5000
ANSWER_MAX = 10_000
RECOMMENDATION_ANSWER_MAX = 5000
TOO_LONG = _l("Use at most %(max)d characters.")


# --- destinations (administrators) ---------------------------------------------------------------


class _DestinationForm(NamesMixin, BaseForm):
    kind = SelectField(
        label=_l("Kind of body"),
        choices=list(DESTINATION_KINDS.items()),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the kind of body.")),
                    AnyOf(list(DESTINATION_KINDS), message=_l("Choose one of the kinds in the list."))],
    )
    active = BooleanField(
        label=_l("Summaries can be forwarded to it"),
        description=_l("Untick to stop new forwardings; what was already sent stays readable."),
        default=True,
        validators=[Optional()],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self.validate_any_name() and ok


def destination_form(**kwargs) -> _DestinationForm:
    """The destination form, with a name field per supported language."""
    return with_names(_DestinationForm)(**kwargs)


class ReaderAddForm(BaseForm):
    email = EmailField(
        label=_l("E-mail address of the office account"),
        description=_l("The account must exist and have the site role “Office reader”."),
        validators=[InputRequired(message=_l("Give the e-mail address of an office account.")),
                    Length(max=254, message=TOO_LONG), Email(message=_l("Give a valid e-mail address."))],
    )


class ReaderRemoveForm(BaseForm):
    user_id = HiddenField(
        validators=[InputRequired(message=_l("Choose the reader to remove.")),
                    Regexp(r"^[0-9]{1,9}$", message=_l("Choose the reader to remove."))]
    )


# --- forwarding (facilitators) -------------------------------------------------------------------


class ForwardForm(BaseForm):
    destinations = MultiCheckboxField(
        label=_l("Send it to"),
        description=_l("Tick every body that should receive the summary. Each receives it once."),
        coerce=int_or_none,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose at least one body to send the summary to."))],
    )
    covering_note = TextAreaField(
        label=_l("Covering note"),
        description=_l("A few words for the people who receive it: why it matters, what the council asks of them."),
        validators=[DataRequired(message=_l("Write a covering note.")), Length(max=NOTE_MAX, message=TOO_LONG)],
    )
    answer_by = DateField(
        label=_l("Answer requested by"),
        description=_l("The day by which the council would like an answer."),
        validators=[Optional()],
    )

    def __init__(self, *args, destinations=(), **kwargs):
        """`destinations`: (id, name) of the bodies that may be chosen."""
        super().__init__(*args, **kwargs)
        self.destinations.choices = list(destinations)

    def validate_destinations(self, field) -> None:
        known = {value for value, _label in self.destinations.choices}
        chosen = field.data or []
        if not chosen or any(value is None or value not in known for value in chosen):
            raise ValidationError(_l("Choose only bodies from the list."))

    def validate_answer_by(self, field) -> None:
        check_future_day(field.data)


# --- acknowledging and answering (office readers) --------------------------------------------------


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token is checked."""


class _AnswerForm(BaseForm):
    overall = TextAreaField(
        label=_l("Overall answer"),
        description=_l("Your answer to the council as a whole. You can use Markdown: *emphasis*, **strong**, lists and links."),
        validators=[DataRequired(message=_l("Write the overall answer.")),
                    Length(max=ANSWER_MAX, message=TOO_LONG)],
    )
    language = SelectField(
        label=_l("Language of the answer"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the language of the answer."))],
    )
    numbers: list[int] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = i18n.language_choices()

    def validate_language(self, field) -> None:
        if field.data not in i18n.languages():
            raise ValidationError(_l("Choose one of the languages in the list."))

    def recommendation_fields(self):
        """(number, stance field, text field) for each recommendation."""
        return [(n, self[f"stance_{n}"], self[f"text_{n}"]) for n in self.numbers]

    def answers(self) -> dict[int, tuple[str, str]]:
        return {n: (stance.data, text.data or "") for n, stance, text in self.recommendation_fields()}

    def fill(self, forwarding) -> None:
        """Start from the answer given before (when it is amended)."""
        self.overall.data = forwarding.overall_answer
        if forwarding.answer_language:
            self.language.data = forwarding.answer_language
        given = {a.number: a for a in forwarding.answers}
        for n, stance, text in self.recommendation_fields():
            if n in given:
                stance.data, text.data = given[n].stance, given[n].text


def answer_form(numbers, **kwargs) -> _AnswerForm:
    """The answer form with a stance and a text for each recommendation number."""
    attrs: dict = {"numbers": list(numbers)}
    for n in numbers:
        attrs[f"stance_{n}"] = RadioField(
            label=_l("Your position on recommendation %(number)s", number=n),
            choices=list(ANSWER_STANCES.items()),
            validate_choice=False,
            validators=[InputRequired(message=_l("Choose your position on this recommendation.")),
                        AnyOf(list(ANSWER_STANCES), message=_l("Choose one of the positions in the list."))],
        )
        attrs[f"text_{n}"] = TextAreaField(
            label=_l("Your answer to recommendation %(number)s", number=n),
            description=_l("What you will do, or why not, or to whom it was referred."),
            validators=[Optional(), Length(max=RECOMMENDATION_ANSWER_MAX, message=TOO_LONG)],
        )
    return type("AnswerForm", (_AnswerForm,), attrs)(**kwargs)
