"""Stored script in every field people fill (names, titles, bodies, reasons, translations, notes)
comes back as text, never as markup, on every page that shows it."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import Post
from council.extensions import db
from tests.conftest import login, make_council, make_item, make_membership, make_post, make_user

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_inert(html: str) -> None:
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert" in html


def test_names_titles_bodies_reasons_and_translations_render_as_text(app):
    council = make_council(texts={"en": (f"Council {PAYLOAD}", f"Mandate {PAYLOAD}")})
    writer = make_user(display_name=f"Writer {PAYLOAD}")
    reader = make_user()
    facilitator = make_user()
    for person, role in ((writer, "member"), (reader, "member"), (facilitator, "facilitator")):
        make_membership(person, council, role=role)
    item = make_item(council, writer, title=f"Title {PAYLOAD}", place=f"Place {PAYLOAD}")
    post = make_post(item, writer, body=f"Body {PAYLOAD}")

    fac = app.test_client()
    login(fac, facilitator)
    fac.post(f"/councils/{council.id}/agenda/{item.id}/posts/{post.id}/hide",
             data={"reason": "abusive", "note": f"Note {PAYLOAD}"})
    db.session.expire_all()
    assert db.session.get(Post, post.id).state == "hidden"

    client = app.test_client()
    login(client, reader)
    for path in (f"/councils/{council.id}", f"/councils/{council.id}/members", f"/councils/{council.id}/agenda",
                 f"/councils/{council.id}/agenda/{item.id}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert_inert(page.get_data(as_text=True))

    author = app.test_client()
    login(author, writer)
    appeal = author.get(f"/councils/{council.id}/agenda/{item.id}/posts/{post.id}/appeal")
    assert appeal.status_code == 200
    assert_inert(appeal.get_data(as_text=True))
    assert db.session.scalar(select(Post.hidden_note).where(Post.id == post.id)) == f"Note {PAYLOAD}"
