"""Applying to join a council, and the facilitators' queue of applications."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from council.councils.models import Membership
from council.extensions import db
from tests.conftest import make_council, make_membership, make_user
from tests.helpers import audit_events, client_for, main_of, text_of


@pytest.fixture
def council():
    return make_council(texts={"fr": ("Conseil du Nord", "Mandat."), "en": ("North council", "Mandate.")},
                        working_languages=["fr", "en"])


@pytest.fixture
def facilitator(council):
    user = make_user(locale="es", display_name="Facilitadora")
    make_membership(user, council, role="facilitator")
    return user


def memberships_of(user):
    db.session.expire_all()
    return db.session.scalars(select(Membership).filter_by(user_id=user.id)).all()


APPLICATION = {"statement": "Les jeunes des villages du nord.", "constituency": "youth"}


# --- applying ------------------------------------------------------------------------------------


def test_visitor_is_sent_to_sign_in_before_applying(client, council):
    response = client.get(f"/councils/{council.id}/apply")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/councils/{council.id}/apply"


def test_applying_creates_an_application_and_tells_the_facilitators(app, council, facilitator, outbox):
    applicant = make_user(locale="fr", gender="woman")
    client = client_for(app, applicant)
    form = client.get(f"/councils/{council.id}/apply?lang=en").get_data(as_text=True)
    assert '<label for="statement">' in form and '<label for="constituency">' in form

    response = client.post(f"/councils/{council.id}/apply", data=APPLICATION)
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"

    [m] = memberships_of(applicant)
    assert (m.status, m.role, m.constituency, m.statement) == ("applied", "member", "youth", APPLICATION["statement"])
    [event] = audit_events("membership.apply")
    assert event.actor_id == applicant.id and event.council_id == council.id and event.target_id == m.id
    assert event.detail["after"] == {"status": "applied"}  # the group stays out of the append-only log

    [mail] = outbox
    assert mail["To"] == facilitator.email
    assert mail["Content-Language"] == "es"
    assert f"/councils/{council.id}/applications" in mail.get_body(("plain",)).get_content()

    dashboard = text_of(main_of(client.get("/dashboard?lang=en").get_data(as_text=True)))
    assert "Your application is waiting" in dashboard and "will read your application" in dashboard


def test_application_form_explains_errors_and_keeps_what_was_typed(app, council):
    client = client_for(app, make_user())
    response = client.post(f"/councils/{council.id}/apply?lang=en",
                           data={"statement": "Fishermen of the coast", "constituency": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'href="#constituency"' in page
    assert "Choose the group you represent." in page
    assert "Fishermen of the coast</textarea>" in page

    response = client.post(f"/councils/{council.id}/apply?lang=en", data={"statement": "x" * 1001, "constituency": "youth"})
    assert response.status_code == 400 and "Use at most 1000 characters." in response.get_data(as_text=True)
    response = client.post(f"/councils/{council.id}/apply?lang=en", data={"statement": "", "constituency": "martians"})
    page = response.get_data(as_text=True)
    assert "Say whom you represent." in page and "Choose one of the groups in the list." in page
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 0


def test_double_submit_makes_one_application(app, council, facilitator, outbox):
    applicant = make_user()
    client = client_for(app, applicant)
    first = client.post(f"/councils/{council.id}/apply", data=APPLICATION)
    second = client.post(f"/councils/{council.id}/apply", data=APPLICATION)
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers["Location"] == f"/councils/{council.id}"
    assert len(memberships_of(applicant)) == 1
    assert len(audit_events("membership.apply")) == 1
    assert len(outbox) == 1
    page = client.get(second.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "You have already applied to this council." in page
    assert f'href="/councils/{council.id}/apply"' not in page


def test_a_second_application_while_one_waits_is_refused(app, council):
    applicant = make_user()
    make_membership(applicant, council, status="applied", statement="first")
    client = client_for(app, applicant)
    response = client.get(f"/councils/{council.id}/apply")
    assert response.status_code == 302
    client.post(f"/councils/{council.id}/apply", data=APPLICATION)
    [m] = memberships_of(applicant)
    assert m.statement == "first"


def test_a_simultaneous_second_application_is_not_duplicated(app, council, monkeypatch):
    """Two requests that both found no membership: the second insert meets the unique constraint."""
    from council.councils import services

    applicant = make_user()
    with app.test_request_context():
        services.apply(council, statement="first", constituency="youth", actor=applicant)
        db.session.commit()
        monkeypatch.setattr(services, "_membership", lambda council, user: None)
        with pytest.raises(services.AlreadyApplied):
            services.apply(council, statement="second", constituency="elders", actor=applicant)
        db.session.commit()  # the session is still usable
    [m] = memberships_of(applicant)
    assert m.statement == "first"
    assert len(audit_events("membership.apply")) == 1


@pytest.mark.parametrize("status,expected", [("active", 302), ("suspended", 403)])
def test_members_and_suspended_people_cannot_apply(app, council, status, expected):
    user = make_user()
    make_membership(user, council, status=status)
    client = client_for(app, user)
    assert client.post(f"/councils/{council.id}/apply", data=APPLICATION).status_code == expected
    [m] = memberships_of(user)
    assert m.status == status


@pytest.mark.parametrize("previous", ["declined", "left"])
def test_reapplying_after_decline_or_leaving_reuses_the_membership(app, council, previous):
    user = make_user()
    old = make_membership(user, council, status=previous, role="observer", decision_message="Not now.")
    client = client_for(app, user)
    assert client.post(f"/councils/{council.id}/apply", data=APPLICATION).status_code == 302
    [m] = memberships_of(user)
    assert m.id == old.id
    assert (m.status, m.role, m.decision_message, m.decided_at) == ("applied", "member", "", None)
    [event] = audit_events("membership.apply")
    assert event.detail["before"] == {"status": previous, "role": "observer"}


# --- the queue -----------------------------------------------------------------------------------


def test_only_facilitators_see_the_queue_and_its_link(app, council, facilitator):
    member = make_user()
    make_membership(member, council)
    member_client = client_for(app, member)
    assert member_client.get(f"/councils/{council.id}/applications").status_code == 403
    page = member_client.get(f"/councils/{council.id}").get_data(as_text=True)
    assert "/applications" not in page and "/invitations" not in page

    visitor = app.test_client()
    assert visitor.get(f"/councils/{council.id}/applications").status_code == 302

    outsider = client_for(app, make_user())
    assert outsider.get(f"/councils/{council.id}/applications").status_code == 403

    fac_client = client_for(app, facilitator)
    assert fac_client.get(f"/councils/{council.id}/applications").status_code == 200
    assert f'href="/councils/{council.id}/applications"' in fac_client.get(f"/councils/{council.id}").get_data(as_text=True)


def test_queue_shows_statement_group_and_the_composition_if_approved(app, council, facilitator):
    for gender in ["woman"] * 5 + ["man"] * 4:  # with the facilitator: 5 women, 5 men
        make_membership(make_user(gender=gender), council, constituency="elders")
    memberships_of(facilitator)[0].constituency = "elders"
    facilitator.gender = "man"
    db.session.commit()
    applicant = make_user(gender="woman", display_name="Amina")
    make_membership(applicant, council, status="applied", statement="Women traders of the market.",
                    constituency="business")

    page = main_of(client_for(app, facilitator).get(f"/councils/{council.id}/applications?lang=en").get_data(as_text=True))
    text = text_of(page)
    assert '<h2><span translate="no" dir="auto">Amina</span></h2>' in page
    assert "Women traders of the market." in text and "Business" in text
    now, _, if_approved = text.partition("The composition if you approve")
    assert "Woman 5 50%" in now and "Man 5 50%" in now and "Total 10 100%" in now
    # The projection is by group only: nothing in it depends on the applicant's gender.
    assert "Woman" not in if_approved and "Man " not in if_approved and "Total 11 100%" in if_approved
    assert "Applicants' gender is not used here" in if_approved
    # One person in business would be a single small cell: the next smallest (elders) is withheld.
    assert "Business fewer than 5 not shown" in if_approved
    assert "Elders and wise persons not shown not shown" in if_approved


def test_queue_queries_do_not_grow_with_applications(app, council, facilitator, count_queries):
    client = client_for(app, facilitator)
    url = f"/councils/{council.id}/applications"
    make_membership(make_user(), council, status="applied", constituency="youth")
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for _ in range(8):
        make_membership(make_user(gender="man"), council, status="applied", constituency="elders")
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count('class="card"') == 9
    assert many() == few()


# --- deciding ------------------------------------------------------------------------------------


def test_approving_makes_an_active_member_and_tells_them_in_their_language(app, council, facilitator, outbox):
    applicant = make_user(locale="fr")
    m = make_membership(applicant, council, status="applied", constituency="youth")
    response = client_for(app, facilitator).post(
        f"/councils/{council.id}/applications/{m.id}/decide", data={"decision": "approve", "message": "Bienvenue !"}
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/councils/{council.id}/applications"
    db.session.refresh(m)
    assert (m.status, m.decided_by_id, m.decision_message) == ("active", facilitator.id, "Bienvenue !")
    assert m.decided_at is not None
    [event] = audit_events("membership.approve")
    assert event.actor_id == facilitator.id and event.council_id == council.id
    assert event.detail == {"before": {"status": "applied"}, "after": {"status": "active", "message": "Bienvenue !"}}

    [mail] = outbox
    assert mail["To"] == applicant.email and mail["Content-Language"] == "fr"
    assert "Conseil du Nord" in mail["Subject"]  # the council's name in the applicant's language
    assert "Bienvenue !" in mail.get_body(("plain",)).get_content()

    applicant_client = client_for(app, applicant)
    dashboard = main_of(applicant_client.get("/dashboard?lang=en").get_data(as_text=True))
    assert f'href="/councils/{council.id}"' in dashboard and "Bienvenue !" in dashboard
    assert applicant_client.get(f"/councils/{council.id}/members").status_code == 200


def test_declining_tells_the_applicant_with_the_message_on_their_dashboard(app, council, facilitator, outbox):
    applicant = make_user(locale="fr")
    m = make_membership(applicant, council, status="applied", constituency="youth")
    client_for(app, facilitator).post(f"/councils/{council.id}/applications/{m.id}/decide",
                                      data={"decision": "decline", "message": "Please apply to the southern council."})
    db.session.refresh(m)
    assert m.status == "declined"
    assert audit_events("membership.decline")[0].detail["after"]["status"] == "declined"
    [mail] = outbox
    assert mail["Content-Language"] == "fr" and "Conseil du Nord" in mail["Subject"]

    applicant_client = client_for(app, applicant)
    text = text_of(main_of(applicant_client.get("/dashboard?lang=en").get_data(as_text=True)))
    assert "Application declined" in text and "Please apply to the southern council." in text
    assert applicant_client.get(f"/councils/{council.id}/members").status_code == 403
    # They may apply again.
    assert f'href="/councils/{council.id}/apply"' in applicant_client.get(f"/councils/{council.id}").get_data(as_text=True)


def test_an_application_is_decided_once(app, council, facilitator, outbox):
    m = make_membership(make_user(), council, status="applied")
    client = client_for(app, facilitator)
    url = f"/councils/{council.id}/applications/{m.id}/decide"
    client.post(url, data={"decision": "approve"})
    response = client.post(url, data={"decision": "decline"})
    assert response.status_code == 302
    db.session.refresh(m)
    assert m.status == "active"
    assert len(outbox) == 1 and audit_events("membership.decline") == []


def test_a_bad_decision_changes_nothing_and_keeps_the_message(app, council, facilitator, outbox):
    m = make_membership(make_user(), council, status="applied")
    client = client_for(app, facilitator)
    url = f"/councils/{council.id}/applications/{m.id}/decide?lang=en"
    response = client.post(url, data={"decision": "maybe", "message": "Thinking"})
    assert response.status_code == 400
    assert "Choose to approve or to decline." in response.get_data(as_text=True)
    response = client.post(url, data={"decision": "approve", "message": "y" * 2001})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Use at most 2000 characters." in page and "y" * 2001 + "</textarea>" in page
    db.session.refresh(m)
    assert m.status == "applied" and outbox == []


def test_a_facilitator_cannot_decide_another_councils_application(app, council, facilitator):
    other = make_council()
    m = make_membership(make_user(), other, status="applied")
    client = client_for(app, facilitator)
    # Through their own council's URL: the membership is not found there.
    assert client.post(f"/councils/{council.id}/applications/{m.id}/decide", data={"decision": "approve"}).status_code == 404
    # Through the other council's URL: not a facilitator there.
    assert client.post(f"/councils/{other.id}/applications/{m.id}/decide", data={"decision": "approve"}).status_code == 403
    db.session.refresh(m)
    assert m.status == "applied"


def test_a_member_cannot_decide(app, council):
    member = make_user()
    make_membership(member, council)
    m = make_membership(make_user(), council, status="applied")
    client = client_for(app, member)
    assert client.post(f"/councils/{council.id}/applications/{m.id}/decide", data={"decision": "approve"}).status_code == 403
    db.session.refresh(m)
    assert m.status == "applied"


def test_an_admin_may_decide_in_any_council(app, council):
    admin = make_user(site_role="admin")
    m = make_membership(make_user(), council, status="applied")
    client = client_for(app, admin)
    assert client.post(f"/councils/{council.id}/applications/{m.id}/decide", data={"decision": "approve"}).status_code == 302
    db.session.refresh(m)
    assert m.status == "active"


def test_the_projection_does_not_depend_on_the_applicants_gender(app, council, facilitator):
    for gender in ["woman"] * 6 + ["man"] * 6:
        make_membership(make_user(gender=gender), council, constituency="youth")
    pages = []
    for n, gender in enumerate(["woman", "man"]):
        applicant = make_user(gender=gender, display_name="Applicant")
        m = make_membership(applicant, council, status="applied", statement="Youth of the valley.",
                            constituency="youth")
        html = main_of(client_for(app, facilitator).get(f"/councils/{council.id}/applications?lang=en")
                       .get_data(as_text=True))
        pages.append(text_of(html).partition("The composition if you approve")[2])
        db.session.delete(m)
        db.session.commit()
    assert pages[0] == pages[1]


def test_the_queue_shows_the_projected_composition_once(app, council, facilitator):
    for n in range(6):
        make_membership(make_user(), council, constituency="youth")
    for n in range(3):
        make_membership(make_user(display_name=f"Applicant {n}"), council, status="applied", constituency="elders")
    text = text_of(main_of(client_for(app, facilitator).get(f"/councils/{council.id}/applications?lang=en")
                           .get_data(as_text=True)))
    assert text.count("The composition if you approve every application") == 1
    assert text.count("Applicants' gender is not used here") == 1
    assert all(f"Applicant {n}" in text for n in range(3))
