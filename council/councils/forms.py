"""Forms of the councils domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional, ValidationError

from council import i18n
from council.auth.choices import CONSTITUENCIES, constituency_choices
from council.core.forms import BaseForm

STATEMENT_MAX = 1000
MESSAGE_MAX = 2000


class ApplyForm(BaseForm):
    statement = TextAreaField(
        label=_l("Whom do you represent?"),
        description=_l(
            "In a few sentences: the people, group or organisation you speak for, and why you want to "
            "join this council. The facilitators read this."
        ),
        validators=[
            InputRequired(message=_l("Say whom you represent.")),
            Length(max=STATEMENT_MAX, message=_l("Use at most %(max)d characters.")),
        ],
    )
    constituency = SelectField(
        label=_l("The group you represent"),
        choices=constituency_choices(_l("Choose a group")),
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Choose the group you represent.")),
            AnyOf(list(CONSTITUENCIES), message=_l("Choose one of the groups in the list.")),
        ],
    )


class DecisionForm(BaseForm):
    """Approve or decline an application; the two buttons send decision=approve|decline."""

    decision = StringField(
        label=_l("Decision"),
        validators=[
            InputRequired(message=_l("Choose to approve or to decline.")),
            AnyOf(["approve", "decline"], message=_l("Choose to approve or to decline.")),
        ],
    )
    message = TextAreaField(
        label=_l("Message to the applicant"),
        description=_l("Optional. The applicant sees it on their dashboard and in the e-mail."),
        validators=[Optional(), Length(max=MESSAGE_MAX, message=_l("Use at most %(max)d characters."))],
    )


class InviteForm(BaseForm):
    email = EmailField(
        label=_l("E-mail address"),
        validators=[
            InputRequired(message=_l("Enter the e-mail address of the person you invite.")),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
            Email(message=_l("Enter an e-mail address like name@example.org."), check_deliverability=False),
        ],
    )
    role = RadioField(
        label=_l("Role in the council"),
        choices=[("member", _l("Member: takes part in the deliberations")),
                 ("observer", _l("Observer: reads, does not take part"))],
        default="member",
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Choose a role.")),
            AnyOf(["member", "observer"], message=_l("Choose a role.")),
        ],
    )
    language = SelectField(
        label=_l("Language of the invitation"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a language."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = i18n.language_choices()

    def validate_language(self, field) -> None:
        if field.data not in dict(self.language.choices):
            raise ValidationError(_l("Choose one of the languages in the list."))


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token is checked."""
