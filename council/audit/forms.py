"""The filters of the audit log (a GET form: no CSRF token, nothing changes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import DateField, EmailField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from council.audit import services
from council.core.forms import BaseForm


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    council = SelectField(_l("Council"), validators=[Optional()])
    actor = EmailField(_l("E-mail address of the person who acted"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date)"), validators=[Optional()])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and not self.date_from.errors and field.data < self.date_from.data:
            raise ValidationError(_l("The end date is before the start date."))


def filter_form(formdata, council_choices: list[tuple] | None) -> AuditFilterForm:
    """The filter form for `formdata`; without `council_choices` (a council's own log) it has
    neither the council filter nor the filter by e-mail address (which would link a pseudonym
    to an address)."""
    form = AuditFilterForm(formdata=formdata)
    labels = sorted(((name, str(label)) for name, label in services.ACTIONS.items()), key=lambda item: item[1])
    form.action.choices = [("", str(_l("All actions"))), *labels]
    if council_choices is None:
        del form.council
        del form.actor
    else:
        form.council.choices = [("", str(_l("All councils"))), *council_choices]
    return form
