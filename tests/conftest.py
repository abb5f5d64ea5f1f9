"""Fixtures and factories shared by the whole suite.

The database is SQLite in memory unless COUNCIL_TEST_DATABASE_URL names another (CI runs the
suite a second time against PostgreSQL). Tables are created once per run and emptied after
every test, so each test starts from an empty database."""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager
import re
from itertools import count

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, text

from council import create_app
from council.extensions import db

PASSWORD = "correct-horse-battery-staple"
_serial = count(1)


def app_config(**overrides):
    config = {
        "TESTING": True,
        "ENV_NAME": "testing",
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": os.environ.get("COUNCIL_TEST_DATABASE_URL", "sqlite://"),
        "MAIL_BACKEND": "memory",
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "REQUIRE_2FA_FOR_PRIVILEGED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, as a real server would: its own `g`
    and its own database session, so nothing cached by one request leaks into the next."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


Flask.test_client_class = IsolatedClient


@pytest.fixture(scope="session")
def _app():
    app = create_app(app_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(_app):
    """The application, inside an app context, with an empty database afterwards."""
    ctx = _app.app_context()
    ctx.push()
    _app.extensions["council_outbox"] = []
    yield _app
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":  # one statement, and cycles (summary <-> version) are fine
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()
    ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    return app.extensions["council_outbox"]


@pytest.fixture(name="client_for")
def client_for_fixture(app):
    """`client_for(user)`: a test client of its own, signed in as `user` (tests.helpers.client_for)."""
    from functools import partial

    from tests.helpers import client_for

    return partial(client_for, app)


@pytest.fixture
def admin(app):
    return make_user(site_role="admin", display_name="Root Admin", email="root@example.org")


@pytest.fixture
def admin_client(client, admin):
    """The `client`, signed in as `admin`."""
    login(client, admin)
    return client


# --- factories -------------------------------------------------------------------------------


def make_user(**overrides):
    from council.auth import services

    n = next(_serial)
    values = {
        "email": f"person{n}@example.org",
        "password": PASSWORD,
        "display_name": f"Person {n}",
        "locale": "en",
        "status": "active",
    }
    values.update(overrides)
    user = services.create_user(**values)
    db.session.commit()
    return user


def make_country(**overrides):
    from council.councils.models import Country

    n = next(_serial)
    values = {"code": f"X{n % 100:02d}"[:3], "names": {"en": f"Country {n}", "fr": f"Pays {n}", "ar": f"بلد {n}"}}
    values.update(overrides)
    country = Country(**values)
    db.session.add(country)
    db.session.commit()
    return country


def make_region(country=None, **overrides):
    from council.councils.models import Region

    n = next(_serial)
    region = Region(country=country or make_country(), names=overrides.pop("names", {"en": f"Region {n}", "fr": f"Région {n}"}))
    db.session.add(region)
    db.session.commit()
    return region


def make_council(region=None, **overrides):
    from council.councils.models import Council, CouncilText

    n = next(_serial)
    texts = overrides.pop("texts", {"en": (f"Council {n}", f"The mandate of council {n}.")})
    council = Council(
        region=region or make_region(),
        working_languages=overrides.pop("working_languages", list(texts)),
        **overrides,
    )
    for language, (name, mandate) in texts.items():
        council.texts.append(CouncilText(language=language, name=name, mandate=mandate))
    db.session.add(council)
    db.session.commit()
    return council


def make_membership(user, council, role="member", status="active", **overrides):
    from council.councils.models import Membership

    m = Membership(user=user, council=council, role=role, status=status, **overrides)
    db.session.add(m)
    db.session.commit()
    return m


def login(client, user, password=PASSWORD):
    """Sign in through the real form; returns the response."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def links_in(mail_message) -> list[str]:
    body = mail_message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"https?://\S+", body)


@pytest.fixture
def factories():
    """The factories as one object, for tests that prefer a fixture."""

    class F:
        user = staticmethod(make_user)
        country = staticmethod(make_country)
        region = staticmethod(make_region)
        council = staticmethod(make_council)
        membership = staticmethod(make_membership)

    return F


# Older name, kept for tests written before the rename (pytest would collect a test_* import).
test_config = app_config


def make_item(council, proposer=None, **overrides):
    """An agenda item (open by default)."""
    from council.agendas.models import AgendaItem
    from council.core.markdown import render

    n = next(_serial)
    values = {"title": f"Item {n}", "description": f"What item {n} is about.", "status": "open", "theme": "other",
              "language": "en"}
    values.update(overrides)
    values.setdefault("description_html", render(values["description"]))
    item = AgendaItem(council=council, proposer=proposer, **values)
    db.session.add(item)
    db.session.commit()
    return item


def make_post(item, author, body="A contribution.", **overrides):
    """A post in an item's thread (the item's counters are not updated; services do that)."""
    from council.core.markdown import render
    from council.deliberations.models import Post

    values = {"kind": "contribution", "language": "en", "anonymous": False}
    values.update(overrides)
    post = Post(item=item, council_id=item.council_id, author=author, body=body, body_html=render(body), **values)
    db.session.add(post)
    db.session.commit()
    return post


def tr(app, language: str, message: str, plural: str | None = None, n: int | None = None, **values) -> str:
    """`message` as the app says it in `language` (so tests hold whichever catalogues exist)."""
    from flask_babel import force_locale, gettext, ngettext

    with app.test_request_context(), force_locale(language):
        return ngettext(message, plural, n, **values) if plural else gettext(message, **values)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as n: ...; n()` — the number of SQL statements run inside the block
    (for tests that the queries of a page do not grow with the rows it shows)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counter():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield lambda: len(statements)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter


@contextmanager
def scratch_database(folder, prefix: str):
    """The URL of a new, empty database of the engine the suite runs on (a file in `folder` for
    SQLite; a database created and dropped again on PostgreSQL)."""
    import uuid

    from sqlalchemy import create_engine

    base = os.environ.get("COUNCIL_TEST_DATABASE_URL")
    if not base or base.startswith("sqlite"):
        yield f"sqlite:///{folder / (prefix + '.db')}"
        return
    name = f"council_{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_agreement(country, provisions=3, regions=None, **overrides):
    """A peace agreement of `country` with `provisions` provisions (categories seeded first)."""
    from council.monitoring import services
    from council.monitoring.models import Agreement, AgreementText, Provision, ProvisionCategory, ProvisionText
    from sqlalchemy import select

    services.seed_categories()
    categories = db.session.scalars(select(ProvisionCategory).order_by(ProvisionCategory.position)).all()
    n = next(_serial)
    agreement = Agreement(country=country, stage=overrides.pop("stage", "implementation"), **overrides)
    agreement.texts.append(AgreementText(language="en", title=f"Peace agreement {n}", short_name=f"PA{n}"))
    for i in range(provisions):
        p = Provision(agreement=agreement, reference=f"{i + 1}.1", position=i,
                      category=categories[i % 3], gender_stipulation=i % 4 == 0, regions=list(regions or []))
        p.texts.append(ProvisionText(language="en", title=f"Provision {i + 1} of {n}", excerpt="The parties shall."))
    db.session.add(agreement)
    db.session.commit()
    return agreement


def make_assessment(provision, council, period=("2026-Q1", None), rating="2", status="published", **overrides):
    """An assessment stored directly (for reading tests; workflow tests go through the services)."""
    from datetime import date

    from council.monitoring.models import Assessment

    key, start = period
    a = Assessment(provision=provision, council_id=council.id, region_id=council.region_id, period=key,
                   period_start=start or date(int(key[:4]), 3 * int(key[-1]) - 2, 1), rating=rating, status=status,
                   rationale=overrides.pop("rationale", "Because."), **overrides)
    db.session.add(a)
    db.session.commit()
    return a
