"""What the councils pages read: names in the reader's language, the directory, and composition
figures with disclosure control. Nothing here changes the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from babel import Locale
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council import i18n
from council.auth.choices import CONSTITUENCIES, GENDERS
from council.auth.models import User
from council.councils.models import (
    Council,
    Country,
    Invitation,
    MemberRole,
    Membership,
    MembershipStatus,
    Region,
)
from council.extensions import db, utcnow

# Labels of the values people see.
ROLE_LABELS = {
    MemberRole.MEMBER.value: _l("Member"),
    MemberRole.FACILITATOR.value: _l("Facilitator"),
    MemberRole.OBSERVER.value: _l("Observer"),
}
STATUS_LABELS = {
    MembershipStatus.APPLIED.value: _l("Application waiting"),
    MembershipStatus.ACTIVE.value: lazy_pgettext("membership status", "Active"),
    MembershipStatus.DECLINED.value: _l("Application declined"),
    MembershipStatus.SUSPENDED.value: lazy_pgettext("membership status", "Suspended"),
    MembershipStatus.LEFT.value: lazy_pgettext("membership status", "Left"),
}
NOT_STATED = ""  # the key of people who did not say (gender or group)
NOT_STATED_LABEL = _l("Not stated")

# Roles whose holders make up the council (observers watch; they do not represent a group).
COMPOSING_ROLES = (MemberRole.MEMBER.value, MemberRole.FACILITATOR.value)


# --- names and texts in the reader's language --------------------------------------------------


def reader_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_label(code: str | None) -> str:
    """The name of a language in the reader's language ("French" for an English reader)."""
    if not code:
        return ""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(reader_language()) or code
    except (ValueError, TypeError):
        return code


@dataclass(frozen=True)
class Localized:
    """A text people wrote, in the language chosen for this reader."""

    text: str
    lang: str | None
    fallback: bool  # not in the reader's language

    @property
    def note(self) -> str:
        """"(in French)": said next to a text shown in another language than the reader's."""
        if not self.fallback or not self.lang:
            return ""
        return _("(in %(language)s)", language=language_label(self.lang))

    def __str__(self) -> str:
        return self.text


def _localized(texts: Mapping[str, str], fallbacks: Iterable[str | None]) -> Localized:
    texts = {k: v for k, v in texts.items() if v}
    code = i18n.pick(texts.keys(), *fallbacks)
    if code is None:
        return Localized("", None, False)
    return Localized(texts[code], code, code.split("_")[0] != reader_language().split("_")[0])


def council_name(council: Council) -> Localized:
    """The council's name in the reader's language, else its first working language (marked)."""
    return _localized({t.language: t.name for t in council.texts}, council.working_languages or ())


def council_mandate(council: Council) -> Localized:
    return _localized({t.language: t.mandate for t in council.texts}, council.working_languages or ())


def place_name(place: Country | Region | None) -> Localized:
    """A country's or region's name (kept per language by the administrators)."""
    if place is None:
        return Localized("", None, False)
    text, code = i18n.localized(place.names)
    return Localized(text, code, bool(code) and code != reader_language())


def constituency_label(key: str | None) -> str:
    if not key:
        return str(NOT_STATED_LABEL)
    return str(CONSTITUENCIES.get(key, key))


def gender_label(key: str | None) -> str:
    if not key:
        return str(NOT_STATED_LABEL)
    return str(GENDERS.get(key, key))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def default_invitation_language(council: Council) -> str:
    """The council's first working language the site speaks, else the reader's."""
    supported = current_app.config["LANGUAGES"]
    return next((code for code in council.working_languages or () if code in supported), reader_language())


# --- composition, with disclosure control ------------------------------------------------------


SHOWN = "shown"
SMALL = "small"  # between 1 and threshold - 1 people: "fewer than 5"
WITHHELD = "withheld"  # hidden so that a small cell cannot be worked out from the total


@dataclass(frozen=True)
class Cell:
    key: str
    state: str
    count: int | None  # None unless shown
    share: float | None  # of the total, None unless shown

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


