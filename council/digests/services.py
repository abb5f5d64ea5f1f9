"""Changing what an office reader follows and when the digest is e-mailed, the feed's token
(stored hashed, shown once, revocable; both recorded in the audit log), and the weekly e-mail."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from council import mail
from council.audit import services as audit
from council.auth.models import User, UserStatus
from council.core.refusals import NotAllowed, Refusal
from council.councils.models import Council
from council.digests import exports
from council.digests import following as following_module
from council.digests.models import WEEKDAYS, DigestFollow, DigestSettings
from council.extensions import db, utcnow
from council.permissions import destination_ids


def _settings(user) -> DigestSettings:
    settings = db.session.get(DigestSettings, user.id)
    if settings is None:
        settings = DigestSettings(user_id=user.id, chosen=False)
        db.session.add(settings)
        db.session.flush()
    return settings


def _require_reader(user) -> None:
    if not following_module.may_have_digest(user):
        raise NotAllowed(_("Only office readers have a digest."))


def save_settings(user, *, council_ids, destination_ids_chosen, mail_day: int | None) -> DigestSettings:
    """Follow exactly these councils and destinations (of those the reader reads for), and e-mail the
    digest on `mail_day` (0 Monday … 6 Sunday; None: no e-mail)."""
    _require_reader(user)
    if mail_day is not None and mail_day not in WEEKDAYS:
        raise Refusal(_("Choose a day of the week, or no e-mail."), field="mail_day")
    readable = destination_ids(user)
    chosen_destinations = set(destination_ids_chosen)
    if not chosen_destinations <= readable:
        raise Refusal(_("You can only follow destinations you read for."), field="destinations")
    chosen_councils = set(council_ids)
    if chosen_councils:
        existing = set(db.session.scalars(select(Council.id).where(Council.id.in_(chosen_councils))))
        if existing != chosen_councils:
            raise Refusal(_("One of the councils chosen does not exist any more."), field="councils")
    settings = _settings(user)
    settings.chosen = True
    settings.mail_day = mail_day
    db.session.execute(delete(DigestFollow).where(DigestFollow.user_id == user.id))
    db.session.add_all([DigestFollow(user_id=user.id, council_id=c) for c in sorted(chosen_councils)])
    db.session.add_all([DigestFollow(user_id=user.id, destination_id=d) for d in sorted(chosen_destinations)])
    db.session.flush()
    return settings


def use_defaults(user, *, mail_day: int | None) -> DigestSettings:
    """Follow the destinations one reads for and the councils that send to them again."""
    _require_reader(user)
    settings = _settings(user)
    settings.chosen = False
    settings.mail_day = mail_day if mail_day in WEEKDAYS else None
    db.session.execute(delete(DigestFollow).where(DigestFollow.user_id == user.id))
    db.session.flush()
    return settings


# --- the feed's token ------------------------------------------------------------------------------


def _real(user):
    """The account itself, not the request's proxy for it (the audit log names its table)."""
    return user._get_current_object() if hasattr(user, "_get_current_object") else user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_feed_token(user) -> str:
    """A new secret address for the reader's feed (any earlier one stops working). The token is
    returned once, to be shown once; only its hash is kept."""
    _require_reader(user)
    settings = _settings(user)
    token = secrets.token_urlsafe(32)
    replaced = settings.feed_token_hash is not None
    settings.feed_token_hash = token_hash(token)
    settings.feed_token_created_at = utcnow()
    audit.record(user, "digest.feed_token_create", _real(user), after={"replaced": replaced})
    return token


def revoke_feed_token(user) -> bool:
    settings = db.session.get(DigestSettings, user.id)
    if settings is None or settings.feed_token_hash is None:
        return False
    settings.feed_token_hash = None
    settings.feed_token_created_at = None
    audit.record(user, "digest.feed_token_revoke", _real(user))
    return True


def reader_for_token(token: str) -> User | None:
    """The office reader whose feed `token` opens, or None (unknown, revoked, or no longer a reader)."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(select(User).join(DigestSettings, DigestSettings.user_id == User.id)
                             .where(DigestSettings.feed_token_hash == token_hash(token)))
    if user is None or user.status != UserStatus.ACTIVE.value or not user.is_office:
        return None
    return user


# --- the weekly e-mail ---------------------------------------------------------------------------------


def mail_period(today: date) -> tuple[date, date]:
    """The seven days before `today`: what an e-mail sent on `today` covers."""
    return today - timedelta(days=7), today - timedelta(days=1)


def readers_due(today: date) -> list[int]:
    """Active office readers whose digest day is `today` (Monday for those who chose none)."""
    weekday = today.weekday()
    query = (select(User.id).outerjoin(DigestSettings, DigestSettings.user_id == User.id)
             .where(User.site_role == "office", User.status == UserStatus.ACTIVE.value))
    if weekday == 0:
        query = query.where(or_(DigestSettings.user_id.is_(None), DigestSettings.mail_day == weekday))
    else:
        query = query.where(DigestSettings.mail_day == weekday)
    return list(db.session.scalars(query.order_by(User.id)))


def language_of(user) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def mail_digest(user_id: int, now: datetime | None = None) -> bool:
    """Queue one reader's digest of the seven days before today, once per period: the claim on
    `last_mailed_start` makes a second run (or a second worker) send nothing. The commit sends it."""
    from council.digests import digest as digest_module

    now = now or utcnow()
    start, end = mail_period(now.date())
    user = db.session.get(User, user_id)
    if user is None or not following_module.may_have_digest(user):
        return False
    _settings(user)
    claimed = db.session.execute(
        update(DigestSettings).where(DigestSettings.user_id == user.id,
                                     or_(DigestSettings.last_mailed_start.is_(None),
                                         DigestSettings.last_mailed_start < start))
        .values(last_mailed_start=start).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return False
    language = language_of(user)
    with force_locale(language):
        digest = digest_module.build(user, start, end, now=now)
        if digest.empty:
            return False  # nothing followed: the period counts as done, no e-mail
        page_url = mail.external_url("digests.home", start=start.isoformat(), end=end.isoformat())
        settings_url = mail.external_url("digests.settings")
    mail.send(user.email, "digests/weekly", language=language, digest=digest, page_url=page_url,
              settings_url=settings_url, cell=exports.cell)
    return True
