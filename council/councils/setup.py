"""Setting up the geography and the councils: countries, regions, councils and council roles.

Administrators (and the command line) call these. Each function flushes, records an audit event
and never commits: the view or the CLI command commits once. `actor=None` means the command line.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from council import permissions
from council.audit import services as audit
from council.auth import sessions
from council.auth.models import User, UserStatus
from council.core.refusals import Refusal
from council.councils.models import (
    Council,
    CouncilText,
    Country,
    MemberRole,
    Membership,
    MembershipStatus,
    Region,
)
from council.extensions import db, utcnow

ROLES = tuple(r.value for r in MemberRole)
NAME_MAX = 160  # CouncilText.name


# --- helpers -----------------------------------------------------------------------------------


def clean_names(names: dict[str, str] | None) -> dict[str, str]:
    """Names per language without blanks, trimmed."""
    return {lang: value.strip() for lang, value in (names or {}).items() if value and value.strip()}


def clean_texts(texts: dict[str, tuple[str, str]] | None) -> dict[str, tuple[str, str]]:
    """{language: (name, mandate)} without languages that have no name."""
    found = {}
    for lang, (name, mandate) in (texts or {}).items():
        name = (name or "").strip()
        if name:
            found[lang] = (name, (mandate or "").strip())
    return found


def council_names(council: Council) -> dict[str, str]:
    return {t.language: t.name for t in council.texts}


def council_mandates(council: Council) -> dict[str, str]:
    return {t.language: t.mandate for t in council.texts}


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _same_name(existing: dict[str, str], wanted: dict[str, str]) -> bool:
    """Does any name in `wanted` equal (ignoring case) the name in the same language in `existing`?"""
    return any(existing.get(lang, "").casefold() == name.casefold() for lang, name in wanted.items())


# --- countries ---------------------------------------------------------------------------------


def country_by_code(code: str) -> Country | None:
    return db.session.scalar(select(Country).where(func.upper(Country.code) == code.strip().upper()))


def _check_country(code: str, names: dict[str, str], country: Country | None = None) -> None:
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        raise Refusal(_("Use two or three Latin letters."))
    if not names:
        raise Refusal(_("Give the country's name in at least one language."))
    other = country_by_code(code)
    if other is not None and other is not country:
        raise Refusal(_("Another country already has the code %(code)s.", code=code))


def create_country(*, code: str, names: dict[str, str], actor: User | None) -> Country:
    code, names = code.strip().upper(), clean_names(names)
    _check_country(code, names)
    country = Country(code=code, names=names)
    db.session.add(country)
    db.session.flush()
    audit.record(actor, "country.create", country, after={"code": code, "names": names})
    return country


def edit_country(country: Country, *, code: str, names: dict[str, str], actor: User | None) -> bool:
    """Change the code and names; returns whether anything changed."""
    code, names = code.strip().upper(), clean_names(names)
    _check_country(code, names, country)
    before, after = _changes({"code": country.code, "names": dict(country.names or {})}, {"code": code, "names": names})
    if not after:
        return False
    country.code, country.names = code, names
    db.session.flush()
    audit.record(actor, "country.edit", country, before=before, after=after)
    return True


# --- regions -----------------------------------------------------------------------------------


def _check_region(country: Country, names: dict[str, str], region: Region | None = None) -> None:
    if not names:
        raise Refusal(_("Give the region's name in at least one language."))
    for other in db.session.scalars(select(Region).where(Region.country_id == country.id)):
        if other is not region and _same_name(other.names or {}, names):
            raise Refusal(_("This country already has a region with this name."))


def create_region(country: Country, *, names: dict[str, str], actor: User | None) -> Region:
    names = clean_names(names)
    _check_region(country, names)
    region = Region(country=country, names=names)
    db.session.add(region)
    db.session.flush()
    audit.record(actor, "region.create", region, after={"country": country.code, "names": names})
    return region


def edit_region(region: Region, *, names: dict[str, str], actor: User | None) -> bool:
    names = clean_names(names)
    _check_region(region.country, names, region)
    before, after = _changes({"names": dict(region.names or {})}, {"names": names})
    if not after:
        return False
    region.names = names
    db.session.flush()
    audit.record(actor, "region.edit", region, before=before, after=after)
    return True


def find_region(country: Country, name: str) -> Region | None:
    """The region of `country` called `name` in any language (ignoring case)."""
    wanted = name.strip().casefold()
    for region in db.session.scalars(select(Region).where(Region.country_id == country.id).order_by(Region.id)):
        if any(value.casefold() == wanted for value in (region.names or {}).values()):
            return region
    return None


# --- councils ----------------------------------------------------------------------------------


def _council_state(council: Council) -> dict[str, Any]:
    return {
        "region": dict(council.region.names or {}) if council.region else None,
        "names": council_names(council),
        "mandates": council_mandates(council),
        "working_languages": list(council.working_languages or []),
        "allow_anonymous": bool(council.allow_anonymous),
        "women_target_percent": council.women_target_percent,
    }


def _check_council(
    region: Region, texts: dict[str, tuple[str, str]], working_languages: list[str], women_target_percent: int,
    council: Council | None = None,
) -> None:
    if not texts:
        raise Refusal(_("Give the council's name in at least one language."))
    if any(len(name) > NAME_MAX for name, _mandate in texts.values()):
        raise Refusal(_("A council's name can have at most %(n)s characters.", n=NAME_MAX))
    if not working_languages:
        raise Refusal(_("Choose at least one working language."))
    if not any(lang in texts for lang in working_languages):
        raise Refusal(_("Give the council's name in at least one of its working languages."))
    if not 0 <= women_target_percent <= 100:
        raise Refusal(_("The target share of women must be between 0 and 100 per cent."))
    names = {lang: name for lang, (name, _mandate) in texts.items()}
    rows = db.session.scalars(
        select(CouncilText).join(Council).where(Council.region_id == region.id, CouncilText.language.in_(names))
    )
    for row in rows:
        if row.council is not council and row.name.casefold() == names[row.language].casefold():
            raise Refusal(_("This region already has a council with this name."))


def _set_texts(council: Council, texts: dict[str, tuple[str, str]]) -> None:
    current = {t.language: t for t in council.texts}
    for lang, row in current.items():
        if lang not in texts:
            council.texts.remove(row)
    for lang, (name, mandate) in texts.items():
        if lang in current:
            current[lang].name, current[lang].mandate = name, mandate
        else:
            council.texts.append(CouncilText(language=lang, name=name, mandate=mandate))


def create_council(
    *,
    region: Region,
    texts: dict[str, tuple[str, str]],
    working_languages: list[str],
    allow_anonymous: bool = False,
    women_target_percent: int = 50,
    actor: User | None,
) -> Council:
    """A new council in `region`; `texts` maps a language to (name, mandate)."""
    texts = clean_texts(texts)
    working_languages = list(dict.fromkeys(working_languages))
    _check_council(region, texts, working_languages, women_target_percent)
    council = Council(
        region=region,
        working_languages=working_languages,
        allow_anonymous=allow_anonymous,
        women_target_percent=women_target_percent,
    )
    _set_texts(council, texts)
    db.session.add(council)
    db.session.flush()
    audit.record(actor, "council.create", council, council_id=council.id, after=_council_state(council))
    return council


def edit_council(
    council: Council,
    *,
    region: Region,
    texts: dict[str, tuple[str, str]],
    working_languages: list[str],
    allow_anonymous: bool,
    women_target_percent: int,
    actor: User | None,
) -> bool:
    """Change a council; returns whether anything changed. The audit event keeps only what changed."""
    texts = clean_texts(texts)
    working_languages = list(dict.fromkeys(working_languages))
    _check_council(region, texts, working_languages, women_target_percent, council)
    state = _council_state(council)
    council.region = region
    council.working_languages = working_languages
    council.allow_anonymous = allow_anonymous
    council.women_target_percent = women_target_percent
    _set_texts(council, texts)
    db.session.flush()
    before, after = _changes(state, _council_state(council))
    if not after:
        return False
    audit.record(actor, "council.edit", council, council_id=council.id, before=before, after=after)
    return True


# --- council roles -----------------------------------------------------------------------------


def council_staff(council: Council) -> list[Membership]:
    """The active facilitators and observers of `council`, with their accounts."""
    from sqlalchemy.orm import selectinload

    return list(
        db.session.scalars(
            select(Membership)
            .where(
                Membership.council_id == council.id,
                Membership.status == MembershipStatus.ACTIVE.value,
                Membership.role.in_((MemberRole.FACILITATOR.value, MemberRole.OBSERVER.value)),
            )
            .options(selectinload(Membership.user))
            .order_by(Membership.role, Membership.id)
        )
    )


def set_council_role(council: Council, user: User, role: str | None, *, actor: User | None) -> Membership | None:
    """Give `user` an active membership of `council` with `role`, or end it (role None).

    Granting makes the membership active whatever it was before (applied, declined, left...);
    removing marks it "left". Returns the membership, or None when there was no active one to remove."""
    if role is not None and role not in ROLES:
        raise ValueError(role)
    if user.status == UserStatus.DELETED.value:
        raise Refusal(_("This account has been deleted."))
    m = db.session.scalar(select(Membership).where(Membership.council_id == council.id, Membership.user_id == user.id))
    if role is None:
        if m is None or m.status != MembershipStatus.ACTIVE.value:
            return None
        before = {"role": m.role, "status": m.status}
        m.status = MembershipStatus.LEFT.value
    else:
        if m is None:
            m = Membership(council=council, user=user, constituency=user.constituency, statement="")
            db.session.add(m)
            before = None
        else:
            before = {"role": m.role, "status": m.status}
            if before == {"role": role, "status": MembershipStatus.ACTIVE.value}:
                return m
        m.role, m.status = role, MembershipStatus.ACTIVE.value
        m.decided_by_id, m.decided_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    permissions.forget_memberships()
    audit.record(actor, "membership.role", m, council_id=council.id, before=before, after={"role": m.role, "status": m.status})
    sessions.security_changed(user, actor=actor, reason="role")
    return m
