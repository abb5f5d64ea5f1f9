"""/healthz checks what a request needs: on SQLite a database file that can be read and written."""

from __future__ import annotations

import pytest

from council import create_app
from council.extensions import db
from tests.conftest import app_config


@pytest.fixture
def sqlite_file(tmp_path):
    path = tmp_path / "council.db"
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


def _health(uri):
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=uri))
    app.config["TESTING"] = False
    try:
        response = app.test_client().get("/healthz")
        return response.status_code, response.get_json()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_writable_sqlite_file_is_healthy(sqlite_file):
    assert _health(f"sqlite:///{sqlite_file}") == (200, {"status": "ok", "database": "ok"})


def test_a_read_only_sqlite_file_is_not_healthy(sqlite_file):
    # A read-only file: opened read-only (file permissions do not stop root, who may run the tests).
    status, body = _health(f"sqlite:///file:{sqlite_file}?mode=ro&uri=true")
    assert status == 503 and body == {"status": "unavailable", "database": "read-only"}


def test_a_removed_sqlite_file_is_not_healthy_even_to_a_connection_that_still_holds_it(sqlite_file):
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{sqlite_file}"))
    app.config["TESTING"] = False
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # the pool keeps this connection open
    sqlite_file.unlink()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "missing"
    with app.app_context():
        db.engine.dispose()


def test_the_health_check_leaves_the_file_unchanged(sqlite_file):
    before = sqlite_file.read_bytes()
    assert _health(f"sqlite:///{sqlite_file}")[0] == 200
    after = sqlite_file.read_bytes()
    # Past the header (whose change counter a commit moves), every page is as it was; and the
    # header's user version, the one value the check writes, is back.
    assert after[100:] == before[100:] and after[60:64] == before[60:64]
