"""Editing keeps the earlier texts; withdrawing leaves a placeholder and erases the text."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import Post, PostRevision, PostTranslation
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, item_url, posts_url, send_post


def test_edit_keeps_revisions_and_shows_the_history(client, world):
    login(client, world.member)
    send_post(client, world.item, "First text.")
    post = db.session.scalar(select(Post).where(Post.item_id == world.item.id))
    created = post.created_at
    form = client.get(posts_url(world.item, post, "edit"))
    assert form.status_code == 200 and "First text." in form.get_data(as_text=True)

    assert client.post(posts_url(world.item, post, "edit"), data={"body": "Second text."}).status_code == 302
    assert client.post(posts_url(world.item, post, "edit"), data={"body": "Third *text*."}).status_code == 302
    # the same edit sent twice changes nothing more
    assert client.post(posts_url(world.item, post, "edit"), data={"body": "Third *text*."}).status_code == 302
    db.session.expire_all()
    assert post.body == "Third *text*." and post.body_html == "<p>Third <em>text</em>.</p>\n"
    assert post.revision_count == 2 and post.edited_at is not None
    revisions = list(db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.id)))
    assert [r.body for r in revisions] == ["First text.", "Second text."]
    assert revisions[0].written_at == created
    assert revisions[1].written_at > created

    client.post("/logout")
    login(client, world.other_member)
    shown = article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert "edited" in shown and f'href="{posts_url(world.item, post, "history")}"' in shown
    history = client.get(posts_url(world.item, post, "history")).get_data(as_text=True)
    assert "First text." in history and "Second text." in history and "<em>text</em>" in history
    assert "2 earlier texts" in history


def test_only_the_author_edits(client, world):
    post = make_post(world.item, world.member, "Mine.")
    login(client, world.other_member)
    assert "/edit" not in article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert client.get(posts_url(world.item, post, "edit")).status_code == 403
    assert client.post(posts_url(world.item, post, "edit"), data={"body": "Hijacked"}).status_code == 403
    assert client.post(posts_url(world.item, post, "withdraw")).status_code == 403
    db.session.refresh(post)
    assert post.body == "Mine." and post.state == "visible"


def test_edit_errors_keep_the_text(client, world):
    post = make_post(world.item, world.member, "Mine.")
    login(client, world.member)
    response = client.post(posts_url(world.item, post, "edit"), data={"body": "y" * 10_001})
    assert response.status_code == 400
    assert "y" * 10_001 in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.body == "Mine." and post.revision_count == 0


def test_no_editing_on_a_closed_item(client, world):
    post = make_post(world.item, world.member, "Mine.")
    world.item.status = "closed"
    db.session.commit()
    login(client, world.member)
    assert client.post(posts_url(world.item, post, "edit"), data={"body": "Later"}).status_code == 403
    db.session.refresh(post)
    assert post.body == "Mine."


def test_withdraw_leaves_a_placeholder_and_erases_the_text(client, world):
    post = make_post(world.item, world.member, "Something I regret.")
    reply = make_post(world.item, world.other_member, "I object.", reply_to_id=post.id)
    db.session.add(PostTranslation(post_id=post.id, language="fr", body="Traduit.", body_html="<p>Traduit.</p>"))
    db.session.commit()
    login(client, world.member)
    client.post(posts_url(world.item, post, "edit"), data={"body": "Something I regret even more."})
    db.session.expire_all()
    world.item.post_count = 2
    db.session.commit()

    assert client.post(posts_url(world.item, post, "withdraw")).status_code == 302
    db.session.expire_all()
    assert post.state == "withdrawn" and post.withdrawn_at is not None
    assert post.body == "" and post.body_html == "" and post.revision_count == 0
    assert db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)).all() == []
    assert db.session.scalars(select(PostTranslation).where(PostTranslation.post_id == post.id)).all() == []
    assert world.item.post_count == 1 and world.item.last_post_id == reply.id

    client.post("/logout")
    login(client, world.other_member)
    html = client.get(item_url(world.item)).get_data(as_text=True)
    assert "regret" not in html
    assert "withdrawn by its author" in article(html, post.id)
    assert "withdrawn by its author" in article(html, reply.id)  # the reply's reference says so
    assert "/react" not in article(html, post.id)
    history = client.get(posts_url(world.item, post, "history")).get_data(as_text=True)
    assert "regret" not in history
