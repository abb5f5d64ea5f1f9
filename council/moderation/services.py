"""What changes the moderation of posts: reports, hiding, dismissing, restoring, appeals.

Services take `actor=`, flush, record the audit event and notify the author; they never commit
(the view does). A refused change raises Refusal, whose str() is a translated message for
the person; AppealForbidden (a Refusal) means the person may not decide that appeal at
all, and the view answers 403."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from council.audit import services as audit
from council.auth.models import User
from council.core import revisions
from council.core.refusals import Conflict, NotAllowed, Refusal
from council.deliberations import services as deliberations
from council.deliberations.models import HIDE_REASONS, REPORT_REASONS, Appeal, Post, PostReport, PostState
from council.extensions import db, utcnow
from council.notifications import services as notifications
from council.notifications.models import Kind
from council.permissions import Permission, can

VISIBLE = PostState.VISIBLE.value
HIDDEN = PostState.HIDDEN.value

# The reason given to a post hidden automatically because enough members reported it.
BY_REPORTS = "reports"
# What a facilitator may choose when hiding (the automatic reason is not theirs to give).
CHOOSABLE_HIDE_REASONS = tuple(code for code in HIDE_REASONS if code != BY_REPORTS)

RESOLVED_HIDDEN = "hidden"
RESOLVED_DISMISSED = "dismissed"

OUTCOME_RESTORED = "restored"
OUTCOME_UPHELD = "upheld"
OUTCOMES = (OUTCOME_RESTORED, OUTCOME_UPHELD)

NOTE_MAX = 2000
REPORT_NOTE_MAX = 1000
STATEMENT_MAX = 2000


class AlreadyReported(Conflict):
    pass


class AlreadyAppealed(Conflict):
    pass


class AppealForbidden(NotAllowed):
    """The person may not decide this appeal (they hid the post, or wrote it)."""


# --- labels --------------------------------------------------------------------------------------


def report_reason_label(code: str | None) -> str:
    """The reason a member gave for a report, in the reader's language."""
    return str(REPORT_REASONS.get(code or "", REPORT_REASONS["other"]))


def hide_reason_label(code: str | None) -> str:
    """Why a post is hidden, as its author and the members read it, in the reader's language."""
    return str(HIDE_REASONS.get(code or "", HIDE_REASONS["other"]))


# --- helpers -------------------------------------------------------------------------------------


def _state(post: Post) -> dict[str, Any]:
    """What the audit log keeps of a post's moderation state."""
    return {
        "state": post.state,
        "hidden_reason": post.hidden_reason,
        "hidden_by_id": post.hidden_by_id,
        "hidden_note": post.hidden_note or "",
        "open_report_count": post.open_report_count,
    }


def _notify_author(post: Post, action: str, **extra: Any) -> None:
    notifications.notify(
        [post.author],
        Kind.POST_MODERATED,
        council_id=post.council_id,
        item_id=post.item_id,
        post_id=post.id,
        data={"action": action, **extra},
    )


def _open_reports_count(post: Post) -> int:
    return db.session.scalar(
        select(func.count()).select_from(PostReport).where(
            PostReport.post_id == post.id, PostReport.resolved_at.is_(None)
        )
    ) or 0


def _resolve_reports(post: Post, *, resolution: str, actor: User | None) -> int:
    """Close every open report on `post`; returns how many were open."""
    result = db.session.execute(
        update(PostReport)
        .where(PostReport.post_id == post.id, PostReport.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=getattr(actor, "id", None), resolution=resolution)
        .execution_options(synchronize_session="fetch", page_scopes=[revisions.council(post.council_id)])
    )
    post.open_report_count = 0
    return result.rowcount or 0


def _lock(post: Post) -> Post:
    """Lock the post's row until the commit (PostgreSQL; SQLite serialises writers anyway) and
    read its current state, so two moderators or two reporters cannot both act on a stale one."""
    return db.session.execute(
        select(Post).where(Post.id == post.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _visibility_changed(post: Post) -> None:
    """Keep the item's counters (visible posts, contributors, latest post) right."""
    db.session.flush()
    deliberations.update_item_counters(post.item)


def _hide(post: Post, *, reason: str, note: str, actor: User | None) -> None:
    post.state = HIDDEN
    post.hidden_reason = reason
    post.hidden_note = note
    post.hidden_by_id = getattr(actor, "id", None)
    post.hidden_at = utcnow()


def _show(post: Post) -> None:
    post.state = VISIBLE
    post.hidden_reason = None
    post.hidden_note = ""
    post.hidden_by_id = None
    post.hidden_at = None


def pending_appeal(post: Post) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.post_id == post.id, Appeal.decided_at.is_(None)))


