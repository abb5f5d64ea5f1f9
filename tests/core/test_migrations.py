"""The migrations build the whole schema from nothing, and the models match what they build."""

from __future__ import annotations


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from council import create_app
from council.extensions import db
from tests.conftest import app_config, scratch_database


@pytest.fixture
def empty_database(tmp_path):
    with scratch_database(tmp_path, "migrations") as url:
        yield url


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_database):
    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
        assert diff == []
        assert "users" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
