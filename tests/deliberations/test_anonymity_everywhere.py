"""The marker test: an anonymous author is never named or identifiable, anywhere.

A member with a unique name writes an anonymous post (and a reply to another member), translates and
edits it; others reply to it, quote it, mark and report it; a summary cites it. Then every page the
site links to, every export and every e-mail is read as each other kind of person — member, observer,
facilitator before any reveal, office reader, visitor, a member of another council, an applicant —
and none may carry the author's name, e-mail or account id."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from council import demo
from council.agendas.models import AgendaItem
from council.auth.models import User
from council.deliberations.models import Post
from council.extensions import db
from council.summaries.models import Summary
from tests.conftest import PASSWORD, login, make_membership, make_post, make_user
from tests.core import test_every_page_translated as crawler
from tests.deliberations.conftest import posts_url, send_post

MARKER = "Zebulon Quillfeather"
EMAIL = "zq.marker@example.org"
MEMBER_LIST = re.compile(r"^/councils/\d+/members(\?|$)")
VIEWERS = [None, "member@example.org", "observer@example.org", "facilitator@example.org", "office@example.org",
           "other@example.org", "applicant@example.org", "aicha@example.org"]


def leaks(text: str, user) -> list[str]:
    found = [s for s in (MARKER, "Zebulon", "Quillfeather", EMAIL, "zq.marker") if s in text]
    # the account id as the value of an attribute or a parameter naming a person, or in a person's URL
    found += re.findall(rf'(?:user|author|member|account|person|translator|actor)s?[\w-]*["\'=:/ ]{{1,3}}{user.id}\b',
                        text, flags=re.I)
    return found


@pytest.fixture
def marked(app, outbox):
    demo.load()
    db.session.commit()
    council = demo_council()
    author = make_user(display_name=MARKER, email=EMAIL, gender="man", constituency="youth")
    make_membership(author, council, constituency="youth")
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.council_id == council.id,
                                                      AgendaItem.status == "open").order_by(AgendaItem.id))
    tomas = db.session.scalar(select(User).where(User.email == "member@example.org"))
    tomas_post = db.session.scalar(select(Post).where(Post.item_id == item.id, Post.author_id == tomas.id,
                                                      Post.state == "visible"))
    client = app.test_client()
    login(client, author)
    assert send_post(client, item, "Marker post: the checkpoints are run by my cousin.", anonymous="y").status_code == 302
    post = db.session.scalar(select(Post).where(Post.author_id == author.id).order_by(Post.id))
    assert post.anonymous
    assert send_post(client, item, "Marker reply to Tomás.", anonymous="y", reply_to=str(tomas_post.id)).status_code == 302
    assert client.post(posts_url(item, post, "translate"),
                       data={"language": "fr", "body": "Traduction du message."}).status_code == 302
    assert client.post(posts_url(item, post, "edit"), data={"body": "Marker post, edited."}).status_code == 302
    client.post("/logout")
    # Others answer it, quote it, mark it and report it.
    for email in ("member@example.org", "aicha@example.org"):
        other = app.test_client()
        client_login(other, email)
        assert send_post(other, item, "An answer to the anonymous post.", reply_to=str(post.id)).status_code == 302
        other.post(posts_url(item, post, "react"), data={"value": "agree"})
        other.post(posts_url(item, post, "report"), data={"reason": "other", "note": "Check this."})
    # A facilitator hides the marker's anonymous reply; the marker appeals.
    reply = db.session.scalars(select(Post).where(Post.author_id == author.id).order_by(Post.id)).all()[1]
    facilitator = app.test_client()
    client_login(facilitator, "facilitator@example.org")
    assert facilitator.post(posts_url(item, reply, "hide"), data={"reason": "other", "note": "Off topic."}).status_code == 302
    login(client, author)
    assert client.post(posts_url(item, reply, "appeal"), data={"statement": "Please look again."}).status_code == 302
    client.post("/logout")
    # A summary cites an anonymous post of the marker in its thread.
    summary = db.session.scalar(select(Summary).where(Summary.council_id == council.id).order_by(Summary.id))
    cited = make_post(summary.item, author, "Anonymous in the summarised thread.", anonymous=True)
    version = summary.current_version
    version.sections = {**version.sections, "points": (version.sections.get("points") or "") + f" [#{cited.id}]"}
    db.session.commit()
    return author


def demo_council():
    from council.councils.models import Council, Membership

    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@example.org"))
    return db.session.scalar(select(Council).join(Membership).where(Membership.user_id == facilitator.id))


def client_login(client, email):
    response = client.post("/login", data={"email": email, "password": demo.PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("email", VIEWERS)
def test_no_page_names_the_anonymous_author(marked, app, email, monkeypatch):
    monkeypatch.setattr(crawler, "MAX_PAGES_PER_ROLE", 120)
    monkeypatch.setattr(crawler, "MAX_PER_PATTERN", 4)
    client = app.test_client()
    if email:
        client_login(client, email)
    council = demo_council()
    start = ["/", "/dashboard", "/councils", "/account", "/notifications", f"/councils/{council.id}",
             f"/councils/{council.id}/agenda", f"/councils/{council.id}/audit", "/office"]
    for post in db.session.scalars(select(Post).where(Post.author_id == marked.id)):
        start += [posts_url(post.item, post, verb) for verb in (None, "history", "reply", "translate", "report")]
    seen: dict[str, str] = {}

    class Recording:  # the crawler reads each page in English; keep what it read
        def get(self, path):
            response = client.get(path)
            seen[path] = response.get_data(as_text=True)
            return response

    pages = crawler.crawl(Recording(), start)
    found = []
    readings = [(path, html) for path, html in seen.items()]
    readings += [(p, client.get(p + ("&" if "?" in p else "?") + "lang=fr").get_data(as_text=True)) for p in pages]
    for path, html in readings:
        # The member list names every member, the author too; nothing there ties them to a post.
        if MEMBER_LIST.match(path):
            found += [f"{path}: {leak}" for leak in leaks(html, marked) if leak[0].isdigit() or "/" in leak]
        else:
            found += [f"{path}: {leak}" for leak in leaks(html, marked)]
        for link in crawler.parse(html).links:  # exports and downloads are not HTML; read them too
            target = urlsplit(link).path
            if target.endswith((".json", ".txt", ".csv")) or target == "/account/export":
                body = client.get(link).get_data(as_text=True)
                found += [f"{link}: {leak}" for leak in leaks(body, marked)]
    assert found == [], "\n".join(found)


def test_no_mail_to_anyone_else_names_the_anonymous_author(marked, app, outbox):
    from council.notifications.cli import send_daily_digests

    send_daily_digests()
    others = [m for m in outbox if EMAIL not in str(m["To"])]
    assert others, "the replies should have told someone"
    for message in others:
        for part in message.walk():
            if part.get_content_maintype() == "text":
                assert leaks(part.get_content(), marked) == [], (message["To"], message["Subject"])
        assert leaks(str(message["Subject"]), marked) == []
