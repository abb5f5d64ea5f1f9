"""The digest as data: `build(reader, start, end)` asks every domain for its parts of the digest
(events.office_digest) for the councils and destinations the reader follows, and puts them in the
issue's order. The page, the e-mail, the feed and the exports all render this one result, so they
hold the same figures. A fixed number of queries, whatever the number of councils or rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from council import events
from council.core.digest import ROW_LIMIT, SECTIONS, Column, Part, Scope, Table, midnight
from council.councils.models import Council, Region
from council.councils.queries import council_name
from council.deliberations.models import Post, PostState
from council.digests.following import Following, following
from council.extensions import db, utcnow
from council.forwarding.models import Destination
from council.i18n import localized

MAX_DAYS = 366


def section_titles() -> dict[str, str]:
    return {
        "bottom_line": _("The bottom line"),
        "alerts": _("Alerts needing attention"),
        "responses": _("Response tracker"),
        "regional": _("Regional picture"),
        "monitoring": _("Monitoring of the peace agreement"),
        "summaries": _("Summaries forwarded and answers"),
        "notes": _("Notes on the data"),
    }


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]


@dataclass
class Digest:
    reader: object
    start: date
    end: date
    generated_at: datetime
    following: Following
    councils: list[str]
    destinations: list[str]
    sections: list[Section] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def tables(self):
        for section in self.sections:
            for table in section.tables:
                yield section, table

    @property
    def empty(self) -> bool:
        return not self.following.council_ids and not self.following.destination_ids


def this_week(today: date | None = None) -> tuple[date, date]:
    """Monday to Sunday of the week of `today` (UTC)."""
    today = today or utcnow().date()
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)


def _names(council_ids, destination_ids) -> tuple[dict, dict, dict, dict]:
    councils = db.session.scalars(select(Council).where(Council.id.in_(council_ids or (-1,)))
                                  .options(selectinload(Council.texts), selectinload(Council.region))).all()
    council_names = {c.id: council_name(c).text for c in councils}
    council_regions = {c.id: c.region_id for c in councils}
    region_names = {c.region_id: localized(c.region.names)[0] for c in councils}
    destinations = db.session.scalars(select(Destination).where(Destination.id.in_(destination_ids or (-1,)))).all()
    destination_names = {d.id: localized(d.names)[0] for d in destinations}
    return council_names, council_regions, region_names, destination_names


def _posts(scope: Scope) -> dict[int, int]:
    """Visible posts (not hidden) per council in the period: only a count, for the silent councils."""
    if not scope.council_ids:
        return {}
    return dict(db.session.execute(
        select(Post.council_id, func.count()).where(Post.council_id.in_(scope.council_ids), Post.state == PostState.VISIBLE.value,
                                                   Post.created_at >= scope.since, Post.created_at < scope.until)
        .group_by(Post.council_id)).tuples().all())


def _bottom_line(parts: list[Part]) -> list[Table]:
    changes = [change for part in parts for change in part.changes]
    waiting = sorted((w for part in parts for w in part.waiting),
                     key=lambda w: (not w.overdue, w.due is None, w.due or date.max, w.council, w.what))
    return [
        Table("changes", _("What changed in the period"),
              [Column("what", _("What")), Column("count", _("Number"), "number")],
              [{"what": label, "count": count} for label, count in changes]),
        Table("waiting", _("Waiting for you, overdue first"),
              [Column("kind", _("Kind")), Column("what", _("What"), "user"), Column("council", _("Council")),
               Column("status", _("Status")), Column("due", _("Due"), "date"), Column("overdue", _("Overdue"), "flag")],
              [{"kind": w.kind, "what": w.what, "council": w.council, "status": w.status,
                "due": w.due.isoformat() if w.due else None, "overdue": w.overdue} for w in waiting[:ROW_LIMIT]],
              total=len(waiting)),
    ]


def _notes(scope: Scope, parts: list[Part], tables: list[Table]) -> list[Table]:
    activity: dict[int, int] = dict(_posts(scope))
    for part in parts:
        for council_id, count in part.activity.items():
            activity[council_id] = activity.get(council_id, 0) + count
    silent = sorted((scope.council(c) for c in scope.council_ids if not activity.get(c)), key=str.casefold)
    backlog_rows = []
    for part in parts:
        for what, counts in part.backlog.items():
            backlog_rows += [{"council": scope.council(c), "what": what, "count": n} for c, n in counts.items() if n]
    backlog_rows.sort(key=lambda r: (r["council"].casefold(), r["what"]))
    return [
        Table("silent", _("Councils silent in the period (no posts, signals, forwardings or assessments)"),
              [Column("council", _("Council"))], [{"council": name} for name in silent]),
        Table("backlogs", _("Review backlogs"),
              [Column("council", _("Council")), Column("what", _("What")), Column("count", _("Number"), "number")],
              backlog_rows),
        Table("people", _("How many people stand behind each figure"),
              [Column("figure", _("Figure")), Column("people", _("People"), "number")],
              [{"figure": t.caption, "people": t.people} for t in tables if t.people is not None]),
    ]


def build(reader, start: date | None = None, end: date | None = None, *, now: datetime | None = None) -> Digest:
    """The digest of `reader` for the days from `start` to `end` (this week by default)."""
    now = now or utcnow()
    if start is None or end is None:
        start, end = this_week(now.date())
    follows = following(reader)
    council_names, council_regions, region_names, destination_names = _names(follows.council_ids,
                                                                              follows.destination_ids)
    # Ages and deadlines are reckoned as at the end of the period, or now if it is not over: the
    # digest of a past week reads the same whenever it is asked for (page, e-mail, feed, exports).
    as_of = min(now, midnight(end + timedelta(days=1)))
    scope = Scope(reader, start, end, follows.council_ids, follows.destination_ids, council_names, council_regions,
                  region_names, destination_names, as_of)
    digest = Digest(reader, start, end, now, follows, sorted(council_names.values(), key=str.casefold),
                    sorted(destination_names.values(), key=str.casefold))
    if digest.empty:
        return digest
    parts: list[Part] = []
    for domain, found in sorted(events.collect(events.office_digest, scope).items()):
        parts += found or []
    by_section: dict[str, list[Table]] = {}
    for part in sorted(parts, key=lambda p: (SECTIONS.index(p.section), p.order)):
        by_section.setdefault(part.section, []).extend(part.tables)
    titles = section_titles()
    digest.sections.append(Section("bottom_line", titles["bottom_line"],
                                   _bottom_line([p for p in parts if p.section == "bottom_line"])))
    for key in SECTIONS[1:-1]:
        if key in by_section:
            digest.sections.append(Section(key, titles[key], by_section[key]))
    shown = [t for _s, t in ((s, t) for s in digest.sections for t in s.tables)]
    digest.sections.append(Section("notes", titles["notes"], _notes(scope, parts, shown)))
    return digest
