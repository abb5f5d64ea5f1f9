"""Changes to agreements, provisions and assessments. Services flush, record the change in the
assessment's history and in the audit log, and never commit (the request does)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from council import events
from council.audit.services import record
from council.core.refusals import Conflict, NotAllowed, Refusal
from council.councils.models import Council, Region
from council.extensions import db, utcnow
from council.monitoring import signal_links
from council.monitoring.models import (CADENCES, DEFAULT_CATEGORIES, EVIDENCE_KINDS, RATINGS, SOURCE_SCALES, STAGES,
                                       Agreement, AgreementText, Assessment, AssessmentChange, AssessmentStatus,
                                       Evidence, MinorityView, MonitoringSettings, Provision, ProvisionCategory,
                                       ProvisionText)
from council.permissions import Permission, can

AGREEMENT_FIELDS = ("signed_on", "parties", "third_parties", "stage", "text_url", "text_languages")
PROVISION_FIELDS = ("reference", "responsible_actors", "deadline", "gender_stipulation")
ASSESSMENT_FIELDS = ("rating", "confidence", "rationale", "gender_analysis", "women_rating", "men_rating",
                     "confidential")


# --- the category catalogue ----------------------------------------------------------------------


def seed_categories() -> int:
    """Add the common categories that are missing; returns how many were added."""
    have = set(db.session.scalars(select(ProvisionCategory.key)))
    added = 0
    for position, key in enumerate(DEFAULT_CATEGORIES):
        if key not in have:
            db.session.add(ProvisionCategory(key=key, names={}, position=position))
            added += 1
    db.session.flush()
    return added


def category_by_key(key: str) -> ProvisionCategory | None:
    return db.session.scalar(select(ProvisionCategory).where(ProvisionCategory.key == key))


# --- agreements and provisions (administrators) --------------------------------------------------


def _texts(holder, model, texts: dict[str, dict[str, str]], **parent) -> None:
    """Replace the per-language texts of `holder` by `texts` ({language: {field: value}})."""
    existing = {t.language: t for t in holder.texts}
    for language, values in texts.items():
        if not any(values.values()):
            continue
        text = existing.pop(language, None) or model(language=language, **parent)
        for name, value in values.items():
            setattr(text, name, value)
        if text not in holder.texts:
            holder.texts.append(text)
    for text in existing.values():
        holder.texts.remove(text)


def _check_agreement(values: dict[str, Any], texts: dict[str, dict[str, str]]) -> None:
    if values.get("stage") not in STAGES:
        raise Refusal(_("Choose one of the stages in the list."), field="stage")
    if not any(t.get("title") for t in texts.values()):
        raise Refusal(_("Give the title in at least one language."), field="title")


def create_agreement(*, country_id: int, texts: dict[str, dict[str, str]], actor, **values) -> Agreement:
    _check_agreement(values, texts)
    agreement = Agreement(country_id=country_id, **{k: values[k] for k in AGREEMENT_FIELDS if k in values})
    _texts(agreement, AgreementText, texts)
    db.session.add(agreement)
    db.session.flush()
    record(actor, "agreement.create", agreement, after={"stage": agreement.stage})
    return agreement


def update_agreement(agreement: Agreement, *, texts: dict[str, dict[str, str]], actor, **values) -> None:
    _check_agreement(values, texts)
    before = {k: str(getattr(agreement, k)) for k in (*AGREEMENT_FIELDS, "matrix_public")}
    for name in (*AGREEMENT_FIELDS, "matrix_public"):
        if name in values:
            setattr(agreement, name, values[name])
    _texts(agreement, AgreementText, texts)
    db.session.flush()
    record(actor, "agreement.edit", agreement, before=before,
           after={k: str(getattr(agreement, k)) for k in (*AGREEMENT_FIELDS, "matrix_public")})


def _regions_of(agreement: Agreement, region_ids: list[int]) -> list[Region]:
    regions = db.session.scalars(select(Region).where(Region.id.in_(region_ids or [-1]),
                                                      Region.country_id == agreement.country_id)).all()
    if len(regions) != len(set(region_ids)):
        raise Refusal(_("Choose regions of the agreement's country."), field="regions")
    return list(regions)


def save_provision(agreement: Agreement, provision: Provision | None, *, texts: dict[str, dict[str, str]],
                   category_id: int, region_ids: list[int], actor, **values) -> Provision:
    """Add a provision to `agreement` (provision None) or change one of its provisions."""
    if not any(t.get("title") for t in texts.values()):
        raise Refusal(_("Give the title in at least one language."), field="title")
    if db.session.get(ProvisionCategory, category_id) is None:
        raise Refusal(_("Choose one of the categories in the list."), field="category")
    clash = db.session.scalar(select(Provision.id).where(Provision.agreement_id == agreement.id,
                                                         Provision.reference == values.get("reference")))
    if clash is not None and (provision is None or clash != provision.id):
        raise Conflict(_("This agreement already has a provision with that reference."), field="reference")
    creating = provision is None
    if creating:
        position = len(agreement.provisions)
        provision = Provision(agreement=agreement, position=position)
        db.session.add(provision)
    for name in PROVISION_FIELDS:
        if name in values:
            setattr(provision, name, values[name])
    provision.category_id = category_id
    provision.regions = _regions_of(agreement, region_ids)
    _texts(provision, ProvisionText, texts)
    db.session.flush()
    record(actor, "provision.create" if creating else "provision.edit", provision,
           after={"reference": provision.reference, "category_id": category_id})
    return provision


# --- cadence and periods -------------------------------------------------------------------------


def cadence_of(council: Council) -> str:
    settings = db.session.get(MonitoringSettings, council.id)
    return settings.cadence if settings else "quarterly"


def set_cadence(council: Council, cadence: str, *, actor) -> None:
    if cadence not in CADENCES:
        raise Refusal(_("Choose one of the cadences in the list."), field="cadence")
    settings = db.session.get(MonitoringSettings, council.id) or MonitoringSettings(council_id=council.id)
    before = settings.cadence
    settings.cadence = cadence
    db.session.add(settings)
    db.session.flush()
    record(actor, "monitoring.cadence", council, council_id=council.id, before={"cadence": before},
           after={"cadence": cadence})


def period_for(cadence: str, day: date) -> tuple[str, date]:
    """The period of `cadence` that contains `day`: its key (2026-Q3) and its first day."""
    if cadence == "monthly":
        return f"{day.year}-{day.month:02d}", date(day.year, day.month, 1)
    if cadence == "half_yearly":
        half = 1 if day.month <= 6 else 2
        return f"{day.year}-H{half}", date(day.year, 1 if half == 1 else 7, 1)
    if cadence == "yearly":
        return str(day.year), date(day.year, 1, 1)
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year}-Q{quarter}", date(day.year, 3 * quarter - 2, 1)


def recent_periods(cadence: str, day: date, n: int = 4) -> list[tuple[str, date]]:
    """The period containing `day` and the n-1 before it, newest first."""
    periods = []
    for _i in range(n):
        key, start = period_for(cadence, day)
        periods.append((key, start))
        day = date.fromordinal(start.toordinal() - 1)
    return periods


# --- assessments -----------------------------------------------------------------------------------


def _snapshot(assessment: Assessment) -> dict[str, Any]:
    return {**{k: getattr(assessment, k) for k in ASSESSMENT_FIELDS}, "status": assessment.status}


def _changed(assessment: Assessment, action: str, actor, before: dict | None = None) -> None:
    snapshot = _snapshot(assessment)
    assessment.changes.append(AssessmentChange(actor_id=getattr(actor, "id", None), action=action, snapshot=snapshot))
    db.session.flush()
    record(actor, f"assessment.{action}", assessment, council_id=assessment.council_id, before=before,
           after=snapshot)


def _check_values(values: dict[str, Any]) -> None:
    if values.get("rating") not in RATINGS:
        raise Refusal(_("Choose one of the ratings in the list."), field="rating")
    for name in ("women_rating", "men_rating"):
        if values.get(name) is not None and values[name] not in (0, 1, 2, 3):
            raise Refusal(_("A rating is a level from 0 to 3."), field=name)


def draft_assessment(council: Council, provision: Provision, *, period: tuple[str, date], actor,
                     **values) -> Assessment:
    """A new draft assessment of `provision` in the council's region for `period`."""
    if not can(actor, Permission.ASSESS, council):
        raise NotAllowed(_("Only members and facilitators of the council can assess."))
    if provision.agreement.country_id != council.region.country_id or not provision.applies_to(council.region_id):
        raise Refusal(_("This provision does not apply to the council's region."))
    _check_values(values)
    key, start = period
    exists = db.session.scalar(select(Assessment.id).where(Assessment.provision_id == provision.id,
                                                           Assessment.council_id == council.id,
                                                           Assessment.period == key))
    if exists is not None:
        raise Conflict(_("The council has already assessed this provision for %(period)s.", period=key),
                       field="period")
    assessment = Assessment(provision=provision, council_id=council.id, region_id=council.region_id, period=key,
                            period_start=start, author_id=actor.id,
                            **{k: values[k] for k in ASSESSMENT_FIELDS if k in values})
    db.session.add(assessment)
    db.session.flush()
    _changed(assessment, "draft", actor)
    return assessment


