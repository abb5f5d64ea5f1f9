"""Forwarding's part of the office reader's digest: the summaries forwarded to the destinations the
reader follows and the answers given (with the languages of record), the forwardings still open,
and what waits for the reader. Only forwardings to followed destinations, which are always
destinations the reader reads for (digests.following keeps to permissions.destination_ids)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from council import events
from council.agendas.models import AgendaItem
from council.core.digest import ROW_LIMIT, Column, Labels, Part, Scope, Table, Waiting, iso
from council.councils.queries import language_label
from council.extensions import db, utcnow
from council.forwarding import queries
from council.forwarding.models import Forwarding, ForwardingStatus, RecommendationAnswer
from council.summaries.models import Summary

ANSWERED = ForwardingStatus.ANSWERED.value


def _rows(scope: Scope, *conditions):
    answers = (select(func.count(RecommendationAnswer.id)).where(RecommendationAnswer.forwarding_id == Forwarding.id)
               .correlate(Forwarding).scalar_subquery())
    return db.session.execute(
        select(Forwarding, Summary.language, Summary.participation, AgendaItem.title, answers)
        .join(Summary, Summary.id == Forwarding.summary_id).join(AgendaItem, AgendaItem.id == Summary.item_id)
        .where(Forwarding.destination_id.in_(scope.destination_ids or (-1,)), *conditions)
        .order_by(Forwarding.sent_at.desc(), Forwarding.id.desc())
    ).all()


def parts(scope: Scope) -> list[Part]:
    now = scope.now or utcnow()
    lab = Labels()
    since, until = scope.since, scope.until
    in_period = lambda column: and_(column >= since, column < until)  # noqa: E731
    recent = _rows(scope, or_(in_period(Forwarding.sent_at), in_period(Forwarding.answered_at)))
    open_rows = _rows(scope, Forwarding.status != ANSWERED)

    forwarded = Table(
        "forwarded", _("Summaries forwarded and answers given in the period"),
        [Column("council", _("Council")), Column("item", _("Agenda item"), "user"),
         Column("destination", _("Destination")), Column("sent", _("Sent"), "date"),
         Column("language", _("Language of record")), Column("status", _("Status")),
         Column("answered", _("Answered"), "date"), Column("answer_language", _("Language of the answer")),
         Column("answers", _("Recommendations answered"), "number"),
         Column("contributors", _("People who took part"), "number")],
        [{"council": scope.council(f.council_id), "item": title, "destination": scope.destination(f.destination_id),
          "sent": iso(f.sent_at), "language": lab(language_label, language),
          "status": lab(queries.forwarding_status_label, f.status), "answered": iso(f.answered_at),
          "answer_language": lab(language_label, f.answer_language) if f.answered_at else "",
          "answers": int(answered or 0), "contributors": int((participation or {}).get("contributors") or 0)}
         for f, language, participation, title, answered in recent[:ROW_LIMIT]],
        total=len(recent))

    tracked = sorted(open_rows, key=lambda r: (not queries.is_overdue(r[0], now),
                                               r[0].answer_requested_by is None, r[0].answer_requested_by or now,
                                               r[0].sent_at))
    tracker = Table(
        "forwardings_open", _("Forwarded summaries not yet answered"),
        [Column("council", _("Council")), Column("item", _("Agenda item"), "user"),
         Column("destination", _("Destination")), Column("status", _("Status")),
         Column("sent", _("Sent"), "date"), Column("age", _("Days since sent"), "number"),
         Column("requested_by", _("Answer requested by"), "date"), Column("overdue", _("Overdue"), "flag")],
        [{"council": scope.council(f.council_id), "item": title, "destination": scope.destination(f.destination_id),
          "status": lab(queries.forwarding_status_label, f.status), "sent": iso(f.sent_at),
          "age": max(0, (now - f.sent_at).days), "requested_by": iso(f.answer_requested_by),
          "overdue": queries.is_overdue(f, now)}
         for f, _language, _participation, title, _answered in tracked[:ROW_LIMIT]],
        total=len(tracked))
    by_status = Table(
        "forwardings_by_status", _("Forwarded summaries by status"),
        [Column("status", _("Status")), Column("count", _("Number"), "number")],
        [{"status": lab(queries.forwarding_status_label, s.value),
          "count": sum(1 for r in open_rows if r[0].status == s.value)}
         for s in ForwardingStatus if s.value != ANSWERED]
        + [{"status": _("Overdue"), "count": sum(1 for r in open_rows if queries.is_overdue(r[0], now))}])

    kind = _("Forwarded summary")
    waiting = [
        Waiting(kind, title, scope.council(f.council_id),
                f.answer_requested_by.date() if f.answer_requested_by else None, queries.is_overdue(f, now),
                lab(queries.forwarding_status_label, f.status))
        for f, _language, _participation, title, _answered in tracked
        if f.status == ForwardingStatus.SENT.value or f.answer_requested_by is not None
    ]
    sent = [r for r in recent if since <= r[0].sent_at < until]
    answered = [r for r in recent if r[0].answered_at is not None and since <= r[0].answered_at < until]
    activity: dict[int, int] = {}
    for f, *_rest in sent:
        activity[f.council_id] = activity.get(f.council_id, 0) + 1
    return [
        Part("bottom_line", waiting=waiting, changes=[(_("Summaries forwarded to you"), len(sent)),
                                                     (_("Answers given"), len(answered))], activity=activity),
        Part("responses", tables=[by_status, tracker], order=60),
        Part("summaries", tables=[forwarded]),
    ]


@events.office_digest.connect
def _digest(scope: Scope, **_kw):
    return "forwarding", parts(scope)