@dataclass(frozen=True)
class Breakdown:
    """Figures safe to show: counts only where at least `threshold` people stand behind them."""

    threshold: int
    hidden: bool  # fewer than `threshold` people in all: nothing is shown
    total: int | None
    cells: tuple[Cell, ...]
    base: int = 1  # counts (and the total) rounded to a multiple of this (council.councils.composition)

    def cell(self, key: str) -> Cell | None:
        return next((c for c in self.cells if c.key == key), None)


def disclose(counts: Mapping[str, int], threshold: int) -> Breakdown:
    """Apply disclosure control to one breakdown (e.g. people by gender).

    - fewer than `threshold` people in all: everything is hidden;
    - a cell with 1 to threshold-1 people is shown as "fewer than threshold" (primary suppression);
    - if exactly one cell is suppressed, the smallest other non-empty cell is withheld too, so
      that the suppressed one cannot be derived from the total (secondary suppression);
    - empty cells show 0.
    Cells keep the order of `counts`; ties are broken by that order."""
    total = sum(counts.values())
    if total < threshold:
        return Breakdown(threshold, True, None, tuple(Cell(k, WITHHELD, None, None) for k in counts))
    states = {k: (SMALL if 0 < n < threshold else SHOWN) for k, n in counts.items()}
    small = [k for k, s in states.items() if s == SMALL]
    if len(small) == 1:
        candidates = [k for k, n in counts.items() if states[k] == SHOWN and n > 0]
        # There is always one: the total is at least `threshold` and the small cell is below it.
        smallest = min(candidates, key=lambda k: counts[k])
        states[smallest] = WITHHELD
    cells = tuple(
        Cell(k, s, counts[k] if s == SHOWN else None, counts[k] / total if s == SHOWN else None)
        for k, s in states.items()
    )
    return Breakdown(threshold, False, total, cells)


@dataclass(frozen=True)
class Composition:
    by_gender: Breakdown
    by_group: Breakdown
    women_target_percent: int

    @property
    def women_share(self) -> float | None:
        cell = self.by_gender.cell("woman")
        return cell.share if cell is not None else None


# Who stands behind the figures: (gender, group) of each person.
Person = tuple[str | None, str | None]


def counts_of(people: Iterable[Person]) -> tuple[dict[str, int], dict[str, int]]:
    """How many of `people` there are of each gender and of each group (the cells a breakdown shows)."""
    people = list(people)
    genders = Counter((g if g in GENDERS else NOT_STATED) for g, _group in people)
    groups = Counter((c if c in CONSTITUENCIES else NOT_STATED) for _g, c in people)
    # Women and men always appear (their balance is the point); other cells only when not empty.
    gender_counts = {"woman": genders["woman"], "man": genders["man"]}
    for key in ("other", NOT_STATED):
        if genders[key]:
            gender_counts[key] = genders[key]
    group_counts = {key: groups[key] for key in (*CONSTITUENCIES, NOT_STATED) if groups[key]}
    return gender_counts, group_counts


def composition_of(people: Iterable[Person], *, women_target_percent: int, threshold: int) -> Composition:
    """Breakdowns by gender and by group of `people`, with disclosure control. Pure."""
    gender_counts, group_counts = counts_of(people)
    return Composition(
        by_gender=disclose(gender_counts, threshold),
        by_group=disclose(group_counts, threshold),
        women_target_percent=women_target_percent,
    )


def threshold() -> int:
    return int(current_app.config["COMPOSITION_THRESHOLD"])


def people_of(council_id: int, user_ids) -> list[Person]:
    """(gender, group) of each person whose id `user_ids` (a SELECT of user ids) gives, the group
    being the one their membership of this council states; one query. Every participation figure
    (a thread's, a summary's, the council's participation page) is computed from this."""
    group = (
        select(Membership.constituency)
        .where(Membership.user_id == User.id, Membership.council_id == council_id)
        .limit(1)
        .scalar_subquery()
    )
    return [(g, c) for g, c in db.session.execute(select(User.gender, group).where(User.id.in_(user_ids)))]


