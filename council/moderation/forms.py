"""Forms of the moderation domain: reporting, hiding, deciding an appeal, appealing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from council.core.forms import BaseForm
from council.deliberations.models import HIDE_REASONS, REPORT_REASONS
from council.moderation.services import (CHOOSABLE_HIDE_REASONS, NOTE_MAX, OUTCOMES, REPORT_NOTE_MAX,
                                         STATEMENT_MAX)

_TOO_LONG = _l("Use at most %(max)d characters.")


class ReportForm(BaseForm):
    reason = RadioField(
        label=_l("Why are you reporting this post?"),
        choices=list(REPORT_REASONS.items()),
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Choose a reason.")),
            AnyOf(list(REPORT_REASONS), message=_l("Choose one of the reasons in the list.")),
        ],
    )
    note = TextAreaField(
        label=_l("Anything the facilitators should know"),
        description=_l("Optional. Only the facilitators of the council read this; the author does not see "
                       "who reported the post."),
        validators=[Optional(), Length(max=REPORT_NOTE_MAX, message=_TOO_LONG)],
    )


class HideForm(BaseForm):
    reason = SelectField(
        label=_l("Why is the post hidden?"),
        description=_l("The author and the members see this reason in their own language."),
        choices=[("", _l("Choose a reason"))] + [(code, HIDE_REASONS[code]) for code in CHOOSABLE_HIDE_REASONS],
        validate_choice=False,
        validators=[
            InputRequired(message=_l("Choose a reason.")),
            AnyOf(list(CHOOSABLE_HIDE_REASONS), message=_l("Choose one of the reasons in the list.")),
        ],
    )
    note = TextAreaField(
        label=_l("Note to the author"),
        description=_l("Optional. The author sees it with the reason; other members do not."),
        validators=[Optional(), Length(max=NOTE_MAX, message=_TOO_LONG)],
    )


class DecideAppealForm(BaseForm):
    """Restore the post or keep it hidden; the two buttons send outcome=restored|upheld."""

    outcome = StringField(
        label=_l("Decision"),
        validators=[
            InputRequired(message=_l("Choose to restore the post or to keep it hidden.")),
            AnyOf(list(OUTCOMES), message=_l("Choose to restore the post or to keep it hidden.")),
        ],
    )
    note = TextAreaField(
        label=_l("Note to the author"),
        description=_l("Optional. The author sees it with the decision."),
        validators=[Optional(), Length(max=NOTE_MAX, message=_TOO_LONG)],
    )


class AppealForm(BaseForm):
    statement = TextAreaField(
        label=_l("Why should the post be shown again?"),
        description=_l("A facilitator who did not hide the post, or an administrator, reads this and decides. "
                       "You can ask only once."),
        validators=[
            DataRequired(message=_l("Say why the post should be shown again.")),
            Length(max=STATEMENT_MAX, message=_TOO_LONG),
        ],
    )


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token is checked."""
