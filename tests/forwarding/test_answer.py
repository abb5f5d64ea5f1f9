"""Office readers acknowledge and answer; the council sees the answers, in the language they were
written in, and its members are told."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.forwarding.models import Forwarding, RecommendationAnswer
from council.notifications.models import Notification
from council.notifications.services import set_deliveries
from tests.conftest import make_item, make_membership, make_user, tr
from tests.forwarding.conftest import adopted_summary, make_forwarding
from tests.helpers import audit_events, page_text

ANSWER = {
    "stance_1": "accepted", "text_1": "Les travaux commenceront en mai.",
    "stance_2": "under_consideration", "text_2": "",
    "stance_3": "referred", "text_3": "Transmis à la commission de médiation.",
    "overall": "Nous remercions le conseil pour ce **travail**.", "language": "fr",
}


def _get(forwarding_id):
    db.session.expire_all()
    return db.session.get(Forwarding, forwarding_id)


def test_acknowledge(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    client = client_for(world.reader)
    response = client.post(f"/office/forwardings/{forwarding.id}/acknowledge", follow_redirects=True)
    assert tr(client.application, "fr", "The summary is acknowledged. The council sees that it has been received.") in page_text(response)
    f = _get(forwarding.id)
    assert f.status == "acknowledged" and f.acknowledged_by_id == world.reader.id and f.acknowledged_at
    [event] = audit_events("forwarding.acknowledge")
    assert event.target_id == f.id and event.council_id == world.council.id
    assert event.detail == {"before": {"status": "sent"}, "after": {"status": "acknowledged"}}
    # Again: nothing changes.
    again = client.post(f"/office/forwardings/{forwarding.id}/acknowledge", follow_redirects=True)
    assert tr(client.application, "fr", "This summary was already acknowledged.") in page_text(again)
    assert len(audit_events("forwarding.acknowledge")) == 1
    # The council sees it.
    assert "Received and being considered." in page_text(client_for(world.members[0]).get(world.outcomes_path))


def test_answer_form_starts_in_the_readers_language(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    response = client_for(world.reader).get(f"/office/forwardings/{forwarding.id}/answer")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<option selected value="fr">' in html or '<option value="fr" selected>' in html
    for n in (1, 2, 3):
        assert f'name="stance_{n}"' in html and f'name="text_{n}"' in html
    assert "Repair the northern well before the dry season." in html


def test_answer_is_recorded_logged_and_the_council_is_told(world, client_for, outbox):
    forwarding = make_forwarding(world.summary, world.rc)
    set_deliveries(world.members[2].id, {"summary_answered": "never"})
    db.session.commit()
    response = client_for(world.reader).post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/office/forwardings/{forwarding.id}")
    f = _get(forwarding.id)
    assert f.status == "answered" and f.answered_by_id == world.reader.id and f.answered_at
    assert f.answer_language == "fr"
    assert f.overall_answer_html == "<p>Nous remercions le conseil pour ce <strong>travail</strong>.</p>\n"
    assert [(a.number, a.stance, a.text) for a in f.answers] == [
        (1, "accepted", "Les travaux commenceront en mai."), (2, "under_consideration", ""),
        (3, "referred", "Transmis à la commission de médiation.")]
    [event] = audit_events("forwarding.answer")
    assert event.actor_id == world.reader.id and event.detail["before"]["status"] == "sent"
    assert event.detail["after"]["recommendations"]["1"] == {"stance": "accepted",
                                                             "text": "Les travaux commenceront en mai."}

    told = set(db.session.scalars(select(Notification.user_id).filter_by(kind="summary_answered")))
    assert told == {p.id for p in world.people}  # members, facilitator and observer; not the office
    assert all(n.item_id == world.item.id and n.council_id == world.council.id
               for n in db.session.scalars(select(Notification).filter_by(kind="summary_answered")))
    mailed = {m["To"] for m in outbox}
    assert world.members[0].email in mailed and world.observer.email in mailed
    assert world.members[2].email not in mailed  # chose never
    assert world.other_member.email not in mailed and world.reader.email not in mailed
    # A member's notification reads as an answer to the council's advice.
    page = client_for(world.members[0]).get("/notifications")
    assert "An answer has come to the council's advice on" in page_text(page)


def test_an_incomplete_answer_is_refused_and_keeps_what_was_typed(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    client = client_for(world.reader)
    data = dict(ANSWER, stance_2="")
    response = client.post(f"/office/forwardings/{forwarding.id}/answer", data=data)
    assert response.status_code == 400
    assert tr(client.application, "fr", "Choose your position on this recommendation.") in page_text(response)
    assert "Transmis à la commission de médiation." in response.get_data(as_text=True)
    for broken in (dict(ANSWER, overall=""), dict(ANSWER, stance_1="maybe"), dict(ANSWER, language="xx"),
                   dict(ANSWER, text_3="x" * 5001)):
        assert client.post(f"/office/forwardings/{forwarding.id}/answer", data=broken).status_code == 400
    f = _get(forwarding.id)
    assert f.status == "sent" and f.answers == [] and f.overall_answer == ""
    assert audit_events("forwarding.answer") == []
    assert db.session.scalars(select(Notification).filter_by(kind="summary_answered")).all() == []


def test_an_answer_can_be_amended(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    client = client_for(world.reader)
    client.post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER)
    form = client.get(f"/office/forwardings/{forwarding.id}/answer").get_data(as_text=True)
    assert "Les travaux commenceront en mai." in form  # the answer given, to amend
    amended = dict(ANSWER, stance_2="accepted", text_2="Le comité sera créé.")
    assert client.post(f"/office/forwardings/{forwarding.id}/answer", data=amended).status_code == 302
    f = _get(forwarding.id)
    assert [(a.number, a.stance) for a in f.answers] == [(1, "accepted"), (2, "accepted"), (3, "referred")]
    assert db.session.scalar(select(db.func.count(RecommendationAnswer.id))) == 3
    first, second = audit_events("forwarding.answer")
    assert second.detail["before"]["recommendations"]["2"] == {"stance": "under_consideration", "text": ""}
    assert second.detail["after"]["recommendations"]["2"] == {"stance": "accepted", "text": "Le comité sera créé."}
    kinds = db.session.scalars(select(Notification.data).filter_by(kind="summary_answered",
                                                                   user_id=world.members[0].id)).all()
    assert [d["outcome"] for d in kinds] == ["answered", "amended"]
    # Sending the same answer again changes and logs nothing.
    assert client.post(f"/office/forwardings/{forwarding.id}/answer", data=amended).status_code == 302
    assert len(audit_events("forwarding.answer")) == 2


def test_administrators_read_but_do_not_answer(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    client = client_for(world.admin)
    page = client.get(f"/office/forwardings/{forwarding.id}")
    assert page.status_code == 200
    assert "/acknowledge" not in page.get_data(as_text=True) and "/answer" not in page.get_data(as_text=True)
    assert client.post(f"/office/forwardings/{forwarding.id}/acknowledge").status_code == 403
    assert client.get(f"/office/forwardings/{forwarding.id}/answer").status_code == 403
    assert client.post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER).status_code == 403
    assert _get(forwarding.id).status == "sent"


def test_the_council_sees_the_answer_marked_with_its_language(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc, answer_by_days=20)
    make_forwarding(world.summary, world.commission)
    client_for(world.reader).post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER)

    member = client_for(world.members[0])
    response = member.get(world.outcomes_path + "?lang=en")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = page_text(response)
    assert "Water points in the valley" in text
    assert "Office of the Resident Coordinator" in text and "Implementation commission" in text
    assert "Answer in French" in text
    assert '<div class="forwarding-answer" lang="fr" dir="auto"><p>Nous remercions le conseil' in html
    assert "Accepted" in text and "Under consideration" in text and "Referred elsewhere" in text
    assert "Transmis à la commission de médiation." in text
    assert "Sent. Not yet acknowledged." in text  # the commission has not answered

    # A member reading in Arabic sees the French original, labelled in Arabic.
    arabic = client_for(world.members[1]).get(world.outcomes_path + "?lang=ar")
    html = arabic.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'lang="fr" dir="auto"><p>Nous remercions le conseil' in html
    assert "الفرنسية" in html  # "French", in Arabic


def test_no_language_label_when_the_answer_is_in_the_readers_language(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    client_for(world.reader).post(f"/office/forwardings/{forwarding.id}/answer", data=dict(ANSWER, language="en"))
    assert "Answer in" not in page_text(client_for(world.members[0]).get(world.outcomes_path + "?lang=en"))


def test_outcomes_page_without_forwardings(world, client_for):
    response = client_for(world.observer).get(world.outcomes_path)
    assert response.status_code == 200
    assert "No summary of this council has been forwarded yet." in page_text(response)


def test_the_summary_partial_shows_one_summary(world, app, client_for):
    """templates/forwarding/_outcomes.html, as the summary page includes it."""
    from flask import render_template_string

    from council.forwarding.queries import outcomes_for_summary

    forwarding = make_forwarding(world.summary, world.rc)
    client_for(world.reader).post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER)
    db.session.expire_all()
    with app.test_request_context("/?lang=en"):
        summary = db.session.get(type(world.summary), world.summary.id)
        html = render_template_string('{% include "forwarding/_outcomes.html" %}',
                                      outcomes=outcomes_for_summary(summary))
        assert "What became of this advice" in html
        assert "Nous remercions le conseil" in html
        none = adopted_summary(make_item(world.council, world.members[0], status="closed"), world.facilitator)
        assert outcomes_for_summary(none) is None
        assert render_template_string('{% include "forwarding/_outcomes.html" %}', outcomes=None).strip() == ""


def test_outcomes_query_count_does_not_grow(world, client_for, count_queries):
    client = client_for(world.members[0])
    path = world.outcomes_path
    make_forwarding(world.summary, world.rc, status="answered")
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    for i in range(5):
        summary = adopted_summary(make_item(world.council, world.members[0], status="closed"), world.facilitator)
        for destination in (world.rc, world.commission):
            f = make_forwarding(summary, destination, status="answered")
            for n in (1, 2, 3):
                db.session.add(RecommendationAnswer(forwarding_id=f.id, number=n, stance="accepted", text="ok",
                                                    text_html="<p>ok</p>"))
    db.session.commit()
    with count_queries() as many:
        html = client.get(path).get_data(as_text=True)
    assert html.count('class="card" id="forwarding-') == 11
    assert many() == few()


def test_a_new_member_is_told_but_not_a_member_who_left(world, client_for):
    newcomer = make_user(display_name="New Member")
    make_membership(newcomer, world.council)
    gone = make_user(display_name="Gone Member")
    make_membership(gone, world.council, status="left")
    forwarding = make_forwarding(world.summary, world.rc)
    client_for(world.reader).post(f"/office/forwardings/{forwarding.id}/answer", data=ANSWER)
    told = set(db.session.scalars(select(Notification.user_id).filter_by(kind="summary_answered")))
    assert newcomer.id in told and gone.id not in told
