"""Forms of the notification pages: choices per kind and marking as read. (The unsubscribe
confirmation is a bare button: its signed token is the protection, see views.unsubscribe.)"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.fields import HiddenField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange, Optional

from council.core.forms import BaseForm
from council.notifications.models import KIND_LABELS, Delivery

DELIVERY_CHOICES = [
    (Delivery.IMMEDIATE.value, _l("Immediately, by e-mail")),
    (Delivery.DAILY.value, _l("In a daily e-mail summary")),
    (Delivery.NEVER.value, _l("Never by e-mail (only on the notifications page)")),
]


class SettingsForm(BaseForm):
    """One set of radios per kind of notification; the fields are added by settings_form()."""

    kinds: tuple[str, ...] = ()

    def kind_fields(self):
        return [self[kind] for kind in self.kinds]

    def choices(self) -> dict[str, str]:
        return {kind: self[kind].data for kind in self.kinds}


def settings_form(current: dict[str, str], kinds=None) -> SettingsForm:
    """The settings form for `kinds` (those that apply to the person; default: every kind),
    showing `current` ({kind: delivery}) until something is posted."""

    class Form(SettingsForm):
        pass

    Form.kinds = tuple(kinds if kinds is not None else KIND_LABELS)
    for kind in Form.kinds:
        label = KIND_LABELS[kind]
        setattr(Form, kind, RadioField(
            label=label,
            choices=DELIVERY_CHOICES,
            validators=[InputRequired(message=_l("Choose how you want to be told."))],
        ))
    return Form(data=dict(current))


class MarkReadForm(BaseForm):
    """Mark one notification (id given) or all of them as read."""

    id = IntegerField(label=_l("Notification"), validators=[Optional(), NumberRange(min=1, max=2**62)])
    next = HiddenField(label=_l("Return to"), validators=[Optional()])

