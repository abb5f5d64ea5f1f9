"""Headers, cookies, CSRF, request limits, rate limits and the production safeguards."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import OperationalError

from council import create_app
from council.config import ConfigError
from tests.conftest import PASSWORD, app_config, make_user


def test_every_page_has_a_strict_content_security_policy(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    # No inline script: only files served from static/ (the language switcher's place keeper).
    assert re.search(r"<script(?![^>]*\bsrc=\"/static/)", response.get_data(as_text=True)) is None
    assert "style=" not in response.get_data(as_text=True)


def test_session_cookie_flags(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_and_hsts_when_configured(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    response = client.get("/login?lang=fr")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_forms_refuse_posts_without_a_csrf_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)


def test_sign_out_is_post_only(client):
    assert client.get("/logout").status_code == 405


def test_oversized_requests_are_refused(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ConfigError):
        create_app({"ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://", "MAIL_BACKEND": "smtp",
                    "PUBLIC_URL": "https://council.example.org"})


def test_production_turns_on_two_factor_for_privileged_accounts():
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "MAIL_BACKEND": "smtp", "PUBLIC_URL": "https://council.example.org"})
    assert app.config["REQUIRE_2FA_FOR_PRIVILEGED"] is True


def test_environment_variables_configure_the_app(monkeypatch):
    from council.config import from_environment

    found = from_environment({"COUNCIL_DATABASE_URL": "sqlite:///x.db", "COUNCIL_TRUSTED_PROXIES": "1", "OTHER": "x"})
    assert found == {"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db", "TRUSTED_PROXIES": 1}


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_reports_an_unreachable_database(client, monkeypatch):
    from council.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


@pytest.fixture
def limited_app(app, monkeypatch):
    from council.extensions import limiter

    monkeypatch.setitem(app.config, "RATE_LIMITS_ON", True)
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNIN_PER_ACCOUNT", "3 per 10 minutes")
    monkeypatch.setitem(app.config, "RATELIMIT_SIGNIN_PER_ADDRESS", "6 per 10 minutes")
    limiter.reset()
    yield app
    limiter.reset()


def test_sign_in_is_throttled_per_account(app, limited_app):
    user = make_user()
    client = limited_app.test_client()
    for _ in range(3):
        assert client.post("/login", data={"email": user.email, "password": "wrong-password-x"}).status_code == 200
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(app, limited_app):
    client = limited_app.test_client()
    codes = [
        client.post("/login", data={"email": f"p{i}@example.org", "password": "wrong-password-x"},
                    headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
        for i in range(8)
    ]
    assert codes[:6] == [200] * 6 and codes[6:] == [429, 429]


def test_the_limit_page_is_translated(app, limited_app):
    client = limited_app.test_client()
    for i in range(7):
        response = client.post("/login?lang=fr", data={"email": f"p{i}@example.org", "password": "wrong-password-x"})
    assert response.status_code == 429
    assert 'lang="fr"' in response.get_data(as_text=True)


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    import gzip

    plain = client.get("/register")
    packed = client.get("/register", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2


def test_rate_limits_can_live_in_redis_shared_by_several_app_servers(app, monkeypatch):
    """With COUNCIL_RATELIMIT_STORAGE_URI=redis://..., two app processes share one count."""
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.fail("Redis is expected on 127.0.0.1:6379 (.ci/run starts it)")
    from council.extensions import limiter

    first = create_app(app_config(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                                  RATELIMIT_SIGNIN_PER_ADDRESS="3 per 10 minutes"))
    with first.app_context():
        from council.extensions import db

        db.create_all()  # its own database when the suite runs on SQLite in memory
    try:
        limiter.reset()
        a, b = first.test_client(), first.test_client()
        codes = [c.post("/login", data={"email": f"p{i}@example.org", "password": "wrong-password-x"}).status_code
                 for i, c in enumerate([a, b, a, b])]
        assert codes == [200, 200, 200, 429]
        assert "redis" in type(limiter.storage).__name__.lower()
    finally:
        limiter.reset()
        create_app(app_config())  # the shared limiter goes back to memory storage for the other tests
