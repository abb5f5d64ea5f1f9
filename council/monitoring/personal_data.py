"""The monitoring's part of a person's data download (events.personal_data): the assessments they
drafted (with the ratings and texts), the ones they reviewed or published (number only), the steps
of assessments' histories that are theirs, the evidence they added and the minority views they
wrote. Another person's assessment appears only as its number: a history step on it (a review, a
publication, an edit) does not repeat the texts written there; the values of a draft or an edit
come with the step only on the person's own assessments.

Nothing here is erased with an account: assessments are the council's published record, and the
account they point at keeps no name once deleted."""

from __future__ import annotations

from sqlalchemy import or_, select

from council import events
from council.extensions import db
from council.monitoring.models import Assessment, AssessmentChange, Evidence, MinorityView

COVERS = ("assessments.author_id", "assessments.reviewer_id", "assessments.publisher_id",
          "assessment_changes.actor_id", "assessment_evidence.author_id", "minority_views.author_id")


@events.personal_data.connect
def assessments(user, **_kw):
    rows = db.session.scalars(
        select(Assessment).where(or_(Assessment.author_id == user.id, Assessment.reviewer_id == user.id,
                                     Assessment.publisher_id == user.id))
        .order_by(Assessment.id)
    )
    drafted, reviewed, published = [], [], []
    for a in rows:
        ref = {"assessment_id": a.id, "council_id": a.council_id, "provision_id": a.provision_id,
               "period": a.period}
        if a.author_id == user.id:
            drafted.append({**ref, "status": a.status, "rating": a.rating, "confidence": a.confidence,
                            "rationale": a.rationale, "gender_analysis": a.gender_analysis,
                            "women_rating": a.women_rating, "men_rating": a.men_rating,
                            "confidential": a.confidential, "drafted_at": a.created_at})
        if a.reviewer_id == user.id:
            reviewed.append({**ref, "reviewed_at": a.reviewed_at})
        if a.publisher_id == user.id:
            published.append({**ref, "published_at": a.published_at})
    return "assessments", {"drafted": drafted, "reviewed": reviewed, "published": published}


@events.personal_data.connect
def assessment_steps(user, **_kw):
    rows = db.session.execute(
        select(AssessmentChange, Assessment.author_id).join(Assessment, Assessment.id == AssessmentChange.assessment_id)
        .where(AssessmentChange.actor_id == user.id).order_by(AssessmentChange.id)
    )
    out = []
    for change, author_id in rows:
        entry = {"assessment_id": change.assessment_id, "action": change.action, "at": change.created_at}
        if author_id == user.id and change.action in ("draft", "edit"):
            entry["values"] = change.snapshot
        out.append(entry)
    return "assessment_steps", out


@events.personal_data.connect
def evidence(user, **_kw):
    rows = db.session.scalars(select(Evidence).where(Evidence.author_id == user.id).order_by(Evidence.id))
    return "assessment_evidence", [
        {"assessment_id": e.assessment_id, "kind": e.kind, "occurred_on": e.occurred_on and e.occurred_on.isoformat(),
         "summary": e.summary, "url": e.url, "source_scale": e.source_scale, "signal_id": e.signal_id,
         "added_at": e.created_at}
        for e in rows
    ]


@events.personal_data.connect
def minority_views(user, **_kw):
    rows = db.session.scalars(select(MinorityView).where(MinorityView.author_id == user.id).order_by(MinorityView.id))
    return "minority_views", [
        {"assessment_id": v.assessment_id, "rating": v.rating, "reasons": v.reasons, "written_at": v.created_at}
        for v in rows
    ]