def breakdown_json(b: Breakdown) -> dict:
    """What may be kept and shown of a breakdown: nothing at all (not even which groups exist)
    when fewer than `threshold` people stand behind it."""
    if b.hidden:
        return {"hidden": True, "total": None, "cells": []}
    return {
        "hidden": False,
        "total": b.total,
        "cells": [{"key": c.key, "state": c.state, "count": c.count, "share": c.share} for c in b.cells],
    }


def breakdown_from_json(data: Mapping | None, threshold: int) -> Breakdown:
    """A kept breakdown (breakdown_json), as the breakdown tables show it."""
    data = data or {}
    cells = tuple(
        Cell(str(c.get("key", "")), str(c.get("state", WITHHELD)), c.get("count"), c.get("share"))
        for c in data.get("cells") or ()
    )
    return Breakdown(threshold, bool(data.get("hidden", True)), data.get("total"), cells)


def members_behind_figures(council: Council) -> list[Person]:
    """(gender, group) of every active member and facilitator of `council`, in one query."""
    rows = db.session.execute(
        select(User.gender, Membership.constituency)
        .join(User, Membership.user_id == User.id)
        .where(
            Membership.council_id == council.id,
            Membership.status == MembershipStatus.ACTIVE.value,
            Membership.role.in_(COMPOSING_ROLES),
        )
    )
    return [(g, c) for g, c in rows]


def composition(council: Council) -> Composition:
    return composition_of(
        members_behind_figures(council), women_target_percent=council.women_target_percent, threshold=threshold()
    )


def projected_composition(council: Council, applications: list[Membership]) -> Composition:
    """The composition by group the council would have if every application were approved (the
    applications queue shows it once, not once per applicant).

    The applicants' gender is left out: set beside today's figures, a projected gender figure
    would tell the facilitator an applicant's gender, which is only ever used in aggregate."""
    people = members_behind_figures(council)
    return composition_of(
        [*people, *((None, m.constituency) for m in applications if m.role in COMPOSING_ROLES)],
        women_target_percent=council.women_target_percent,
        threshold=threshold(),
    )


# --- loading what pages show ---------------------------------------------------------------------


def _sort_key(localized: Localized) -> str:
    return localized.text.casefold()


@dataclass(frozen=True)
class RegionEntry:
    region: Region
    councils: list[Council]


@dataclass(frozen=True)
class CountryEntry:
    country: Country
    regions: list[RegionEntry]


def directory() -> list[CountryEntry]:
    """Every council, by country and region, in a fixed number of queries."""
    countries = db.session.scalars(
        select(Country).options(
            selectinload(Country.regions).selectinload(Region.councils).selectinload(Council.texts)
        )
    ).all()
    entries = []
    for country in countries:
        regions = [
            RegionEntry(region, sorted(region.councils, key=lambda c: _sort_key(council_name(c))))
            for region in country.regions
            if region.councils
        ]
        if regions:
            regions.sort(key=lambda e: _sort_key(place_name(e.region)))
            entries.append(CountryEntry(country, regions))
    entries.sort(key=lambda e: _sort_key(place_name(e.country)))
    return entries


def council_options():
    """Loader options for showing a council with its names and place."""
    return (selectinload(Council.texts), selectinload(Council.region).selectinload(Region.country))


def preview(limit: int = 6) -> list[Council]:
    """A few councils for the home page."""
    return list(db.session.scalars(select(Council).options(*council_options()).order_by(Council.id).limit(limit)))


def applications(council: Council) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.council_id == council.id, Membership.status == MembershipStatus.APPLIED.value)
            .options(selectinload(Membership.user))
            .order_by(Membership.created_at, Membership.id)
        )
    )


def members(council: Council, *, include_suspended: bool) -> list[Membership]:
    statuses = [MembershipStatus.ACTIVE.value]
    if include_suspended:
        statuses.append(MembershipStatus.SUSPENDED.value)
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.council_id == council.id, Membership.status.in_(statuses))
        .options(selectinload(Membership.user))
    ).all()
    order = {MemberRole.FACILITATOR.value: 0, MemberRole.MEMBER.value: 1, MemberRole.OBSERVER.value: 2}
    return sorted(rows, key=lambda m: (m.status != "active", order.get(m.role, 9), m.user.display_name.casefold()))


def pending_invitations(council: Council) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.council_id == council.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )
