"""Registration, confirmation, sign-in and sign-out, as a person goes through them."""

from __future__ import annotations

from sqlalchemy import select

from council.auth.models import AuthSession, User
from council.extensions import db
from tests.conftest import PASSWORD, links_in, login, make_user


def register(client, **overrides):
    data = {
        "email": "amina@example.org",
        "display_name": "Amina",
        "password": "river-lantern-cobalt-9",
        "locale": "fr",
        "gender": "woman",
        "constituency": "youth",
    }
    data.update(overrides)
    return client.post("/register", data=data)


def test_registration_sends_a_confirmation_link_in_the_chosen_language(client, outbox):
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="amina@example.org"))
    assert user.status == "pending" and user.locale == "fr" and user.gender == "woman"
    assert user.password_hash.startswith("$argon2id$")
    assert len(outbox) == 1
    assert outbox[0]["Content-Language"] == "fr"
    [link] = [u for u in links_in(outbox[0]) if "/confirm/" in u]
    path = link.split("localhost", 1)[1]
    assert client.get(path).status_code == 302
    db.session.refresh(user)
    assert user.status == "active"
    # The link works once.
    assert client.get(path).status_code == 404


def test_registering_a_known_address_reveals_nothing(client, outbox):
    make_user(email="known@example.org")
    fresh = register(client, email="new@example.org")
    known = register(client, email="known@example.org")
    assert fresh.status_code == known.status_code == 302
    assert fresh.headers["Location"] == known.headers["Location"]
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 2
    subjects = [m["Subject"] for m in outbox]
    assert "Someone tried to register with your address" in subjects


def test_weak_password_is_refused_and_the_form_keeps_what_was_typed(client):
    response = register(client, password="password1234")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "too common" in page
    assert 'value="amina@example.org"' in page and 'value="Amina"' in page
    assert db.session.scalar(select(User)) is None


def test_sign_in_and_out_and_the_old_cookie_no_longer_works(client):
    user = make_user()
    login(client, user)
    assert client.get("/dashboard").status_code == 200
    cookie = client.get_cookie("council_session").value
    client.post("/logout")
    assert db.session.scalar(select(AuthSession)) is None
    client.set_cookie("council_session", cookie)
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_gives_one_message_for_unknown_and_known_accounts(client):
    make_user(email="known@example.org")
    a = client.post("/login", data={"email": "known@example.org", "password": "not-the-password!"})
    b = client.post("/login", data={"email": "nobody@example.org", "password": "not-the-password!"})
    assert a.status_code == b.status_code == 200
    assert "The e-mail address or password is not right." in a.get_data(as_text=True)
    assert "The e-mail address or password is not right." in b.get_data(as_text=True)


def test_next_only_allows_local_paths(client):
    user = make_user()
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"
    client.post("/logout")
    response = client.post("/login?next=/councils", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/councils"


def test_names_are_normalised_and_refuse_direction_overrides(app, client):
    decomposed = "Ame\u0301lie"  # e + combining acute accent
    assert register(app.test_client(), email="a1@example.org", display_name=decomposed, locale="en").status_code == 302
    user = db.session.scalar(select(User).filter_by(email="a1@example.org"))
    assert user.display_name == "Amélie" and len(user.display_name) == 6

    response = register(client, email="a2@example.org", display_name="Nadia\u202eevil")
    assert response.status_code == 200
    assert "invisible direction or formatting characters" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).filter_by(email="a2@example.org")) is None


def test_a_nul_byte_or_an_overlong_value_is_refused_with_a_message(client):
    response = register(client, display_name="Nadia\x00")
    assert response.status_code == 200 and "characters that cannot be used" in response.get_data(as_text=True)
    response = register(client, display_name="x" * 500)
    assert response.status_code == 200 and "Field cannot be longer than 80 characters." in response.get_data(as_text=True)
    assert db.session.scalar(select(User)) is None
