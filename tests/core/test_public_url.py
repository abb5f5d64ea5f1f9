"""Links in e-mails come from the configured public URL, never from the request (issue 7, defect 1)."""

from __future__ import annotations

import pytest

from council import create_app
from council.config import ConfigError
from council.extensions import db
from tests.conftest import app_config, links_in, make_user


def test_a_request_for_another_host_is_refused_and_sends_nothing(app, client, outbox):
    user = make_user()
    response = client.post("/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert outbox == []


def test_reset_links_point_at_the_public_url(app, client, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://council.example.org")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["council.example.org", "localhost"])
    user = make_user()
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 200
    [link] = links_in(outbox[0])
    assert link.startswith("https://council.example.org/password/reset/")


def test_forwarded_host_is_never_believed(app, outbox):
    proxied = create_app(app_config(TRUSTED_PROXIES=1, PUBLIC_URL="https://council.example.org"))
    with proxied.app_context():
        db.create_all()  # its own database when the suite runs on SQLite in memory
        user = make_user()
        response = proxied.test_client().post(
            "/password/forgot", data={"email": user.email},
            headers={"Host": "council.example.org", "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "10.1.1.1"},
        )
        assert response.status_code == 200
        [message] = proxied.extensions["council_outbox"]
        assert all(link.startswith("https://council.example.org/") for link in links_in(message))
        assert "evil.example" not in message.as_string()
    create_app(app_config())


def test_production_refuses_to_start_without_a_public_url():
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "MAIL_BACKEND": "smtp"})


def test_the_configured_host_is_the_trusted_one():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "MAIL_BACKEND": "smtp", "PUBLIC_URL": "https://council.example.org/"})
    assert app.config["PUBLIC_URL"] == "https://council.example.org"
    assert app.config["TRUSTED_HOSTS"] == ["council.example.org"]
    response = app.test_client().get("/healthz", headers={"Host": "other.example"})
    assert response.status_code == 400
    create_app(app_config())
