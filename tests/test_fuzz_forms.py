"""Bad input never gives a 500: hypothesis posts arbitrary data to every form the site shows.

Signed in as each role of the demo data, a crawler collects the forms (action and field names)
of the pages it reaches; each form then receives arbitrary text, missing and extra fields,
over-long values, control characters, and bytes that are not UTF-8."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council import demo
from council.extensions import db
from tests.core.test_every_page_translated import crawl

ROLES = [None, "member@example.org", "facilitator@example.org", "admin@example.org"]
# Forms whose success would end the session the rest of the run needs.
SKIP_ACTIONS = re.compile(r"/(logout|account/delete|leave|site-role|suspend)")


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: list[str] | None = None
        self._action = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._current, self._action = [], a.get("action") or ""
        elif self._current is not None and tag in ("input", "select", "textarea", "button") and a.get("name"):
            if a["name"] != "csrf_token":
                self._current.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append((self._action, sorted(set(self._current))))
            self._current = None


def forms_for(client) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in crawl(client, ["/", "/dashboard", "/councils", "/account", "/register", "/login",
                               "/password/forgot", "/account/profile", "/account/password"]):
        parser = Forms()
        parser.feed(client.get(path).get_data(as_text=True))
        for action, fields in parser.forms:
            target = urljoin(path, action or path)
            if not SKIP_ACTIONS.search(urlsplit(target).path):
                found.setdefault(target, fields)
    return found


values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(["", "0", "-1", "99999999999999999999", "approve", "decline", "y", "on", "en", "ar",
                     "x" * 20_000, "\x00", "a\u202eb", "<script>alert(1)</script>", "2026-13-45", "None"]),
)


def login(client, email):
    if email:
        assert client.post("/login", data={"email": email, "password": demo.PASSWORD}).status_code == 302


@pytest.mark.parametrize("email", ROLES)
def test_no_form_gives_a_server_error(app, email):
    demo.load()
    db.session.commit()
    client = app.test_client()
    login(client, email)
    forms = forms_for(client)
    assert forms, "the crawler found no forms"

    for action, fields in sorted(forms.items()):

        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(data=st.fixed_dictionaries({}, optional={f: values for f in fields + ["unexpected"]}),
               raw=st.booleans())
        def post(data, raw):
            if raw:  # a body that is not valid UTF-8
                body = b"&".join(f"{k}=".encode() + b"%ff%fe\xff" for k in data) or b"x=%ff"
                response = client.post(action, data=body, content_type="application/x-www-form-urlencoded")
            else:
                response = client.post(action, data=data)
            assert response.status_code < 500, (action, data, response.status_code)

        post()
        if client.get("/dashboard").status_code != 200 and email:
            login(client, email)  # a form may have signed the person out
