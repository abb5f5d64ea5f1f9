"""Kept pieces of the thread (council/core/fragments.py), kept pages (council/core/pages.py) and
conditional requests never show one reader what belongs to another, and never show anything
stale: two readers of the same thread get their own view, and an edit, a mark, a hide or a new
translation shows at once to everyone it should. A page that has not changed for its reader is
answered 304; any change gives 200."""

from __future__ import annotations

from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, item_url, posts_url


def _thread(client, item, **args):
    return client.get(item_url(item, **args)).get_data(as_text=True)


def test_two_readers_of_one_thread_each_get_their_own_view(client_for, world):
    mine = make_post(world.item, world.member, "Amina's own words.")
    anonymous = make_post(world.item, world.other_member, "Said without a name.", anonymous=True)
    amina, boris, fatou = client_for(world.member), client_for(world.other_member), client_for(world.facilitator)
    amina.post(posts_url(world.item, anonymous, "react"), data={"value": "agree"})

    # Each reads the thread twice: the second time from the kept pieces, the same as the first.
    for _ in range(2):
        for_amina, for_boris, for_fatou = (_thread(c, world.item) for c in (amina, boris, fatou))

        own = article(for_amina, mine.id)
        assert "/edit" in own and "/withdraw" in own and "/react" not in own and "/report" not in own
        assert "post-own" in own
        seen_by_boris = article(for_boris, mine.id)
        assert "/edit" not in seen_by_boris and "/withdraw" not in seen_by_boris and "post-own" not in seen_by_boris
        assert "/react" in seen_by_boris and "/report" in seen_by_boris

        # Amina's mark is hers: pressed for her, not for the others.
        assert "You agree." in article(for_amina, anonymous.id)
        assert 'aria-pressed="true"' not in article(for_boris, anonymous.id)
        assert 'aria-pressed="true"' not in article(for_fatou, anonymous.id)

        # Anonymity: Boris sees that the anonymous post is his; no one else sees who wrote it.
        assert "you, posted anonymously" in article(for_boris, anonymous.id)
        for page in (for_amina, for_fatou):
            shown = article(page, anonymous.id)
            assert "Boris Reader" not in shown and "you, posted anonymously" not in shown

        # Only the facilitator moderates and may reveal.
        assert "/hide" in article(for_fatou, mine.id) and "/reveal" in article(for_fatou, anonymous.id)
        assert "/hide" not in article(for_amina, mine.id) and "/reveal" not in article(for_amina, anonymous.id)


def test_a_revealed_author_shows_only_to_the_facilitator_who_revealed(client_for, world):
    post = make_post(world.item, world.other_member, "Who wrote me?", anonymous=True)
    fatou, amina = client_for(world.facilitator), client_for(world.member)
    _thread(fatou, world.item), _thread(amina, world.item)  # both kept before the reveal
    fatou.post(posts_url(world.item, post, "reveal"))
    assert "Boris Reader" in article(_thread(fatou, world.item), post.id)
    assert "Boris Reader" not in article(_thread(amina, world.item), post.id)


def test_an_edit_a_mark_a_hide_and_a_translation_show_at_once_to_everyone(client_for, world):
    post = make_post(world.item, world.member, "The first wording.")
    amina, boris, fatou = client_for(world.member), client_for(world.other_member), client_for(world.facilitator)
    readers = (amina, boris, fatou)
    for reader in readers:  # read twice: the second reading is kept (core/pages.py) for the next
        _thread(reader, world.item), _thread(reader, world.item)

    amina.post(posts_url(world.item, post, "edit"), data={"body": "The second wording."})
    for reader in readers:
        shown = article(_thread(reader, world.item), post.id)
        assert "The second wording." in shown and "The first wording." not in shown

    boris.post(posts_url(world.item, post, "react"), data={"value": "agree"})
    assert "You agree." in article(_thread(boris, world.item), post.id)
    for reader in (amina, fatou):
        shown = article(_thread(reader, world.item), post.id)
        assert "1 agree" in shown or '<span class="count">1</span>' in shown

    boris.post(posts_url(world.item, post, "translate"), data={"language": "fr", "body": "La seconde formulation."})
    for reader in readers:
        assert "La seconde formulation." in article(_thread(reader, world.item, lang="fr"), post.id)
        assert "The second wording." in article(_thread(reader, world.item, lang="en"), post.id)

    fatou.post(posts_url(world.item, post, "hide"), data={"reason": "spam", "note": ""})
    assert "The second wording." not in article(_thread(boris, world.item, lang="en"), post.id)
    assert "This post is hidden." in article(_thread(boris, world.item), post.id)
    assert "The second wording." in article(_thread(amina, world.item), post.id)  # the author still sees it
    assert "The second wording." in article(_thread(fatou, world.item), post.id)


