"""Every page, in every language, as each kind of person: no interface text left in English.

A crawler signs in as each role of the demo data and follows the site's own links. Each page is
rendered in English and in every other language; a piece of text (or a label in an attribute)
that is the same in both and contains words is interface text that was not translated. What
people wrote (names, mandates, posts) is marked with translate="no" or a lang attribute and is
left out."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from council import demo
from council.i18n import NATIVE_NAMES
from council.extensions import db

LANGUAGES = ["ar", "es", "fr", "ru", "zh"]
ROLES = [None, "member@example.org", "facilitator@example.org", "observer@example.org", "applicant@example.org",
         "office@example.org", "admin@example.org"]
MAX_PAGES_PER_ROLE = 45
MAX_PER_PATTERN = 2
SKIP = re.compile(r"^/(static/|logout|account/export|healthz|notifications/unsubscribe)")
# Words that are written the same in English and in that language.
SAME_IN = {
    "fr": {"Administration", "Description", "Date", "Message", "Total", "Actions", "Action", "Questions",
           "Question", "Information", "Code", "Proposition", "Notifications", "Mandat", "Statut", "Contribution",
           "Page", "Transport", "Sections", "Section", "Concern", "Services", "Service", "Gestion", "Type",
           "Observations", "Observation", "Omission", "Contributions", "Suspension", "Invitation", "Invitations", "Options",
           "Composition", "Direction", "Conclusion", "Version", "Versions", "Suggestions", "Destination",
           "Participation", "Version N", "Incident", "Sources", "Source N", "Note", "Point", "Grenade", "Local",
           "National", "International", "Latitude", "Longitude", "Nature", "Stable", "Urgent", "SMS", "Pages", "Visible",
           "Menu"},
    "es": {"Total", "Local", "General", "Social", "Regional", "Final", "Error", "Actual", "Roles", "Visible", "Sector",
           "SMS"},
}
# The product's name, kept in Latin letters where the language writes it so (translations/GLOSSARY.md).
PRODUCT_NAME = {"fr": {"Council"}, "es": {"Council"}}
# Languages are named in their own language wherever one is chosen (the switcher, language fields).
NATIVE = set(NATIVE_NAMES.values())
WORD = re.compile(r"[A-Za-z]{3,}")
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


class Texts(HTMLParser):
    """Visible interface text of a page, and its links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True where the element (or an ancestor) is user content
        self.texts: list[str] = []
        self.links: list[str] = []
        self.page_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = attrs.get("lang")
        inherited = self.stack[-1] if self.stack else False
        user = inherited or tag in ("script", "style", "textarea") or attrs.get("translate") == "no" or (
            "lang" in attrs and tag != "html" and attrs["lang"] != self.page_lang
        )
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if not user:
            for name in ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name].strip())
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"].strip())
        if tag not in self.VOID:
            self.stack.append(user)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and data.strip():
            self.texts.append(" ".join(data.split()))


def parse(html: str) -> Texts:
    p = Texts()
    p.feed(html)
    return p


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


def crawl(client, start: list[str]) -> list[str]:
    seen, queue, pages, per_pattern = set(), list(start), [], defaultdict(int)
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        parts = urlsplit(path)
        if parts.netloc or parts.scheme or SKIP.match(parts.path) or "lang=" in parts.query:
            continue
        key = parts.path + ("?" + parts.query if parts.query else "")
        if key in seen or per_pattern[pattern(key)] >= MAX_PER_PATTERN:
            continue
        seen.add(key)
        response = client.get(key + ("&" if parts.query else "?") + "lang=en")
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        per_pattern[pattern(key)] += 1
        pages.append(key)
        for link in parse(response.get_data(as_text=True)).links:
            queue.append(urljoin(key, link.split("#")[0]))
    return pages


@pytest.fixture
def demo_app(app):
    demo.load()
    db.session.commit()
    return app


@pytest.mark.parametrize("email", ROLES)
def test_no_english_left_on_any_page(demo_app, email):
    client = demo_app.test_client()
    if email:
        response = client.post("/login", data={"email": email, "password": demo.PASSWORD})
        assert response.status_code == 302
    pages = crawl(client, ["/", "/dashboard", "/councils", "/account"])
    assert len(pages) >= 3
    leaks = []
    for path in pages:
        sep = "&" if "?" in path else "?"
        english = set(parse(client.get(f"{path}{sep}lang=en").get_data(as_text=True)).texts)
        for language in LANGUAGES:
            page = client.get(f"{path}{sep}lang={language}")
            assert page.status_code == 200, (path, language)
            for text in parse(page.get_data(as_text=True)).texts:
                if text.endswith(" · Council"):
                    continue  # a window title: its heading is checked on the page, and the product's name stays
                same = SAME_IN.get(language, set()) | NATIVE | PRODUCT_NAME.get(language, set())
                if text in english and WORD.search(text) and re.sub(r"\d+", "N", text) not in same | {
                        re.sub(r"\d+", "N", w) for w in same} and text not in same:
                    leaks.append(f"{language} {path}: {text!r}")
    client.get("/?lang=en")  # leave the account's saved language as it was
    assert leaks == [], "\n".join(sorted(set(leaks))[:80])
