"""Reading monitoring data: labels, who sees which assessments (the scope, applied in SQL), and the
pages' loads in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, func, or_, select, true
from sqlalchemy.orm import raiseload, selectinload

from council import i18n
from council.councils.models import Council, Region
from council.councils.queries import Localized, reader_language
from council.extensions import db
from council.monitoring.models import (Agreement, Assessment, AssessmentStatus, Evidence, MinorityView, Provision,
                                       ProvisionCategory, score_of)
from council.permissions import Permission, council_ids_with

STAGE_LABELS = {
    "pre_negotiation": _l("Pre-negotiation and process"),
    "ceasefire": _l("Ceasefire and related"),
    "framework_partial": _l("Framework, partial"),
    "framework_comprehensive": _l("Framework, comprehensive"),
    "implementation": _l("Implementation and renegotiation"),
    "renewal": _l("Renewal"),
}
CADENCE_LABELS = {"monthly": _l("Monthly"), "quarterly": _l("Quarterly"), "half_yearly": _l("Every six months"),
                  "yearly": _l("Yearly")}
RATING_LABELS = {
    "0": _l("0 – not initiated"),
    "1": _l("1 – minimal"),
    "2": _l("2 – intermediate"),
    "3": _l("3 – full"),
    "not_applicable": _l("Not applicable here"),
    "insufficient": _l("Insufficient information"),
}
CONFIDENCE_LABELS = {"low": _l("Low"), "medium": _l("Medium"), "high": _l("High")}
EVIDENCE_LABELS = {
    "document": _l("Document or link"),
    "statement": _l("Official statement"),
    "site_visit": _l("Site visit"),
    "consultation": _l("Community consultation"),
    "statistic": _l("Statistic"),
    "signal": _l("Early-warning signal"),
}
SCALE_LABELS = {"local": _l("Local"), "regional": _l("Regional"), "national": _l("National"),
                "international": _l("International")}
HISTORY_LABELS = {"draft": _l("Drafted"), "edit": _l("Changed"), "review": _l("Reviewed"), "publish": _l("Published"),
                  "evidence": _l("Evidence added"), "minority": _l("Minority view recorded")}
STATUS_LABELS = {"draft": _l("Draft"), "reviewed": _l("Reviewed"), "published": _l("Published")}
TREND_LABELS = {"up": _l("improved since the previous period"), "down": _l("regressed since the previous period"),
                "same": _l("unchanged since the previous period")}
CATEGORY_LABELS = {
    "ceasefire": _l("Ceasefire"),
    "ddr": _l("Disarmament, demobilisation and reintegration"),
    "security_sector_reform": _l("Security sector reform"),
    "power_sharing": _l("Power sharing"),
    "elections": _l("Elections"),
    "constitutional_reform": _l("Constitutional reform"),
    "decentralisation": _l("Decentralisation"),
    "land_and_resources": _l("Land and natural resources"),
    "refugees_and_displaced": _l("Return of refugees and displaced people"),
    "human_rights": _l("Human rights"),
    "women_rights_participation": _l("Women's rights and participation"),
    "transitional_justice": _l("Transitional justice"),
    "reparations": _l("Reparations"),
    "economic_social_development": _l("Economic and social development"),
    "verification": _l("Verification mechanism"),
}


def label(labels: dict, key) -> str:
    return str(labels.get(key if key is None else str(key), key if key is not None else ""))


def _pick(texts: dict[str, str]) -> Localized:
    text, code = i18n.localized(texts)
    return Localized(text, code, bool(code) and code != reader_language())


def agreement_title(agreement: Agreement) -> Localized:
    return _pick({t.language: t.title for t in agreement.texts})


def agreement_short(agreement: Agreement) -> Localized:
    short = _pick({t.language: t.short_name for t in agreement.texts})
    return short if short.text else agreement_title(agreement)


def provision_title(provision: Provision) -> Localized:
    return _pick({t.language: t.title for t in provision.texts})


def provision_excerpt(provision: Provision) -> Localized:
    return _pick({t.language: t.excerpt for t in provision.texts})


def category_name(category: ProvisionCategory) -> str:
    """An admin's own name in the reader's language first, else the catalogue's translated label."""
    if category.names.get(reader_language()):
        return category.names[reader_language()]
    if category.key in CATEGORY_LABELS:
        return str(CATEGORY_LABELS[category.key])
    return i18n.localized(category.names)[0] or category.key


# --- who sees which assessments --------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Published assessments a person may read: every council's (councils None) or those of
    `councils`, with confidential ones; and, on a public matrix, every council's non-confidential."""

    councils: frozenset[int] | None
    public: bool

    def condition(self):
        own = true() if self.councils is None else Assessment.council_id.in_(self.councils or [-1])
        others = and_(true() if self.public else false(), Assessment.confidential.is_(False))
        return and_(Assessment.status == AssessmentStatus.PUBLISHED.value, or_(own, others))

    @property
    def everything(self) -> bool:
        return self.councils is None


