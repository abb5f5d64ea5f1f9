"""Forms of monitoring: agreements and provisions (admins), import, cadence, assessments, evidence and
minority views (councils). Fields per language are added at request time, from LANGUAGES."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField
from wtforms.fields import (BooleanField, DateField, RadioField, SelectField, StringField,
                            TextAreaField, URLField)
from wtforms.validators import AnyOf, InputRequired, Length, Optional, URL

from council.core.forms import BaseForm, MultiCheckboxField
from council.councils.queries import language_label
from council.monitoring.models import CADENCES, CONFIDENCES, EVIDENCE_KINDS, RATINGS, SOURCE_SCALES, STAGES
from council.monitoring.queries import (CADENCE_LABELS, CONFIDENCE_LABELS, EVIDENCE_LABELS, RATING_LABELS,
                                        SCALE_LABELS, STAGE_LABELS)

TEXT_MAX = 10_000
TOO_LONG = _l("Use at most %(max)d characters.")
CHOOSE = _l("Choose one of the options in the list.")
LEVELS = [("", _l("Not gathered")), ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3")]


def _int_or_none(value):
    """An integer the database can hold (ids and ratings are 32-bit columns), else None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -2**31 <= number < 2**31 else None


class TextsMixin:
    """Access to the per-language fields added by with_texts()."""

    languages: list[str] = []
    text_fields: tuple[str, ...] = ()

    def texts(self) -> dict[str, dict[str, str]]:
        return {lang: {name: self[f"{name}_{lang}"].data or "" for name in self.text_fields}
                for lang in self.languages}

    def fill_texts(self, texts) -> None:
        for text in texts:
            for name in self.text_fields:
                if f"{name}_{text.language}" in self:
                    self[f"{name}_{text.language}"].data = getattr(text, name)

    def fields_of(self, lang: str):
        return [self[f"{name}_{lang}"] for name in self.text_fields]


def with_texts(base, fields: dict):
    """`base` with, for each supported language, one field per entry of `fields`."""
    languages = list(current_app.config["LANGUAGES"])
    attrs = {"languages": languages, "text_fields": tuple(fields)}
    for lang in languages:
        for name, (label, kind, max_length) in fields.items():
            attrs[f"{name}_{lang}"] = kind(label(language_label(lang)), render_kw={"lang": lang, "dir": "auto"},
                                           validators=[Optional(), Length(max=max_length, message=TOO_LONG)])
    return type(base.__name__, (base,), attrs)


