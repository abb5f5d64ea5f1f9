"""Accounts: search, site roles, suspension — and an administrator cannot lock themselves out."""

from __future__ import annotations

from sqlalchemy import select

from council.auth.models import AuthSession
from council.extensions import db
from tests.conftest import login, make_user
from tests.helpers import audit_events


def test_search_by_email_or_name(admin_client):
    make_user(email="amina@example.org", display_name="Amina")
    make_user(email="bob@example.org", display_name="Falcon")
    page = admin_client.get("/admin/users?q=AMINA").get_data(as_text=True)
    assert "amina@example.org" in page and "bob@example.org" not in page
    page = admin_client.get("/admin/users?q=falc").get_data(as_text=True)
    assert "bob@example.org" in page and "amina@example.org" not in page


def test_search_treats_wildcards_literally(admin_client):
    make_user(email="amina@example.org", display_name="Amina")
    page = admin_client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "amina@example.org" not in page


def test_users_are_paginated(admin_client):
    for n in range(30):
        make_user(email=f"p{n:02d}@example.org", display_name=f"Zed {n:02d}")
    first = admin_client.get("/admin/users?q=zed").get_data(as_text=True)
    second = admin_client.get("/admin/users?q=zed&page=2").get_data(as_text=True)
    assert "Zed 00" in first and "Zed 29" not in first
    assert "Zed 29" in second and "Zed 00" not in second
    assert 'href="/admin/users?page=2&amp;q=zed"' in first or 'href="/admin/users?q=zed&amp;page=2"' in first


def test_garbage_search_and_page_do_not_break(admin_client):
    for query in ("?page=abc", "?page=-5", "?page=99999999999999999999999", "?q=" + "x" * 5000, "?q=%00"):
        assert admin_client.get("/admin/users" + query).status_code == 200


def test_grant_and_remove_office_role(admin_client, admin):
    person = make_user()
    response = admin_client.post(f"/admin/users/{person.id}/site-role", data={"site_role": "office"})
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.site_role == "office"
    admin_client.post(f"/admin/users/{person.id}/site-role", data={"site_role": ""})
    db.session.refresh(person)
    assert person.site_role is None
    granted, removed = audit_events("user.site_role")
    assert granted.actor_id == admin.id and granted.target_id == person.id
    assert granted.detail == {"before": {"site_role": None}, "after": {"site_role": "office"}}
    assert removed.detail == {"before": {"site_role": "office"}, "after": {"site_role": None}}


def test_unknown_site_role_is_refused(admin_client):
    person = make_user()
    admin_client.post(f"/admin/users/{person.id}/site-role", data={"site_role": "emperor"})
    db.session.refresh(person)
    assert person.site_role is None
    assert audit_events("user.site_role") == []


def test_admin_cannot_remove_their_own_admin_role(admin_client, admin):
    response = admin_client.post(f"/admin/users/{admin.id}/site-role", data={"site_role": "office"}, follow_redirects=True)
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.site_role == "admin"
    assert audit_events("user.site_role") == []


def test_admin_cannot_suspend_themselves(admin_client, admin):
    response = admin_client.post(f"/admin/users/{admin.id}/suspend", follow_redirects=True)
    assert "You cannot suspend your own account." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.status == "active"
    assert audit_events("user.suspend") == []


def test_own_account_page_offers_no_suspension(admin_client, admin):
    page = admin_client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert f"/admin/users/{admin.id}/suspend" not in page


def test_suspend_signs_out_and_reinstate(app, admin_client, admin):
    person = make_user()
    other = app.test_client()
    login(other, person)
    assert other.get("/dashboard").status_code == 200

    page = admin_client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert f"/admin/users/{person.id}/suspend" in page
    assert admin_client.post(f"/admin/users/{person.id}/suspend").status_code == 302
    db.session.refresh(person)
    assert person.status == "suspended"
    assert db.session.scalar(select(AuthSession).where(AuthSession.user_id == person.id)) is None
    assert other.get("/dashboard").status_code == 302  # signed out
    [event] = audit_events("user.suspend")
    assert event.actor_id == admin.id and event.target_id == person.id

    page = admin_client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert f"/admin/users/{person.id}/reinstate" in page
    assert admin_client.post(f"/admin/users/{person.id}/reinstate").status_code == 302
    db.session.refresh(person)
    assert person.status == "active"
    assert len(audit_events("user.reinstate")) == 1


def test_reinstating_an_active_account_changes_nothing(admin_client):
    person = make_user()
    response = admin_client.post(f"/admin/users/{person.id}/reinstate", follow_redirects=True)
    assert "Only a suspended account can be reinstated." in response.get_data(as_text=True)
    assert audit_events("user.reinstate") == []


def test_state_changes_need_post(admin_client):
    person = make_user()
    assert admin_client.get(f"/admin/users/{person.id}/suspend").status_code == 405


def test_state_changes_need_a_csrf_token(app, admin_client):
    person = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = admin_client.post(f"/admin/users/{person.id}/suspend")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    db.session.refresh(person)
    assert person.status == "active"
