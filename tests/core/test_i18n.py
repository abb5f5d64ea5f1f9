"""Languages: switching, remembering, right-to-left, and complete catalogues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from council.extensions import db
from tests.conftest import login, make_user

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["ar", "es", "fr", "ru", "zh"]


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_lang_parameter_switches_and_is_remembered_for_visitors(client):
    page = client.get("/login?lang=ar").get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert 'lang="ar" dir="rtl"' in html_tag(client.get("/register").get_data(as_text=True))
    assert html_tag(client.get("/login?lang=zh").get_data(as_text=True)) == '<html lang="zh" dir="ltr">'


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert 'lang="ru"' in html_tag(page)


def test_a_signed_in_persons_saved_language_beats_the_browser(client):
    user = make_user(locale="fr")
    login(client, user)
    page = client.get("/dashboard", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert 'lang="fr"' in html_tag(page)


def test_the_switcher_changes_the_visit_only_never_the_saved_language(client):
    """Issue 7, defect 7: ?lang= on a GET (an image on another site) must not change the account."""
    user = make_user(locale="fr")
    login(client, user)
    client.get("/dashboard?lang=ar")
    db.session.refresh(user)
    assert user.locale == "fr"
    assert 'dir="rtl"' in html_tag(client.get("/account").get_data(as_text=True))  # the visit stays in Arabic
    other = client.application.test_client()
    login(other, user)
    assert 'lang="fr"' in html_tag(other.get("/dashboard").get_data(as_text=True))


def test_an_explicit_button_saves_the_language_for_e_mails(client):
    user = make_user(locale="fr")
    login(client, user)
    page = client.get("/account?lang=ru").get_data(as_text=True)
    assert 'action="/account/language"' in page
    response = client.post("/account/language", data={"language": "ru", "next": "/account?lang=ru"})
    assert response.status_code == 302 and response.headers["Location"] == "/account?lang=ru"
    db.session.refresh(user)
    assert user.locale == "ru"
    assert 'action="/account/language"' not in client.get("/account").get_data(as_text=True)
    client.post("/account/language", data={"language": "xx"})
    db.session.refresh(user)
    assert user.locale == "ru"


def test_every_page_offers_the_language_switcher_as_plain_links(client):
    page = client.get("/login?next=/councils").get_data(as_text=True)
    for code in ["ar", "en", "es", "fr", "ru", "zh"]:
        assert f'hreflang="{code}"' in page
    assert "/login?next=%2Fcouncils&amp;lang=fr" in page or "/login?next=/councils&amp;lang=fr" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    template = read_po((ROOT / "translations" / "messages.pot").open("rb"))
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    catalogue = read_po(path.open("rb"), locale=language)
    # An entry is its context and its text: "Active" of an account and of a membership are two.
    expected = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        expected.discard((message.context, key))
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key}")
        elif not all(strings):
            problems.append(f"empty: {key}")
        else:
            # Every placeholder of the original stays in the translation.
            wanted = set(re.findall(r"%\((\w+)\)[sd]", key))
            for s in strings:
                if set(re.findall(r"%\((\w+)\)[sd]", s)) - wanted or (wanted - set(re.findall(r"%\((\w+)\)[sd]", s)) - {"num"}):
                    problems.append(f"placeholders differ: {key}")
    problems += [f"missing: {key} ({context})" if context else f"missing: {key}" for context, key in sorted(expected, key=str)]
    assert problems == []


@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_counts_are_written_as_the_locale_writes_them(app, language):
    from flask_babel import force_locale, format_number

    from council.core.web import format_count

    with app.test_request_context(), force_locale(language):
        for n in (0, 7, 999, 1000, 123456):
            assert format_count(n) == format_number(n)
