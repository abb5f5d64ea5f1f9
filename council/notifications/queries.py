"""What the notification pages and e-mails read: how a notification reads (one translated sentence
and a link), the list page, the unread count, and each person's choices. Changes nothing."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app, has_request_context, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from council.agendas.models import AgendaItem
from council.councils.models import Council
from council.extensions import db
from council.notifications.models import (DEFAULT_DELIVERY, FACILITATOR_KINDS, KIND_LABELS, MEMBER_KINDS, OFFICE_KINDS,
                                          Delivery, Kind, Notification, NotificationPreference)

PER_PAGE = 30
_TITLE = "\x00title\x00"  # stands for the item's title while a sentence is escaped for HTML

# Words the other domains may use in `data` for what happened, reduced to one outcome each.
_OUTCOMES = {
    "accepted": "accepted", "accept": "accepted", "open": "accepted", "opened": "accepted",
    "declined": "declined", "decline": "declined",
    "merged": "merged", "merge": "merged",
    "hidden": "hidden", "hide": "hidden",
    "restored": "restored", "restore": "restored", "visible": "restored",
}
_OUTCOME_KEYS = ("outcome", "decision", "action", "status", "state", "to_status")


def outcome(data: dict | None) -> str | None:
    """"accepted", "declined", "merged", "hidden" or "restored", as far as `data` says."""
    for key in _OUTCOME_KEYS:
        value = (data or {}).get(key)
        if isinstance(value, str):
            value = value.strip().lower().rsplit(".", 1)[-1]  # "agenda.accept" → "accept"
            if value in _OUTCOMES:
                return _OUTCOMES[value]
    return None


def _sentence(kind: str, data: dict | None, title: str) -> str:
    """The translated sentence for a notification, with `title` put in its place."""
    result = outcome(data)
    if kind == Kind.REPLY.value:
        return _("New reply to your post in “%(title)s”", title=title)
    if kind == Kind.ITEM_OPENED.value:
        return _("“%(title)s” is open for deliberation", title=title)
    if kind == Kind.PROPOSAL_DECIDED.value:
        if result == "accepted":
            return _("Your proposal “%(title)s” was accepted", title=title)
        if result == "declined":
            return _("Your proposal “%(title)s” was declined", title=title)
        if result == "merged":
            return _("Your proposal “%(title)s” was merged into another item", title=title)
        return _("There is a decision on your proposal “%(title)s”", title=title)
    if kind == Kind.POST_MODERATED.value:
        if result == "hidden":
            return _("Your post in “%(title)s” was hidden", title=title)
        if result == "restored":
            return _("Your post in “%(title)s” was restored", title=title)
        return _("A facilitator reviewed your post in “%(title)s”", title=title)
    if kind == Kind.ITEM_CLOSED.value:
        return _("Deliberation on “%(title)s” has closed", title=title)
    if kind == Kind.ITEM_INVITED.value:
        return _("Your view is wanted on “%(title)s”: a facilitator invites your group to take part", title=title)
    if kind == Kind.ITEM_POST.value:
        return _("New post in “%(title)s”, which you follow", title=title)
    if kind == Kind.SUMMARY_REVIEW.value:
        return _("The summary of “%(title)s” is put to the council for review", title=title)
    if kind == Kind.SUMMARY_ANSWERED.value:
        if (data or {}).get("outcome") == "amended":
            return _("The answer to the council's advice on “%(title)s” was amended", title=title)
        return _("An answer has come to the council's advice on “%(title)s”", title=title)
    if kind in _OFFICE_KINDS:
        return _office_sentence(kind, data or {}, title)
    if kind in _SIGNAL_KINDS:
        return _signal_sentence(kind, data or {}, title)
    return _("Something happened in “%(title)s”", title=title)


def _in_reader_language(data: dict, prefix: str) -> str | None:
    """A label kept in `data` per language (`prefix` + "_" + code): the reader's, else English."""
    reader = str(get_locale() or "en").split("_")[0]
    for code in (reader, "en"):
        value = data.get(f"{prefix}_{code}")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _office_sentence(kind: str, data: dict, title: str) -> str:
    """Office readers: which council and which of their destinations (notifications made before
    these were kept say neither)."""
    council, destination = _in_reader_language(data, "council"), _in_reader_language(data, "destination")
    if kind == Kind.FORWARDING_RECEIVED.value:
        if council and destination:
            return _("%(council)s forwarded its summary on “%(title)s” to %(destination)s",
                     council=council, title=title, destination=destination)
        return _("A council forwarded its summary on “%(title)s”", title=title)
    if council and destination:
        return _("%(council)s corrected its summary on “%(title)s”, forwarded to %(destination)s",
                 council=council, title=title, destination=destination)
    return _("A correction was made to the forwarded summary on “%(title)s”", title=title)


