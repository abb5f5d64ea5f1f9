"""`flask council check-deploy` says what a production configuration lacks."""

from __future__ import annotations

import socket

import pytest
from flask_migrate import upgrade

from council import create_app
from council.extensions import db
from tests.conftest import app_config, scratch_database

REDIS = "redis://127.0.0.1:6379/15"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production(url, **overrides):
    config = app_config(
        SQLALCHEMY_DATABASE_URI=url, ENV_NAME="production", PUBLIC_URL="https://council.example.org",
        SECRET_KEY="k3J9xQ2vL7pR4tY8wZ1aB6cD0eF5gH3iJ9mN2oP7", MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
        MAIL_PORT=closed_port(), MAIL_SENDER="Council <no-reply@council.example.org>",
        RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1, TESTING=False,
    )
    config.pop("REQUIRE_2FA_FOR_PRIVILEGED")
    config.pop("SESSION_COOKIE_SECURE", None)
    config.update(overrides)
    return config


def make_app(url, storage=REDIS, **overrides):
    """The limiter is one object for every app of the process, set up from the config each app is
    created with: so every app here is created with the tests' in-memory storage, and the storage
    the check reads is put in the config afterwards."""
    app = create_app(production(url, **overrides))
    app.config["RATELIMIT_STORAGE_URI"] = storage
    return app


def check(app):
    result = app.test_cli_runner().invoke(args=["council", "check-deploy"])
    return result.exit_code, result.output


@pytest.fixture
def database(tmp_path):
    with scratch_database(tmp_path, "deploy") as url:
        yield url


def migrated(url, storage=REDIS, **overrides):
    app = make_app(url, storage, **overrides)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def test_a_sound_production_configuration_passes_with_its_warnings(database):
    app = migrated(database)
    with app.app_context():
        status, output = check(app)
        db.engine.dispose()
    assert status == 0, output
    assert "0 error(s)" in output
    assert "schema is current" in output
    assert "Rate limits are shared in Redis" in output
    assert "does not answer" in output  # the SMTP server of this test is a closed port: a warning
    if database.startswith("sqlite"):
        assert "serves one app host only" in output


def test_each_problem_is_named_with_what_to_do(database):
    app = make_app(
        database, "memory://", PUBLIC_URL="http://council.example.org", SESSION_COOKIE_SECURE=False,
        REQUIRE_2FA_FOR_PRIVILEGED=False, TRUSTED_PROXIES=0, MAIL_SENDER="Council <no-reply@council.invalid>",
    )
    with app.app_context():
        status, output = check(app)  # and the database was never migrated
        db.engine.dispose()
    assert status == 1
    for expected in (
        "links in e-mails and the HSTS header need https://",
        "session cookies would travel over plain HTTP",
        "must use two-factor authentication",
        "Set COUNCIL_RATELIMIT_STORAGE_URI=redis://",
        "COUNCIL_TRUSTED_PROXIES is 0",
        "give an address of your domain",
        "run `flask db upgrade`",
    ):
        assert expected in output, expected
    assert "0 error(s)" not in output


def test_a_development_configuration_is_not_a_deployment(app):
    status, output = check(app)
    assert status == 1
    assert "COUNCIL_ENV is 'testing'" in output


def test_redis_that_does_not_answer_is_an_error(database):
    app = migrated(database, f"redis://:hunter2pw@127.0.0.1:{closed_port()}/0")
    with app.app_context():
        status, output = check(app)
        db.engine.dispose()
    assert status == 1
    assert "does not answer" in output and "hunter2pw" not in output and ":***@" in output
