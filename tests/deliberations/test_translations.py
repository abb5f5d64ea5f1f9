"""Human translations: one per language, shown in the reader's language, the original one click away."""

from __future__ import annotations

from sqlalchemy import select

from council.deliberations.models import PostTranslation
from council.extensions import db
from tests.conftest import login, make_post
from tests.deliberations.conftest import article, assert_inert, item_url, posts_url


def _translate(client, item, post, language, body):
    return client.post(posts_url(item, post, "translate"), data={"language": language, "body": body})


def test_translation_is_shown_in_the_readers_language(client, world):
    post = make_post(world.item, world.member, "Les puits de l'est sont secs.", language="fr")
    login(client, world.other_member)
    form = client.get(posts_url(world.item, post, "translate"))
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert "est sont secs." in html
    assert 'value="fr"' not in html.split('id="language"')[1].split("</select>")[0]  # not into its own language

    response = _translate(client, world.item, post, "en", "The eastern wells are *dry*.")
    assert response.status_code == 302
    [t] = db.session.scalars(select(PostTranslation).where(PostTranslation.post_id == post.id)).all()
    assert (t.language, t.translator_id, t.body_html) == ("en", world.other_member.id, "<p>The eastern wells are <em>dry</em>.</p>\n")

    # an English reader sees the translation, marked, with a link to the original
    client.post("/logout")
    login(client, world.facilitator)
    page = client.get(item_url(world.item)).get_data(as_text=True)
    shown = article(page, post.id)
    assert "The eastern wells are <em>dry</em>." in shown
    assert "Les puits" not in shown
    assert "Translated from French by" in shown and "Boris Reader" in shown
    assert 'lang="en" dir="auto"' in shown
    assert f"original={post.id}" in shown

    original = client.get(item_url(world.item, original=post.id)).get_data(as_text=True)
    shown = article(original, post.id)
    assert "est sont secs." in shown and 'lang="fr" dir="auto"' in shown
    assert "Show the translation" in shown

    # a French reader sees the original
    french = client.get(item_url(world.item, lang="fr")).get_data(as_text=True)
    assert "Les puits" in article(french, post.id)


def test_permalink_keeps_the_request_for_the_original(client, world):
    post = make_post(world.item, world.member, "Texte.", language="fr")
    login(client, world.other_member)
    response = client.get(posts_url(world.item, post) + f"?original={post.id}")
    assert response.status_code == 302
    assert f"original={post.id}" in response.headers["Location"]
    assert response.headers["Location"].endswith(f"#post-{post.id}")


def test_one_translation_per_language(client, world):
    post = make_post(world.item, world.member, "Texte.", language="fr")
    login(client, world.other_member)
    assert _translate(client, world.item, post, "en", "Text.").status_code == 302
    client.post("/logout")
    login(client, world.facilitator)
    form = client.get(posts_url(world.item, post, "translate")).get_data(as_text=True)
    assert "Translations that exist already" in form and "Text." in form
    again = _translate(client, world.item, post, "en", "Another text.")
    assert again.status_code == 400
    html = again.get_data(as_text=True)
    assert "already has a translation into this language" in html and "Another text." in html
    assert _translate(client, world.item, post, "fr", "Texte.").status_code == 400  # its own language
    assert _translate(client, world.item, post, "xx", "?").status_code == 400
    assert len(db.session.scalars(select(PostTranslation)).all()) == 1


def test_translations_are_sanitised(client, world):
    post = make_post(world.item, world.member, "Texte.", language="fr")
    login(client, world.other_member)
    _translate(client, world.item, post, "en", "<script>x()</script> [a](javascript:alert(1)) <img src=x onerror=y>")
    client.post("/logout")
    login(client, world.facilitator)
    assert_inert(article(client.get(item_url(world.item)).get_data(as_text=True), post.id), interface_icons=True)


def test_observers_cannot_translate(client, world):
    post = make_post(world.item, world.member, "Texte.", language="fr")
    login(client, world.observer)
    assert "/translate" not in article(client.get(item_url(world.item)).get_data(as_text=True), post.id)
    assert client.get(posts_url(world.item, post, "translate")).status_code == 403
    assert _translate(client, world.item, post, "en", "Text.").status_code == 403
