"""Translations of a summary: added by members or facilitators, shown to readers of that language
marked as a translation, with the original one click away."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.summaries.forms import rec_fields, section_field
from council.summaries.models import SummaryTranslation
from tests.conftest import make_membership, make_post, make_user
from tests.summaries.conftest import draft, put_to_review, url
from tests.helpers import page_text


def reviewed(world, client_for, context="The water points are too few."):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context=context, points="Queues are long.",
          recommendations=[("Repair the pumps.", "District office")])
    put_to_review(facilitator, world.item)
    return facilitator


def translation_data(language="fr", context="Les points d'eau sont trop peu nombreux.", points="Les files sont longues.",
                     rec="Réparer les pompes.", addressee="Bureau du district"):
    t, a = rec_fields(1)
    return {"language": language, section_field("context"): context, section_field("points"): points,
            t: rec, a: addressee}


def test_a_member_adds_a_translation(world, client_for):
    reviewed(world, client_for)
    member = client_for(world.member)
    form = member.get(url(world.item, "translate"))
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="en"' not in html  # not into the language of record
    assert "The water points are too few." in html  # the original beside the field
    assert member.post(url(world.item, "translate"), data=translation_data()).status_code == 302
    t = db.session.scalar(select(SummaryTranslation))
    assert t.language == "fr" and t.translator_id == world.member.id
    assert t.sections["context"] == "Les points d'eau sont trop peu nombreux."
    assert t.recommendations == [{"number": 1, "text": "Réparer les pompes.", "text_html": "<p>Réparer les pompes.</p>\n",
                                  "addressee": "Bureau du district"}]


def test_every_section_and_recommendation_must_be_translated(world, client_for):
    reviewed(world, client_for)
    response = client_for(world.member).post(url(world.item, "translate"), data=translation_data(points="", rec=""))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Translate this section too." in html and "Translate this recommendation too." in html
    assert "Les points d&#39;eau sont trop peu nombreux." in html  # kept
    assert db.session.scalar(select(SummaryTranslation)) is None


def test_one_translation_per_language(world, client_for):
    reviewed(world, client_for)
    member = client_for(world.member)
    member.post(url(world.item, "translate"), data=translation_data())
    again = member.post(url(world.item, "translate"), data=translation_data(context="Autre."))
    assert again.status_code == 400
    assert len(db.session.scalars(select(SummaryTranslation)).all()) == 1


def test_a_reader_in_that_language_sees_the_translation_marked_with_the_original_a_click_away(world, client_for):
    post = make_post(world.item, world.member2, "Cited.")
    reviewed(world, client_for, context=f"The water points are too few [#{post.id}].")
    client_for(world.member).post(url(world.item, "translate"), data=translation_data(
        context=f"Les points d'eau sont trop peu nombreux [#{post.id}]."))
    french_reader = make_user(display_name="Lectrice", locale="fr")
    make_membership(french_reader, world.council)
    reader = client_for(french_reader)
    page = reader.get(url(world.item))
    html = page.get_data(as_text=True)
    text = page_text(page)
    assert "Les points d" in text and "Réparer les pompes." in text and "Bureau du district" in text
    assert "The water points are too few" not in text
    assert "anglais" in text  # "Translation from English", the language named in French
    assert url(world.item) + "?original=1" in html
    assert 'lang="fr"' in html
    assert f'href="/councils/{world.council.id}/agenda/{world.item.id}/posts/{post.id}"' in html  # citations work
    original = reader.get(url(world.item) + "?original=1")
    assert "The water points are too few" in page_text(original)
    english = page_text(client_for(world.member).get(url(world.item)))
    assert "The water points are too few" in english and "Réparer" not in english


def test_observers_and_admins_cannot_translate(world, client_for):
    reviewed(world, client_for)
    for user in (world.observer, world.admin):
        client = client_for(user)
        assert client.get(url(world.item, "translate")).status_code == 403
        assert client.post(url(world.item, "translate"), data=translation_data()).status_code == 403
    assert db.session.scalar(select(SummaryTranslation)) is None


def test_a_draft_cannot_be_translated(world, client_for):
    draft(client_for(world.facilitator), world.item)
    response = client_for(world.facilitator2).post(url(world.item, "translate"), data=translation_data())
    assert response.status_code == 302
    assert db.session.scalar(select(SummaryTranslation)) is None
