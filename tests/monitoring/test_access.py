"""Who reads which assessments: own council, office (every published), admin, visitors only on a
public matrix (published, not confidential); drafts never leave the council."""

from __future__ import annotations

import pytest

from council.extensions import db
from tests.conftest import (login, make_agreement, make_assessment, make_council, make_membership, make_region,
                            make_user)


@pytest.fixture
def two_councils(app):
    home = make_council()
    away = make_council(region=make_region(home.region.country))
    agreement = make_agreement(home.region.country, provisions=2)
    p = agreement.provisions[0]
    make_assessment(p, home, rating="1", rationale="home-published")
    make_assessment(p, home, ("2026-Q2", None), rating="3", status="draft", rationale="home-draft")
    make_assessment(p, away, rating="2", rationale="away-published")
    make_assessment(p.agreement.provisions[1], away, rating="0", rationale="away-confidential", confidential=True)
    return home, away, agreement


def _seen(client, agreement) -> set[str]:
    page = client.get(f"/monitoring/agreements/{agreement.id}/assessments.json")
    if page.status_code != 200:
        return {str(page.status_code)}
    return {row["rationale"] for row in page.get_json()}


@pytest.mark.parametrize("who, expected", [
    ("member", {"home-published"}),
    ("observer", {"home-published"}),
    ("facilitator", {"home-published"}),
    ("office", {"home-published", "away-published", "away-confidential"}),
    ("admin", {"home-published", "away-published", "away-confidential"}),
    ("signed_in", {"404"}),
    ("applicant", {"404"}),
    ("visitor", {"302"}),
])
def test_who_reads_which_assessments(app, two_councils, who, expected):
    home, _away, agreement = two_councils
    client = app.test_client()
    if who != "visitor":
        user = make_user(site_role=who if who in ("office", "admin") else None)
        if who in ("member", "observer", "facilitator"):
            make_membership(user, home, role=who)
        if who == "applicant":
            make_membership(user, home, status="applied")
        login(client, user)
    assert _seen(client, agreement) == expected


def test_a_public_matrix_shows_visitors_published_cells_that_are_not_confidential(app, two_councils):
    _home, _away, agreement = two_councils
    agreement.matrix_public = True
    db.session.commit()
    client = app.test_client()
    assert _seen(client, agreement) == {"home-published", "away-published"}
    page = client.get(f"/monitoring/agreements/{agreement.id}").get_data(as_text=True)
    assert "home-draft" not in page


def test_drafts_of_a_council_are_not_reachable_from_another(app, two_councils):
    home, away, _agreement = two_councils
    from sqlalchemy import select

    from council.monitoring.models import Assessment

    draft = db.session.scalar(select(Assessment).where(Assessment.status == "draft"))
    stranger = make_user()
    make_membership(stranger, away, role="facilitator")
    client = app.test_client()
    login(client, stranger)
    assert client.get(f"/councils/{away.id}/monitoring/assessments/{draft.id}").status_code == 404
    assert client.get(f"/councils/{home.id}/monitoring/assessments/{draft.id}").status_code == 404
    observer = make_user()
    make_membership(observer, home, role="observer")
    client = app.test_client()
    login(client, observer)
    assert client.get(f"/councils/{home.id}/monitoring/assessments/{draft.id}").status_code == 404


def test_admin_pages_are_for_admins(app, two_councils):
    client = app.test_client()
    login(client, make_user(site_role="office"))
    assert client.get("/monitoring/admin/agreements").status_code == 403
    admin = app.test_client()
    login(admin, make_user(site_role="admin"))
    page = admin.get("/monitoring/admin/agreements")
    assert page.status_code == 200 and "Import an agreement" in page.get_data(as_text=True)


def test_the_main_navigation_leads_office_readers_to_monitoring(app):
    office, member = app.test_client(), app.test_client()
    login(office, make_user(site_role="office"))
    council = make_council()
    person = make_user()
    make_membership(person, council)
    login(member, person)
    assert office.get("/dashboard").headers["Location"] == "/digest"  # the office reader's home
    assert 'href="/monitoring"' in office.get("/digest").get_data(as_text=True)
    assert 'href="/monitoring"' not in member.get("/dashboard").get_data(as_text=True)


def test_office_reads_a_published_assessment_without_names(app, two_councils):
    home, _away, agreement = two_councils
    from sqlalchemy import select

    from council.monitoring.models import Assessment, MinorityView

    author = make_user(display_name="Zainab Author")
    published = db.session.scalar(select(Assessment).where(Assessment.rationale == "home-published"))
    published.author_id = author.id
    published.minority_views.append(MinorityView(author_id=author.id, rating="0", reasons="Dissent text"))
    db.session.commit()
    office = app.test_client()
    login(office, make_user(site_role="office"))
    page = office.get(f"/councils/{home.id}/monitoring/assessments/{published.id}").get_data(as_text=True)
    assert "Dissent text" in page and "Zainab Author" not in page
