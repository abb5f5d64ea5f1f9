"""Forms of the account pages."""

from __future__ import annotations

import zoneinfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from council import i18n
from council.auth import passwords
from council.auth.choices import constituency_choices, gender_choices
from council.core.forms import BaseForm, MultiCheckboxField, plain_name

EMAIL_MAX = 254
NAME_MAX = 80
PASSWORD_FIELD_MAX = 1024  # longer than any allowed password, so the rule's message is shown


def _email_field():
    return EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=EMAIL_MAX),
                    Email(message=_l("Enter an e-mail address in the form name@example.org."), check_deliverability=False)],
    )




def _check_new_password(form, field, email: str = "", name: str = "", user=None) -> None:
    from council import permissions

    found = passwords.problems(field.data or "", email=email, display_name=name,
                               privileged=user is not None and permissions.is_privileged(user))
    if found:
        raise ValidationError(" ".join(found))


def _describe_new_password(field) -> None:
    field.description = _(
        "At least %(n)s characters. Several unrelated words are easy to remember and hard to guess.",
        n=current_app.config["PASSWORD_MIN_LENGTH"],
    )


class RegisterForm(BaseForm):
    email = _email_field()
    display_name = StringField(
        _l("Display name"),
        description=_l("The name other members see. A pseudonym is fine if it is safer for you."),
        validators=[DataRequired(message=_l("Enter a display name.")), Length(max=NAME_MAX), plain_name],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter a password.")), Length(max=PASSWORD_FIELD_MAX)],
    )
    locale = SelectField(_l("Preferred language"), validators=[InputRequired()])
    gender = SelectField(lazy_pgettext("person", "Gender"), validators=[Optional()])
    constituency = SelectField(_l("The group you belong to"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = i18n.language_choices()
        self.gender.choices = gender_choices(_l("Prefer not to say"))
        self.constituency.choices = constituency_choices(_l("Prefer not to say"))
        _describe_new_password(self.password)

    def validate_password(self, field):
        _check_new_password(self, field, self.email.data or "", self.display_name.data or "")


class LoginForm(BaseForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=PASSWORD_FIELD_MAX)],
    )


class TwoFactorForm(BaseForm):
    code = StringField(
        _l("Verification code"),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes."),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=20)],
    )


class ForgotPasswordForm(BaseForm):
    email = _email_field()


class ResetPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(message=_l("Enter a password.")), Length(max=PASSWORD_FIELD_MAX)],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        _describe_new_password(self.password)

    def validate_password(self, field):
        u = self._user
        _check_new_password(self, field, u.email if u else "", u.display_name if u else "", u)


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=PASSWORD_FIELD_MAX)],
    )
    new_password = ResetPasswordForm.password

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        _describe_new_password(self.new_password)

    def validate_new_password(self, field):
        u = self._user
        _check_new_password(self, field, u.email if u else "", u.display_name if u else "", u)


def _valid_timezone(form, field):
    if field.data and field.data not in zoneinfo.available_timezones():
        raise ValidationError(_l("Enter a time zone such as Africa/Nairobi or Asia/Beirut."))


class ProfileForm(BaseForm):
    display_name = RegisterForm.display_name
    locale = SelectField(_l("Preferred language"), validators=[InputRequired()])
    read_languages = MultiCheckboxField(
        _l("Languages you read"),
        description=_l("Used to show you contributions and translations you can read."),
        validators=[Optional()],
    )
    timezone = StringField(
        _l("Time zone"),
        description=_l("Dates and times are shown in this time zone, for example Africa/Nairobi. Leave empty for UTC."),
        validators=[Optional(), Length(max=64), _valid_timezone],
    )
    gender = SelectField(lazy_pgettext("person", "Gender"), validators=[Optional()])
    constituency = SelectField(_l("The group you belong to"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = i18n.language_choices()
        self.read_languages.choices = i18n.language_choices()
        self.gender.choices = gender_choices(_l("Prefer not to say"))
        self.constituency.choices = constituency_choices(_l("Prefer not to say"))


class EnableTwoFactorForm(BaseForm):
    code = StringField(
        _l("Code from your app"),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=20)],
    )


class PasswordConfirmForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=PASSWORD_FIELD_MAX)],
    )


class DeleteAccountForm(PasswordConfirmForm):
    confirm = BooleanField(
        _l("I understand that my account and personal data will be erased and cannot be restored."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


class LanguageForm(BaseForm):
    """The "use this language for e-mails" button (choices are set by the view)."""

    language = SelectField(_l("Language"), choices=[], validators=[DataRequired()])
