"""Telling people what happened: in-app notifications, immediate e-mails, the daily digest,
each person's choices per kind, and one-click unsubscribing.

A notification names objects (a council, an item, a post), never a person: the author of an
anonymous post stays anonymous in the list, in e-mails and in the digest."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, case, func, insert, inspect, or_, select, update
from sqlalchemy.orm import selectinload

from council import mail
from council.agendas.models import AgendaItem
from council.auth.models import User, UserStatus
from council.core import revisions
from council.councils.models import Council, Membership
from council.deliberations.models import Post
from council.extensions import db, utcnow
from council.notifications import queries
from council.notifications.models import (
    DEFAULT_DELIVERY,
    KIND_LABELS,
    Delivery,
    Kind,
    Notification,
    NotificationPreference,
)

log = logging.getLogger(__name__)

KINDS = tuple(k.value for k in Kind)
DELIVERIES = tuple(d.value for d in Delivery)
UNSUBSCRIBE_SALT = "unsubscribe"
# At most this many notifications are listed in one digest; the rest are counted and linked.
DIGEST_MAX_LISTED = 50
# Keys that could carry a person's name are never stored in a notification's data.
_NAME_WORDS = frozenset({"name", "names", "author", "actor", "user", "email", "by", "who", "person", "people"})


# --- creating notifications -----------------------------------------------------------------------


def notify(recipients, kind, *, council_id=None, item_id=None, post_id=None, data=None, exclude_user_id=None):
    """Tell `recipients` (User objects or ids) about something of `kind` (notifications.models.Kind).

    One Notification row per active recipient (duplicates and `exclude_user_id` skipped; where the
    notification concerns a council, only people who may still read that council); an e-mail is
    queued at once, in the recipient's language, for those who chose "immediate" for this kind.
    Flushes, never commits. Returns the new notifications."""
    kind = Kind(kind).value
    ids = _recipient_ids(recipients)
    if exclude_user_id is not None:
        ids.discard(int(exclude_user_id))
    if not ids:
        return []
    if post_id is not None and (item_id is None or council_id is None):
        post = db.session.get(Post, post_id)
        if post is not None:
            item_id = item_id if item_id is not None else post.item_id
            council_id = council_id if council_id is not None else post.council_id
    if item_id is not None and council_id is None:
        item = db.session.get(AgendaItem, item_id)
        council_id = item.council_id if item is not None else None

    conditions = [User.id.in_(ids), User.status == UserStatus.ACTIVE.value]
    if council_id is not None:
        conditions.append(
            or_(
                User.site_role == "admin",
                select(Membership.id)
                .where(Membership.user_id == User.id, Membership.council_id == council_id,
                       Membership.status == "active")
                .exists(),
            )
        )
    users = db.session.scalars(select(User).where(*conditions).order_by(User.id)).all()
    if not users:
        return []
    deliveries = _deliveries([u.id for u in users], kind)
    clean = _clean_data(data)
    db.session.flush()
    # One INSERT for all recipients (a council may have hundreds of members).
    created = list(db.session.scalars(
        insert(Notification).returning(Notification),
        [{"user_id": u.id, "kind": kind, "council_id": council_id, "item_id": item_id, "post_id": post_id,
          "data": dict(clean)} for u in users],
    ))
    by_user = {n.user_id: n for n in created}
    created = [by_user[u.id] for u in users]
    immediate = [(u, by_user[u.id]) for u in users if deliveries[u.id] == Delivery.IMMEDIATE.value]
    if immediate:
        with queries.url_context():
            for user, n in immediate:
                _send_immediate(user, n)
        db.session.flush()
    return created


def _recipient_ids(recipients) -> set[int]:
    if recipients is None:
        return set()
    if isinstance(recipients, (User, int)):
        recipients = [recipients]
    ids: set[int] = set()
    for r in recipients:
        if r is None:
            continue
        if isinstance(r, User):
            identity = inspect(r).identity  # no reload of an expired object just for its id
            ids.add(int(identity[0] if identity else r.id))
        else:
            ids.add(int(r))
    return ids


def _clean_data(data: dict | None) -> dict:
    """Only plain values, and nothing that could name a person."""
    clean: dict[str, Any] = {}
    for key, value in (data or {}).items():
        key = str(key)
        words = set(key.lower().replace("-", "_").split("_"))
        if words & _NAME_WORDS or key.lower().endswith("name"):
            continue
        if isinstance(value, (str, int, float, bool)) or value is None:
            clean[key] = value
    return clean


def _deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each user's choice for `kind`, loaded in one query."""
    user_ids = list(user_ids)
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.delivery).where(
                NotificationPreference.user_id.in_(user_ids), NotificationPreference.kind == kind
            )
        ).all()
    )
    default = DEFAULT_DELIVERY[kind]
    return {uid: chosen.get(uid) if chosen.get(uid) in DELIVERIES else default for uid in user_ids}


