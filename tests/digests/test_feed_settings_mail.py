"""The feed's token (shown once, stored hashed, audit-logged, revocable, and then refused), what a
reader follows, and the weekly e-mail (on the reader's day, in their language, once per period)."""

from __future__ import annotations

import re
from datetime import timedelta

from council.digests import cli, services
from council.digests.models import DigestFollow, DigestSettings
from council.extensions import db, utcnow
from tests.conftest import tr
from tests.digests.conftest import MARKER
from tests.helpers import audit_events, fresh, page_text


def _settings(world) -> DigestSettings:
    db.session.expire_all()
    return db.session.get(DigestSettings, world.reader.id)


def _make_feed(client) -> str:
    response = client.post("/digest/settings/feed")
    assert response.status_code == 200
    return re.search(r"(/digest/feed/[\w-]+\.atom)", response.get_data(as_text=True)).group(1)


def test_the_feed_token_is_shown_once_stored_hashed_and_revocable(world, client_for, app):
    client = client_for(world.reader)
    path = _make_feed(client)
    token = path.split("/")[-1].removesuffix(".atom")
    settings = db.session.get(DigestSettings, world.reader.id)
    assert settings.feed_token_hash == services.token_hash(token) and token not in settings.feed_token_hash
    assert [e.actor_id for e in audit_events("digest.feed_token_create")] == [world.reader.id]
    assert token not in client.get("/digest/settings").get_data(as_text=True)  # shown once only
    assert "A feed address exists since" in page_text(client.get("/digest/settings"))

    anonymous = app.test_client()
    feed = anonymous.get(path)
    assert feed.status_code == 200 and "Water for the valley" in feed.get_data(as_text=True)
    assert feed.headers["Cache-Control"] == "private, no-store"

    # Replaced: the old address fails, the new one works.
    newer = _make_feed(client)
    assert anonymous.get(path).status_code == 404 and anonymous.get(newer).status_code == 200

    # Revoked: nothing any more.
    assert client.post("/digest/settings/feed/revoke").status_code == 302
    assert anonymous.get(newer).status_code == 404
    assert len(audit_events("digest.feed_token_revoke")) == 1
    assert anonymous.get("/digest/feed/made-up-token.atom").status_code == 404


def test_a_feed_stops_when_its_reader_is_no_longer_an_office_reader(world, client_for, app):
    path = _make_feed(client_for(world.reader))
    reader = fresh(world.reader)
    reader.site_role = None
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_the_feed_shows_what_its_readers_page_shows_and_no_more(world, client_for, app):
    path = _make_feed(client_for(world.other_reader))
    body = app.test_client().get(path).get_data(as_text=True)
    assert "Water for the valley" not in body and "Grazing routes" not in body  # not their destination
    assert "Secret item" in body and "Commission" in body  # theirs
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_a_reader_chooses_what_to_follow(world, client_for):
    client = client_for(world.reader)
    form = page_text(client.get("/digest/settings"))
    assert "You follow the destinations you read for" in form
    response = client.post("/digest/settings", data={"councils": [str(world.east.id)], "mail_day": "4",
                                                     "save": "1"})
    assert response.status_code == 302
    rows = db.session.query(DigestFollow).filter_by(user_id=world.reader.id).all()
    assert {(r.council_id, r.destination_id) for r in rows} == {(world.east.id, None)}
    assert _settings(world).mail_day == 4
    text = page_text(client.get("/digest"))
    assert "East Council" in text and f"East signal {MARKER}" in text  # the council they chose
    assert "Water for the valley" not in text  # no destination followed any more

    # A destination the reader does not read for is refused; nothing changes.
    refused = client.post("/digest/settings", data={"destinations": [str(world.other_destination.id)],
                                                    "mail_day": "", "save": "1"})
    assert refused.status_code == 400 and "You can only follow destinations you read for." in page_text(refused)
    assert _settings(world).mail_day == 4
    assert client.post("/digest/settings", data={"councils": ["x"], "save": "1"}).status_code == 400

    # Back to the defaults.
    assert client.post("/digest/settings", data={"mail_day": "", "defaults": "1"}).status_code == 302
    text = page_text(client.get("/digest"))
    assert "Water for the valley" in text and "East Council" not in text
    assert _settings(world).mail_day is None


def _monday():
    now = utcnow()
    return now + timedelta(days=(7 - now.weekday()) % 7 or 7)


def test_the_weekly_e_mail_goes_once_per_period_on_the_readers_day_in_their_language(world, outbox, app):
    reader = fresh(world.reader)
    reader.locale = "fr"
    db.session.commit()
    monday = _monday()
    outbox.clear()
    assert cli.send_office_digests(monday - timedelta(days=1)) == 0  # Sunday: nobody's day by default
    assert cli.send_office_digests(monday) == 2
    assert cli.send_office_digests(monday) == 0  # idempotent for the period
    assert cli.send_office_digests(monday + timedelta(hours=5)) == 0
    message = next(m for m in outbox if m["To"] == world.reader.email)
    start, end = services.mail_period(monday.date())
    assert message["Subject"] == tr(app, "fr", "Your digest from %(start)s to %(end)s", start=start.isoformat(),
                                    end=end.isoformat())
    assert message["Content-Language"] == "fr"
    assert tr(app, "fr", "The bottom line") in message.get_body(preferencelist=("plain",)).get_content()
    assert tr(app, "fr", "The bottom line") in message.get_body(preferencelist=("html",)).get_content()
    assert f"/digest?start={start.isoformat()}" in message.get_body(preferencelist=("plain",)).get_content()
    # The next week is a new period.
    assert cli.send_office_digests(monday + timedelta(days=7)) == 2


def test_a_reader_may_choose_another_day_or_no_e_mail(world, outbox, client_for):
    client_for(world.reader).post("/digest/settings", data={"mail_day": "", "defaults": "1"})
    client_for(world.other_reader).post("/digest/settings", data={"mail_day": "2", "defaults": "1"})
    monday = _monday()
    outbox.clear()
    assert cli.send_office_digests(monday) == 0
    assert cli.send_office_digests(monday + timedelta(days=2)) == 1
    assert [m["To"] for m in outbox] == [world.other_reader.email]


def test_the_cli_command_sends_them(world, app, outbox):
    result = app.test_cli_runner().invoke(args=["council", "send-office-digests"])
    assert result.exit_code == 0 and "office digest e-mail(s)" in result.output
