"""One digest, five forms: the page, the e-mail, the feed, CSV and JSON hold the same figures for
the same period; and nothing the reader may not see reaches any of them (the marker test)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import timedelta

from sqlalchemy import select

from council.deliberations.models import Post
from council.digests import cli, services
from council.digests.models import DigestSettings
from council.extensions import db, utcnow
from council.forwarding.models import Forwarding
from council.monitoring.models import Assessment
from council.signals.models import Escalation, Signal
from tests.digests.conftest import MARKER
from tests.helpers import page_text, text_of


def backdate(days: int) -> None:
    """Move everything of the world `days` into the past (so that a finished week holds it)."""
    shift = timedelta(days=days)
    for model, columns in [
        (Forwarding, ("sent_at", "acknowledged_at", "answered_at", "answer_requested_by")),
        (Signal, ("reported_at", "decided_at", "review_started_at", "event_date", "created_at")),
        (Escalation, ("escalated_at", "due_at", "acknowledged_at")),
        (Assessment, ("published_at",)), (Post, ("created_at",)),
    ]:
        for row in db.session.scalars(select(model)):
            for column in columns:
                if getattr(row, column) is not None:
                    setattr(row, column, getattr(row, column) - shift)
    db.session.commit()


def _all_forms(world, client_for, outbox):
    """(page text, mail text, mail html text, feed text, CSV rows, JSON data) of the digest of the seven
    days before today, the period of the weekly e-mail sent today; the world happened four days ago."""
    backdate(4)
    now = utcnow()
    db.session.add(DigestSettings(user_id=world.reader.id, mail_day=now.weekday()))
    db.session.add(DigestSettings(user_id=world.other_reader.id, mail_day=now.weekday()))
    db.session.commit()
    start, end = services.mail_period(now.date())
    period = f"start={start.isoformat()}&end={end.isoformat()}"
    client = client_for(world.reader)
    page = page_text(client.get(f"/digest?{period}"))
    data = json.loads(client.get(f"/digest/export.json?{period}").get_data(as_text=True))
    rows = list(csv.reader(io.StringIO(client.get(f"/digest/export.csv?{period}").get_data(as_text=True))))
    feed_page = client.post("/digest/settings/feed").get_data(as_text=True)
    feed_path = re.search(r"(/digest/feed/[\w-]+\.atom)", feed_page).group(1)
    feed = client.get(f"{feed_path}?{period}")
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    content = re.search(r'<content type="html">(.*)</content>', feed.get_data(as_text=True), re.S).group(1)
    feed_text = text_of(html.unescape(content))
    outbox.clear()
    assert cli.send_office_digests(now) == 2  # the reader and the other reader
    message = next(m for m in outbox if m["To"] == world.reader.email)
    mail_text = message.get_body(preferencelist=("plain",)).get_content()
    mail_html = text_of(message.get_body(preferencelist=("html",)).get_content())
    return page, mail_text, mail_html, feed_text, rows, data


def test_page_mail_feed_csv_and_json_hold_the_same_figures(world, client_for, outbox):
    page, mail_text, mail_html, feed_text, rows, data = _all_forms(world, client_for, outbox)
    cells = {cell for row in rows for cell in row}
    checked = 0
    for section in data["sections"]:
        for table in section["tables"]:
            for form in (page, mail_text, mail_html, feed_text):
                assert table["caption"] in form
            for row in table["rows"]:
                values = []
                for column in table["columns"]:
                    value = row[column["key"]]
                    if value is None or value == "" or isinstance(value, bool):
                        continue
                    text = f"{value:.1f}" if isinstance(value, float) else str(value)
                    values.append(text)
                    assert text in cells, (table["key"], column["key"], text)
                    checked += 1
                # Each row's values, in order, in the page, the feed and the e-mails.
                line = " ".join(values)
                assert re.search(r"\s+".join(map(re.escape, values)), page), (table["key"], line)
                assert re.search(r"\s+".join(map(re.escape, values)), feed_text), (table["key"], line)
                assert re.search(r"\s+".join(map(re.escape, values)), mail_html), (table["key"], line)
                for value in values:
                    assert value in mail_text
    assert checked > 50
    changes = {r["what"]: r["count"] for r in data["sections"][0]["tables"][0]["rows"]}
    assert changes["Summaries forwarded to you"] == 2 and changes["Provisions regressed"] == 1
    assert "Summaries forwarded to you: 2" in mail_text.replace("What: ", "").replace("; Number", "")


def test_nothing_the_reader_may_not_see_reaches_any_form(world, client_for, outbox):
    """MARKER is in: a summary forwarded only to another destination (its item, its covering note,
    the destination's name), an escalation to another destination (its note), an item never summarised, a
    hidden post, an unpublished assessment (its provision and rationale), a signal of a council the reader
    does not follow."""
    page, mail_text, mail_html, feed_text, rows, data = _all_forms(world, client_for, outbox)
    client = client_for(world.reader)
    everything = [page, mail_text, mail_html, feed_text, json.dumps(data, ensure_ascii=False),
                  "\n".join(",".join(r) for r in rows),
                  client.get("/digest").get_data(as_text=True), client.get("/digest/export.csv").get_data(as_text=True),
                  client.get("/digest/export.json").get_data(as_text=True)]
    for form in everything:
        assert MARKER not in form
    # The reader does see what is theirs.
    assert all("Water for the valley" in form for form in everything)


def test_csv_neutralises_formulas_but_keeps_negative_figures(world, client_for):
    from tests.digests.conftest import signal

    signal(world.north, world.member, world.facilitator, title='=HYPERLINK("http://x.example","y")', severity=4)
    signal(world.north, world.member, world.facilitator, title="An old rumour", severity=1, kind="rumour",
           event_date=utcnow().date() - timedelta(days=10))
    rows = list(csv.reader(io.StringIO(client_for(world.reader).get("/digest/export.csv").get_data(as_text=True))))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://x.example","y")' in cells and '=HYPERLINK("http://x.example","y")' not in cells
    rumour = next(row for row in rows if "Unconfirmed rumour" in row)
    assert rumour[-3:] == ["0", "0.2", "-0.2"]
