"""The council's indicator catalogue (names in every language) and its deadlines, kept by administrators."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.signals import services
from council.signals.models import Indicator
from tests.conftest import login, make_council, make_membership, make_user


def test_admin_adds_and_renames_indicators_and_sets_deadlines(client, app):
    council = make_council()
    admin = make_user(site_role="admin")
    login(client, admin)
    url = f"/councils/{council.id}/signals/settings"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"which": "indicator", "indicator-key": "school_closures",
                                      "indicator-nature": "dynamic", "indicator-polarity": "conflict",
                                      "indicator-gender_sensitive": "y", "indicator-active": "y",
                                      "indicator-name_en": "Schools closed", "indicator-name_fr": "Écoles fermées"})
    assert response.status_code == 302
    added = db.session.scalar(select(Indicator).filter_by(council_id=council.id, key="school_closures"))
    assert added.names == {"en": "Schools closed", "fr": "Écoles fermées"} and added.gender_sensitive
    assert db.session.scalar(select(Indicator).filter_by(council_id=council.id, key="hate_speech")) is not None
    page = client.get(url + "?lang=fr")
    assert "Écoles fermées" in page.text
    bad = client.post(url, data={"which": "indicator", "indicator-key": "Bad Key!", "indicator-nature": "dynamic",
                                 "indicator-polarity": "conflict", "indicator-name_en": "x"})
    assert bad.status_code == 400
    assert client.post(url, data={"which": "due", **{f"due-hours_{k}": "12" for k in range(5)}}).status_code == 302
    assert services.due_hours(council.id) == {k: 12 for k in range(5)}
    assert client.post(url, data={"which": "due", **{f"due-hours_{k}": "0" for k in range(5)}}).status_code == 400


def test_only_administrators_keep_the_catalogue(client, app):
    council = make_council()
    facilitator = make_user()
    make_membership(facilitator, council, role="facilitator")
    login(client, facilitator)
    assert client.get(f"/councils/{council.id}/signals/settings").status_code == 404
    assert "Signal settings" not in client.get(f"/councils/{council.id}/signals").text
