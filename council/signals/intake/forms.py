"""The facilitators' intake settings: how long senders' numbers and addresses are kept."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import IntegerField
from wtforms.validators import InputRequired, NumberRange

from council.core.forms import BaseForm
from council.signals.intake.services import RETENTION_MAX_DAYS


class RetentionForm(BaseForm):
    days = IntegerField(
        _l("Keep senders' numbers and addresses for (days)"),
        validators=[InputRequired(_l("Give a number of days.")),
                    NumberRange(min=1, max=RETENTION_MAX_DAYS,
                                message=_l("Give a number of days from 1 to %(max)d.", max=RETENTION_MAX_DAYS))],
    )