def update_assessment(assessment: Assessment, *, actor, **values) -> None:
    """Change a draft or reviewed assessment; a reviewed one goes back to draft for a new review."""
    if assessment.status == AssessmentStatus.PUBLISHED.value:
        raise Conflict(_("A published assessment cannot be changed; assess the next period instead."))
    _check_values(values)
    before = _snapshot(assessment)
    for name in ASSESSMENT_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.status = AssessmentStatus.DRAFT.value
    assessment.reviewer_id = None
    assessment.reviewed_at = None
    _changed(assessment, "edit", actor, before)


def review(assessment: Assessment, *, actor) -> None:
    """A second facilitator or member, not the author, confirms the draft."""
    if assessment.status != AssessmentStatus.DRAFT.value:
        raise Conflict(_("Only a draft assessment can be reviewed."))
    if not can(actor, Permission.ASSESS, db.session.get(Council, assessment.council_id)):
        raise NotAllowed(_("Only members and facilitators of the council can assess."))
    if assessment.author_id == actor.id:
        raise NotAllowed(_("The assessment must be reviewed by someone other than its author."))
    assessment.status = AssessmentStatus.REVIEWED.value
    assessment.reviewer_id = actor.id
    assessment.reviewed_at = utcnow()
    _changed(assessment, "review", actor, {"status": AssessmentStatus.DRAFT.value})


