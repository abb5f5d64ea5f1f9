"""The digest's forms: the period (from the query string) and what the reader follows."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from council.core.forms import BaseForm, MultiCheckboxField
from council.digests.digest import MAX_DAYS

EARLIEST = date(2000, 1, 1)


def weekday_choices() -> list[tuple[str, str]]:
    return [("", _l("No e-mail")), ("0", _l("Monday")), ("1", _l("Tuesday")), ("2", _l("Wednesday")),
            ("3", _l("Thursday")), ("4", _l("Friday")), ("5", _l("Saturday")), ("6", _l("Sunday"))]


class PeriodForm(BaseForm):
    """?start=YYYY-MM-DD&end=YYYY-MM-DD; one day alone gives the week that starts or ends there."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def validate_end(self, field) -> None:
        start, end = self.start.data, field.data
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError(_l("The last day comes before the first."))
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationError(_l("Choose a period of at most %(days)s days.", days=MAX_DAYS))

    def validate_start(self, field) -> None:
        if field.data is not None and field.data < EARLIEST:
            raise ValidationError(_l("Choose a day from the year 2000 on."))

    def period(self) -> tuple[date, date] | None:
        """The days asked for, or None for the default (this week)."""
        start, end = self.start.data, self.end.data
        if start is None and end is None:
            return None
        if end is None:
            end = start + timedelta(days=6)
        if start is None:
            start = end - timedelta(days=6)
        return start, end


class SettingsForm(BaseForm):
    councils = MultiCheckboxField(_l("Councils"), coerce=int, validate_choice=False)
    destinations = MultiCheckboxField(_l("Destinations you read for"), coerce=int, validate_choice=False)
    mail_day = SelectField(_l("E-mail the digest every week on"), choices=weekday_choices, default="0",
                           validate_choice=True)
    save = SubmitField(_l("Save"))
    defaults = SubmitField(_l("Follow the defaults again"))

    def day(self) -> int | None:
        return int(self.mail_day.data) if (self.mail_day.data or "").isdigit() else None
