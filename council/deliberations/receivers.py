"""What the deliberations domain adds to the agenda, which does not know that threads exist: the
thread on an item's page (template hook "item.main") and the count of posts new to a reader on
the agenda (the collecting event `item_activity`)."""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from flask import render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, func, select

from council import events
from council.agendas.models import ItemVisit
from council.core import hooks
from council.deliberations import queries
from council.deliberations.models import Post, PostState
from council.extensions import db
from council.permissions import Permission, can


@hooks.fill("item.main")
def thread_section(*, item, council, **_context) -> str:
    """The item's thread, one page of it (?after= / ?before= choose which)."""
    thread = queries.thread(item, current_user, after=request.args.get("after", type=int),
                            before=request.args.get("before", type=int))
    return render_template("deliberations/_thread_section.html", thread=thread, item=item, council=council)


@hooks.fill("item.scripts")
def marks_script(*, item, council, **_context) -> str | None:
    """static/marks.js (marks without a reload) for those who may mark posts of this open item."""
    if not item.is_open or not can(current_user, Permission.PARTICIPATE, council):
        return None
    return Markup('<script src="%s" defer></script>') % url_for("static", filename="marks.js")


class NewPosts(NamedTuple):
    """Posts of an item new to a reader: how many, the first of them, and the link to it (the
    agenda does not know where posts live)."""

    count: int
    first: int
    url: str


@events.item_activity.connect
def new_posts(user, *, item_ids, **_kwargs):
    """For each item, how many visible posts by others came after the reader's last visit, and the
    first of them — one grouped query for all items."""
    if not item_ids or user is None or not user.is_authenticated:
        return "new_posts", {}
    visit = and_(ItemVisit.item_id == Post.item_id, ItemVisit.user_id == user.id)
    query = (
        select(Post.item_id, func.count(Post.id), func.min(Post.id), Post.council_id)
        .outerjoin(ItemVisit, visit)
        .where(
            Post.item_id.in_(item_ids),
            Post.state == PostState.VISIBLE.value,
            Post.author_id != user.id,
            Post.id > func.coalesce(ItemVisit.last_seen_post_id, 0),
        )
        .group_by(Post.item_id, Post.council_id)
    )
    rows = db.session.execute(query).all()
    return "new_posts", {
        item_id: NewPosts(n, first, url_for("deliberations.permalink", council_id=council_id, item_id=item_id,
                                            post_id=first))
        for item_id, n, first, council_id in rows if n
    }
