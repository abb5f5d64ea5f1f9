"""Council on several app servers: three gunicorn instances on loopback ports share one
PostgreSQL database and one Redis. A person signed in on one is signed in on all, signs out
everywhere at once, meets one rate limit, and reads on one what was posted on another.

Runs where the suite runs on PostgreSQL (CI's second pass); SQLite serves one host only."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from council import create_app, demo
from council.agendas.models import AgendaItem
from council.extensions import db
from tests.conftest import app_config, scratch_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.skipif(
    not os.environ.get("COUNCIL_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="several app servers share a PostgreSQL database (run by `make test-postgres`)",
)


class Forms(HTMLParser):
    """The forms of a page: action → {name: value} of their inputs, hidden ones included."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag == "select" and self.forms:
            self.select = attrs.get("name")
        elif tag == "option" and self.select and self.forms:
            fields = self.forms[-1][1]
            if self.select not in fields or "selected" in attrs:
                fields[self.select] = attrs.get("value") or ""
        elif tag in ("input", "textarea") and self.forms and attrs.get("name"):
            if tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1][1].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None

    def fields(self, action_pattern: str) -> tuple[str, dict[str, str]]:
        for action, fields in self.forms:
            if re.search(action_pattern, action):
                return action, dict(fields)
        raise AssertionError(f"no form with an action like {action_pattern!r}")


class Browser:
    """One person: one cookie jar, used against any of the servers (cookies ignore the port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def submit(self, base: str, page: str, action_pattern: str, **values: str) -> tuple[int, str, str]:
        status, _, html = self.get(base + page)
        assert status == 200, (page, status)
        parser = Forms()
        parser.feed(html)
        action, fields = parser.fields(action_pattern)
        fields.update(values)
        data = urllib.parse.urlencode(fields).encode()
        target = urllib.parse.urljoin(base + page, action)
        try:
            with self.opener.open(urllib.request.Request(target, data=data), timeout=30) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, target, error.read().decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Three gunicorn instances over one migrated demo database and one Redis."""
    with scratch_database(tmp_path_factory.mktemp("several"), "several") as url:
        app = create_app(app_config(SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade()
            demo.load()
            db.session.commit()
            item = db.session.scalar(select(AgendaItem).where(AgendaItem.council_id == 1, AgendaItem.status == "open")
                                     .order_by(AgendaItem.id))
            thread = f"/councils/{item.council_id}/agenda/{item.id}"
            db.session.remove()
            db.engine.dispose()
        ports = [free_port() for _ in range(3)]
        prefix = f"council-test-{secrets.token_hex(4)}"
        env = dict(
            os.environ, FLASK_APP="wsgi.py", COUNCIL_ENV="demo", COUNCIL_DATABASE_URL=url,
            COUNCIL_SECRET_KEY=secrets.token_urlsafe(48), COUNCIL_PUBLIC_URL=f"http://127.0.0.1:{ports[0]}",
            COUNCIL_RATELIMIT_STORAGE_URI=REDIS, COUNCIL_RATELIMIT_KEY_PREFIX=prefix,
            COUNCIL_RATELIMIT_SIGNIN_PER_ACCOUNT="3 per 10 minutes", COUNCIL_MAIL_BACKEND="log",
        )
        processes = [
            subprocess.Popen([str(BIN / "gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
                              "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
            for port in ports
        ]
        try:
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for base in bases:
                _wait_for(base)
            yield bases, thread
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)
            import redis

            client = redis.Redis.from_url(REDIS)
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
            client.close()


def _wait_for(base: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


def sign_in(person: Browser, base: str, email: str, password: str = demo.PASSWORD):
    return person.submit(base, "/login?lang=en", r"/login", email=email, password=password)


def test_signed_in_on_one_is_signed_in_on_all_and_signing_out_ends_it_everywhere(servers):
    (a, b, c), _ = servers
    person = Browser()
    status, _, _ = sign_in(person, a, "member@example.org")
    assert status == 200
    for base in (a, b, c):
        status, landed, html = person.get(base + "/account?lang=en")
        assert status == 200 and "/login" not in landed, base
        assert "member@example.org" in html
    status, _, _ = person.submit(b, "/account?lang=en", r"/logout$")
    assert status == 200
    for base in (a, b, c):
        status, landed, _ = person.get(base + "/account?lang=en")
        assert "/login" in landed, base


def test_a_post_written_on_one_server_is_read_on_the_others_at_once(servers):
    (a, b, c), thread = servers
    writer, reader = Browser(), Browser()
    sign_in(writer, a, "member@example.org")
    sign_in(reader, c, "facilitator@example.org")
    words = f"Water point repaired {secrets.token_hex(3)}"
    status, _, html = writer.submit(a, thread + "?lang=en", r"/posts$", body=words)
    assert status == 200, html[-2000:]
    for base in (b, c):
        status, _, html = reader.get(base + thread + "?lang=en&page=last")
        if words not in html:  # the thread may be paged: ask for the newest page by its link
            pages = re.findall(r'href="([^"]*page=\d+[^"]*)"', html)
            status, _, html = reader.get(base + pages[-1].replace("&amp;", "&")) if pages else (status, "", html)
        assert words in html, base


def test_one_rate_limit_counts_sign_ins_on_every_server(servers):
    (a, b, c), _ = servers
    person = Browser()
    statuses = [sign_in(person, base, "observer@example.org", password="not-the-password-at-all")[0]
                for base in (a, b, c, a)]
    assert statuses[:3] == [200, 200, 200]  # refused with a message, counted in Redis
    assert statuses[3] == 429  # the fourth attempt, on the first server again, meets the shared limit
    assert sign_in(Browser(), b, "observer@example.org")[0] == 429  # even with the right password, for now
