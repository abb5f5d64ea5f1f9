"""The participation picture of a council ("who has not been heard"): over a period, who took part
— posts, endorsements and objections, and the activities of higher domains (early-warning signals,
monitoring assessments) — by gender and by group, against the council's composition.

Every figure about people comes from the one computation the adopted summaries use
(council.deliberations.participation and council.councils.queries.people_of / composition_of), so
the five-person rule and secondary suppression hold here exactly as there: a breakdown with fewer
than five people behind it is not shown at all, a small cell reads "fewer than 5", and where one
small cell could be worked out from the total another cell is withheld too.

Higher domains add their activities by answering the collecting event
`events.participation_sources` with `(key, Source)`; what they count is only what the reader may
see of them. Nothing here changes the database; the page runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union

from council import events
from council.agendas.models import AgendaItem
from council.auth.choices import CONSTITUENCIES
from council.councils import composition as published_composition
from council.councils import queries as council_queries
from council.councils.models import Council, Membership, MembershipStatus
from council.deliberations import participation as thread_participation
from council.extensions import db, utcnow
from council.summaries.models import Stance, Summary

# --- the period -----------------------------------------------------------------------------------

# Periods are whole calendar months, so that two periods that differ by a day cannot be set side by
# side to single out what one person did on that day.
PERIODS = {
    "month": _l("This month"),
    "last_month": _l("Last month"),
    "quarter": _l("The last three months"),
    "year": _l("The last twelve months"),
    "all": _l("Since the council began"),
}
DEFAULT_PERIOD = "quarter"


def _month_start(moment: datetime, back: int = 0) -> datetime:
    months = moment.year * 12 + moment.month - 1 - back
    return datetime(months // 12, months % 12 + 1, 1, tzinfo=timezone.utc)


def period_bounds(key: str, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """[since, until) of a period key (an unknown key is the default period)."""
    now = (now or utcnow()).astimezone(timezone.utc)
    key = key if key in PERIODS else DEFAULT_PERIOD
    if key == "all":
        return None, None
    if key == "last_month":
        return _month_start(now, 1), _month_start(now)
    back = {"month": 0, "quarter": 2, "year": 11}[key]
    return _month_start(now, back), None


# --- what counts as taking part -------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One kind of activity: a label, how many actions (a SELECT of one count) and who did them (a
    SELECT of user ids). `order` places it among the others."""

    label: Any
    actions: Any
    people: Any
    order: int = 50


def _within(column, since: datetime | None, until: datetime | None) -> list:
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until)
    return conditions


def _stance_sources(council: Council, since, until) -> dict[str, Source]:
    sources = {}
    for value, label, order in (("endorse", _l("Endorsements of summaries"), 20),
                                ("object", _l("Objections to summaries"), 30)):
        where = [Summary.council_id == council.id, Stance.value == value, *_within(Stance.updated_at, since, until)]
        base = select(Stance.user_id).join(Summary, Stance.summary_id == Summary.id).where(*where)
        sources[value] = Source(label, select(func.count()).select_from(base.subquery()), base.distinct(), order)
    return sources


# --- the picture ------------------------------------------------------------------------------------


@dataclass
class Activity:
    key: str
    label: str
    actions: int
    people: int
    by_gender: council_queries.Breakdown
    by_group: council_queries.Breakdown
    anonymous: int = 0  # anonymous posts: counted as actions, never as people


@dataclass
class Picture:
    council: Council
    period: str
    since: datetime | None
    until: datetime | None
    threshold: int
    activities: list[Activity]
    anyone: Activity  # people who took part in any of the ways counted
    composition: council_queries.Composition  # the public figures (as of the month's start, rounded)
    as_of: datetime
    gender_keys: list[str] = field(default_factory=list)
    group_keys: list[str] = field(default_factory=list)

    @property
    def last_day(self) -> datetime | None:
        """The last day the period holds, when it ends before today."""
        return self.until - timedelta(days=1) if self.until is not None else None


