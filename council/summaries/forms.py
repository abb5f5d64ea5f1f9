"""Forms of the summaries domain: drafting (sections, numbered recommendations, language of record,
optimistic lock), review, endorsement or objection, adoption and translation.

Recommendations are plain rows of fields (rec_<n>_text, rec_<n>_addressee): the edit page shows the
existing rows plus a few empty ones, so no JavaScript is needed to add one; empty rows are ignored."""

from __future__ import annotations


from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms.fields import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp, ValidationError

from council import i18n
from council.core.forms import BaseForm, check_future_day, plain_name
from council.summaries.models import SECTIONS

SECTION_MAX = 20_000
RECOMMENDATION_MAX = 4_000
ADDRESSEE_MAX = 200
NOTE_MAX = 2_000
REASON_MAX = 2_000
MAX_RECOMMENDATIONS = 30  # rows the server accepts
BLANK_ROWS = 5  # empty rows offered after the existing ones
TOO_LONG = _l("Use at most %(max)d characters.")
INCOMPLETE = _l("The form was incomplete. Reload the page and try again.")
_NUMBER = r"^[0-9]{1,9}$"
_MARKDOWN_HINT = _l("You can use Markdown. To cite a post of the thread, write its number like this: [#123].")

SECTION_HINTS = {
    "context": _l("What the issue is, whom it concerns, and why the council took it up."),
    "points": _l("The main points members raised in the deliberation."),
    "agreement": _l("What the council agrees on."),
    "disagreement": _l("Where members disagree. Keep minority and dissenting views explicitly."),
    "early_warning": _l("Anything that may point to rising tension or violence."),
}


def section_field(key: str) -> str:
    return f"section_{key}"


def rec_fields(number: int) -> tuple[str, str]:
    return f"rec_{number}_text", f"rec_{number}_addressee"


def _section_fields() -> dict:
    return {
        section_field(key): TextAreaField(
            label=label,
            description=SECTION_HINTS.get(key, _MARKDOWN_HINT),
            validators=[Optional(), Length(max=SECTION_MAX, message=TOO_LONG)],
        )
        for key, label in SECTIONS.items()
    }


def _recommendation_fields() -> dict:
    fields = {}
    for n in range(1, MAX_RECOMMENDATIONS + 1):
        text, addressee = rec_fields(n)
        fields[text] = TextAreaField(
            label=_l("Recommendation %(number)s", number=n),
            validators=[Optional(), Length(max=RECOMMENDATION_MAX, message=TOO_LONG)],
        )
        fields[addressee] = StringField(
            label=_l("Addressed to (recommendation %(number)s)", number=n),
            validators=[Optional(), Length(max=ADDRESSEE_MAX, message=TOO_LONG), plain_name],
        )
    return fields


class _RecommendationsMixin:
    """Reading and checking the rows of recommendations."""

    def recommendation_rows(self) -> list[tuple[str, str]]:
        """(text, addressee) of every row, in order, empty rows included."""
        rows = []
        for n in range(1, MAX_RECOMMENDATIONS + 1):
            text, addressee = rec_fields(n)
            rows.append(((self[text].data or "").strip(), (self[addressee].data or "").strip()))
        return rows

    def recommendations(self) -> list[tuple[str, str]]:
        """The filled rows, in order: they are numbered 1..n when saved."""
        return [(text, addressee) for text, addressee in self.recommendation_rows() if text or addressee]

    def rows_to_show(self, existing: int = 0) -> int:
        """How many rows the page shows: up to the last filled (or existing) one, plus empty ones."""
        last = max([n for n, (t, a) in enumerate(self.recommendation_rows(), 1) if t or a] + [existing, 0])
        return min(MAX_RECOMMENDATIONS, last + BLANK_ROWS)

    def check_recommendations(self, *, require_addressee: bool = True) -> bool:
        ok = True
        for n in range(1, MAX_RECOMMENDATIONS + 1):
            text_name, addressee_name = rec_fields(n)
            text, addressee = self[text_name], self[addressee_name]
            if text.errors or addressee.errors:
                continue
            if addressee.data and not text.data:
                text.errors.append(str(_l("Write the recommendation, or empty the field of whom it is addressed to.")))
                ok = False
            elif require_addressee and text.data and not addressee.data:
                addressee.errors.append(str(_l("Say to whom this recommendation is addressed.")))
                ok = False
        return ok