def _signal_sentence(kind: str, data: dict, title: str) -> str:
    """Early-warning signals (the data name the step and the status, never a person)."""
    if kind == Kind.SIGNAL_RAISED.value:
        return _("A new signal waits for review: “%(title)s”", title=title)
    if kind == Kind.SIGNAL_ESCALATED.value:
        return _("A council escalated the signal “%(title)s” to your office", title=title)
    if kind == Kind.SIGNAL_UPDATED.value:
        status = data.get("signal_status")
        if status == "in_review":
            return _("Your signal “%(title)s” is being reviewed", title=title)
        if status == "verified":
            return _("Your signal “%(title)s” was verified", title=title)
        if status == "disputed":
            return _("Your signal “%(title)s” is disputed", title=title)
        if status == "false":
            return _("Your signal “%(title)s” was found to be false", title=title)
        if status == "information_only":
            return _("Your signal “%(title)s” was kept as information only", title=title)
        return _("There is news of your signal “%(title)s”", title=title)
    step = data.get("step")
    if step == "acknowledge":
        return _("The escalation of the signal “%(title)s” was acknowledged", title=title)
    if step == "outcome":
        return _("The outcome of the escalated signal “%(title)s” is recorded", title=title)
    return _("There is a response to the escalated signal “%(title)s”", title=title)


