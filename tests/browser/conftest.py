"""Browser tests: a live server on 127.0.0.1 with its own database, and the system Chromium."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from council import create_app
from council.extensions import db
from tests.conftest import app_config, scratch_database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def live_database(tmp_path_factory):
    with scratch_database(tmp_path_factory.mktemp("live"), "live") as url:
        yield url


@pytest.fixture(scope="session")
def live_app(live_database):
    """The application, migrated and loaded with the demo data, served on a free local port."""
    from flask_migrate import upgrade

    from council import demo

    app = create_app(app_config(SQLALCHEMY_DATABASE_URI=live_database, TESTING=False, WTF_CSRF_ENABLED=True,
                                PUBLIC_URL="http://127.0.0.1"))
    with app.app_context():
        upgrade()
        demo.load()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_app):
    return live_app.config["LIVE_URL"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.fail("Chromium is not installed (/usr/bin/chromium); .ci/run installs it with apt-get.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def outbox(live_app):
    box = live_app.extensions.setdefault("council_outbox", [])
    box.clear()
    return box


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/login?lang=en")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")


def signed_in_page(browser, base_url, email, javascript, password=None):
    """A browser context of its own (with or without JavaScript) and a page in it, signed in as
    the demo account `email`."""
    from council import demo

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base_url, email, password or demo.PASSWORD)
    return context, page
