"""When the database goes away: a clear 503 in the reader's language, with a retry hint, one log
line per request, what was typed kept, and service back as soon as the database is."""

from __future__ import annotations

import logging
import socket

import pytest

from council import create_app
from council.extensions import db
from tests.conftest import app_config, tr


def _closed_port() -> int:
    """A port in this suite's range on which nothing listens."""
    for port in range(5199, 5190, -1):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no closed port found")


@pytest.fixture
def down_app():
    """An app whose PostgreSQL server cannot be reached (a closed port; no server is stopped)."""
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/council"))
    app.config["TESTING"] = False  # as in production: errors go to the handlers
    yield app
    with app.app_context():
        db.engine.dispose()


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_a_visitor_gets_a_503_in_their_language_with_a_retry_hint(down_app):
    client = down_app.test_client()
    logger, lines = logging.getLogger("council.core.errors"), _Lines()
    logger.addHandler(lines)
    level, disabled = logger.level, logger.disabled
    logger.setLevel(logging.WARNING)
    logger.disabled = False  # another test's logging set-up may have switched it off
    switched_off = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    try:
        response = client.get("/", headers={"Accept-Language": "fr"})
    finally:
        logger.removeHandler(lines)
        logger.setLevel(level)
        logger.disabled = disabled
        logging.disable(switched_off)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert '<html lang="fr"' in page
    assert tr(down_app, "fr", "The service is not available for a moment") in page
    assert tr(down_app, "fr", "Please try again in a minute.") in page
    assert len(lines.records) == 1  # one line, not a traceback
    assert lines.records[0].exc_info is None and "GET /" in lines.records[0].getMessage()


def test_a_signed_in_reader_gets_the_same_page_not_a_bare_one(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # loading this user needs the database
        session["lang"] = "ar"
    response = client.get("/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert '<html lang="ar" dir="rtl"' in page
    assert tr(down_app, "ar", "The service is not available for a moment") in page


def test_a_form_sent_during_the_outage_says_nothing_was_saved_and_keeps_the_text(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"
    text = "A long contribution about the water points that must not be lost."
    response = client.post("/councils/1/agenda/1/posts", data={
        "body": text, "kind": "contribution", "submission_key": "k" * 32, "csrf_token": "t" * 40,
    }, headers={"Accept-Language": "es"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert tr(down_app, "es", "Nothing you sent was saved.") in page
    assert text in page and "k" * 32 not in page and "t" * 40 not in page


def test_a_password_typed_during_the_outage_is_not_shown_back(down_app):
    response = down_app.test_client().post("/login", data={"email": "someone@example.org", "password": "a secret password of mine"})
    assert response.status_code == 503
    assert "a secret password of mine" not in response.get_data(as_text=True)


def test_service_resumes_when_the_sqlite_database_comes_back(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'council.db'}"))
    app.config["TESTING"] = False
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    client = app.test_client()
    assert client.get("/").status_code == 200
    with app.app_context():
        db.engine.dispose()
    folder.rename(tmp_path / "moved")  # the file's directory is gone
    response = client.get("/")
    assert response.status_code == 503 and "Retry-After" in response.headers
    (tmp_path / "moved").rename(folder)
    assert client.get("/").status_code == 200  # no restart
    with app.app_context():
        db.engine.dispose()
