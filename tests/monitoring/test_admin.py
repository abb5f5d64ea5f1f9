"""Administrators set up agreements and provisions through the forms; every change is audited."""

from __future__ import annotations

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from council.monitoring import services
from council.monitoring.models import Agreement, Provision, ProvisionCategory
from tests.conftest import login, make_region, make_user


def test_admin_sets_up_an_agreement_and_its_provisions(app, client):
    north = make_region(names={"en": "North"})
    login(client, make_user(site_role="admin"))
    r = client.post("/monitoring/admin/agreements/new", data={
        "country": str(north.country_id), "stage": "framework_comprehensive", "signed_on": "2025-02-01",
        "title_en": "General Peace Agreement", "short_name_en": "GPA", "title_fr": "Accord général de paix",
        "parties": "Government; Movement", "text_languages": ["en", "fr"]})
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    agreement = db.session.scalar(select(Agreement))
    assert agreement.stage == "framework_comprehensive" and agreement.text_languages == ["en", "fr"]
    assert {t.language: t.title for t in agreement.texts} == {"en": "General Peace Agreement",
                                                              "fr": "Accord général de paix"}
    services.seed_categories()  # the migration seeds the catalogue; the test database is made from the models
    db.session.commit()
    form = client.get(f"/monitoring/admin/agreements/{agreement.id}/provisions/new").get_data(as_text=True)
    assert "Women&#39;s rights and participation" in form  # the seeded catalogue, translated
    category = db.session.scalar(select(ProvisionCategory).where(ProvisionCategory.key == "elections"))
    r = client.post(f"/monitoring/admin/agreements/{agreement.id}/provisions/new", data={
        "reference": "Art. 4", "category": str(category.id), "title_en": "Elections within a year",
        "excerpt_en": "Elections shall be held.", "gender_stipulation": "y", "regions": [str(north.id)],
        "deadline": "2026-02-01"})
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    provision = db.session.scalar(select(Provision))
    assert provision.gender_stipulation and [x.id for x in provision.regions] == [north.id]
    page = client.get(f"/monitoring/admin/agreements/{agreement.id}/provisions/{provision.id}").get_data(as_text=True)
    assert "Elections within a year" in page
    # the same reference twice is refused, with what was typed kept
    r = client.post(f"/monitoring/admin/agreements/{agreement.id}/provisions/new", data={
        "reference": "Art. 4", "category": str(category.id), "title_en": "Another title"})
    assert r.status_code == 400 and "Another title" in r.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Provision)) == 1
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
               if not e.action.startswith("user.")]  # the admin's own sign-in is recorded too
    assert actions == ["agreement.create", "provision.create"]


def test_an_agreement_needs_a_title(app, client):
    region = make_region()
    login(client, make_user(site_role="admin"))
    r = client.post("/monitoring/admin/agreements/new", data={"country": str(region.country_id),
                                                               "stage": "renewal", "parties": "Kept"})
    assert r.status_code == 400
    assert "Give the title in at least one language." in r.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Agreement)) == 0
