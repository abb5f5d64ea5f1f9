"""The digest's part of a person's data download (what they follow, their e-mail day, whether a
feed token exists: never the token), and of erasing an account."""

from __future__ import annotations

from sqlalchemy import delete, select

from council import events
from council.digests.models import DigestFollow, DigestSettings
from council.extensions import db

COVERS = ("digest_follows.user_id", "digest_settings.user_id")


@events.personal_data.connect
def digest(user, **_kwargs):
    follows = db.session.scalars(select(DigestFollow).where(DigestFollow.user_id == user.id)
                                 .order_by(DigestFollow.id))
    settings = db.session.get(DigestSettings, user.id)
    return "digest", {
        "follows": [{"council_id": f.council_id, "destination_id": f.destination_id, "since": f.created_at}
                    for f in follows],
        "settings": None if settings is None else {
            "chosen": settings.chosen, "mail_day": settings.mail_day,
            "feed_token": settings.feed_token_hash is not None, "feed_token_created_at": settings.feed_token_created_at,
            "last_mailed_start": settings.last_mailed_start,
        },
    }


@events.account_erased.connect
def _erased(user, **_kwargs) -> None:
    db.session.execute(delete(DigestFollow).where(DigestFollow.user_id == user.id))
    db.session.execute(delete(DigestSettings).where(DigestSettings.user_id == user.id))