def scope_for(user, agreement: Agreement) -> Scope | None:
    """What `user` may read of `agreement`'s assessments, or None when nothing at all."""
    councils = council_ids_with(user, Permission.VIEW_MONITORING)
    if councils is None:
        return Scope(None, False)
    if councils:
        councils = set(db.session.scalars(select(Council.id).join(Region).where(
            Council.id.in_(councils), Region.country_id == agreement.country_id)))
    if not councils and not agreement.matrix_public:
        return None
    return Scope(frozenset(councils), agreement.matrix_public)


def provision_options():
    return (selectinload(Provision.texts), selectinload(Provision.regions), selectinload(Provision.category))


def agreement(agreement_id: int) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.id == agreement_id)
                             .options(selectinload(Agreement.texts), selectinload(Agreement.country)))


def agreements(country_id: int | None = None) -> list[Agreement]:
    query = select(Agreement).options(selectinload(Agreement.texts)).order_by(Agreement.signed_on.desc(),
                                                                              Agreement.id.desc())
    if country_id is not None:
        query = query.where(Agreement.country_id == country_id)
    return list(db.session.scalars(query))


def provisions(agreement: Agreement) -> list[Provision]:
    return list(db.session.scalars(select(Provision).where(Provision.agreement_id == agreement.id)
                                   .options(*provision_options()).order_by(Provision.position, Provision.id)))


def regions(agreement: Agreement) -> list[Region]:
    return list(db.session.scalars(select(Region).where(Region.country_id == agreement.country_id)
                                   .order_by(Region.id)))


def categories() -> list[ProvisionCategory]:
    return list(db.session.scalars(select(ProvisionCategory).order_by(ProvisionCategory.position,
                                                                      ProvisionCategory.id)))


def published(agreement: Agreement, scope: Scope, provision_id: int | None = None) -> list[Assessment]:
    """Published assessments of `agreement` that `scope` lets one read, oldest period first, with
    their minority views and evidence."""
    query = (select(Assessment).join(Provision).where(Provision.agreement_id == agreement.id, scope.condition())
             .options(selectinload(Assessment.minority_views), selectinload(Assessment.evidence))
             .order_by(Assessment.period_start, Assessment.id))
    if provision_id is not None:
        query = query.where(Assessment.provision_id == provision_id)
    return list(db.session.scalars(query))


@dataclass
class Published:
    """What the matrix needs of the published assessments, in three queries whatever their number."""

    assessments: list[Assessment]
    minority_scores: dict[int, list[int]]  # assessment id -> levels of its minority views
    evidence_counts: dict[int, int]


def published_for_matrix(agreement: Agreement, scope: Scope) -> Published:
    where = (Provision.agreement_id == agreement.id, scope.condition())
    assessments = list(db.session.scalars(
        select(Assessment).join(Provision).where(*where).options(raiseload("*"))
        .order_by(Assessment.period_start, Assessment.id)))
    minority: dict[int, list[int]] = {}
    for aid, rating in db.session.execute(select(MinorityView.assessment_id, MinorityView.rating)
                                          .join(Assessment).join(Provision).where(*where)):
        if score_of(rating) is not None:
            minority.setdefault(aid, []).append(score_of(rating))
    counts = dict(db.session.execute(select(Evidence.assessment_id, func.count()).join(Assessment).join(Provision)
                                     .where(*where).group_by(Evidence.assessment_id)).tuples().all())
    return Published(assessments, minority, counts)


def council_assessments(council: Council, agreement: Agreement) -> dict[int, list[Assessment]]:
    """Every assessment of the council for the agreement (drafts too), newest period first."""
    rows = db.session.scalars(
        select(Assessment).join(Provision).where(Provision.agreement_id == agreement.id,
                                                 Assessment.council_id == council.id)
        .order_by(Assessment.period_start.desc()))
    found: dict[int, list[Assessment]] = {}
    for a in rows:
        found.setdefault(a.provision_id, []).append(a)
    return found


def assessment_for(council: Council, assessment_id: int) -> Assessment | None:
    """One of the council's assessments, with what its page shows."""
    return db.session.scalar(
        select(Assessment).where(Assessment.id == assessment_id, Assessment.council_id == council.id)
        .options(selectinload(Assessment.evidence), selectinload(Assessment.minority_views),
                 selectinload(Assessment.changes), selectinload(Assessment.provision).options(*provision_options())))


def place(region: Region) -> str:
    """A region's name in the reader's language (for exports and labels)."""
    return i18n.localized(region.names)[0]
