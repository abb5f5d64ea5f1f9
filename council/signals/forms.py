"""Forms of the signals domain: raising a signal, reviewing, escalating and responding."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                            StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from council import i18n
from council.agendas.forms import TOO_LONG, new_submission_key, no_hidden_formatting, valid_submission_key
from council.core.forms import BaseForm, MultiCheckboxField
from council.signals import codes

SOURCE_ROWS = 3
# Impact is asked by sex and age band: these five groups, for each category.
IMPACT_GROUPS = {
    "female_adult": ("female", "adult", _l("Women")),
    "female_child": ("female", "child", _l("Girls")),
    "male_adult": ("male", "adult", _l("Men")),
    "male_child": ("male", "child", _l("Boys")),
    "unknown_unknown": ("unknown", "unknown", _l("Not known")),
}


def _blank(label):
    return [("", label)]


def _choices(table) -> list[tuple[str, object]]:
    return [(str(k), v[1] if isinstance(v, tuple) else v) for k, v in table.items()]


class RaiseForm(BaseForm):
    title = StringField(label=_l("Title"), description=_l("In a few words: what happened or is happening."),
                        validators=[DataRequired(message=_l("Give the signal a title.")),
                                    Length(max=codes.TITLE_MAX, message=TOO_LONG), no_hidden_formatting])
    kind = RadioField(label=_l("Kind of report"), choices=_choices(codes.KINDS), default="incident",
                      validators=[InputRequired(message=_l("Choose one of the values offered."))])
    narrative = TextAreaField(
        label=_l("What happened?"),
        description=_l("Who, what, where and when, as far as you know. You can use Markdown."),
        validators=[DataRequired(message=_l("Describe what happened.")),
                    Length(max=codes.NARRATIVE_MAX, message=TOO_LONG)])
    language = SelectField(label=_l("Language you write in"), validate_choice=False,
                           validators=[InputRequired(message=_l("Choose a language."))])
    sector = SelectField(label=_l("Sector"), validate_choice=False,
                         validators=[InputRequired(message=_l("Choose a sector."))])
    event_date = DateField(label=_l("Date of the event"),
                           validators=[InputRequired(message=_l("Give the date, even if only roughly."))])
    date_precision = SelectField(label=_l("How precise is this date?"), choices=_choices(codes.DATE_PRECISIONS),
                                 default="day")
    area = StringField(label=_l("District or area"),
                       validators=[Optional(), Length(max=codes.PLACE_MAX, message=TOO_LONG), no_hidden_formatting])
    place = StringField(label=_l("Place name"),
                        validators=[Optional(), Length(max=codes.PLACE_MAX, message=TOO_LONG), no_hidden_formatting])
    latitude = StringField(label=_l("Latitude"), description=_l("Optional, in decimal degrees, for example 9.03."),
                           validators=[Optional(), Length(max=20, message=TOO_LONG)])
    longitude = StringField(label=_l("Longitude"), description=_l("Optional, in decimal degrees, for example 38.74."),
                            validators=[Optional(), Length(max=20, message=TOO_LONG)])
    event_type = SelectField(label=_l("Event type"), choices=_blank(_l("Not given")) + _choices(codes.EVENT_TYPES), default="")
    sub_event_type = SelectField(label=_l("Sub-event type"),
                                 choices=_blank(_l("Not given")) + _choices(codes.SUB_EVENT_TYPES), default="")
    actor1_type = SelectField(label=_l("First actor"), choices=_blank(_l("Not given")) + _choices(codes.ACTOR_TYPES), default="")
    actor2_type = SelectField(label=_l("Second actor"), choices=_blank(_l("Not given")) + _choices(codes.ACTOR_TYPES), default="")
    severity = RadioField(label=_l("Severity"), choices=[(str(k), v) for k, v in codes.SEVERITIES.items()],
                          validators=[InputRequired(message=_l("Choose a severity."))])
    trend = SelectField(label=_l("Trend"), choices=_choices(codes.TRENDS), default="unknown")
    gender_dimensions = MultiCheckboxField(label=_l("Gender dimensions"), choices=_choices(codes.GENDER_DIMENSIONS),
                                           validators=[Optional()])
    confidentiality = RadioField(
        label=_l("Who may read this signal?"), choices=_choices(codes.CONFIDENTIALITY), default="council",
        description=_l("Facilitators may make it more confidential later, never less."),
        validators=[InputRequired(message=_l("Choose who may read it."))])
    submission_key = HiddenField(validators=[Optional()])

    def __init__(self, *args, sectors=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = i18n.language_choices()
        self.sector.choices = [("", _l("Choose a sector"))] + [(s.key, s.label) for s in sectors]
        self.indicator_choices = list(indicators)
        if not valid_submission_key(self.submission_key.data):
            self.submission_key.data = new_submission_key()

    def validate_language(self, field) -> None:
        if field.data not in dict(self.language.choices):
            raise ValidationError(_l("Choose one of the languages in the list."))

    def validate_sector(self, field) -> None:
        if field.data not in {key for key, _label in self.sector.choices if key}:
            raise ValidationError(_l("Choose one of the values offered."))

    def source_rows(self):
        return [(self[f"source_{i}_description"], self[f"source_{i}_scale"], self[f"source_{i}_reliability"],
                 self[f"source_{i}_seen"]) for i in range(1, SOURCE_ROWS + 1)]

    def sources(self) -> list[dict]:
        rows = []
        for i, (description, scale, reliability, seen) in enumerate(self.source_rows(), start=1):
            if i == 1 or description.data or seen.data:
                rows.append({"description": description.data or "", "scale": scale.data,
                             "reliability": reliability.data, "seen_themselves": bool(seen.data)})
        return rows

    def impacts(self) -> list[dict]:
        rows = []
        for category in codes.IMPACT_CATEGORIES:
            estimate = bool(self[f"impact_{category}_estimate"].data)
            for group, (sex, age, _label) in IMPACT_GROUPS.items():
                count = self[f"impact_{category}_{group}"].data
                if count:
                    rows.append({"category": category, "sex": sex, "age_band": age, "count": count,
                                 "estimate": estimate})
        return rows

    def ticks(self, request_form) -> dict[str, str]:
        """{indicator key: direction} from the fields indicator-<key> (not WTForms fields: the
        catalogue differs per council)."""
        ticks = {}
        for choice in self.indicator_choices:
            value = request_form.get(f"indicator-{choice.key}", "")
            if value in codes.DIRECTIONS:
                ticks[choice.key] = value
        return ticks

    def service_fields(self, request_form) -> dict:
        data = {name: self[name].data for name in (
            "title", "narrative", "kind", "language", "sector", "event_date", "date_precision", "area", "place",
            "latitude", "longitude", "event_type", "sub_event_type", "actor1_type", "actor2_type", "trend",
            "gender_dimensions", "confidentiality")}
        data["severity"] = int(self.severity.data) if (self.severity.data or "").isdigit() else self.severity.data
        data["sources"] = self.sources()
        data["impacts"] = self.impacts()
        data["indicators"] = self.ticks(request_form)
        data["submission_key"] = self.submission_key.data
        return data


for _i in range(1, SOURCE_ROWS + 1):
    setattr(RaiseForm, f"source_{_i}_description", StringField(
        label=_l("Source %(n)s: who or what", n=_i),
        validators=[Optional(), Length(max=codes.SOURCE_MAX, message=TOO_LONG)]))
    setattr(RaiseForm, f"source_{_i}_scale", SelectField(label=_l("Source %(n)s: scale", n=_i),
                                                         choices=_choices(codes.SOURCE_SCALES), default="local"))
    setattr(RaiseForm, f"source_{_i}_reliability", SelectField(
        label=_l("Source %(n)s: reliability", n=_i), choices=_choices(codes.RELIABILITY), default="F"))
    setattr(RaiseForm, f"source_{_i}_seen", BooleanField(label=_l("Source %(n)s: I saw it myself", n=_i)))

for _category, _category_label in codes.IMPACT_CATEGORIES.items():
    for _group, (_sex, _age, _group_label) in IMPACT_GROUPS.items():
        setattr(RaiseForm, f"impact_{_category}_{_group}", IntegerField(
            label=_group_label, validators=[Optional(), NumberRange(min=0, max=1_000_000,
                                                                    message=_l("Give a whole number of people."))]))
    setattr(RaiseForm, f"impact_{_category}_estimate", BooleanField(label=_l("These are estimates")))


class DecideForm(BaseForm):
    outcome = RadioField(label=_l("Decision"), choices=[(k, codes.STATUSES[k]) for k in codes.REVIEW_OUTCOMES],
                         validators=[InputRequired(message=_l("Choose a decision."))])
    note = TextAreaField(label=_l("Why"), description=_l("Required when the signal is disputed or false."),
                         validators=[Optional(), Length(max=codes.NOTE_MAX, message=TOO_LONG)])


class ConfidentialityForm(BaseForm):
    confidentiality = SelectField(label=_l("Make it readable by"), choices=_choices(codes.CONFIDENTIALITY)[1:])
    note = TextAreaField(label=_l("Why"), validators=[Optional(), Length(max=codes.NOTE_MAX, message=TOO_LONG)])


class EscalateForm(BaseForm):
    destination = SelectField(label=_l("Destination"), validate_choice=False,
                              validators=[InputRequired(message=_l("Choose a destination."))])
    requested_action = SelectField(label=_l("Action requested"), choices=_choices(codes.REQUESTED_ACTIONS))
    note = TextAreaField(label=_l("Note to the destination"),
                         validators=[Optional(), Length(max=codes.NOTE_MAX, message=TOO_LONG)])

    def __init__(self, *args, destinations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.destination.choices = list(destinations)

    def validate_destination(self, field) -> None:
        if field.data not in {str(k) for k, _label in self.destination.choices}:
            raise ValidationError(_l("Choose one of the values offered."))


class RespondForm(BaseForm):
    status = SelectField(label=_l("Response"), choices=_choices({k: codes.ESCALATION_STATUSES[k]
                                                                 for k in codes.ANSWERED_STATUSES}))
    reason = TextAreaField(label=_l("Reason or details"),
                           description=_l("Required when no action is taken or the request is declined."),
                           validators=[Optional(), Length(max=codes.NOTE_MAX, message=TOO_LONG)])


class OutcomeForm(BaseForm):
    outcome = SelectField(label=_l("Outcome"), choices=_choices(codes.OUTCOMES))
    note = TextAreaField(label=_l("Note"), validators=[Optional(), Length(max=codes.NOTE_MAX, message=TOO_LONG)])


class IndicatorForm(BaseForm):
    key = StringField(label=_l("Code"), description=_l("Small letters, digits and underscores; used in exports and SMS."),
                      validators=[DataRequired(message=_l("Give a code.")), Length(max=40, message=TOO_LONG)])
    nature = SelectField(label=_l("Nature"), choices=[("dynamic", _l("Dynamic")), ("structural", _l("Structural"))])
    polarity = SelectField(label=_l("Indicator of"), choices=[("conflict", _l("Conflict")), ("peace", _l("Peace"))])
    gender_sensitive = BooleanField(label=_l("Gender-sensitive"))
    active = BooleanField(label=_l("Offered on the form"), default=True)

    def names(self) -> dict[str, str]:
        return {code: self[f"name_{code}"].data or "" for code in i18n.NATIVE_NAMES}

    def name_fields(self):
        return [self[f"name_{code}"] for code in i18n.NATIVE_NAMES]


for _code_ in i18n.NATIVE_NAMES:
    setattr(IndicatorForm, f"name_{_code_}", StringField(
        label=_l("Name in %(language)s", language=i18n.NATIVE_NAMES[_code_]),
        validators=[Optional(), Length(max=200, message=TOO_LONG)]))


class DueHoursForm(BaseForm):
    pass


for _level, _label in codes.SEVERITIES.items():
    setattr(DueHoursForm, f"hours_{_level}", IntegerField(
        label=_l("Hours to respond, severity %(n)s", n=_level),
        validators=[InputRequired(message=_l("Give a number of hours.")),
                    NumberRange(min=1, max=8760, message=_l("Give a number of hours between 1 and 8760."))]))