def publish(assessment: Assessment, *, actor) -> None:
    if assessment.status != AssessmentStatus.REVIEWED.value:
        raise Conflict(_("Only a reviewed assessment can be published."))
    if not can(actor, Permission.PUBLISH_ASSESSMENT, db.session.get(Council, assessment.council_id)):
        raise NotAllowed(_("Only a facilitator of the council can publish an assessment."))
    assessment.status = AssessmentStatus.PUBLISHED.value
    assessment.publisher_id = actor.id
    assessment.published_at = utcnow()
    _changed(assessment, "publish", actor, {"status": AssessmentStatus.REVIEWED.value})
    events.assessment_published.send(assessment, actor=actor)


def add_evidence(assessment: Assessment, council: Council, *, actor, kind: str, occurred_on: date | None,
                 summary: str, url: str = "", source_scale: str = "local", signal_id: int | None = None) -> Evidence:
    if kind not in EVIDENCE_KINDS:
        raise Refusal(_("Choose one of the kinds in the list."), field="kind")
    if source_scale not in SOURCE_SCALES:
        raise Refusal(_("Choose one of the scales in the list."), field="source_scale")
    if kind == "signal":
        if not signal_links.may_cite(council, actor, signal_id):
            raise Refusal(_("Name an early-warning signal of this council."), field="signal_id")
    else:
        signal_id = None
    evidence = Evidence(kind=kind, occurred_on=occurred_on, summary=summary, url=url, source_scale=source_scale,
                        signal_id=signal_id, author_id=actor.id)
    assessment.evidence.append(evidence)
    db.session.flush()
    _changed(assessment, "evidence", actor)
    return evidence


def add_minority_view(assessment: Assessment, *, actor, rating: str, reasons: str) -> MinorityView:
    """A member who disagrees records their own rating and reasons; it stays attached and visible."""
    if rating not in RATINGS:
        raise Refusal(_("Choose one of the ratings in the list."), field="rating")
    if assessment.author_id == actor.id:
        raise NotAllowed(_("The author of an assessment cannot record a minority view on it."))
    if not reasons.strip():
        raise Refusal(_("Give your reasons."), field="reasons")
    view = MinorityView(author_id=actor.id, rating=rating, reasons=reasons)
    assessment.minority_views.append(view)
    db.session.flush()
    _changed(assessment, "minority", actor)
    return view


def contested(assessment: Assessment, minority_scores: list[int] | None = None) -> bool:
    """A minority view two levels or more away, or women's and men's ratings two or more apart."""
    score = assessment.score
    if minority_scores is None:
        minority_scores = [v.score for v in assessment.minority_views if v.score is not None]
    if score is not None and any(abs(score - other) >= 2 for other in minority_scores):
        return True
    women, men = assessment.women_rating, assessment.men_rating
    return women is not None and men is not None and abs(women - men) >= 2


def trend(current: int | None, previous: int | None) -> str | None:
    """"up", "down" or "same" against the previous period's published score, or None."""
    if current is None or previous is None:
        return None
    return "up" if current > previous else "down" if current < previous else "same"


