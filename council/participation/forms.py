"""Forms of the participation pages: the period shown and the invitation of silent groups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields import SelectField

from council.core.forms import BaseForm, MultiCheckboxField
from council.councils.queries import constituency_label
from council.participation.queries import DEFAULT_PERIOD, PERIODS


class PeriodForm(FlaskForm):
    """A GET filter: no CSRF token (it changes nothing), never an error for a strange value."""

    class Meta:
        csrf = False

    period = SelectField(label=_l("Period"), choices=list(PERIODS.items()), default=DEFAULT_PERIOD,
                         validate_choice=False)

    @property
    def chosen(self) -> str:
        return self.period.data if self.period.data in PERIODS else DEFAULT_PERIOD


class InviteForm(BaseForm):
    groups = MultiCheckboxField(label=_l("Groups to invite"), choices=[], validate_choice=False)

    def __init__(self, *args, silent=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups.choices = [(key, constituency_label(key)) for key in silent]
        if not self.is_submitted():
            self.groups.data = list(silent)
