"""The forms of the account's API tokens page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import StringField
from wtforms.validators import DataRequired, Length

from council.core.forms import BaseForm


class TokenForm(BaseForm):
    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=80)],
                       description=_l("Where you will use it, for example “weekly report script”."))
