"""The directory, a council's public page and the home page, as a visitor and a member see them."""

from __future__ import annotations

import pytest

from tests.conftest import login, make_council, make_country, make_membership, make_region, make_user
from tests.helpers import main_of, text_of


@pytest.fixture(autouse=True)
def _live_and_exact(next_period, unrounded):
    """These tests are about the five-person rule: figures of now (next period), not rounded.
    The periods and the rounding are tested in test_public_composition.py."""


def test_directory_groups_councils_by_country_and_region(client):
    country = make_country(names={"en": "Freedonia", "fr": "Fredonie"})
    north = make_region(country, names={"en": "North", "fr": "Nord"})
    south = make_region(country, names={"en": "South"})
    make_council(north, texts={"en": ("Highlands council", "")})
    make_council(south, texts={"en": ("Coast council", "")})
    make_council(south, texts={"en": ("Bay council", "")})

    page = main_of(client.get("/councils?lang=en").get_data(as_text=True))
    text = text_of(page)
    assert text.index("Freedonia") < text.index("North") < text.index("Highlands council")
    assert text.index("South") < text.index("Bay council") < text.index("Coast council")  # sorted by name
    assert '<h2 id="country-%d"><span lang="en" dir="auto">Freedonia</span></h2>' % country.id in page

    french = main_of(client.get("/councils?lang=fr").get_data(as_text=True))
    assert '<span lang="fr" dir="auto">Fredonie</span>' in french
    assert '<span lang="fr" dir="auto">Nord</span>' in french
    assert '<span lang="en" dir="auto">South</span>' in french  # no French name: the English one, marked


def test_directory_shows_the_name_in_the_readers_language_or_marks_the_fallback(client):
    make_council(texts={"fr": ("Conseil de la vallée", ""), "en": ("Valley council", "")}, working_languages=["fr", "en"])
    make_council(texts={"fr": ("Conseil des lacs", ""), "ar": ("مجلس البحيرات", "")}, working_languages=["ar", "fr"])

    english = main_of(client.get("/councils?lang=en").get_data(as_text=True))
    assert '<span lang="en" dir="auto">Valley council</span>' in english
    assert "Conseil de la vallée" not in english
    # No English name: the first working language (Arabic), marked as such.
    assert '<span lang="ar" dir="auto">مجلس البحيرات</span> <span class="muted language-note">(in Arabic)</span>' in english
    assert "Conseil des lacs" not in english

    french = main_of(client.get("/councils?lang=fr").get_data(as_text=True))
    assert '<span lang="fr" dir="auto">Conseil des lacs</span>' in french
    assert '<span lang="fr" dir="auto">Conseil de la vallée</span>' in french
    assert "language-note" not in french


def test_directory_without_councils_says_so(client):
    assert "There are no councils yet." in text_of(client.get("/councils?lang=en").get_data(as_text=True))


def test_directory_queries_do_not_grow_with_the_number_of_councils(client, count_queries):
    country = make_country()
    make_council(make_region(country))
    client.get("/councils")  # warm up
    with count_queries() as few:
        client.get("/councils")
    for _ in range(3):
        region = make_region(make_country())
        for _ in range(3):
            make_council(region, texts={"en": ("A", "a"), "fr": ("B", "b")})
    with count_queries() as many:
        page = client.get("/councils").get_data(as_text=True)
    assert page.count('class="card"') == 10
    assert many() == few()


def test_public_page_shows_name_mandate_place_and_languages(client):
    region = make_region(make_country(names={"en": "Freedonia"}), names={"en": "North"})
    council = make_council(region, texts={"fr": ("Conseil du Nord", "Écouter les communautés du Nord."),
                                          "en": ("North council", "")}, working_languages=["fr", "en"])
    page = main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True))
    assert page.count("<h1") == 1
    assert '<h1><span lang="en" dir="auto">North council</span></h1>' in page
    # The mandate exists only in French: shown in French, marked.
    assert '<p lang="fr" dir="auto" class="user-text-block">Écouter les communautés du Nord.</p>' in page
    assert "(in French)" in page
    text = text_of(page)
    assert '<span lang="en" dir="auto">North</span>, <span lang="en" dir="auto">Freedonia</span>' in page
    assert "French" in text and "English" in text


def test_unknown_council_is_404(client):
    assert client.get("/councils/999").status_code == 404


