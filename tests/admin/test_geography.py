"""Countries and regions: created and edited by administrators, each change in the audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from council.councils.models import Country, Region
from council.extensions import db
from tests.conftest import make_country, make_region
from tests.helpers import audit_events


def test_create_country(admin_client, admin):
    response = admin_client.post("/admin/countries/new", data={"code": "mrd", "name_en": "Meridia", "name_ar": "ميريديا"})
    assert response.status_code == 302
    country = db.session.scalar(select(Country))
    assert country.code == "MRD"
    assert country.names == {"en": "Meridia", "ar": "ميريديا"}
    [event] = audit_events("country.create")
    assert event.actor_id == admin.id and event.target_id == country.id
    assert event.detail["after"] == {"code": "MRD", "names": {"en": "Meridia", "ar": "ميريديا"}}


def test_country_needs_a_name_and_a_valid_code_and_keeps_what_was_typed(admin_client):
    response = admin_client.post("/admin/countries/new", data={"code": "M1", "name_fr": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Give the name in at least one language." in page
    assert 'value="M1"' in page
    assert db.session.scalar(select(func.count(Country.id))) == 0
    assert audit_events("country.create") == []


def test_duplicate_country_code_is_refused(admin_client):
    make_country(code="MRD")
    response = admin_client.post("/admin/countries/new", data={"code": "mrd", "name_en": "Again"})
    assert response.status_code == 200
    assert "Another country already has the code MRD." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Country.id))) == 1


def test_overlong_fields_are_refused(admin_client):
    response = admin_client.post("/admin/countries/new", data={"code": "ABCD", "name_en": "x" * 500})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Country.id))) == 0


def test_edit_country_records_only_what_changed(admin_client):
    country = make_country(code="MRD", names={"en": "Meridia", "fr": "Méridia"})
    response = admin_client.post(f"/admin/countries/{country.id}", data={"code": "MRD", "name_en": "Meridia", "name_fr": "Méridie"})
    assert response.status_code == 302
    db.session.refresh(country)
    assert country.names == {"en": "Meridia", "fr": "Méridie"}
    [event] = audit_events("country.edit")
    assert event.detail == {"before": {"names": {"en": "Meridia", "fr": "Méridia"}}, "after": {"names": {"en": "Meridia", "fr": "Méridie"}}}


def test_saving_an_unchanged_country_records_nothing(admin_client):
    country = make_country(code="MRD", names={"en": "Meridia"})
    admin_client.post(f"/admin/countries/{country.id}", data={"code": "MRD", "name_en": "Meridia"})
    assert audit_events("country.edit") == []


def test_edit_form_shows_current_values(admin_client):
    country = make_country(code="MRD", names={"en": "Meridia", "ar": "ميريديا"})
    page = admin_client.get(f"/admin/countries/{country.id}").get_data(as_text=True)
    assert 'value="MRD"' in page and 'value="ميريديا"' in page


def test_create_and_edit_region(admin_client, admin):
    country = make_country(code="MRD")
    response = admin_client.post(f"/admin/countries/{country.id}/regions/new", data={"name_en": "North", "name_fr": "Nord"})
    assert response.status_code == 302
    region = db.session.scalar(select(Region))
    assert region.country_id == country.id and region.names == {"en": "North", "fr": "Nord"}
    [created] = audit_events("region.create")
    assert created.target_id == region.id and created.actor_id == admin.id

    response = admin_client.post(f"/admin/regions/{region.id}", data={"name_en": "Far North", "name_fr": "Nord"})
    assert response.status_code == 302
    db.session.refresh(region)
    assert region.names["en"] == "Far North"
    [edited] = audit_events("region.edit")
    assert edited.detail["before"] == {"names": {"en": "North", "fr": "Nord"}}


def test_region_with_the_same_name_in_the_same_country_is_refused(admin_client):
    region = make_region(names={"en": "North"})
    response = admin_client.post(f"/admin/countries/{region.country_id}/regions/new", data={"name_en": "north"})
    assert response.status_code == 200
    assert "already has a region with this name" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Region.id))) == 1


def test_region_list_shows_the_regions_of_one_country(admin_client):
    north = make_region(names={"en": "North"})
    make_region(names={"en": "Elsewhere"})
    page = admin_client.get(f"/admin/countries/{north.country_id}/regions").get_data(as_text=True)
    assert "North" in page and "Elsewhere" not in page
