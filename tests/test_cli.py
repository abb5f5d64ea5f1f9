"""`flask council ...`: create-admin, create-council (demo has its own tests)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.auth import passwords
from council.auth.models import User
from council.councils.models import Council, Country, Region
from council.extensions import db
from tests.conftest import make_region, make_user


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(args=["council", *args], **kwargs)

    return invoke


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_admin(cli):
    result = cli("create-admin", "--email", "Chief@Example.org", "--name", "Chief", "--password", "lantern-river-cobalt-77")
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.site_role, user.status) == ("chief@example.org", "admin", "active")
    assert passwords.verify_password(user.password_hash, "lantern-river-cobalt-77")
    assert db.session.scalar(select(AuditEvent.action)) == "user.site_role"


def test_create_admin_prompts_for_the_password(cli):
    result = cli("create-admin", "--email", "chief@example.org", "--name", "Chief",
                 input="lantern-river-cobalt-77\nlantern-river-cobalt-77\n")
    assert result.exit_code == 0, result.output
    assert count(User) == 1


def test_create_admin_refuses_a_duplicate(cli):
    make_user(email="chief@example.org")
    result = cli("create-admin", "--email", "CHIEF@example.org", "--name", "Chief", "--password", "lantern-river-cobalt-77")
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert count(User) == 1


@pytest.mark.parametrize("password", ["short", "password1234"])
def test_create_admin_refuses_a_weak_password(cli, password):
    result = cli("create-admin", "--email", "chief@example.org", "--name", "Chief", "--password", password)
    assert result.exit_code != 0
    assert "not acceptable" in result.output
    assert count(User) == 0


def test_create_council_with_a_new_country_and_region(cli):
    result = cli(
        "create-council", "--country", "mrd", "--country-name", "en=Republic of Meridia",
        "--region", "en=Northern Highlands", "--region", "fr=Hauts Plateaux du Nord",
        "--name", "en=Highlands Council", "--name", "fr=Conseil des Hauts Plateaux",
        "--mandate", "en=Discuss land and water.", "--languages", "en,fr,ar", "--anonymous", "--women-target", "45",
    )
    assert result.exit_code == 0, result.output
    country = db.session.scalar(select(Country))
    region = db.session.scalar(select(Region))
    council = db.session.scalar(select(Council))
    assert country.code == "MRD" and region.names == {"en": "Northern Highlands", "fr": "Hauts Plateaux du Nord"}
    assert council.region_id == region.id
    assert council.working_languages == ["en", "fr", "ar"]
    assert council.allow_anonymous and council.women_target_percent == 45
    assert {t.language: (t.name, t.mandate) for t in council.texts} == {
        "en": ("Highlands Council", "Discuss land and water."),
        "fr": ("Conseil des Hauts Plateaux", ""),
    }
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert actions == {"country.create", "region.create", "council.create"}
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "council.create")) is None


def test_create_council_in_an_existing_region_found_by_name(cli):
    region = make_region(names={"en": "North", "fr": "Nord"})
    code = region.country.code
    result = cli("create-council", "--country", code, "--region", "nord", "--name", "en=North Council", "--languages", "en")
    assert result.exit_code == 0, result.output
    assert count(Region) == 1
    assert db.session.scalar(select(Council.region_id)) == region.id


def test_create_council_refuses_an_unknown_country_without_a_name(cli):
    result = cli("create-council", "--country", "ZZZ", "--region", "North", "--name", "en=X", "--languages", "en")
    assert result.exit_code != 0
    assert "--country-name" in result.output
    assert count(Council) == 0 and count(Country) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--name", "en=X", "--languages", "en,xx"],
        ["--name", "xx=X", "--languages", "en"],
        ["--name", "no-language", "--languages", "en"],
        ["--name", "fr=X", "--languages", "en"],  # no name in a working language
        ["--name", "en=X", "--mandate", "fr=Sans nom", "--languages", "en"],
        ["--name", "en=" + "x" * 200, "--languages", "en"],
    ],
)
def test_create_council_refuses_bad_input_and_changes_nothing(cli, args):
    result = cli("create-council", "--country", "MRD", "--country-name", "en=Meridia", "--region", "North", *args)
    assert result.exit_code != 0
    assert count(Council) == 0 and count(Country) == 0 and count(Region) == 0


def test_create_council_twice_creates_one(cli):
    args = ["create-council", "--country", "MRD", "--country-name", "en=Meridia", "--region", "North",
            "--name", "en=North Council", "--languages", "en"]
    assert cli(*args).exit_code == 0
    second = cli(*args)
    assert second.exit_code != 0 and "already has a council with this name" in second.output
    assert count(Council) == 1


@pytest.mark.parametrize("email,name", [("not-an-address", "Chief"), ("chief@example.org", ""), ("chief@example.org", "x" * 81)])
def test_create_admin_refuses_bad_email_or_name(cli, email, name):
    result = cli("create-admin", "--email", email, "--name", name, "--password", "lantern-river-cobalt-77")
    assert result.exit_code != 0
    assert count(User) == 0
