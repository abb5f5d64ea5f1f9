"""The written deliberation on an agenda item: posts, their revisions, marks, translations,
reports and appeals."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.agendas.models import AgendaItem
from council.auth.models import User
from council.core import revisions
from council.extensions import UTCDateTime, db, utcnow

POST_KINDS = {
    "contribution": _l("Contribution"),
    "question": _l("Question"),
    "concern": _l("Concern"),
    "proposal": _l("Proposal"),
    "information": _l("Information"),
}

REPORT_REASONS = {
    "abusive": _l("Abusive or insulting"),
    "hate": _l("Hateful towards a group"),
    "danger": _l("Puts someone in danger (for example reveals who they are or where they live)"),
    "false": _l("Deliberately false or misleading"),
    "spam": _l("Spam or off-topic"),
    "other": _l("Something else"),
}

HIDE_REASONS = {
    "abusive": _l("It is abusive or insulting."),
    "hate": _l("It is hateful towards a group."),
    "danger": _l("It could put someone in danger."),
    "false": _l("It is deliberately false or misleading."),
    "spam": _l("It is spam or off-topic."),
    "reports": _l("Several members reported it; it waits for a facilitator's review."),
    "other": _l("It breaks the council's rules."),
}


class PostState(str, enum.Enum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_item_id_id", "item_id", "id"),
        Index("ix_posts_reply_to_id", "reply_to_id"),  # the replies to a page's posts (migration 0015)
        UniqueConstraint("author_id", "submission_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(20), default="contribution")
    language: Mapped[str] = mapped_column(String(10), default="en")
    body: Mapped[str] = mapped_column(Text)  # Markdown as written
    body_html: Mapped[str] = mapped_column(Text)  # rendered and sanitised at write time
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    state: Mapped[str] = mapped_column(String(20), default=PostState.VISIBLE.value)
    hidden_reason: Mapped[str | None] = mapped_column(String(20))
    hidden_note: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agree_count: Mapped[int] = mapped_column(Integer, default=0)
    disagree_count: Mapped[int] = mapped_column(Integer, default=0)
    open_report_count: Mapped[int] = mapped_column(Integer, default=0)
    revision_count: Mapped[int] = mapped_column(Integer, default=0)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    item: Mapped[AgendaItem] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    reply_to: Mapped[Post | None] = relationship(remote_side=[id])
    revisions: Mapped[list[PostRevision]] = relationship(
        back_populates="post", order_by="PostRevision.id", cascade="all, delete-orphan"
    )
    translations: Mapped[list[PostTranslation]] = relationship(
        back_populates="post", order_by="PostTranslation.id", cascade="all, delete-orphan"
    )

    @property
    def is_visible(self) -> bool:
        return self.state == PostState.VISIBLE.value

    def __repr__(self) -> str:
        return f"<Post {self.id} item={self.item_id} {self.state}>"


def _council_of_post(post_id: int | None) -> str:
    """The scope of the council a post belongs to (core/revisions.py)."""
    post = db.session.get(Post, post_id) if post_id is not None else None
    return revisions.council(post.council_id if post is not None else None)


class PostRevision(db.Model):
    """An earlier text of an edited post."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when this text was written
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    post: Mapped[Post] = relationship(back_populates="revisions")

    def __repr__(self) -> str:
        return f"<PostRevision {self.id} post={self.post_id}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (_council_of_post(self.post_id),)


class PostReaction(db.Model):
    """A member's "agree" (+1) or "disagree" (-1) on a post; one each, changeable."""

    __tablename__ = "post_reactions"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<PostReaction post={self.post_id} user={self.user_id} {self.value}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (_council_of_post(self.post_id), revisions.user(self.user_id))


class PostTranslation(db.Model):
    """A human translation of a post into another language."""

    __tablename__ = "post_translations"
    __table_args__ = (UniqueConstraint("post_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    post: Mapped[Post] = relationship(back_populates="translations")
    translator: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PostTranslation post={self.post_id} {self.language}>"

    def page_scopes(self) -> tuple[str, ...]:
        return (_council_of_post(self.post_id),)


class PostReport(db.Model):
    __tablename__ = "post_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(String(20))  # hidden | dismissed

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])

    def __repr__(self) -> str:
        return f"<PostReport {self.id} post={self.post_id} {self.reason}>"


class Appeal(db.Model):
    """The author's one request that a hidden post be reviewed again."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    statement: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(20))  # restored | upheld
    decision_note: Mapped[str] = mapped_column(Text, default="")

    post: Mapped[Post] = relationship()

    def __repr__(self) -> str:
        return f"<Appeal {self.id} post={self.post_id} {self.outcome}>"
