"""Serving through wsgi.py is production unless development or the demo is asked for (issue 7, defect 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from council import create_app
from council.auth.models import User
from council.config import ConfigError
from council.extensions import db
from tests.conftest import app_config

PRODUCTION = {"COUNCIL_SECRET_KEY": "s" * 48, "COUNCIL_PUBLIC_URL": "https://council.example.org",
              "COUNCIL_DATABASE_URL": "sqlite://"}


@pytest.fixture
def environment(monkeypatch):
    """A clean process environment, as gunicorn would see it."""
    import os

    for name in list(os.environ):
        if name.startswith("COUNCIL_"):
            monkeypatch.delenv(name)

    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    yield set_
    create_app(app_config())  # the shared limiter goes back to the suite's settings


def test_without_council_env_the_app_refuses_the_development_key(app, environment):
    environment(COUNCIL_PUBLIC_URL="https://council.example.org", COUNCIL_DATABASE_URL="sqlite://")
    with pytest.raises(ConfigError, match="secret key"):
        create_app()


def test_without_council_env_the_app_is_production_safe(app, environment):
    environment(**PRODUCTION)
    served = create_app()
    cfg = served.config
    assert cfg["ENV_NAME"] == "production"
    assert cfg["REQUIRE_2FA_FOR_PRIVILEGED"] is True
    assert cfg["SESSION_COOKIE_SECURE"] is True
    assert cfg["MAIL_BACKEND"] == "smtp"
    assert cfg["TRUSTED_HOSTS"] == ["council.example.org"]


def test_production_refuses_mail_to_the_log(app, environment):
    environment(**PRODUCTION, COUNCIL_MAIL_BACKEND="log")
    with pytest.raises(ConfigError, match="SMTP"):
        create_app()


def test_development_is_only_what_is_asked_for(app, environment):
    environment(COUNCIL_ENV="development", COUNCIL_DATABASE_URL="sqlite://")
    served = create_app()
    assert served.config["REQUIRE_2FA_FOR_PRIVILEGED"] is False
    assert served.config["MAIL_BACKEND"] == "log"
    assert served.config["PUBLIC_URL"] == "http://127.0.0.1:5000"


def test_an_unknown_environment_is_refused(app, environment):
    environment(COUNCIL_ENV="prod", COUNCIL_DATABASE_URL="sqlite://")
    with pytest.raises(ConfigError):
        create_app()


def test_the_demo_command_refuses_a_production_configuration(app):
    production = create_app(app_config(ENV_NAME="production", MAIL_BACKEND="smtp",
                                       PUBLIC_URL="https://council.example.org"))
    with production.app_context():
        result = production.test_cli_runner().invoke(args=["council", "demo"])
    assert result.exit_code != 0
    assert "Refusing" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    create_app(app_config())


def test_make_run_asks_for_development():
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "migrate demo run: export COUNCIL_ENV ?= development" in makefile
