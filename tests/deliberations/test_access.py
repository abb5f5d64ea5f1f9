"""Who reaches what: non-members and members of another council get 404 on every thread URL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.deliberations.models import Post, PostReaction, PostTranslation
from council.extensions import db
from tests.conftest import login, make_item, make_membership, make_post
from tests.deliberations.conftest import compose, posts_url

GETS = ["", "reply", "edit", "history", "translate"]  # "" is the permalink
POSTS = [
    ("create", None),
    ("edit", {"body": "forged"}),
    ("withdraw", {}),
    ("react", {"value": "agree"}),
    ("translate", {"language": "en", "body": "forged"}),
    ("reveal", {}),
]


def _urls(item, post):
    for verb in GETS:
        yield "GET", posts_url(item, post, verb or None), None
    for verb, data in POSTS:
        if verb == "create":
            yield "POST", posts_url(item), compose("forged", reply_to=str(post.id))
        else:
            yield "POST", posts_url(item, post, verb), data


def _state():
    return (
        db.session.scalar(select(func.count(Post.id))),
        db.session.scalar(select(func.count(PostReaction.id))),
        db.session.scalar(select(func.count(PostTranslation.id))),
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "post.reveal_author")),
        tuple(db.session.scalars(select(Post.body).order_by(Post.id))),
    )


@pytest.mark.parametrize("who", ["stranger", "outsider", "applicant", "suspended", "left"])
def test_people_outside_the_council_get_404_everywhere(client, world, who):
    post = make_post(world.item, world.member, "Inside.", language="fr", anonymous=True)
    person = getattr(world, who, None)
    if person is None:
        from tests.conftest import make_user

        person = make_user()
        make_membership(person, world.council, status={"applicant": "applied"}.get(who, who))
    login(client, person)
    before = _state()
    for method, url, data in _urls(world.item, post):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 404, (who, method, url, response.status_code)
        assert "Inside." not in response.get_data(as_text=True)
    assert _state() == before


def test_another_councils_url_does_not_reach_this_councils_posts(client, world):
    """A facilitator of council B cannot reach A's posts by putting B's id in the URL."""
    post = make_post(world.item, world.member, "Inside.", anonymous=True)
    from council.councils.models import Membership

    membership = db.session.scalar(select(Membership).where(Membership.user_id == world.outsider.id))
    membership.role = "facilitator"
    db.session.commit()
    login(client, world.outsider)
    before = _state()

    class Forged:
        council_id = world.other_council.id
        id = world.item.id

    for method, url, data in _urls(Forged, post):
        assert client.open(url, method=method, data=data).status_code == 404, (method, url)
    # and an item of B with a post id of A
    own_item = make_item(world.other_council, world.outsider)
    for method, url, data in _urls(own_item, post):
        if url == posts_url(own_item):
            continue  # creating in one's own item is allowed; the reply-to is checked below
        assert client.open(url, method=method, data=data).status_code == 404, (method, url)
    response = client.post(posts_url(own_item), data=compose("forged", reply_to=str(post.id)))
    assert response.status_code == 400
    assert _state() == before


def test_visitors_are_sent_to_sign_in(client, world):
    post = make_post(world.item, world.member, "Inside.")
    for method, url, data in _urls(world.item, post):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)


def test_observers_read_but_do_not_act(client, world):
    post = make_post(world.item, world.member, "Inside.", language="fr", anonymous=True)
    login(client, world.observer)
    before = _state()
    assert client.get(posts_url(world.item, post)).status_code == 302
    assert client.get(posts_url(world.item, post, "history")).status_code == 200
    for verb in ("reply", "edit", "translate"):
        assert client.get(posts_url(world.item, post, verb)).status_code == 403, verb
    for method, url, data in _urls(world.item, post):
        if method == "POST":
            assert client.open(url, method=method, data=data).status_code in (403, 404), url
    assert _state() == before


def test_hidden_post_history_only_for_author_and_moderators(client, world):
    post = make_post(world.item, world.member, "Secret text.", state="hidden", hidden_reason="abusive")
    login(client, world.other_member)
    page = client.get(f"/councils/{world.council.id}/agenda/{world.item.id}").get_data(as_text=True)
    assert "Secret text." not in page and "It is abusive or insulting." in page
    assert client.get(posts_url(world.item, post, "history")).status_code == 404
    client.post("/logout")
    login(client, world.member)
    page = client.get(f"/councils/{world.council.id}/agenda/{world.item.id}").get_data(as_text=True)
    assert "Secret text." in page and "It is abusive or insulting." in page
    assert "Ask for a review" in page
    assert client.get(posts_url(world.item, post, "history")).status_code == 200
    client.post("/logout")
    login(client, world.facilitator)
    assert client.get(posts_url(world.item, post, "history")).status_code == 200