class _EditBase(BaseForm, _RecommendationsMixin):
    language = SelectField(
        label=_l("Language of record"),
        description=_l("The language the summary is written and adopted in. "
                       "It cannot be changed after the first save."),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the language of record."))],
    )
    change_note = TextAreaField(
        label=_l("What changed"),
        description=_l("A short note for the list of versions, for example “Added the view of the youth group”."),
        validators=[Optional(), Length(max=NOTE_MAX, message=TOO_LONG)],
    )
    lock_version = HiddenField(validators=[InputRequired(message=INCOMPLETE), Regexp(_NUMBER, message=INCOMPLETE)])
    base_version = HiddenField(validators=[Optional(), Regexp(_NUMBER, message=INCOMPLETE)])

    def __init__(self, *args, new: bool = False, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correction = correction
        if new:
            self.language.choices = i18n.language_choices()
            if not self.language.data:
                reader = str(get_locale() or "").split("_")[0]
                self.language.data = reader if reader in i18n.languages() else i18n.languages()[0]
        else:
            del self.language
        if correction:
            self.change_note.description = _l(
                "Required for a correction: the readers, and the destinations it was forwarded to, see it.")

    def validate_language(self, field) -> None:
        if field.data not in i18n.languages():
            raise ValidationError(_l("Choose one of the languages in the list."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators=extra_validators)
        first = self[section_field(next(iter(SECTIONS)))]
        if not first.errors and not (first.data or "").strip():
            first.errors.append(str(_l("Describe the issue and its context.")))
            ok = False
        if self.correction and not self.change_note.errors and not (self.change_note.data or "").strip():
            self.change_note.errors.append(str(_l("Say what the correction changes.")))
            ok = False
        return self.check_recommendations() and ok

    def sections(self) -> dict[str, str]:
        return {key: (self[section_field(key)].data or "").strip() for key in SECTIONS}

    @property
    def lock(self) -> int:
        return int(self.lock_version.data)

    @property
    def base(self) -> int | None:
        value = self.base_version.data
        return int(value) if value and str(value).isdigit() else None


EditForm = type("EditForm", (_EditBase,), {**_section_fields(), **_recommendation_fields()})
EditForm.__doc__ = "Create or revise a summary: every save is a new version."


class ReviewForm(BaseForm):
    deadline = DateField(
        label=_l("Deadline for the review"),
        description=_l("The last day on which members can endorse the summary or object to it."),
        validators=[InputRequired(message=_l("Choose the last day of the review."))],
    )

    def validate_deadline(self, field) -> None:
        check_future_day(field.data)


class StanceForm(BaseForm):
    value = RadioField(
        label=_l("Your position"),
        choices=[("endorse", _l("I endorse this summary")), ("object", _l("I object to this summary"))],
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose to endorse or to object.")),
                    AnyOf(["endorse", "object"], message=_l("Choose to endorse or to object."))],
    )
    reason = TextAreaField(
        label=_l("Why you object"),
        description=_l("Required if you object. The other members and the facilitators see it with your name."),
        validators=[Optional(), Length(max=REASON_MAX, message=TOO_LONG)],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators=extra_validators)
        if self.value.data == "object" and not self.reason.errors and not (self.reason.data or "").strip():
            self.reason.errors.append(str(_l("Say why you object.")))
            ok = False
        return ok


class AdoptForm(BaseForm):
    lock_version = HiddenField(validators=[InputRequired(message=INCOMPLETE), Regexp(_NUMBER, message=INCOMPLETE)])
    confirm = BooleanField(label=_l("Adopt it now all the same"), validators=[Optional()])


class _TranslateBase(BaseForm, _RecommendationsMixin):
    language = SelectField(
        label=_l("Language of the translation"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the language you translate into."))],
    )

    def __init__(self, *args, source_language: str, taken=(), sections_present=(), recommendation_count: int = 0,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = [code for code in i18n.languages() if code != source_language and code not in taken]
        self.language.choices = [("", _l("Choose a language"))] + [(c, i18n.native_name(c)) for c in self.allowed]
        self.sections_present = [key for key in SECTIONS if key in set(sections_present)]
        self.recommendation_count = min(recommendation_count, MAX_RECOMMENDATIONS)
        for key in SECTIONS:
            self[section_field(key)].description = None

    def validate_language(self, field) -> None:
        if field.data not in self.allowed:
            raise ValidationError(_l("Choose one of the languages in the list."))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators=extra_validators)
        for key in self.sections_present:
            f = self[section_field(key)]
            if not f.errors and not (f.data or "").strip():
                f.errors.append(str(_l("Translate this section too.")))
                ok = False
        for n in range(1, self.recommendation_count + 1):
            f = self[rec_fields(n)[0]]
            if not f.errors and not (f.data or "").strip():
                f.errors.append(str(_l("Translate this recommendation too.")))
                ok = False
        return ok

    def sections(self) -> dict[str, str]:
        return {key: (self[section_field(key)].data or "").strip() for key in self.sections_present}

    def translated_recommendations(self) -> list[tuple[str, str]]:
        return self.recommendation_rows()[: self.recommendation_count]


TranslateForm = type("TranslateForm", (_TranslateBase,), {**_section_fields(), **_recommendation_fields()})
TranslateForm.__doc__ = "A translation of a summary's sections and recommendations into another language."
