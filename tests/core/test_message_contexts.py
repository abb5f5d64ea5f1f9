"""One English word, several meanings: each gets its own context, so each language can say it
with the right word and the right grammatical gender."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

from tests.conftest import login, make_council, make_membership, make_user
from tests.helpers import page_text


def said(app, language: str, template: str) -> str:
    with app.test_request_context(), force_locale(language):
        return render_template_string(template)


def test_an_account_and_a_membership_are_suspended_in_different_words(app):
    account = '{{ pgettext("account status", "Suspended") }}'
    membership = '{{ pgettext("membership status", "Suspended") }}'
    assert said(app, "en", account) == said(app, "en", membership) == "Suspended"
    assert said(app, "fr", account) == "Suspendu"  # le compte
    assert said(app, "es", account) == "Suspendida"  # la cuenta
    assert said(app, "fr", membership) == "Participation suspendue"


def test_a_persons_name_and_a_things_name_differ_where_the_language_says_so(app):
    person, thing = '{{ pgettext("of a person", "Name") }}', '{{ pgettext("of a thing", "Name") }}'
    assert (said(app, "zh", person), said(app, "zh", thing)) == ("姓名", "名称")
    assert (said(app, "ru", person), said(app, "ru", thing)) == ("Имя", "Название")


def test_lazy_labels_carry_their_context(app):
    from council.agendas.models import THEMES
    from council.auth.choices import CONSTITUENCIES
    from council.councils.queries import STATUS_LABELS

    with app.test_request_context(), force_locale("fr"):
        assert str(THEMES["youth"]) == "Jeunesse"  # a theme of the agenda
        assert str(CONSTITUENCIES["youth"]) == "Jeunes"  # a group of people
        assert str(STATUS_LABELS["left"]) == "A quitté le conseil"


def test_the_admin_list_says_the_accounts_status_in_the_readers_language(client):
    admin = make_user(site_role="admin", locale="es")
    make_user(display_name="Ana Suspendida", status="suspended")
    login(client, admin)
    text = page_text(client.get("/admin/users"))
    assert "Suspendida" in text and "Nombre" in text


def test_a_suspended_membership_reads_as_the_membership_not_the_person(client):
    council = make_council()
    facilitator = make_user(locale="fr")
    make_membership(facilitator, council, role="facilitator")
    make_membership(make_user(display_name="Sami K."), council, status="suspended")
    login(client, facilitator)
    text = page_text(client.get(f"/councils/{council.id}/members"))
    assert "Participation suspendue" in text


def test_the_product_name_is_the_same_in_the_header_and_in_sentences(app, client):
    from tests.conftest import tr

    for language, name in {"fr": "Council", "es": "Council", "ru": "Совет", "ar": "المجلس", "zh": "委员会"}.items():
        page = client.get(f"/login?lang={language}").get_data(as_text=True)
        assert f'class="brand" href="/">{name}</a>' in page
        assert name in tr(app, language, "This message was sent by Council. If you did not expect it, you can ignore it.")
        assert name in tr(app, language, "Your role on Council changed")