class _AgreementForm(TextsMixin, BaseForm):
    country = SelectField(_l("Country"), coerce=_int_or_none, validate_choice=True)
    stage = SelectField(_l("Stage"), choices=[(k, STAGE_LABELS[k]) for k in STAGES],
                        validators=[AnyOf(list(STAGES), message=CHOOSE)])
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    parties = TextAreaField(_l("Parties"), validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    third_parties = TextAreaField(_l("Third parties (guarantors, witnesses, mediators)"),
                                  validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    text_url = URLField(_l("Link to the text"), validators=[Optional(), URL(message=_l("Give a full web address.")),
                                                            Length(max=500, message=TOO_LONG)])
    text_languages = MultiCheckboxField(_l("Languages of the text"), validate_choice=False)
    matrix_public = BooleanField(_l("Publish the matrix for everyone"),
                                 description=_l("Visitors then see published assessments that are not confidential."))


def agreement_form(countries, **kwargs):
    form = with_texts(_AgreementForm, {
        "title": (lambda lang: _l("Title in %(language)s", language=lang), StringField, 300),
        "short_name": (lambda lang: _l("Short name in %(language)s", language=lang), StringField, 80),
    })(**kwargs)
    form.country.choices = countries
    form.text_languages.choices = [(code, language_label(code)) for code in current_app.config["LANGUAGES"]]
    return form


class _ProvisionForm(TextsMixin, BaseForm):
    reference = StringField(_l("Reference (article or paragraph)"),
                            validators=[InputRequired(message=_l("Give the reference.")),
                                        Length(max=60, message=TOO_LONG)])
    category = SelectField(_l("Category"), coerce=_int_or_none, validate_choice=True)
    responsible_actors = TextAreaField(_l("Responsible actors"),
                                       validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    gender_stipulation = BooleanField(_l("Gender stipulation"))
    regions = MultiCheckboxField(_l("Regions where it applies"), coerce=int, validate_choice=True,
                                 description=_l("Tick none if it applies everywhere in the country."))


def provision_form(categories, regions, **kwargs):
    form = with_texts(_ProvisionForm, {
        "title": (lambda lang: _l("Title in %(language)s", language=lang), StringField, 300),
        "excerpt": (lambda lang: _l("Excerpt in %(language)s", language=lang), TextAreaField, TEXT_MAX),
    })(**kwargs)
    form.category.choices = categories
    form.regions.choices = regions
    return form


class ImportForm(BaseForm):
    file = FileField(_l("File (CSV or JSON)"))


class CadenceForm(BaseForm):
    cadence = SelectField(_l("How often the council assesses"), choices=[(k, CADENCE_LABELS[k]) for k in CADENCES],
                          validators=[AnyOf(list(CADENCES), message=CHOOSE)])


class AssessmentForm(BaseForm):
    period = SelectField(_l("Period"), validate_choice=True)
    rating = RadioField(_l("Status of implementation"), choices=[(k, RATING_LABELS[k]) for k in RATINGS],
                        validators=[InputRequired(message=_l("Choose a status.")), AnyOf(list(RATINGS), message=CHOOSE)])
    confidence = RadioField(_l("Confidence"), choices=[(k, CONFIDENCE_LABELS[k]) for k in CONFIDENCES],
                            default="medium", validators=[AnyOf(list(CONFIDENCES), message=CHOOSE)])
    rationale = TextAreaField(_l("Rationale"), validators=[InputRequired(message=_l("Explain the status.")),
                                                            Length(max=TEXT_MAX, message=TOO_LONG)])
    gender_analysis = TextAreaField(_l("Gender analysis"),
                                    description=_l("How implementation differs for women and men, girls and boys."),
                                    validators=[Optional(), Length(max=TEXT_MAX, message=TOO_LONG)])
    women_rating = SelectField(_l("Rating gathered from women members"), choices=LEVELS, coerce=_int_or_none,
                               validate_choice=False, validators=[Optional()])
    men_rating = SelectField(_l("Rating gathered from men members"), choices=LEVELS, coerce=_int_or_none,
                             validate_choice=False, validators=[Optional()])
    confidential = BooleanField(_l("Confidential (never on a public matrix)"))

    def values(self) -> dict:
        return {name: self[name].data for name in ("rating", "confidence", "rationale", "gender_analysis",
                                                   "women_rating", "men_rating", "confidential")}


class EvidenceForm(BaseForm):
    kind = SelectField(_l("Kind of evidence"), choices=[(k, EVIDENCE_LABELS[k]) for k in EVIDENCE_KINDS],
                       validators=[AnyOf(list(EVIDENCE_KINDS), message=CHOOSE)])
    occurred_on = DateField(_l("Date"), validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[InputRequired(message=_l("Summarise the evidence.")),
                                                        Length(max=TEXT_MAX, message=TOO_LONG)])
    url = URLField(_l("Link"), validators=[Optional(), URL(message=_l("Give a full web address.")),
                                           Length(max=500, message=TOO_LONG)])
    source_scale = SelectField(_l("Scale of the source"), choices=[(k, SCALE_LABELS[k]) for k in SOURCE_SCALES],
                               validators=[AnyOf(list(SOURCE_SCALES), message=CHOOSE)])
    # Choices (the council's signals the assessor may see) are set by the view; the service checks again.
    signal_id = SelectField(_l("Early-warning signal (for evidence of that kind)"), coerce=_int_or_none,
                            choices=[], validate_choice=False)

    def offer_signals(self, signals) -> None:
        # what people wrote is marked as such (not to be translated by the browser)
        self.signal_id.choices = [("", lazy_pgettext("no signal", "None"))] + [(s.id, f"{s.event_date.isoformat()} · {s.title}",
                                                         {"translate": "no", "dir": "auto"}) for s in signals]


class LinkProvisionForm(BaseForm):
    """A facilitator links a signal to a provision of the council's region (choices set by the view)."""

    provision_id = SelectField(_l("Agreement provision"), coerce=_int_or_none, choices=[], validate_choice=False)


class MinorityForm(BaseForm):
    rating = RadioField(_l("Your status of implementation"), choices=[(k, RATING_LABELS[k]) for k in RATINGS],
                        validators=[InputRequired(message=_l("Choose a status.")), AnyOf(list(RATINGS), message=CHOOSE)])
    reasons = TextAreaField(_l("Your reasons"), validators=[InputRequired(message=_l("Give your reasons.")),
                                                             Length(max=TEXT_MAX, message=TOO_LONG)])


class ConfirmForm(BaseForm):
    """A button that changes state (review, publish): CSRF only."""
