"""Peace agreements, their provisions, and councils' assessments of each provision in their region.

An agreement (texts per language) has provisions (texts per language, a category from a catalogue
kept as data, the regions where it applies). A council assesses a provision for its region and a
period of its cadence; an assessment carries evidence, minority views and its own history, and goes
draft → reviewed → published."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.councils.models import Country, Region
from council.extensions import UTCDateTime, db, utcnow

STAGES = ("pre_negotiation", "ceasefire", "framework_partial", "framework_comprehensive", "implementation",
          "renewal")
CADENCES = ("monthly", "quarterly", "half_yearly", "yearly")
RATINGS = ("0", "1", "2", "3", "not_applicable", "insufficient")
CONFIDENCES = ("low", "medium", "high")
EVIDENCE_KINDS = ("document", "statement", "site_visit", "consultation", "statistic", "signal")
SOURCE_SCALES = ("local", "regional", "national", "international")
# The seeded catalogue of provision categories (keys; labels are in queries.CATEGORY_LABELS).
DEFAULT_CATEGORIES = ("ceasefire", "ddr", "security_sector_reform", "power_sharing", "elections",
                      "constitutional_reform", "decentralisation", "land_and_resources", "refugees_and_displaced",
                      "human_rights", "women_rights_participation", "transitional_justice", "reparations",
                      "economic_social_development", "verification")


class AssessmentStatus(str, enum.Enum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"


def score_of(rating: str | None) -> int | None:
    """The 0–3 level of a rating, or None for "not applicable" and "insufficient information"."""
    return int(rating) if rating in ("0", "1", "2", "3") else None


class ProvisionCategory(db.Model):
    """One entry of the category catalogue (seeded with the common categories; admins may add)."""

    __tablename__ = "provision_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # language -> name (own entries)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<ProvisionCategory {self.key}>"


class Agreement(db.Model):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    signed_on: Mapped[date | None] = mapped_column(Date)
    parties: Mapped[str] = mapped_column(Text, default="")
    third_parties: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(30), default="implementation")
    text_url: Mapped[str] = mapped_column(String(500), default="")
    text_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    matrix_public: Mapped[bool] = mapped_column(default=False)  # visitors see published, non-confidential cells
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    country: Mapped[Country] = relationship()
    texts: Mapped[list[AgreementText]] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                      order_by="AgreementText.id")
    provisions: Mapped[list[Provision]] = relationship(back_populates="agreement", order_by="Provision.position")

    def __repr__(self) -> str:
        return f"<Agreement {self.id}>"


class AgreementText(db.Model):
    __tablename__ = "agreement_texts"
    __table_args__ = (UniqueConstraint("agreement_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(80), default="")

    agreement: Mapped[Agreement] = relationship(back_populates="texts")

    def __repr__(self) -> str:
        return f"<AgreementText {self.agreement_id} {self.language}>"


provision_regions = Table(
    "provision_regions",
    db.metadata,
    Column("provision_id", ForeignKey("provisions.id", ondelete="CASCADE"), primary_key=True),
    Column("region_id", ForeignKey("regions.id", ondelete="CASCADE"), primary_key=True),
)


class Provision(db.Model):
    __tablename__ = "provisions"
    __table_args__ = (UniqueConstraint("agreement_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60))  # article / paragraph
    category_id: Mapped[int] = mapped_column(ForeignKey("provision_categories.id"), index=True)
    responsible_actors: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    gender_stipulation: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="provisions")
    category: Mapped[ProvisionCategory] = relationship()
    texts: Mapped[list[ProvisionText]] = relationship(back_populates="provision", cascade="all, delete-orphan",
                                                      order_by="ProvisionText.id")
    regions: Mapped[list[Region]] = relationship(secondary=provision_regions, order_by="Region.id")

    def applies_to(self, region_id: int) -> bool:
        """No regions named means everywhere in the agreement's country."""
        return not self.regions or any(r.id == region_id for r in self.regions)

    def __repr__(self) -> str:
        return f"<Provision {self.id} {self.reference}>"


class ProvisionText(db.Model):
    __tablename__ = "provision_texts"
    __table_args__ = (UniqueConstraint("provision_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    excerpt: Mapped[str] = mapped_column(Text, default="")

    provision: Mapped[Provision] = relationship(back_populates="texts")

    def __repr__(self) -> str:
        return f"<ProvisionText {self.provision_id} {self.language}>"


class MonitoringSettings(db.Model):
    """A council's monitoring cadence (kept here so that the councils model stays untouched)."""

    __tablename__ = "monitoring_settings"

    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(20), default="quarterly")

    def __repr__(self) -> str:
        return f"<MonitoringSettings {self.council_id} {self.cadence}>"


class Assessment(db.Model):
    """A council's assessment of one provision, in its region, for one period."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("provision_id", "council_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))  # 2026-Q3, 2026-H1, 2026-07, 2026
    period_start: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=AssessmentStatus.DRAFT.value, index=True)
    rating: Mapped[str] = mapped_column(String(20))  # one of RATINGS
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    rationale: Mapped[str] = mapped_column(Text, default="")
    gender_analysis: Mapped[str] = mapped_column(Text, default="")
    women_rating: Mapped[int | None] = mapped_column(Integer)  # optional separate ratings, 0–3
    men_rating: Mapped[int | None] = mapped_column(Integer)
    confidential: Mapped[bool] = mapped_column(default=False)  # never shown on a public matrix
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    provision: Mapped[Provision] = relationship()
    region: Mapped[Region] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    evidence: Mapped[list[Evidence]] = relationship(back_populates="assessment", cascade="all, delete-orphan",
                                                    order_by="Evidence.id")
    minority_views: Mapped[list[MinorityView]] = relationship(back_populates="assessment",
                                                              cascade="all, delete-orphan", order_by="MinorityView.id")
    changes: Mapped[list[AssessmentChange]] = relationship(back_populates="assessment", cascade="all, delete-orphan",
                                                           order_by="AssessmentChange.id")

    @property
    def score(self) -> int | None:
        return score_of(self.rating)

    def __repr__(self) -> str:
        return f"<Assessment {self.id} provision={self.provision_id} council={self.council_id} {self.period}>"


class Evidence(db.Model):
    """What an assessment rests on. `signal_id` names an early-warning signal of the council (kind
    "signal"); services check that the assessor may see the signal before storing it. When the signal
    is deleted the evidence stays, without its signal."""

    __tablename__ = "assessment_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    source_scale: Mapped[str] = mapped_column(String(20), default="local")
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signals.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")

    def __repr__(self) -> str:
        return f"<Evidence {self.id} {self.kind}>"


class MinorityView(db.Model):
    """A member's dissent from the assessment: their own rating and reasons; it stays attached."""

    __tablename__ = "minority_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="minority_views")
    author: Mapped[User | None] = relationship()

    @property
    def score(self) -> int | None:
        return score_of(self.rating)

    def __repr__(self) -> str:
        return f"<MinorityView {self.id} assessment={self.assessment_id}>"


class AssessmentChange(db.Model):
    """The history of an assessment: each change with who made it and what it held afterwards."""

    __tablename__ = "assessment_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="changes")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AssessmentChange {self.id} {self.action}>"


class SignalProvisionLink(db.Model):
    """An early-warning signal of a council linked to a provision that applies in the council's region
    (a ceasefire provision next to the violence reported in the region)."""

    __tablename__ = "signal_provision_links"
    __table_args__ = (UniqueConstraint("signal_id", "provision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    provision: Mapped[Provision] = relationship()

    def __repr__(self) -> str:
        return f"<SignalProvisionLink signal={self.signal_id} provision={self.provision_id}>"
