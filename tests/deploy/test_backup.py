"""`flask council backup`, `restore` and `restore-drill` on the engine the suite runs on."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from council import create_app
from council.audit import services as audit
from council.deliberations.models import Post
from council.extensions import db
from tests.conftest import app_config, make_council, make_item, make_membership, make_post, make_user, scratch_database


@pytest.fixture
def site(tmp_path):
    """An app on a scratch database built by the migrations, with a council, an item and posts."""
    with scratch_database(tmp_path, "backup") as url:
        app = create_app(app_config(SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade()
            council = make_council()
            author = make_user(display_name="Amina")
            make_membership(author, council)
            item = make_item(council, proposer=author)
            for n in range(3):
                make_post(item, author, body=f"Contribution {n}")
            audit.record(None, "council.create", council, before=None, after={"name": "x"})
            db.session.commit()
            runner = app.test_cli_runner()
            yield app, runner, item, author
            db.session.remove()
            db.engine.dispose()


def posts() -> list[str]:
    db.session.remove()
    return sorted(db.session.scalars(select(Post.body)))


def test_backup_then_restore_brings_back_exactly_what_was_saved(site, tmp_path):
    app, runner, item, author = site
    archive = tmp_path / "saved" / "council.backup"
    result = runner.invoke(args=["council", "backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert archive.stat().st_size > 0 and "Backup written" in result.output

    make_post(item, author, body="Written after the backup")
    db.session.commit()
    assert "Written after the backup" in posts()

    result = runner.invoke(args=["council", "restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert posts() == ["Contribution 0", "Contribution 1", "Contribution 2"]
    checked, broken = audit.verify()
    assert broken is None and checked >= 1
    # the restored database takes new writes as before
    make_post(db.session.merge(item), db.session.merge(author), body="After the restore")
    db.session.commit()
    assert "After the restore" in posts()


def test_restore_asks_before_replacing_everything(site, tmp_path):
    app, runner, item, author = site
    archive = tmp_path / "council.backup"
    assert runner.invoke(args=["council", "backup", str(archive)]).exit_code == 0
    make_post(item, author, body="Kept")
    db.session.commit()
    result = runner.invoke(args=["council", "restore", str(archive)], input="n\n")
    assert result.exit_code != 0
    assert "Kept" in posts()


def test_a_backup_never_overwrites_a_file(site, tmp_path):
    app, runner, item, author = site
    existing = tmp_path / "precious.txt"
    existing.write_text("do not touch")
    result = runner.invoke(args=["council", "backup", str(existing)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert existing.read_text() == "do not touch"


def test_restoring_something_that_is_not_a_backup_changes_nothing(site, tmp_path):
    app, runner, item, author = site
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    result = runner.invoke(args=["council", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "neither a SQLite database nor a pg_dump archive" in result.output and "Nothing was changed" in result.output
    assert len(posts()) == 3


def test_the_restore_drill_restores_every_table_into_a_scratch_copy(site):
    app, runner, item, author = site
    result = runner.invoke(args=["council", "restore-drill"])
    assert result.exit_code == 0, result.output
    assert "The restore drill passed" in result.output
    assert "posts: 3 live, 3 restored" in result.output
    assert "Audit chain head: same." in result.output
    assert len(posts()) == 3  # the live database is untouched
