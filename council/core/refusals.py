"""The one way a service says no.

A service raises `Refusal` (or `NotAllowed`, `Conflict`) with a message already translated into
the person's language, naming the form field it concerns when it concerns one. The view catches
`Refusal` and calls `show()`: the message goes next to the field, or at the top of the form, or as
a flash; what was flushed before the refusal is rolled back, so nothing is half-made.
"""

from __future__ import annotations

from flask import flash

from council.extensions import db


class Refusal(Exception):
    """A change that cannot be made; `str(refusal)` is the translated message."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(str(message))
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotAllowed(Refusal):
    """The person may not do this (the view may answer 403 instead of a message)."""


class Conflict(Refusal):
    """Someone else changed the thing first, or the form was already used."""


def undo() -> None:
    """Undo what was flushed, for a view that tells of a refusal its own way (a conflict page)."""
    db.session.rollback()


def show(refusal: Refusal, form=None, *, category: str = "error") -> None:
    """Undo what was flushed and tell the person: next to the field, on the form, or as a flash
    (of `category`: "info" where the refusal only says that the thing is already done)."""
    undo()
    if form is not None:
        field = getattr(form, refusal.field, None) if refusal.field else None
        if field is not None:
            field.errors = [*field.errors, refusal.message]
        else:
            form.form_errors.append(refusal.message)
        return
    flash(refusal.message, category)
