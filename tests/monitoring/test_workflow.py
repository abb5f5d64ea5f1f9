"""Draft → reviewed by a second person → published by a facilitator; evidence, minority views,
history and audit log; refusals change nothing."""

from __future__ import annotations

from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from council.monitoring.models import Assessment, AssessmentChange
from tests.conftest import login

FORM = {"rating": "2", "confidence": "high", "rationale": "Half the checkpoints were removed.",
        "gender_analysis": "Women traders still face searches.", "women_rating": "1", "men_rating": "3"}


def _period(client, s):
    page = client.get(f"/councils/{s.council.id}/monitoring/provisions/{s.provision.id}/assess")
    assert page.status_code == 200
    import re
    return re.search(r'<option[^>]*value="([0-9]{4}-Q[1-4])"', page.get_data(as_text=True)).group(1)


def _draft(client, s, **extra):
    period = _period(client, s)
    response = client.post(f"/councils/{s.council.id}/monitoring/provisions/{s.provision.id}/assess",
                           data={**FORM, "period": period, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return db.session.scalar(select(Assessment))


def test_the_whole_review_loop(app, setting):
    s = setting
    author, second, facilitator = (app.test_client() for _ in range(3))
    login(author, s.people["author"])
    login(second, s.people["second"])
    login(facilitator, s.people["facilitator"])
    a = _draft(author, s)
    assert (a.status, a.rating, a.women_rating, a.men_rating) == ("draft", "2", 1, 3)
    base = f"/councils/{s.council.id}/monitoring/assessments/{a.id}"

    # the author cannot review their own draft, and sees no button for it
    page = author.get(base).get_data(as_text=True)
    assert "Confirm the review" not in page
    author.post(f"{base}/review")
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).status == "draft"

    # a member cannot publish a draft, nor publish at all
    assert second.post(f"{base}/publish").status_code == 403
    assert "Confirm the review" in second.get(base).get_data(as_text=True)
    assert second.post(f"{base}/review").status_code == 302
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).status == "reviewed"
    assert "Publish" not in second.get(base).get_data(as_text=True).split("<h2>")[0]

    # evidence and a minority view, then publication by the facilitator
    r = second.post(f"{base}/evidence", data={"kind": "site_visit", "occurred_on": "2026-02-03",
                                              "summary": "Visited the crossing.", "source_scale": "local"})
    assert r.status_code == 302
    r = second.post(f"{base}/minority", data={"rating": "0", "reasons": "Nothing changed on the ground."})
    assert r.status_code == 302
    r = facilitator.post(f"{base}/publish")
    assert r.status_code == 302
    db.session.expire_all()
    a = db.session.get(Assessment, a.id)
    assert a.status == "published" and a.reviewer_id == s.people["second"].id
    assert [e.kind for e in a.evidence] == ["site_visit"]
    assert [(m.rating, m.reasons) for m in a.minority_views] == [("0", "Nothing changed on the ground.")]
    actions = [c.action for c in db.session.scalars(select(AssessmentChange).order_by(AssessmentChange.id))]
    assert actions == ["draft", "review", "evidence", "minority", "publish"]
    audit = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.target_type == "assessments")
                                                   .order_by(AuditEvent.id))]
    assert audit == ["assessment.draft", "assessment.review", "assessment.evidence", "assessment.minority",
                     "assessment.publish"]
    page = facilitator.get(base).get_data(as_text=True)
    assert "Nothing changed on the ground." in page and "Visited the crossing." in page
    # a published assessment cannot be changed
    assert facilitator.post(f"{base}/edit", data=FORM).status_code == 400
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).rationale == FORM["rationale"]


def test_a_change_after_review_needs_a_new_review(app, setting):
    s = setting
    author, second = app.test_client(), app.test_client()
    login(author, s.people["author"])
    login(second, s.people["second"])
    a = _draft(author, s)
    second.post(f"/councils/{s.council.id}/monitoring/assessments/{a.id}/review")
    r = author.post(f"/councils/{s.council.id}/monitoring/assessments/{a.id}/edit", data={**FORM, "rating": "3"})
    assert r.status_code == 302
    db.session.expire_all()
    a = db.session.get(Assessment, a.id)
    assert (a.status, a.rating, a.reviewer_id) == ("draft", "3", None)


def test_a_second_draft_for_the_same_period_is_refused(app, client, setting):
    login(client, setting.people["author"])
    _draft(client, setting)
    period = _period(client, setting)
    r = client.post(f"/councils/{setting.council.id}/monitoring/provisions/{setting.provision.id}/assess",
                    data={**FORM, "period": period})
    assert r.status_code == 400
    assert "already assessed this provision" in r.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Assessment)) == 1


def test_bad_input_is_refused_and_kept(app, client, setting):
    login(client, setting.people["author"])
    period = _period(client, setting)
    r = client.post(f"/councils/{setting.council.id}/monitoring/provisions/{setting.provision.id}/assess",
                    data={**FORM, "period": period, "rating": "7", "rationale": "Kept text"})
    assert r.status_code == 400
    assert "Kept text" in r.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Assessment)) == 0


def test_observers_cannot_assess_and_see_no_link(app, client, setting):
    login(client, setting.people["observer"])
    page = client.get(f"/councils/{setting.council.id}/monitoring/agreements/{setting.agreement.id}")
    assert page.status_code == 200
    assert "/assess" not in page.get_data(as_text=True)
    r = client.post(f"/councils/{setting.council.id}/monitoring/provisions/{setting.provision.id}/assess",
                    data={**FORM, "period": "2026-Q1"})
    assert r.status_code == 403


def test_evidence_of_a_signal_needs_a_signal_of_the_council(app, client, setting):
    login(client, setting.people["author"])
    a = _draft(client, setting)
    r = client.post(f"/councils/{setting.council.id}/monitoring/assessments/{a.id}/evidence",
                    data={"kind": "signal", "summary": "Clashes", "source_scale": "local", "signal_id": "5"})
    assert r.status_code == 400
    assert "Name an early-warning signal of this council." in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).evidence == []


def test_the_council_page_links_to_monitoring_for_members_only(app, client, setting):
    login(client, setting.people["author"])
    page = client.get(f"/councils/{setting.council.id}").get_data(as_text=True)
    assert f"/councils/{setting.council.id}/monitoring" in page
    anonymous = app.test_client().get(f"/councils/{setting.council.id}").get_data(as_text=True)
    assert f"/councils/{setting.council.id}/monitoring" not in anonymous
