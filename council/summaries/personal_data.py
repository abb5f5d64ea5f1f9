"""Summaries' part of a person's data download (events.personal_data): their endorsements and
objections, and the summaries, versions and translations they drafted, adopted or translated."""

from __future__ import annotations

from sqlalchemy import or_, select

from council import events
from council.extensions import db
from council.summaries.models import Stance, Summary, SummaryTranslation, SummaryVersion

COVERS = ("summary_stances.user_id", "summary_versions.author_id", "summaries.created_by_id",
          "summaries.adopted_by_id", "summary_translations.translator_id")


@events.personal_data.connect
def summaries(user, **_kwargs):
    stances = db.session.scalars(select(Stance).where(Stance.user_id == user.id).order_by(Stance.id))
    versions = db.session.scalars(
        select(SummaryVersion).where(SummaryVersion.author_id == user.id).order_by(SummaryVersion.id)
    )
    kept = db.session.scalars(
        select(Summary).where(or_(Summary.created_by_id == user.id, Summary.adopted_by_id == user.id))
        .order_by(Summary.id)
    )
    translated = db.session.scalars(
        select(SummaryTranslation).where(SummaryTranslation.translator_id == user.id).order_by(SummaryTranslation.id)
    )
    return "summaries", {
        "endorsements_and_objections": [
            {"summary_id": s.summary_id, "version_id": s.version_id, "stance": s.value, "reason": s.reason,
             "at": s.created_at, "changed_at": s.updated_at}
            for s in stances
        ],
        "versions_written": [
            {"summary_id": v.summary_id, "number": v.number, "sections": v.sections, "change_note": v.change_note,
             "at": v.created_at}
            for v in versions
        ],
        "summaries_started_or_adopted": [
            {"summary_id": s.id, "item_id": s.item_id, "started": s.created_by_id == user.id,
             "adopted": s.adopted_by_id == user.id, "adopted_at": s.adopted_at}
            for s in kept
        ],
        "translations": [
            {"version_id": t.version_id, "language": t.language, "sections": t.sections, "at": t.created_at}
            for t in translated
        ],
    }