def people(council, spec):
    """Active members: spec is a list of (gender, group, how many)."""
    for gender, group, n in spec:
        for _ in range(n):
            make_membership(make_user(gender=gender), council, constituency=group)


def test_public_page_hides_composition_below_five_people(client):
    council = make_council()
    people(council, [("woman", "youth", 2), ("man", "elders", 2)])
    text = text_of(main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)))
    assert "The figures are hidden" in text
    assert "By gender" not in text


def test_public_page_shows_composition_with_small_cells_suppressed(client):
    council = make_council(women_target_percent=50)
    people(council, [("woman", "youth", 6), ("man", "youth", 3), ("man", "elders", 5), ("other", "elders", 1),
                     (None, "elders", 2)])
    # Observers are not counted; nor are applicants.
    make_membership(make_user(gender="woman"), council, role="observer", constituency="business")
    make_membership(make_user(gender="woman"), council, status="applied", constituency="business")

    text = text_of(main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)))
    assert "Target: 50% women. On January 1, 2027: 35% women." in text or ": 35% women." in text
    assert "Woman 6 35%" in text
    assert "Man 8 47%" in text
    # Two small cells: neither can be worked out from the total, nothing else is withheld.
    assert "Another gender fewer than 5 not shown" in text
    assert "Not stated fewer than 5 not shown" in text
    assert "Youth 9 53%" in text
    assert "Elders and wise persons 8 47%" in text
    assert "Business" not in text
    assert "Total 17 100%" in text


def test_public_page_withholds_a_second_cell_when_one_would_be_derivable(client):
    council = make_council()
    people(council, [("woman", "youth", 3), ("man", "youth", 9)])
    text = text_of(main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)))
    assert "Woman fewer than 5 not shown" in text
    assert "Man not shown not shown" in text
    assert "Total 12 100%" in text
    assert "The current share of women is not shown" in text
    assert " 9 " not in text and " 3 " not in text


def test_visitor_is_offered_to_sign_in_to_apply(client):
    council = make_council()
    page = client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)
    assert f'href="/login?next=/councils/{council.id}/apply"' in page
    assert "Sign in to apply" in page
    assert f"/councils/{council.id}/members" not in page


def test_signed_in_person_sees_apply_button_member_does_not(client):
    council = make_council()
    user = make_user()
    login(client, user)
    page = client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)
    assert f'href="/councils/{council.id}/apply"' in page
    assert f"/councils/{council.id}/members" not in page

    member = make_user()
    make_membership(member, council)
    other = client.application.test_client()
    login(other, member)
    page = other.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)
    assert f'/councils/{council.id}/apply"' not in page
    assert "Sign in to apply" not in page
    assert f'href="/councils/{council.id}/members"' in page
    assert f"/councils/{council.id}/applications" not in page
    assert f'href="/councils/{council.id}/leave"' in page


def test_public_page_queries_do_not_grow_with_members(client, count_queries):
    council = make_council()
    url = f"/councils/{council.id}"
    people(council, [("woman", "youth", 5)])
    client.get(url)
    with count_queries() as few:
        client.get(url)
    people(council, [("man", "elders", 20)])
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Total 25 100%" in text_of(page)
    assert many() == few()


def test_home_page_explains_and_links_to_registration_and_councils(client):
    make_council(texts={"en": ("Valley council", "")})
    page = main_of(client.get("/?lang=en").get_data(as_text=True))
    assert page.count("<h1") == 1
    assert 'href="/register"' in page and 'href="/login"' in page and 'href="/councils"' in page
    assert '<span lang="en" dir="auto">Valley council</span>' in page


def test_home_page_sends_signed_in_people_to_their_dashboard(client):
    login(client, make_user())
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"


def test_figures_follow_the_readers_locale_whatever_was_rendered_first(client):
    """Filters on constants are folded when Jinja compiles a template; a share written as a literal
    would keep the locale of the first reader."""
    council = make_council()
    people(council, [("woman", "youth", 5), ("man", "youth", 5)])
    french = text_of(main_of(client.get(f"/councils/{council.id}?lang=fr").get_data(as_text=True)))
    english = text_of(main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)))
    assert "Total 10 100%" in english and "100 %" not in english
    assert "100\u00a0%" in french or "100 %" in french
