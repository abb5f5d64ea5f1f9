"""The API's part of a person's data download (events.personal_data) and of erasing an account:
their tokens by name and dates (never the secret, which is not kept, nor its hash)."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.api import services
from council.api.models import ApiToken
from council.extensions import db

COVERS = ("api_tokens.user_id",)


@events.personal_data.connect
def api_tokens(user, **_kwargs):
    rows = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    return "api_tokens", [
        {"name": t.name, "scope": t.scope, "created_at": t.created_at, "last_used_at": t.last_used_at,
         "revoked_at": t.revoked_at}
        for t in rows
    ]


@events.account_erased.connect
def _erased(user, **_kwargs):
    services.erase(user)