# --- e-mail ------------------------------------------------------------------------------------------


def _language(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def external_url(endpoint: str, **values) -> str:
    return mail.external_url(endpoint, **values)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kinds: str | Iterable[str]) -> str:
    """A signed token for unsubscribing `user_id` from one kind (or several) of e-mail."""
    kinds = [kinds] if isinstance(kinds, str) else sorted(set(kinds))
    return _serializer().dumps({"u": int(user_id), "k": kinds[0] if len(kinds) == 1 else kinds})


def read_unsubscribe_token(token: str) -> tuple[int, list[str]] | None:
    """(user id, kinds) from a token, or None if it is forged, damaged or names no known kind."""
    if not isinstance(token, str) or len(token) > 1000:
        return None
    try:
        payload = _serializer().loads(token)
    except (BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    kinds = payload.get("k")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
        return None
    return payload["u"], kinds


def _unsubscribe_url(user_id: int, kinds) -> str:
    return external_url("notifications.unsubscribe", token=unsubscribe_token(user_id, kinds))


def _add_list_headers(msg, unsubscribe_url: str) -> None:
    """RFC 2369 / RFC 8058: one-click unsubscribing from this kind of mail."""
    msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    # A URL longer than a folded line must stay one word (not an RFC 2047 encoded word), so let
    # lines run to the hard limit of RFC 5322 rather than the recommended 78 characters.
    msg.policy = msg.policy.clone(max_line_length=998)


def _send_immediate(user: User, n: Notification) -> None:
    reading = queries.describe(n, db.session.get(AgendaItem, n.item_id) if n.item_id else None, external=True)
    unsubscribe_url = _unsubscribe_url(user.id, n.kind)
    msg = mail.send(
        user.email, "notifications/notification", language=_language(user), user=user, reading=reading,
        kind_label=KIND_LABELS[n.kind], unsubscribe_url=unsubscribe_url,
        settings_url=external_url("notifications.settings"), index_url=external_url("notifications.index"),
    )
    _add_list_headers(msg, unsubscribe_url)
    n.emailed_at = utcnow()


# --- reading, marking, choosing ---------------------------------------------------------------------


def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications (or all of them) as read; returns how many changed."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    result = db.session.execute(stmt.values(read_at=utcnow()).execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount or 0


def set_deliveries(user_id: int, choices: dict[str, str]) -> dict[str, str]:
    """Save `user_id`'s choice for each kind given; returns what changed ({kind: delivery})."""
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in DELIVERIES:
            raise ValueError(f"unknown kind or delivery: {kind!r}={delivery!r}")
    existing = {
        p.kind: p
        for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user_id)
        )
    }
    changed: dict[str, str] = {}
    for kind, delivery in choices.items():
        pref = existing.get(kind)
        current = pref.delivery if pref is not None else DEFAULT_DELIVERY[kind]
        if pref is None:
            db.session.add(NotificationPreference(user_id=user_id, kind=kind, delivery=delivery))
        elif pref.delivery != delivery:
            pref.delivery = delivery
        if current != delivery:
            changed[kind] = delivery
    db.session.flush()
    return changed


def unsubscribe_target(token: str) -> tuple[User, list[str]] | None:
    """(account, kinds) named by an unsubscribe token; None if forged, damaged or the account is gone."""
    found = read_unsubscribe_token(token)
    if found is None:
        return None
    user = db.session.get(User, found[0])
    if user is None or user.status == UserStatus.DELETED.value:
        return None
    return user, found[1]


