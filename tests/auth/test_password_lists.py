"""A substantial list of common passwords, the site's context words, and longer passwords for
privileged roles (issue 7, passwords)."""

from __future__ import annotations

import pytest

from council.auth import passwords
from tests.conftest import login, make_council, make_membership, make_user


def test_the_common_password_list_is_substantial(app):
    common = passwords.common_passwords()
    assert len(common) >= 10_000
    assert {"123456", "password", "qwerty", "iloveyou", "sunshine"} <= common


@pytest.mark.parametrize("password", ["qwertyuiop123", "iloveyou2026!", "sunshine1234", "football12345"])
def test_common_passwords_and_their_stems_are_refused(app, password):
    with app.test_request_context():
        assert any("too common" in p for p in passwords.problems(password))


@pytest.mark.parametrize("password", ["council-peace-2026", "PeaceCouncil!!", "northvalleycouncil"])
def test_the_sites_and_councils_names_are_refused(app, password):
    make_council(texts={"en": ("North Valley", "A mandate.")})
    with app.test_request_context():
        assert passwords.problems(password), password


def test_a_good_passphrase_passes(app):
    with app.test_request_context():
        assert passwords.problems("lantern mosaic river seven") == []


def test_privileged_accounts_need_fifteen_characters(app, client):
    council = make_council()
    facilitator, member = make_user(), make_user()
    make_membership(facilitator, council, role="facilitator")
    make_membership(member, council)
    with app.test_request_context():
        assert passwords.problems("lantern-mosaic", privileged=False) == []
        assert any("15" in p for p in passwords.problems("lantern-mosaic", privileged=True))
    login(client, facilitator)
    page = client.post("/account/password?lang=en", data={
        "current_password": "correct-horse-battery-staple", "new_password": "lantern-mosaic"}).get_data(as_text=True)
    assert "at least 15 characters" in page
    other = app.test_client()
    login(other, member)
    response = other.post("/account/password", data={
        "current_password": "correct-horse-battery-staple", "new_password": "lantern-mosaic"})
    assert response.status_code == 302
