"""What the councils domain adds when lower domains ask (events of council/events.py)."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.councils.models import CouncilText
from council.extensions import db


@events.password_context.connect
def council_names(_sender, **_kwargs) -> tuple[str, list[str]]:
    """The names of the councils: a password made of them is among the first guessed."""
    names = db.session.scalars(select(CouncilText.name).distinct()).all()
    return "councils", [name.lower() for name in names if name]
