"""Two-factor authentication: set-up, sign-in with a code or a recovery code, enforcement."""

from __future__ import annotations

import re

import pyotp

from council.extensions import db
from tests.conftest import PASSWORD, login, make_council, make_membership, make_user


def enable_two_factor(client):
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="secret" translate="no">([A-Z2-7]+)<', page).group(1)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    codes_page = client.get(response.headers["Location"]).get_data(as_text=True)
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", codes_page)
    return secret, codes


def test_setup_shows_a_qr_code_and_needs_a_right_code(client):
    user = make_user()
    login(client, user)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "<svg" in page
    response = client.post("/account/two-factor", data={"code": "000000"})
    assert "This code is not right" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert not user.totp_enabled


def test_sign_in_needs_the_code_once_enabled_and_codes_cannot_be_replayed(client):
    user = make_user()
    login(client, user)
    secret, codes = enable_two_factor(client)
    assert len(codes) == 10
    client.post("/logout")

    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/two-factor")
    assert client.get("/dashboard").status_code == 302  # not signed in yet
    code = pyotp.TOTP(secret).now()
    assert client.post("/login/two-factor", data={"code": code}).status_code == 302
    assert client.get("/dashboard").status_code == 200
    client.post("/logout")

    client.post("/login", data={"email": user.email, "password": PASSWORD})
    replay = client.post("/login/two-factor", data={"code": code})
    assert replay.status_code == 200 and "already used" in replay.get_data(as_text=True)


def test_a_recovery_code_works_once(client):
    user = make_user()
    login(client, user)
    _, codes = enable_two_factor(client)
    client.post("/logout")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.post("/login/two-factor", data={"code": codes[0].upper()}).status_code == 302
    client.post("/logout")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.post("/login/two-factor", data={"code": codes[0]}).status_code == 200


def test_privileged_accounts_must_set_up_two_factors_when_required(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_2FA_FOR_PRIVILEGED", True)
    strict_app = app
    facilitator = make_user()
    plain = make_user()
    council = make_council()
    make_membership(facilitator, council, role="facilitator")
    client = strict_app.test_client()
    login(client, facilitator)
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor")
    client.post("/logout")
    other = strict_app.test_client()
    login(other, plain)
    assert other.get("/dashboard").status_code == 200