def unsubscribe(token: str) -> tuple[User, list[str]] | None:
    """Turn the kinds named by an unsubscribe token to "never"; None if the token is not valid."""
    target = unsubscribe_target(token)
    if target is None:
        return None
    set_deliveries(target[0].id, {kind: Delivery.NEVER.value for kind in target[1]})
    return target


# --- the daily digest -----------------------------------------------------------------------------


def _effective_delivery():
    """SQL for each notification's delivery: the person's choice, else the default for its kind."""
    default = case(
        *((Notification.kind == kind, delivery) for kind, delivery in DEFAULT_DELIVERY.items()),
        else_=Delivery.NEVER.value,
    )
    return func.coalesce(NotificationPreference.delivery, default)


def _pending_daily():
    """Notifications waiting for a digest: daily kind, not e-mailed, not read yet, active account."""
    return (
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .outerjoin(
            NotificationPreference,
            and_(NotificationPreference.user_id == Notification.user_id,
                 NotificationPreference.kind == Notification.kind),
        )
        .where(
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            User.status == UserStatus.ACTIVE.value,
            _effective_delivery() == Delivery.DAILY.value,
        )
    )


@dataclass
class DigestItem:
    item: AgendaItem | None
    readings: list = field(default_factory=list)


@dataclass
class DigestCouncil:
    council: Council | None
    items: "OrderedDict[int | None, DigestItem]" = field(default_factory=OrderedDict)


def digest_recipients() -> list[int]:
    """The people with notifications of "daily" kinds not yet e-mailed."""
    return list(db.session.scalars(
        _pending_daily().with_only_columns(Notification.user_id).distinct().order_by(Notification.user_id)
    ))


def _send_digest(user_id: int, now: datetime) -> bool:
    """Queue one person's digest and mark what it lists as e-mailed; False (and nothing changed) if
    there is nothing (left) to send. The commit sends it (the CLI commits after each person)."""
    with queries.url_context():
        attempt = db.session.begin_nested()
        if _queue_digest(user_id, now):
            attempt.commit()
            return True
        attempt.rollback()  # a claim half taken by another run stays theirs
        return False


def _queue_digest(user_id: int, now: datetime) -> bool:
    rows = db.session.scalars(
        _pending_daily()
        .where(Notification.user_id == user_id, Notification.created_at <= now)
        .order_by(Notification.council_id, Notification.item_id, Notification.created_at, Notification.id)
    ).all()
    user = db.session.get(User, user_id)
    if not rows or user is None:
        return False
    # Claim them first: if another run got here before us, it has sent them already.
    ids = [n.id for n in rows]
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
        .values(emailed_at=now)
        .execution_options(synchronize_session=False, page_scopes=[revisions.user(user_id)])
    ).rowcount
    if claimed != len(ids):
        return False
    listed = rows[:DIGEST_MAX_LISTED]
    item_ids = {n.item_id for n in listed if n.item_id}
    council_ids = {n.council_id for n in listed if n.council_id}
    items = {i.id: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.id.in_(item_ids)))}
    councils = {
        c.id: c
        for c in db.session.scalars(
            select(Council).where(Council.id.in_(council_ids)).options(selectinload(Council.texts))
        )
    }
    groups: OrderedDict[int | None, DigestCouncil] = OrderedDict()
    for n in listed:
        group = groups.setdefault(n.council_id, DigestCouncil(councils.get(n.council_id)))
        entry = group.items.setdefault(n.item_id, DigestItem(items.get(n.item_id)))
        entry.readings.append(queries.describe(n, items.get(n.item_id), external=True))
    kinds = [k for k in KINDS if any(n.kind == k for n in rows)]
    unsubscribe_links = [(KIND_LABELS[k], _unsubscribe_url(user.id, k)) for k in kinds]
    header_url = _unsubscribe_url(user.id, kinds)
    msg = mail.send(
        user.email, "notifications/digest", language=_language(user), user=user, groups=list(groups.values()),
        count=len(rows), more=len(rows) - len(listed), unsubscribe_links=unsubscribe_links,
        settings_url=external_url("notifications.settings"), index_url=external_url("notifications.index"),
    )
    _add_list_headers(msg, header_url)
    return True
