"""The migrations build the whole schema from nothing, and the models match what they build."""

from __future__ import annotations


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from council import create_app
from council.extensions import db
from council.search.models import ENGINE_ONLY, include_object
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
            # The engine's own search structures have no model: they are left out by name, here
            # and in autogenerate, and checked below to be there.
            opts = {"compare_type": True, "include_object": include_object}
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), db.metadata)
        assert diff == []
        inspector = inspect(db.engine)
        assert "users" in inspector.get_table_names()
        own = ENGINE_ONLY[db.engine.dialect.name]
        assert own["tables"] <= set(inspector.get_table_names())
        assert {("search_entries", c["name"]) for c in inspector.get_columns("search_entries")} >= own["columns"]
        assert {i["name"] for i in inspector.get_indexes("search_entries")} >= own["indexes"]
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
