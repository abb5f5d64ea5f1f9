"""Councils and council roles, as an administrator sets them up."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from council.councils.models import Council, Membership
from council.extensions import db
from tests.conftest import make_council, make_membership, make_region, make_user
from tests.helpers import audit_events


def council_data(the_region, **overrides):
    data = {
        "region": str(the_region.id),
        "name_en": "Highlands Council",
        "mandate_en": "Discuss land and water.",
        "name_ar": "مجلس المرتفعات",
        "mandate_ar": "",
        "working_languages": ["en", "ar"],
        "allow_anonymous": "y",
        "women_target_percent": "40",
    }
    data.update(overrides)
    return data


def test_create_council(admin_client, admin):
    region = make_region()
    response = admin_client.post("/admin/councils/new", data=council_data(region))
    assert response.status_code == 302
    council = db.session.scalar(select(Council))
    assert council.region_id == region.id
    assert council.working_languages == ["en", "ar"]
    assert council.allow_anonymous is True and council.women_target_percent == 40
    assert {t.language: (t.name, t.mandate) for t in council.texts} == {
        "en": ("Highlands Council", "Discuss land and water."),
        "ar": ("مجلس المرتفعات", ""),
    }
    [event] = audit_events("council.create")
    assert event.council_id == council.id and event.actor_id == admin.id
    assert event.detail["after"]["names"] == {"en": "Highlands Council", "ar": "مجلس المرتفعات"}


def test_council_needs_a_name_and_a_working_language(admin_client):
    region = make_region()
    data = council_data(region, name_en="", mandate_en="", name_ar="", working_languages=[])
    response = admin_client.post("/admin/councils/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the name in at least one language." in page
    assert db.session.scalar(select(func.count(Council.id))) == 0


def test_mandate_without_a_name_is_refused_and_what_was_typed_is_kept(admin_client):
    region = make_region()
    response = admin_client.post("/admin/councils/new", data=council_data(region, mandate_fr="Un mandat sans nom"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Give the name in this language too" in page
    assert "Un mandat sans nom" in page and 'value="Highlands Council"' in page
    assert db.session.scalar(select(func.count(Council.id))) == 0


def test_name_must_be_given_in_a_working_language(admin_client):
    region = make_region()
    response = admin_client.post("/admin/councils/new", data=council_data(region, name_ar="", working_languages=["ar"]))
    assert response.status_code == 200
    assert "at least one of its working languages" in response.get_data(as_text=True)


def test_bad_council_values_do_not_break_the_form(admin_client):
    region = make_region()
    for data in (
        council_data(region, region="abc"),
        council_data(region, region="99999"),
        council_data(region, women_target_percent="many"),
        council_data(region, women_target_percent="101"),
        council_data(region, working_languages=["xx"]),
        council_data(region, name_en="n" * 1000),
    ):
        assert admin_client.post("/admin/councils/new", data=data).status_code == 200
    assert db.session.scalar(select(func.count(Council.id))) == 0


def test_double_submit_creates_one_council(admin_client):
    region = make_region()
    admin_client.post("/admin/councils/new", data=council_data(region))
    second = admin_client.post("/admin/councils/new", data=council_data(region))
    assert second.status_code == 200
    assert "already has a council with this name" in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Council.id))) == 1


def test_edit_council_records_before_and_after_of_changed_fields(admin_client):
    council = make_council(texts={"en": ("Old name", "Mandate")}, women_target_percent=50)
    other_region = make_region(names={"en": "South"})
    data = {
        "region": str(other_region.id),
        "name_en": "New name",
        "mandate_en": "Mandate",
        "name_fr": "Nouveau nom",
        "working_languages": ["en"],
        "women_target_percent": "50",
    }
    response = admin_client.post(f"/admin/councils/{council.id}", data=data)
    assert response.status_code == 302
    db.session.refresh(council)
    assert council.region_id == other_region.id
    assert {t.language: t.name for t in council.texts} == {"en": "New name", "fr": "Nouveau nom"}
    [event] = audit_events("council.edit")
    assert event.council_id == council.id
    assert set(event.detail["after"]) == {"region", "names", "mandates"}
    assert event.detail["before"]["names"] == {"en": "Old name"}
    assert event.detail["after"]["names"] == {"en": "New name", "fr": "Nouveau nom"}
    assert event.detail["after"]["region"] == {"en": "South"}


def test_edit_form_shows_the_council_as_it_is(admin_client):
    council = make_council(texts={"en": ("Coastal council", "Watch the coast.")}, allow_anonymous=True)
    page = admin_client.get(f"/admin/councils/{council.id}").get_data(as_text=True)
    assert 'value="Coastal council"' in page and "Watch the coast." in page
    assert re.search(r'<input[^>]*\bchecked\b[^>]*name="allow_anonymous"', page)


def test_grant_facilitator_role_by_email(admin_client, admin):
    council = make_council()
    person = make_user(email="samira@example.org")
    response = admin_client.post(f"/admin/councils/{council.id}/roles", data={"email": "Samira@Example.org", "role": "facilitator"})
    assert response.status_code == 302
    m = db.session.scalar(select(Membership))
    assert (m.user_id, m.role, m.status) == (person.id, "facilitator", "active")
    [event] = audit_events("membership.role")
    assert event.council_id == council.id and event.actor_id == admin.id
    assert event.detail == {"after": {"role": "facilitator", "status": "active"}}
    page = admin_client.get(f"/admin/councils/{council.id}/roles").get_data(as_text=True)
    assert person.display_name in page


def test_granting_a_role_promotes_an_existing_member(admin_client):
    council = make_council()
    person = make_user()
    make_membership(person, council, role="member")
    admin_client.post(f"/admin/councils/{council.id}/roles", data={"email": person.email, "role": "observer"})
    m = db.session.scalar(select(Membership))
    assert m.role == "observer" and m.status == "active"
    [event] = audit_events("membership.role")
    assert event.detail["before"] == {"role": "member", "status": "active"}


def test_unknown_email_gets_a_message(admin_client):
    council = make_council()
    response = admin_client.post(f"/admin/councils/{council.id}/roles", data={"email": "nobody@example.org", "role": "facilitator"})
    assert response.status_code == 200
    assert "There is no account with this e-mail address." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Membership.id))) == 0


def test_unknown_role_is_refused(admin_client):
    council = make_council()
    person = make_user()
    response = admin_client.post(f"/admin/councils/{council.id}/roles", data={"email": person.email, "role": "king"})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Membership.id))) == 0


def test_remove_a_role(admin_client):
    council = make_council()
    person = make_user()
    make_membership(person, council, role="facilitator")
    response = admin_client.post(f"/admin/councils/{council.id}/roles/{person.id}/remove")
    assert response.status_code == 302
    m = db.session.scalar(select(Membership))
    assert m.status == "left"
    [event] = audit_events("membership.role")
    assert event.detail == {"before": {"role": "facilitator", "status": "active"}, "after": {"role": "facilitator", "status": "left"}}
    page = admin_client.get(f"/admin/councils/{council.id}/roles").get_data(as_text=True)
    assert "This council has no facilitator or observer yet." in page


def test_removing_a_role_nobody_has_gives_404(admin_client):
    council = make_council()
    person = make_user()
    assert admin_client.post(f"/admin/councils/{council.id}/roles/{person.id}/remove").status_code == 404
    assert audit_events("membership.role") == []


def test_councils_list_shows_names_in_the_reader_language(admin_client):
    make_council(texts={"en": ("Highlands", ""), "fr": ("Hauts Plateaux", "")}, working_languages=["en", "fr"])
    page = admin_client.get("/admin/councils?lang=fr").get_data(as_text=True)
    assert '<span lang="fr" dir="auto">Hauts Plateaux</span>' in page


def test_removing_a_role_from_someone_who_left_gives_404(admin_client):
    council = make_council()
    person = make_user()
    make_membership(person, council, role="facilitator", status="left")
    assert admin_client.post(f"/admin/councils/{council.id}/roles/{person.id}/remove").status_code == 404
    assert audit_events("membership.role") == []
