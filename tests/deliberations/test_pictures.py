"""What a reader sees of the small pictures on a thread: each post's author as an initials avatar
(a neutral one, the same for everyone, on an anonymous post), the kind of post and the actions
with decorative icons drawn from one sprite per page, and a thread that stays small."""

from __future__ import annotations

import gzip
import re

from council.core import pictures
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, item_url


def test_avatars_show_initials_in_a_colour_of_the_person_and_nothing_on_anonymous_posts(client, world):
    named = make_post(world.item, world.member, "Signed.")
    again = make_post(world.item, world.member, "Signed again.")
    anonymous = make_post(world.item, world.member, "Unsigned.", anonymous=True)
    other_anonymous = make_post(world.item, world.other_member, "Also unsigned.", anonymous=True)
    login(client, world.other_member)
    page = client.get(item_url(world.item)).get_data(as_text=True)

    colour = pictures.avatar_colour(world.member.id)
    signed = article(page, named.id)
    assert f'<span class="avatar avatar-{colour}" aria-hidden="true" translate="no">AW</span>' in signed  # Amina Writer
    assert f"avatar-{colour}" in article(page, again.id)  # the same person, the same colour
    for post in (anonymous, other_anonymous):
        html = article(page, post.id)
        assert '<span class="avatar avatar-neutral" aria-hidden="true">' in html
        assert "AW" not in html and "BR" not in html and re.search(r"avatar-\d", html) is None
    # The two anonymous posts, by two people, look exactly alike.
    avatar = re.compile(r'<span class="avatar.*?</span>(?:</span>)?', re.S)
    assert avatar.search(article(page, anonymous.id)).group(0) == avatar.search(article(page, other_anonymous.id)).group(0)


def test_icons_are_decorative_and_drawn_once_per_page(client, world):
    for n in range(12):
        make_post(world.item, world.other_member, f"Post {n}.", kind="question" if n % 2 else "proposal")
    login(client, world.member)
    page = client.get(item_url(world.item)).get_data(as_text=True)
    uses = re.findall(r'<svg class="icon[^"]*" width="16" height="16" aria-hidden="true" focusable="false"><use href="#i-([a-z]+)"/></svg>', page)
    assert {"question", "proposal", "reply", "report"} <= set(uses)
    assert len(uses) > 24
    # One hidden sprite at the end of the page, with each drawing once.
    assert page.count('class="icon-sprite"') == 1
    for name in set(uses):
        assert page.count(f'<symbol id="i-{name}"') == 1
    # An icon stands beside its words, never instead of them.
    assert re.search(r'#i-question"/></svg>Question</span>', page)
    assert re.search(r'#i-reply"/></svg>Reply</a>', page)


def test_the_thread_stays_under_50_kb_on_the_wire(client, world):
    for n in range(50):
        make_post(world.item, world.other_member, f"A contribution of a few words, number {n}, about the water points.")
    login(client, world.member)
    response = client.get(item_url(world.item), headers={"Accept-Encoding": "gzip"})
    body = response.get_data()
    size = len(body) if response.headers.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
    assert size < 50_000


def contrast_with_white(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_every_avatar_colour_keeps_white_initials_readable():
    from pathlib import Path

    css = (Path(__file__).parents[2] / "static" / "council.css").read_text()
    colours = dict(re.findall(r"\.avatar-(\d) \{ background: (#[0-9a-f]{6}); \}", css))
    assert sorted(int(k) for k in colours) == list(range(pictures.AVATAR_COLOURS))
    for colour in colours.values():
        assert contrast_with_white(colour) >= 4.5, colour


def test_initials():
    assert pictures.initials("Nadia K.") == "NK"
    assert pictures.initials("Tomás R..") == "TR"
    assert pictures.initials("سلمى") == "س"
    assert pictures.initials("  ") == ""
