"""Password reset and change, session lifetimes, export and deletion of one's own account."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from council.auth.models import AuthSession, User, UserToken
from council.extensions import db
from tests.conftest import PASSWORD, links_in, login, make_user

NEW = "violet-harbour-tundra-42"


def reset_path(outbox):
    [link] = [u for u in links_in(outbox[-1]) if "/password/reset/" in u]
    return link.split("localhost", 1)[1]


def test_reset_link_changes_the_password_once(client, outbox):
    user = make_user(locale="ar")
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 200
    assert outbox[-1]["Content-Language"] == "ar"
    path = reset_path(outbox)
    assert client.post(path, data={"password": NEW}).status_code == 302
    assert client.post(path, data={"password": NEW}).status_code == 404
    login(client, user, NEW)


def test_forgot_password_says_the_same_for_unknown_addresses(client, outbox):
    make_user(email="known@example.org")
    a = client.post("/password/forgot", data={"email": "known@example.org"}).get_data(as_text=True)
    b = client.post("/password/forgot", data={"email": "unknown@example.org"}).get_data(as_text=True)
    assert a == b
    assert len(outbox) == 1


def test_an_expired_reset_link_is_refused(client, outbox):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    token = db.session.scalar(select(UserToken))
    token.expires_at = token.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(reset_path(outbox)).status_code == 404


def test_changing_the_password_signs_out_other_sessions(app):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    response = laptop.post("/account/password", data={"current_password": PASSWORD, "new_password": NEW})
    assert response.status_code == 302
    assert laptop.get("/dashboard").status_code == 200
    assert phone.get("/dashboard").status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(AuthSession)) == 1


def test_changing_the_password_needs_the_current_one(client):
    user = make_user()
    login(client, user)
    response = client.post("/account/password", data={"current_password": "wrong-wrong-wrong", "new_password": NEW})
    assert "Your current password is not right." in response.get_data(as_text=True)


def test_idle_sessions_expire(client):
    user = make_user()
    login(client, user)
    row = db.session.scalar(select(AuthSession))
    row.last_seen_at = row.last_seen_at - timedelta(hours=5)
    db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_export_contains_the_persons_data(client):
    user = make_user(display_name="Nadia", gender="woman")
    login(client, user)
    response = client.get("/account/export")
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email and data["account"]["gender"] == "woman"
    assert "password" not in response.get_data(as_text=True).lower().replace("password_", "")


def test_deleting_the_account_erases_personal_data(client):
    user = make_user(display_name="Nadia", gender="woman")
    email = user.email
    login(client, user)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(User, user.id)
    assert row.status == "deleted" and row.email != email and row.gender is None and row.display_name == ""
    assert client.get("/dashboard").status_code == 302
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 200


def test_a_new_session_is_made_at_sign_in(client):
    user = make_user()
    client.get("/login?lang=fr")
    before = client.get_cookie("council_session").value
    login(client, user)
    assert client.get_cookie("council_session").value != before