# --- reports -------------------------------------------------------------------------------------


def may_report(user, post: Post) -> bool:
    """May `user` report `post`? (Not whether they already did: that needs a query.)"""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and post.author_id != user.id
        and post.state == VISIBLE
    )


def has_reported(user, post: Post) -> bool:
    return db.session.scalar(
        select(PostReport.id).where(PostReport.post_id == post.id, PostReport.reporter_id == user.id)
    ) is not None


def report(post: Post, *, reason: str, note: str = "", actor: User) -> PostReport:
    """`actor` reports `post`. Once enough reports are open the post is hidden pending review."""
    post = _lock(post)
    if post.author_id == actor.id:
        raise Refusal(_("You cannot report your own post."))
    if post.state != VISIBLE:
        raise Refusal(_("This post is not shown in the thread, so it cannot be reported."))
    if reason not in REPORT_REASONS:
        raise Refusal(_("Choose one of the reasons in the list."))
    if has_reported(actor, post):
        raise AlreadyReported(_("You have already reported this post. The facilitators will look at it."))
    entry = PostReport(post_id=post.id, council_id=post.council_id, reporter_id=actor.id, reason=reason,
                       note=(note or "")[:REPORT_NOTE_MAX])
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:  # the same person, a moment earlier, in another request
        raise AlreadyReported(
            _("You have already reported this post. The facilitators will look at it.")
        ) from None
    post.open_report_count = _open_reports_count(post)
    threshold = int(current_app.config.get("REPORT_HIDE_THRESHOLD", 3))
    if threshold > 0 and post.open_report_count >= threshold:
        before = _state(post)
        _hide(post, reason=BY_REPORTS, note="", actor=None)
        _visibility_changed(post)
        audit.record(None, "post.hide", post, council_id=post.council_id, before=before, after=_state(post))
        _notify_author(post, "hidden")
    db.session.flush()
    return entry


# --- facilitators' actions -----------------------------------------------------------------------


def hide(post: Post, *, reason: str, note: str = "", actor: User) -> None:
    """Hide `post` with a reason its author sees (also confirms a post hidden by reports)."""
    if reason not in CHOOSABLE_HIDE_REASONS:
        raise Refusal(_("Choose one of the reasons in the list."))
    post = _lock(post)
    if post.state == PostState.WITHDRAWN.value:
        raise Refusal(_("This post was withdrawn by its author; there is nothing to hide."))
    if post.state == HIDDEN and post.hidden_reason != BY_REPORTS:
        raise Refusal(_("This post is already hidden."))
    before = _state(post)
    _hide(post, reason=reason, note=(note or "")[:NOTE_MAX], actor=actor)
    _resolve_reports(post, resolution=RESOLVED_HIDDEN, actor=actor)
    _visibility_changed(post)
    audit.record(actor, "post.hide", post, council_id=post.council_id, before=before, after=_state(post))
    _notify_author(post, "hidden")


def restore(post: Post, *, actor: User) -> None:
    """Show a hidden post again; open reports are dismissed and a pending appeal is granted."""
    post = _lock(post)
    if post.state != HIDDEN:
        raise Refusal(_("This post is not hidden."))
    before = _state(post)
    _show(post)
    _resolve_reports(post, resolution=RESOLVED_DISMISSED, actor=actor)
    appeal = pending_appeal(post)
    if appeal is not None:
        appeal.outcome = OUTCOME_RESTORED
        appeal.decided_at = utcnow()
        appeal.decided_by_id = actor.id
    _visibility_changed(post)
    audit.record(actor, "post.restore", post, council_id=post.council_id, before=before, after=_state(post))
    _notify_author(post, "restored")