def _url(endpoint: str, external: bool, **values) -> str:
    if not external:
        return url_for(endpoint, **values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


@contextmanager
def url_context():
    """Outside a request (the command line), links are built against PUBLIC_URL."""
    if has_request_context():
        yield
        return
    base = current_app.config["PUBLIC_URL"] + "/"
    with current_app.test_request_context("/", base_url=base):
        yield


def link(n: Notification, *, external: bool = False) -> str:
    """Where a notification leads: the post, else the item, else the council, else the list."""
    with url_context():
        return _link(n, external)


# Office readers are told of forwardings: their notifications carry no council (they are not
# members), but the forwarding's id and the item's title in `data`.
_OFFICE_KINDS = (Kind.FORWARDING_RECEIVED.value, Kind.FORWARDING_CORRECTED.value)
_SUMMARY_KINDS = (Kind.SUMMARY_REVIEW.value, Kind.SUMMARY_ANSWERED.value)
# Signals: the signal's id, its council and title travel in `data` (signals are a higher domain).
_SIGNAL_KINDS = (Kind.SIGNAL_RAISED.value, Kind.SIGNAL_UPDATED.value, Kind.SIGNAL_ESCALATED.value,
                 Kind.SIGNAL_RESPONDED.value)


def _link(n: Notification, external: bool) -> str:
    attempts = []
    forwarding_id = (n.data or {}).get("forwarding_id")
    if n.kind in _OFFICE_KINDS and isinstance(forwarding_id, int):
        attempts.append(("forwarding.received", {"forwarding_id": forwarding_id}))
    signal_id, signal_council = (n.data or {}).get("signal_id"), (n.data or {}).get("signal_council")
    if n.kind in _SIGNAL_KINDS and isinstance(signal_id, int) and isinstance(signal_council, int):
        attempts.append(("signals.view", {"council_id": signal_council, "signal_id": signal_id}))
    if n.kind in _SUMMARY_KINDS and n.council_id and n.item_id:
        attempts.append(("summaries.view", {"council_id": n.council_id, "item_id": n.item_id}))
    if n.council_id and n.item_id:
        if n.post_id and n.kind in (Kind.REPLY.value, Kind.POST_MODERATED.value, Kind.ITEM_POST.value):
            attempts.append(("deliberations.permalink",
                             {"council_id": n.council_id, "item_id": n.item_id, "post_id": n.post_id}))
        attempts.append(("agendas.item", {"council_id": n.council_id, "item_id": n.item_id}))
    if n.council_id:
        attempts.append(("councils.detail", {"council_id": n.council_id}))
    attempts.append(("notifications.index", {}))
    endpoint, values = attempts[0]  # the most precise place the notification can lead to
    return _url(endpoint, external, **values)


@dataclass
class Reading:
    """A notification as a person reads it. `text` and `html` are translated when read, so an
    e-mail rendered in the recipient's language reads in that language."""

    notification: Notification
    title: str | None  # the item's title: user content
    title_lang: str | None
    url: str

    @property
    def kind(self) -> str:
        return self.notification.kind

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None

    def _title(self) -> str:
        return self.title if self.title else _("an agenda item")

    @property
    def text(self) -> str:
        return _sentence(self.kind, self.notification.data, self._title())

    @property
    def html(self) -> Markup:
        """The sentence with the title marked as user content (its language, or not to translate)."""
        sentence = str(escape(_sentence(self.kind, self.notification.data, _TITLE)))
        if self.title and self.title_lang:
            title = Markup('<span lang="%s" dir="auto">%s</span>') % (self.title_lang, self.title)
        elif self.title:
            title = Markup('<span translate="no" dir="auto">%s</span>') % self.title
        else:
            title = escape(_("an agenda item"))
        return Markup(sentence.replace(_TITLE, str(title)))

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return str(self.html)


def describe(n: Notification, item: AgendaItem | None = None, *, external: bool = False) -> Reading:
    """How `n` reads. `item` is the agenda item it concerns (loaded by the caller, so that a list
    of notifications costs one query for all their items)."""
    title, title_lang = (item.title, item.language) if item is not None else (None, None)
    if item is None and (n.kind in _OFFICE_KINDS or n.kind in _SIGNAL_KINDS):
        data = n.data or {}
        title = data.get("title") if isinstance(data.get("title"), str) else None
        title_lang = data.get("title_lang") if isinstance(data.get("title_lang"), str) else None
    return Reading(
        notification=n,
        title=title,
        title_lang=title_lang,
        url=link(n, external=external),
    )


# --- the list page --------------------------------------------------------------------------------


@dataclass
class Row:
    reading: Reading
    council: Council | None


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread (one query, on an index)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def page_of(user, page: int = 1, per_page: int = PER_PAGE):
    """`user`'s notifications, newest first: (pagination, rows). A fixed number of queries."""
    pagination = db.paginate(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=page, per_page=per_page, error_out=False,
    )
    notifications = list(pagination.items)
    item_ids = {n.item_id for n in notifications if n.item_id}
    council_ids = {n.council_id for n in notifications if n.council_id}
    items = (
        {i.id: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.id.in_(item_ids)))}
        if item_ids else {}
    )
    councils = (
        {c.id: c for c in db.session.scalars(
            select(Council).where(Council.id.in_(council_ids)).options(selectinload(Council.texts)))}
        if council_ids else {}
    )
    rows = [Row(describe(n, items.get(n.item_id)), councils.get(n.council_id)) for n in notifications]
    return pagination, rows


# --- choices ---------------------------------------------------------------------------------------


def deliveries(user_id: int) -> dict[str, str]:
    """`user_id`'s choice for each kind: saved, else the default."""
    saved = dict(
        db.session.execute(
            select(NotificationPreference.kind, NotificationPreference.delivery).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    valid = {d.value for d in Delivery}
    return {kind: saved[kind] if saved.get(kind) in valid else default for kind, default in DEFAULT_DELIVERY.items()}


def kinds_for(user) -> list[str]:
    """The kinds of notification that can concern `user`, in the order of KIND_LABELS: office kinds
    for office readers, signals waiting for review for facilitators, the rest for everyone who is
    or may become part of a council (administrators: every kind)."""
    from council import permissions
    from council.permissions import Permission, Role

    held = permissions.roles(user)
    if Role.ADMIN in held:
        wanted = set(KIND_LABELS)
    elif Role.OFFICE in held:
        wanted = set(OFFICE_KINDS)
        if permissions.council_ids_with(user, Permission.VIEW_AGENDA):
            wanted |= MEMBER_KINDS
    else:
        wanted = set(MEMBER_KINDS)
        if permissions.council_ids_with(user, Permission.REVIEW_SIGNAL):
            wanted |= FACILITATOR_KINDS
    return [kind for kind in KIND_LABELS if kind in wanted]
