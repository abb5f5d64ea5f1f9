"""Secrets stay on the server, sessions of privileged people are short, security changes end the
other sessions, and everyone can see and end their sessions (issue 7, defect 8 and sessions)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from council.auth import services
from council.auth.models import AuthSession
from council.extensions import db, utcnow
from tests.conftest import login, make_council, make_membership, make_user

PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"


def cookie_contents(app, client) -> str:
    """The signed session cookie, decoded as anyone holding it could (it is signed, not encrypted)."""
    raw = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return repr(app.session_interface.get_signing_serializer(app).loads(raw))


def test_the_pending_secret_and_recovery_codes_are_not_in_the_cookie(app, client):
    login(client, make_user())
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="secret" translate="no">([A-Z2-7]+)<', page).group(1)
    assert secret not in cookie_contents(app, client)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    held = cookie_contents(app, client)
    codes_page = client.get(response.headers["Location"]).get_data(as_text=True)
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", codes_page)
    assert len(codes) == 10
    for text in (held, cookie_contents(app, client)):
        assert secret not in text and not any(code in text or code.replace("-", "") in text for code in codes)
    # Shown once: the codes are gone from the server-side session too.
    assert client.get(response.headers["Location"]).status_code == 302
    assert all(not row.data for row in db.session.scalars(select(AuthSession)))


def _age(user, *, idle: timedelta = timedelta(0), absolute: timedelta = timedelta(0)) -> None:
    row = db.session.scalar(select(AuthSession).filter_by(user_id=user.id))
    row.last_seen_at = utcnow() - idle
    row.created_at = utcnow() - absolute
    db.session.commit()


def test_privileged_sessions_end_after_30_idle_minutes_others_later(app):
    council = make_council()
    facilitator, member = make_user(), make_user()
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    clients = {}
    for person in (facilitator, member):
        clients[person.id] = app.test_client()
        login(clients[person.id], person)
        _age(person, idle=timedelta(minutes=31))
    assert clients[facilitator.id].get("/account").status_code == 302
    assert clients[member.id].get("/account").status_code == 200


def test_privileged_sessions_last_at_most_12_hours(app):
    admin = make_user(site_role="admin")
    client = app.test_client()
    login(client, admin)
    _age(admin, absolute=timedelta(hours=12, minutes=1))
    assert client.get("/account").status_code == 302
    assert app.config["SESSION_PRIVILEGED_IDLE_MINUTES"] <= 30 and app.config["SESSION_PRIVILEGED_ABSOLUTE_HOURS"] <= 12


def test_switching_two_factor_on_ends_the_other_sessions_and_tells_the_person(app, outbox):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    page = here.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="secret" translate="no">([A-Z2-7]+)<', page).group(1)
    assert here.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert elsewhere.get("/account").status_code == 302
    assert here.get("/account").status_code == 200
    notice = [m for m in outbox if m["To"] == user.email and "Two-factor authentication is on" in m["Subject"]]
    assert len(notice) == 1 and "/account/sessions" in notice[0].get_body(("plain",)).get_content()


def test_a_role_change_ends_the_persons_sessions_and_tells_them(app, outbox):
    admin, user = make_user(site_role="admin"), make_user()
    client = app.test_client()
    login(client, user)
    services.set_site_role(user, "office", actor=admin)
    db.session.commit()
    assert client.get("/account").status_code == 302
    assert any(m["To"] == user.email and m["Subject"] == "Your role on Council changed" for m in outbox)


def test_a_council_role_change_ends_the_persons_sessions(app, outbox):
    from council.councils import setup

    admin, user = make_user(site_role="admin"), make_user()
    council = make_council()
    client = app.test_client()
    login(client, user)
    setup.set_council_role(council, user, "facilitator", actor=admin)
    db.session.commit()
    assert client.get("/account").status_code == 302
    login(client, user)
    assert db.session.scalar(select(AuthSession.privileged).filter_by(user_id=user.id)) is True


def test_everyone_lists_their_sessions_and_ends_one(app):
    user = make_user()
    here, phone = app.test_client(), app.test_client()
    login(here, user)
    phone.post("/login", data={"email": user.email, "password": "correct-horse-battery-staple"},
               headers={"User-Agent": PHONE}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    page = here.get("/account/sessions?lang=en").get_data(as_text=True)
    assert "Chrome on Android" in page and "192.0.2.7" in page and "(this device)" in page
    other = db.session.scalar(select(AuthSession).filter_by(user_id=user.id, address="192.0.2.7"))
    assert here.get(f"/account/sessions/{other.id}/end").status_code == 405
    assert here.post(f"/account/sessions/{other.id}/end").status_code == 302
    assert phone.get("/account").status_code == 302
    assert here.get("/account").status_code == 200
    # Nobody ends someone else's session.
    stranger = app.test_client()
    login(stranger, make_user())
    mine = db.session.scalar(select(AuthSession).filter_by(user_id=user.id))
    assert stranger.post(f"/account/sessions/{mine.id}/end").status_code == 404
    assert here.get("/account").status_code == 200


def test_sign_out_clears_site_data_and_pages_send_no_referrer(client):
    login(client, make_user())
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert client.get("/").headers["Referrer-Policy"] == "no-referrer"
