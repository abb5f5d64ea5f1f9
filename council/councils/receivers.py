"""What the councils domain does when lower layers ask or tell: it gives permissions the
memberships and councils that access depends on, its part of a person's data, and the words a
password must not be made of."""

from __future__ import annotations

from sqlalchemy import select

from council import events, permissions
from council.councils.models import Council, CouncilText, Membership
from council.extensions import db


@permissions.provides("memberships")
def memberships_of(user_id: int) -> list[Membership]:
    return list(db.session.scalars(select(Membership).where(Membership.user_id == user_id)))


@permissions.provides("council")
def council_or_404(council_id: int) -> Council:
    return db.get_or_404(Council, council_id)


@events.account_erased.connect
def _account_erased(user, **_kwargs) -> None:
    """A deleted account leaves its councils; what it wrote to apply is erased."""
    for m in memberships_of(user.id):
        if m.status in ("active", "applied"):
            m.status = "left"
        m.statement = ""


@events.password_context.connect
def council_names(_sender, **_kwargs) -> tuple[str, list[str]]:
    """The names of the councils: a password made of them is among the first guessed."""
    names = db.session.scalars(select(CouncilText.name).distinct()).all()
    return "councils", [name.lower() for name in names if name]
