"""Forms of the admin area. Fields per language are added at request time, from LANGUAGES."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import (
    BooleanField,
    EmailField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from council.core.forms import BaseForm, MultiCheckboxField
from council.core.names import NamesMixin, language_name, with_names

COUNCIL_NAME_MAX = 160


def _upper(value):
    return value.upper() if isinstance(value, str) else value


class _CountryForm(NamesMixin, BaseForm):
    code = StringField(
        _l("Country code"),
        description=_l("Two or three letters, as in ISO 3166 (for example KE or KEN)."),
        validators=[InputRequired(), Length(min=2, max=3), Regexp(r"^[A-Z]{2,3}$", message=_l("Use two or three Latin letters."))],
        filters=[_upper],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self.validate_any_name() and ok


def country_form(**kwargs) -> _CountryForm:
    return with_names(_CountryForm)(**kwargs)


class _RegionForm(NamesMixin, BaseForm):
    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self.validate_any_name() and ok


def region_form(**kwargs) -> _RegionForm:
    return with_names(_RegionForm)(**kwargs)


class _CouncilForm(NamesMixin, BaseForm):
    region = SelectField(_l("Region"), validators=[InputRequired()], coerce=str)
    working_languages = MultiCheckboxField(
        _l("Working languages"),
        description=_l("The languages the council works in. Its name should be given in at least one of them."),
        validators=[InputRequired(message=_l("Choose at least one working language."))],
        coerce=str,
    )
    allow_anonymous = BooleanField(
        _l("Members may post anonymously to other members"),
        validators=[Optional()],
        description=_l("Facilitators and administrators still see who wrote what."),
    )
    women_target_percent = IntegerField(
        _l("Target share of women (per cent)"),
        description=_l("Parity is 50."),
        validators=[InputRequired(message=_l("Give a whole number from 0 to 100.")), NumberRange(min=0, max=100)],
        default=50,
    )

    def texts(self) -> dict[str, tuple[str, str]]:
        return {lang: (self[f"name_{lang}"].data or "", self[f"mandate_{lang}"].data or "") for lang in self.languages}

    def fill_texts(self, names: dict[str, str], mandates: dict[str, str]) -> None:
        for lang in self.languages:
            self[f"name_{lang}"].data = names.get(lang, "")
            self[f"mandate_{lang}"].data = mandates.get(lang, "")

    def language_fields(self):
        return [(lang, self[f"name_{lang}"], self[f"mandate_{lang}"]) for lang in self.languages]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for lang in self.languages:
            name, mandate = self[f"name_{lang}"], self[f"mandate_{lang}"]
            if mandate.data and not name.data:
                name.errors = [*name.errors, _l("Give the name in this language too, or leave the mandate empty.")]
                ok = False
        if not self.validate_any_name():
            return False
        chosen = self.working_languages.data or []
        if chosen and not self.working_languages.errors and not any(self.names().get(lang) for lang in chosen):
            self.working_languages.errors = [
                *self.working_languages.errors,
                _l("Give the council's name in at least one of its working languages."),
            ]
            ok = False
        return ok


def council_form(region_choices: list[tuple[str, str, dict]], **kwargs) -> _CouncilForm:
    form = with_names(_CouncilForm, max_length=COUNCIL_NAME_MAX, mandates=True)(**kwargs)
    form.region.choices = [("", _l("Choose a region")), *region_choices]
    form.working_languages.choices = [(lang, language_name(lang)) for lang in form.languages]
    return form


ROLE_CHOICES = [
    ("member", _l("Member")),
    ("facilitator", _l("Facilitator")),
    ("observer", _l("Observer")),
]


class CouncilRoleForm(BaseForm):
    email = EmailField(
        _l("E-mail address of the account"),
        description=_l("The person must already have an account."),
        validators=[InputRequired(), Length(max=254), Email()],
    )
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])


class UserSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = SearchField(_l("E-mail address or name"), validators=[Optional(), Length(max=254)])


SITE_ROLE_CHOICES = [
    ("", _l("No site role")),
    ("office", _l("Office reader")),
    ("admin", _l("Administrator")),
]


class SiteRoleForm(BaseForm):
    site_role = SelectField(_l("Site role"), choices=SITE_ROLE_CHOICES, validators=[Optional()])

    def validate_site_role(self, field) -> None:
        if field.data not in dict(SITE_ROLE_CHOICES):
            raise ValidationError(_l("Choose one of the roles in the list."))
