"""The admin area is for administrators only: refused on the server, and its link absent."""

from __future__ import annotations

import pytest

from tests.conftest import login, make_council, make_membership, make_user

GET_PAGES = [
    "/admin",
    "/admin/countries",
    "/admin/countries/new",
    "/admin/countries/{country}",
    "/admin/countries/{country}/regions",
    "/admin/countries/{country}/regions/new",
    "/admin/regions/{region}",
    "/admin/councils",
    "/admin/councils/new",
    "/admin/councils/{council}",
    "/admin/councils/{council}/roles",
    "/admin/users",
    "/admin/users/{user}",
    "/admin/audit",
]

POST_ACTIONS = [
    "/admin/countries/new",
    "/admin/countries/{country}",
    "/admin/countries/{country}/regions/new",
    "/admin/regions/{region}",
    "/admin/councils/new",
    "/admin/councils/{council}",
    "/admin/councils/{council}/roles",
    "/admin/councils/{council}/roles/{user}/remove",
    "/admin/users/{user}/site-role",
    "/admin/users/{user}/suspend",
    "/admin/users/{user}/reinstate",
]


@pytest.fixture
def world(app):
    council = make_council()
    user = make_user()
    make_membership(user, council, role="facilitator")
    return {"council": council.id, "region": council.region_id, "country": council.region.country_id, "user": user.id}


def signed_in_as(client, kind, world):
    if kind == "visitor":
        return
    if kind == "facilitator":
        from council.extensions import db
        from council.auth.models import User

        login(client, db.session.get(User, world["user"]))
        return
    user = make_user(site_role={"office": "office", "admin": "admin"}.get(kind))
    login(client, user)


@pytest.mark.parametrize("kind", ["signed_in", "facilitator", "office"])
@pytest.mark.parametrize("path", GET_PAGES)
def test_admin_pages_are_refused_to_non_admins(client, world, kind, path):
    signed_in_as(client, kind, world)
    assert client.get(path.format(**world)).status_code == 403


@pytest.mark.parametrize("kind", ["signed_in", "facilitator", "office"])
@pytest.mark.parametrize("path", POST_ACTIONS)
def test_admin_actions_are_refused_to_non_admins(client, world, kind, path):
    signed_in_as(client, kind, world)
    assert client.post(path.format(**world), data={"code": "ZZ", "site_role": "admin"}).status_code == 403


@pytest.mark.parametrize("path", GET_PAGES)
def test_visitors_are_sent_to_sign_in(client, world, path):
    response = client.get(path.format(**world))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", GET_PAGES)
def test_admin_pages_open_for_admins(client, world, path):
    signed_in_as(client, "admin", world)
    assert client.get(path.format(**world)).status_code == 200


@pytest.mark.parametrize("kind", ["signed_in", "facilitator", "office"])
def test_admin_link_is_absent_for_non_admins(client, world, kind):
    signed_in_as(client, kind, world)
    page = client.get("/councils").get_data(as_text=True)
    assert 'href="/admin"' not in page


def test_admin_link_is_present_for_admins(client, world):
    signed_in_as(client, "admin", world)
    page = client.get("/councils").get_data(as_text=True)
    assert 'href="/admin"' in page


@pytest.mark.parametrize(
    "path", ["/admin/countries/999", "/admin/regions/999", "/admin/councils/999", "/admin/councils/999/roles",
             "/admin/users/999", "/admin/countries/999/regions"],
)
def test_unknown_ids_give_404(admin_client, path):
    assert admin_client.get(path).status_code == 404


def test_non_numeric_ids_give_404(admin_client):
    assert admin_client.get("/admin/councils/abc").status_code == 404
    assert admin_client.post("/admin/users/abc/suspend").status_code == 404