def test_a_change_of_language_or_time_zone_is_a_new_piece(client_for, world, app):
    post = make_post(world.item, world.member, "Words.")
    boris = client_for(world.other_member)
    english = article(_thread(boris, world.item, lang="en"), post.id)
    french = article(_thread(boris, world.item, lang="fr"), post.id)
    assert english != french
    world.other_member.timezone = "Asia/Tokyo"
    db.session.commit()
    later = article(_thread(boris, world.item, lang="en"), post.id)
    assert later != english  # the time of the post in Tokyo


# --- conditional requests ---------------------------------------------------------------------------


def _etag(response) -> str:
    etag = response.headers.get("ETag")
    assert etag and etag.startswith('W/"'), response.headers
    return etag


def test_an_unchanged_thread_is_answered_304(client_for, world):
    make_post(world.item, world.member, "Words.")
    boris = client_for(world.other_member)
    boris.get(item_url(world.item))  # the first visit: the post is new to Boris, and marked so
    first = boris.get(item_url(world.item))  # now he has seen it: this page stays as it is
    assert first.status_code == 200
    # the post came from the fragment store, and the page's icon sprite still holds the icon it draws
    assert '<use href="#i-contribution"/>' in first.get_data(as_text=True)
    assert '<symbol id="i-contribution"' in first.get_data(as_text=True)
    assert "no-store" not in first.headers["Cache-Control"] and "private" in first.headers["Cache-Control"]
    again = boris.get(item_url(world.item), headers={"If-None-Match": _etag(first)})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]


def test_every_change_gives_the_page_again(client_for, world):
    post = make_post(world.item, world.member, "Words.")
    amina, boris, fatou = client_for(world.member), client_for(world.other_member), client_for(world.facilitator)

    def fresh(action, lang="en") -> None:
        before = _etag(boris.get(item_url(world.item, lang=lang)))
        action()
        after = boris.get(item_url(world.item, lang=lang), headers={"If-None-Match": before})
        assert after.status_code == 200 and _etag(after) != before

    fresh(lambda: amina.post(posts_url(world.item), data={"body": "A new post.", "kind": "contribution",
                                                        "language": "en", "submission_key": "k" * 24}))
    fresh(lambda: amina.post(posts_url(world.item, post, "edit"), data={"body": "Other words."}))
    fresh(lambda: boris.post(posts_url(world.item, post, "react"), data={"value": "agree"}))
    fresh(lambda: fatou.post(posts_url(world.item, post, "react"), data={"value": "disagree"}))
    fresh(lambda: fatou.post(posts_url(world.item, post, "translate"), data={"language": "fr", "body": "Mots."}),
          lang="fr")  # a translation into French is new to a reader in French
    fresh(lambda: fatou.post(posts_url(world.item, post, "hide"), data={"reason": "spam", "note": ""}))

    # Another language is another page.
    english = _etag(boris.get(item_url(world.item, lang="en")))
    french = boris.get(item_url(world.item, lang="fr"), headers={"If-None-Match": english})
    assert french.status_code == 200 and _etag(french) != english


def test_two_readers_never_share_an_etag(client_for, world):
    make_post(world.item, world.facilitator, "Words.")
    amina, boris = client_for(world.member), client_for(world.other_member)
    for_amina, for_boris = amina.get(item_url(world.item)), boris.get(item_url(world.item))
    assert _etag(for_amina) != _etag(for_boris)
    assert boris.get(item_url(world.item), headers={"If-None-Match": _etag(for_amina)}).status_code == 200


def test_a_new_session_gets_the_page_again_with_a_form_token_that_works(app, world):
    make_post(world.item, world.facilitator, "Words.")
    client = app.test_client()
    login(client, world.member)
    before = _etag(client.get(item_url(world.item)))
    client.post("/logout")
    login(client, world.member)
    again = client.get(item_url(world.item), headers={"If-None-Match": before})
    assert again.status_code == 200 and _etag(again) != before