def dismiss_reports(post: Post, *, actor: User) -> bool:
    """Dismiss the open reports on `post`. A post hidden only because of them is shown again.
    Returns whether the post was shown again."""
    post = _lock(post)
    if _open_reports_count(post) == 0:
        raise Refusal(_("There are no open reports on this post."))
    before = _state(post)
    shown_again = post.state == HIDDEN and post.hidden_reason == BY_REPORTS
    if shown_again:
        _show(post)
    _resolve_reports(post, resolution=RESOLVED_DISMISSED, actor=actor)
    if shown_again:
        appeal = pending_appeal(post)
        if appeal is not None:
            appeal.outcome = OUTCOME_RESTORED
            appeal.decided_at = utcnow()
            appeal.decided_by_id = actor.id
        _visibility_changed(post)
    db.session.flush()
    audit.record(actor, "post.dismiss_reports", post, council_id=post.council_id, before=before,
                 after=_state(post))
    if shown_again:
        _notify_author(post, "restored")
    return shown_again


# --- appeals -------------------------------------------------------------------------------------


def may_appeal(user, post: Post) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and post.author_id == user.id
        and post.state == HIDDEN
    )


def appeal(post: Post, *, statement: str, actor: User) -> Appeal:
    """The author asks, once, that their hidden post be reviewed again."""
    if post.author_id != actor.id:
        raise Refusal(_("Only the author of a post can ask for it to be reviewed."))
    if post.state != HIDDEN:
        raise Refusal(_("This post is not hidden."))
    statement = (statement or "").strip()
    if not statement:
        raise Refusal(_("Say why the post should be shown again."))
    if db.session.scalar(select(Appeal.id).where(Appeal.post_id == post.id)) is not None:
        raise AlreadyAppealed(_("You have already asked for a review of this post. It can be asked only once."))
    entry = Appeal(post_id=post.id, council_id=post.council_id, author_id=actor.id,
                   statement=statement[:STATEMENT_MAX])
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError:
        raise AlreadyAppealed(
            _("You have already asked for a review of this post. It can be asked only once.")
        ) from None
    return entry


def may_decide_appeal(user, appeal: Appeal, council) -> bool:
    """A moderator of the council other than the one who hid the post (an admin always), and
    never the author of the post."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not can(user, Permission.MODERATE, council) or appeal.author_id == user.id:
        return False
    if can(user, Permission.ADMINISTER):
        return True
    return appeal.post.hidden_by_id != user.id


def decide_appeal(appeal: Appeal, *, outcome: str, note: str = "", actor: User, council) -> None:
    """Restore the post or uphold its hiding, with a note its author sees."""
    if not may_decide_appeal(actor, appeal, council):
        raise AppealForbidden(
            _("Another facilitator or an administrator must decide this appeal, because you hid the post "
              "or wrote it.")
        )
    if outcome not in OUTCOMES:
        raise Refusal(_("Choose to restore the post or to keep it hidden."))
    post = _lock(appeal.post)
    db.session.refresh(appeal)
    if appeal.decided_at is not None:
        raise Refusal(_("This appeal has already been decided."))
    before = {**_state(post), "outcome": appeal.outcome}
    if outcome == OUTCOME_RESTORED:
        if post.state == HIDDEN:
            _show(post)
            _visibility_changed(post)
        _resolve_reports(post, resolution=RESOLVED_DISMISSED, actor=actor)
    else:
        if post.state != HIDDEN:
            raise Refusal(_("This post is no longer hidden."))
        if post.hidden_reason == BY_REPORTS:
            # Reviewed now: no longer "waiting for a facilitator's review".
            post.hidden_reason = "other"
            post.hidden_by_id = actor.id
        _resolve_reports(post, resolution=RESOLVED_HIDDEN, actor=actor)
    appeal.outcome = outcome
    appeal.decision_note = (note or "")[:NOTE_MAX]
    appeal.decided_at = utcnow()
    appeal.decided_by_id = actor.id
    db.session.flush()
    audit.record(actor, "appeal.decide", appeal, council_id=appeal.council_id, before=before,
                 after={**_state(post), "outcome": outcome})
    _notify_author(post, "restored" if outcome == OUTCOME_RESTORED else "hidden", appeal=outcome)