def _breakdowns(council: Council, people: list, threshold: int) -> council_queries.Composition:
    return council_queries.composition_of(people, women_target_percent=council.women_target_percent,
                                          threshold=threshold)


def picture(council: Council, viewer, period: str = DEFAULT_PERIOD, now: datetime | None = None) -> Picture:
    """Everything the participation page shows, in a fixed number of queries."""
    period = period if period in PERIODS else DEFAULT_PERIOD
    since, until = period_bounds(period, now)
    threshold = council_queries.threshold()

    posts = thread_participation.figures(council, since=since, until=until)
    activities = [Activity(
        "posts", str(_l("Posts")), posts["posts"], posts["contributors"],
        council_queries.breakdown_from_json(posts["by_gender"], threshold),
        council_queries.breakdown_from_json(posts["by_group"], threshold),
        anonymous=posts["anonymous_posts"],
    )]
    post_authors = thread_participation.named_authors_in(council.id, since=since, until=until)

    sources = _stance_sources(council, since, until)
    sources.update(events.collect(events.participation_sources, council, viewer=viewer, since=since, until=until))
    for key, source in sorted(sources.items(), key=lambda kv: (kv[1].order, kv[0])):
        people = council_queries.people_of(council.id, source.people)
        split = _breakdowns(council, people, threshold)
        activities.append(Activity(key, str(source.label), db.session.scalar(source.actions) or 0, len(people),
                                   split.by_gender, split.by_group))

    everyone = council_queries.people_of(council.id, union(post_authors, *(s.people for s in sources.values())))
    split = _breakdowns(council, everyone, threshold)
    anyone = Activity("anyone", str(_l("Took part in any way")), sum(a.actions for a in activities), len(everyone),
                      split.by_gender, split.by_group)

    published = published_composition.published(council, now)
    gender_keys = _keys(published.composition.by_gender, anyone.by_gender, *(a.by_gender for a in activities))
    group_keys = _keys(published.composition.by_group, anyone.by_group, *(a.by_group for a in activities))
    return Picture(council, period, since, until, threshold, activities, anyone, published.composition,
                   published.as_of, gender_keys, group_keys)


def _keys(*breakdowns: council_queries.Breakdown) -> list[str]:
    """The cells to show, in the order the first breakdown that has each gives."""
    keys: list[str] = []
    for b in breakdowns:
        for cell in b.cells:
            if cell.key not in keys:
                keys.append(cell.key)
    return keys


# --- an open item: the groups not heard yet -------------------------------------------------------


def silent_groups(item: AgendaItem) -> list[str]:
    """The groups the council's members and facilitators represent of which nobody has posted under
    their name in the thread of `item` (anonymous posts are left out, so that nothing here tells
    anything about who wrote them). For facilitators, who see the member list with its groups."""
    council_id = item.council_id
    members = select(Membership.constituency).where(
        Membership.council_id == council_id, Membership.status == MembershipStatus.ACTIVE.value,
        Membership.role.in_(council_queries.COMPOSING_ROLES), Membership.constituency.is_not(None),
        Membership.constituency != "",
    ).distinct()
    heard = select(Membership.constituency).where(
        Membership.council_id == council_id,
        Membership.user_id.in_(thread_participation.named_authors(council_id, item.id)),
    )
    rows = set(db.session.scalars(members.where(Membership.constituency.not_in(heard.where(
        Membership.constituency.is_not(None))))))
    return [key for key in CONSTITUENCIES if key in rows]


def members_of_groups(council_id: int, groups: list[str]) -> list[int]:
    """The active members and facilitators of the council who represent one of `groups`."""
    if not groups:
        return []
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.council_id == council_id, Membership.status == MembershipStatus.ACTIVE.value,
        Membership.role.in_(council_queries.COMPOSING_ROLES), Membership.constituency.in_(groups))))
