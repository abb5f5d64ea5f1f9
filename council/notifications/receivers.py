"""What the notifications domain does when lower domains tell it something: agenda items that
change status and posts that answer someone become notifications (and e-mails)."""

from __future__ import annotations

from sqlalchemy import select

from council import events
from council.agendas.models import ItemFollow
from council.councils.models import Membership, MembershipStatus
from council.extensions import db
from council.notifications.models import Kind
from council.notifications import services

DECISIONS = ("accepted", "declined", "merged")


def _active_member_ids(council_id: int) -> list[int]:
    return list(db.session.scalars(
        select(Membership.user_id).where(
            Membership.council_id == council_id, Membership.status == MembershipStatus.ACTIVE.value
        )
    ))


def _follower_ids(item_id: int) -> list[int]:
    return list(db.session.scalars(select(ItemFollow.user_id).where(ItemFollow.item_id == item_id)))


@events.item_status_changed.connect
def _item_status_changed(item, *, actor=None, action=None, **_kwargs) -> None:
    actor_id = getattr(actor, "id", None)
    if action in DECISIONS and item.proposer_id is not None:
        services.notify([item.proposer_id], Kind.PROPOSAL_DECIDED, council_id=item.council_id, item_id=item.id,
               data={"outcome": action}, exclude_user_id=actor_id)
    if action == "accepted":
        services.notify(_active_member_ids(item.council_id), Kind.ITEM_OPENED, council_id=item.council_id,
               item_id=item.id, exclude_user_id=actor_id)
    elif action == "closed":
        services.notify(_follower_ids(item.id), Kind.ITEM_CLOSED, council_id=item.council_id, item_id=item.id,
               exclude_user_id=actor_id)


@events.post_created.connect
def _post_created(post, *, actor=None, **_kwargs) -> None:
    """A reply tells the author of the post it answers, and a post tells those who follow the
    item. Names no one: an anonymous writer stays anonymous in the notification and its e-mail."""
    reply_to = post.reply_to
    actor_id = getattr(actor, "id", None)
    answered = None
    if reply_to is not None and reply_to.author_id != actor_id:
        answered = reply_to.author_id
        services.notify([answered], Kind.REPLY, council_id=post.council_id, item_id=post.item_id,
               post_id=post.id, data={}, exclude_user_id=actor_id)
    # Those who follow the item hear of the new post (once: not again as the author it answers).
    followers = [uid for uid in _follower_ids(post.item_id) if uid != answered]
    if followers:
        services.notify(followers, Kind.ITEM_POST, council_id=post.council_id, item_id=post.item_id,
                        post_id=post.id, data={}, exclude_user_id=actor_id)
