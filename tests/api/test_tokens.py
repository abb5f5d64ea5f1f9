"""Personal API tokens: made and revoked on the account page, shown once, stored hashed, recorded
in the audit log; a revoked token (or one of an account no longer active) is refused with 401."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from council.api.models import ApiToken
from council.auth import services as auth_services
from council.extensions import db
from tests.api.conftest import get
from tests.conftest import make_user
from tests.helpers import audit_events, fresh, page_text


def test_a_person_makes_a_token_sees_it_once_and_it_is_stored_hashed(app, client_for):
    user = make_user(display_name="Token Maker")
    client = client_for(user)
    account = client.get("/account")
    assert "/account/api-tokens" in account.get_data(as_text=True)
    response = client.post("/account/api-tokens", data={"name": "weekly report"})
    assert response.status_code == 200
    secret = re.search(r"council_[A-Za-z0-9_-]{40,}", response.get_data(as_text=True)).group(0)
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.name == "weekly report" and row.scope == "read"
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in row.token_hash
    # Shown once: the list page never shows it again.
    again = client.get("/account/api-tokens")
    assert secret not in again.get_data(as_text=True)
    assert "weekly report" in page_text(again) and "Never" in page_text(again)
    [event] = audit_events("api_token.create")
    assert event.actor_id == user.id and event.target_id == row.id

    answer = get(app.test_client(), "/api/v1/", secret)
    assert answer.status_code == 200 and answer.get_json()["authenticated"] is True
    assert fresh(row).last_used_at is not None
    assert "Never" not in page_text(client.get("/account/api-tokens"))


def test_a_token_needs_a_name_and_the_form_keeps_what_was_typed(app, client_for):
    client = client_for(make_user())
    response = client.post("/account/api-tokens", data={"name": "   "})
    assert response.status_code == 400
    assert db.session.scalar(select(ApiToken)) is None
    long = "x" * 81
    response = client.post("/account/api-tokens", data={"name": long})
    assert response.status_code == 400 and long in response.get_data(as_text=True)


def test_a_revoked_token_fails_with_401(app, client_for, token):
    user = make_user()
    secret = token(user)
    assert get(app.test_client(), "/api/v1/", secret).status_code == 200
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    client = client_for(user)
    response = client.post(f"/account/api-tokens/{row.id}/revoke")
    assert response.status_code == 302
    assert fresh(row).revoked_at is not None
    refused = get(app.test_client(), "/api/v1/councils", secret)
    assert refused.status_code == 401
    assert refused.mimetype == "application/json" and refused.get_json()["error"]["status"] == 401
    assert "Bearer" in refused.headers["WWW-Authenticate"]
    [event] = audit_events("api_token.revoke")
    assert event.actor_id == user.id and event.target_id == row.id
    assert "Revoked" in page_text(client.get("/account/api-tokens"))


def test_nobody_revokes_another_persons_token(app, client_for, token):
    owner, other = make_user(), make_user()
    secret = token(owner)
    row = db.session.scalar(select(ApiToken))
    assert client_for(other).post(f"/account/api-tokens/{row.id}/revoke").status_code == 404
    assert get(app.test_client(), "/api/v1/", secret).status_code == 200


def test_tokens_of_a_suspended_account_fail_and_erasure_deletes_them(app, token, admin):
    user = make_user()
    secret = token(user)
    with app.test_request_context():
        auth_services.suspend(db.session.merge(user), actor=db.session.merge(admin))
        db.session.commit()
    assert get(app.test_client(), "/api/v1/", secret).status_code == 401
    with app.test_request_context():
        auth_services.delete_account(db.session.merge(user))
        db.session.commit()
    assert db.session.scalar(select(ApiToken)) is None


def test_unknown_and_malformed_tokens_fail_with_401(app):
    client = app.test_client()
    for header in ("Bearer council_nope", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000):
        response = client.get("/api/v1/councils", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.get_json()["error"]["code"] == "unauthorized"


def test_tokens_appear_in_the_data_download_without_their_secret(app, client_for, token):
    user = make_user()
    secret = token(user, name="my script")
    data = client_for(user).get("/account/export").get_data(as_text=True)
    assert "my script" in data and secret not in data
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash not in data


def test_the_audit_log_names_token_events(app, client_for, token, admin):
    user = make_user()
    token(user, name="nightly export")
    text = page_text(client_for(admin).get("/admin/audit?lang=en"))
    assert "API token created" in text and "API token" in text


def test_one_person_holds_at_most_ten_active_tokens(app, client_for, token):
    user = make_user()
    for n in range(10):
        token(user, name=f"script {n}")
    client = client_for(user)
    response = client.post("/account/api-tokens", data={"name": "one more"})
    assert response.status_code == 400 and "Revoke one" in page_text(response)
    assert db.session.query(ApiToken).count() == 10
