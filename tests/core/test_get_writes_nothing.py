"""A GET changes nothing but the read-tracking a reader expects (issue 7, defect 7)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from sqlalchemy import select

from council import demo
from council.extensions import db
from tests.conftest import login

DEMO_PASSWORD = "kettle-orchard-2026"

# Read-tracking and the sign-in session itself: the only rows a GET may touch. Read-tracking
# changes the reader's own page revision (council/core/revisions.py), and nobody else's.
TRACKING = {"item_visits": None, "auth_sessions": None, "notifications": {"read_at"}, "page_revisions": None}
PAGES_PER_PERSON = 45


def snapshot() -> dict[str, set]:
    found = {}
    for table in db.metadata.sorted_tables:
        ignored = TRACKING.get(table.name, set())
        if table.name in TRACKING and ignored is None:
            continue
        columns = [c for c in table.columns if c.name not in ignored]
        found[table.name] = {tuple(str(v) for v in row) for row in db.session.execute(select(*columns))}
    return found


def revisions() -> dict[str, int]:
    from council.core.revisions import PageRevision

    return dict(db.session.execute(select(PageRevision.scope, PageRevision.revision)).all())


def crawl(client, start: str, limit: int) -> list[str]:
    """Follow the site's own links breadth-first, each page fetched with GET (a language switch on
    every third page)."""
    seen, queue, visited = {start}, [start], []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        response = client.get(path)
        visited.append(path)
        if response.mimetype != "text/html":
            continue
        for href in re.findall(r'href="([^"#]+)"', response.get_data(as_text=True)):
            parts = urlsplit(unescape(href))
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if len(seen) % 3 == 0 and "lang=" not in target:
                target += ("&" if "?" in target else "?") + "lang=ar"
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return visited


def test_walking_every_linked_page_changes_no_row(app, outbox):
    with app.test_request_context():
        demo.load()
    db.session.commit()
    before = snapshot()
    walked = 0
    for email in ("member@example.org", "facilitator@example.org", "office@example.org", "admin@example.org"):
        client = app.test_client()
        user = db.session.scalar(select(demo_user_model()).filter_by(email=email))
        login(client, user, DEMO_PASSWORD)
        after_login, revisions_after_login = snapshot(), revisions()  # signing in (a POST) may write
        mails = len(outbox)
        walked += len(crawl(client, "/dashboard?lang=fr", PAGES_PER_PERSON))
        db.session.expire_all()
        assert snapshot() == after_login, email
        now = revisions()
        changed = {scope for scope in now.keys() | revisions_after_login.keys()
                   if now.get(scope) != revisions_after_login.get(scope)}
        assert changed <= {f"user:{user.id}"}, email
        assert len(outbox) == mails, email  # and no GET, read-tracking included, sends mail
    assert walked > 100
    changed = {name for name, rows in snapshot().items() if rows != before[name]}
    # Only the sign-in POSTs above wrote: the last sign-in time and the audit log's sign-in events.
    assert changed <= {"users", "audit_events"}, changed


def demo_user_model():
    from council.auth.models import User

    return User
