"""Helpers for the deliberation tests: a council with people in each role, an open item, URLs,
counting SQL statements, reading pages."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import make_council, make_item, make_membership, make_user


@dataclass
class World:
    council: Any
    item: Any
    member: Any
    other_member: Any
    facilitator: Any
    observer: Any
    outsider: Any  # a member of another council
    stranger: Any  # signed in, no membership
    other_council: Any


@pytest.fixture
def world(app) -> World:
    council = make_council(allow_anonymous=True, texts={"en": ("River Council", "Mandate."), "fr": ("Conseil", "Mandat.")})
    other_council = make_council()
    member = make_user(display_name="Amina Writer", email="amina@example.org")
    other_member = make_user(display_name="Boris Reader", email="boris@example.org")
    facilitator = make_user(display_name="Fatou Facilitator")
    observer = make_user(display_name="Olga Observer")
    outsider = make_user(display_name="Otto Outsider")
    stranger = make_user(display_name="Sam Stranger")
    make_membership(member, council)
    make_membership(other_member, council)
    make_membership(facilitator, council, role="facilitator")
    make_membership(observer, council, role="observer")
    make_membership(outsider, other_council)
    item = make_item(council, facilitator, title="Water points")
    return World(council, item, member, other_member, facilitator, observer, outsider, stranger, other_council)


def item_url(item, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/councils/{item.council_id}/agenda/{item.id}" + (f"?{query}" if query else "")


def posts_url(item, post=None, verb=None) -> str:
    base = f"/councils/{item.council_id}/agenda/{item.id}/posts"
    if post is not None:
        base += f"/{post if isinstance(post, int) else post.id}"
    if verb:
        base += f"/{verb}"
    return base


def compose(body="A contribution to the thread.", **overrides) -> dict:
    data = {"body": body, "kind": "contribution", "language": "en", "submission_key": secrets.token_urlsafe(24)}
    data.update(overrides)
    return data


def send_post(client, item, body="A contribution to the thread.", **overrides):
    """Post through the form; returns the response."""
    return client.post(posts_url(item), data=compose(body, **overrides))


def post_ids_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="post[^"]*" id="post-(\d+)"', html)]


def article(html: str, post_id: int) -> str:
    """The HTML of one post on a page."""
    match = re.search(rf'<article [^>]*id="post-{post_id}".*?</article>', html, flags=re.S)
    assert match, f"post {post_id} not on the page"
    return match.group(0)


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element of an HTML fragment as (tag, attributes)."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector(convert_charrefs=True).feed(html)
    return found


def assert_inert(html: str, interface_icons: bool = False) -> None:
    """No script, image or frame, no event handler, no link or source outside http(s)/mailto.
    With `interface_icons` (a post as shown on a page), the page's own decorative icons are let be:
    <svg class="icon" aria-hidden="true"> holding <use href="#i-...">."""
    for tag, attrs in elements(html):
        if interface_icons and tag == "svg" and "icon" in (attrs.get("class") or "").split() \
                and attrs.get("aria-hidden") == "true":
            continue
        if interface_icons and tag == "use" and (attrs.get("href") or "").startswith("#i-"):
            continue
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg", "style"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
