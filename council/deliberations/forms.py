"""Forms of the deliberation: writing, editing and translating a post."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from wtforms.fields import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, Regexp

from council import i18n
from council.core.forms import BaseForm
from council.deliberations.models import POST_KINDS

BODY_MAX = 10_000
KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"

_body_validators = [
    DataRequired(message=_l("Write something before you send it.")),
    Length(max=BODY_MAX, message=_l("Use at most %(max)d characters.")),
]
_body_hint = _l("You can use Markdown: *emphasis*, **strong**, lists, quotes and links. No images or HTML.")


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class ComposeForm(BaseForm):
    """A new post, or a reply when reply_to is set."""

    kind = SelectField(
        label=_l("Kind of post"),
        choices=[(key, label) for key, label in POST_KINDS.items()],
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the kind of post.")),
                    AnyOf(list(POST_KINDS), message=_l("Choose one of the kinds in the list."))],
    )
    language = SelectField(
        label=_l("Language you write in"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the language you write in."))],
    )
    body = TextAreaField(label=_l("Your post"), description=_body_hint, validators=_body_validators)
    reply_to = HiddenField(validators=[Optional(), Regexp(r"^[0-9]{1,12}$", message=_l("The post you reply to cannot be found."))])
    anonymous = BooleanField(
        label=_l("Post anonymously to other members"),
        description=_l("Other members see “a council member” instead of your name. The facilitators can still see who wrote it."),
    )
    submission_key = HiddenField(
        validators=[InputRequired(message=_l("The form was incomplete. Reload the page and try again.")),
                    Regexp(KEY_PATTERN, message=_l("The form was incomplete. Reload the page and try again."))]
    )

    def __init__(self, *args, allow_anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = i18n.language_choices()
        self.language.validators = [*self.language.validators,
                                    AnyOf(i18n.languages(), message=_l("Choose one of the languages in the list."))]
        if not allow_anonymous:
            del self.anonymous
        if not self.submission_key.data:
            self.submission_key.data = new_submission_key()

    @property
    def reply_to_id(self) -> int | None:
        value = self.reply_to.data
        return int(value) if value and str(value).isdigit() else None


class EditForm(BaseForm):
    body = TextAreaField(label=_l("Your post"), description=_body_hint, validators=_body_validators)


class TranslateForm(BaseForm):
    language = SelectField(
        label=_l("Language of the translation"),
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose the language you translate into."))],
    )
    body = TextAreaField(
        label=_l("Translation"),
        description=_l("Translate the whole post as faithfully as you can. Markdown works as in posts."),
        validators=_body_validators,
    )

    def __init__(self, *args, source_language: str, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        codes = [code for code in i18n.languages() if code != source_language]
        open_codes = [code for code in codes if code not in taken]
        self.language.choices = [("", _l("Choose a language"))] + [(code, i18n.native_name(code)) for code in open_codes]
        self.language.validators = [*self.language.validators,
                                    AnyOf(codes, message=_l("Choose one of the languages in the list."))]


class ReactForm(BaseForm):
    value = HiddenField(validators=[InputRequired(message=_l("Choose agree or disagree.")),
                                    AnyOf(["agree", "disagree", "none"], message=_l("Choose agree or disagree."))])
