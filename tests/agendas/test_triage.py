"""Facilitators triage the agenda: accept, decline, merge, reorder, close — legal and illegal steps,
the item's visible history, the audit log and who is told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from council.agendas.models import AgendaEvent, AgendaItem, ItemFollow
from council.extensions import db
from tests.conftest import make_council, make_item, make_membership, make_user
from tests.helpers import audit_events, client_for, page_text


def url(item, verb=None):
    base = f"/councils/{item.council_id}/agenda/{item.id}"
    return f"{base}/{verb}" if verb else base


def fresh(item):
    db.session.expire_all()
    return db.session.get(AgendaItem, item.id)


def history(item):
    db.session.expire_all()
    return [(e.action, e.from_status, e.to_status) for e in
            db.session.scalars(select(AgendaEvent).filter_by(item_id=item.id).order_by(AgendaEvent.id))]


@pytest.fixture
def proposal(council, member):
    return make_item(council, member, title="Cattle raids on the border", status="proposed")


# --- accept --------------------------------------------------------------------------------------


def test_accept_opens_the_item_with_a_deadline_and_tells_people(app, council, member, facilitator,
                                                               facilitator_client, observer, proposal, notified):
    day = date.today() + timedelta(days=10)
    response = facilitator_client.post(url(proposal, "accept"), data={"deadline": day.isoformat()})
    assert response.status_code == 302 and response.headers["Location"] == url(proposal)

    item = fresh(proposal)
    assert item.status == "open" and item.opened_at is not None
    assert item.deadline.date() == day
    assert history(proposal) == [("accepted", "proposed", "open")]
    [audit] = audit_events("agenda.accept")
    assert (audit.actor_id, audit.target_id, audit.council_id) == (facilitator.id, item.id, council.id)
    assert audit.detail == {"before": {"status": "proposed"}, "after": {"status": "open", "deadline": day.isoformat()}}

    [decided] = [c for c in notified if c[0] == "proposal_decided"]
    assert decided[1] == [member.id]
    assert decided[2]["data"] == {"outcome": "accepted"} and decided[2]["item_id"] == item.id
    [opened] = [c for c in notified if c[0] == "item_opened"]
    assert set(opened[1]) == {member.id, facilitator.id, observer.id}
    assert opened[2]["exclude_user_id"] == facilitator.id and opened[2]["item_id"] == item.id

    page = page_text(facilitator_client.get(url(proposal)))
    assert "is open for deliberation" in page and "Open for deliberation" in page
    assert "Opened for deliberation by Facilitator Farah" in page


def test_accept_without_deadline(app, facilitator_client, proposal, notified):
    assert facilitator_client.post(url(proposal, "accept"), data={}).status_code == 302
    item = fresh(proposal)
    assert item.status == "open" and item.deadline is None


@pytest.mark.parametrize("deadline", ["2001-01-01", "tomorrow", "2026-13-45", "\x00"])
def test_a_bad_deadline_is_explained_and_nothing_changes(app, facilitator_client, proposal, deadline):
    response = facilitator_client.post(url(proposal, "accept"), data={"deadline": deadline})
    assert response.status_code == 400
    assert "There is a problem" in page_text(response)
    assert fresh(proposal).status == "proposed" and history(proposal) == []


def test_an_open_item_cannot_be_accepted_again(app, council, facilitator_client, notified):
    item = make_item(council, status="open")
    response = facilitator_client.post(url(item, "accept"), data={}, follow_redirects=True)
    assert "Only a proposed item can be opened for deliberation. This one is: Open for deliberation." in page_text(response)
    assert fresh(item).status == "open" and history(item) == [] and audit_events("agenda.accept") == []
    assert notified == []


# --- decline -------------------------------------------------------------------------------------


def test_decline_needs_a_reason(app, facilitator_client, proposal):
    response = facilitator_client.post(url(proposal, "decline"), data={"reason": "   "})
    assert response.status_code == 400
    assert "Say why the item is declined." in page_text(response)
    assert fresh(proposal).status == "proposed"


def test_declined_item_shows_the_reason_to_the_proposer(app, council, member, member_client, facilitator,
                                                        facilitator_client, proposal, notified):
    reason = "The council took this up last year: see the item on grazing routes."
    response = facilitator_client.post(url(proposal, "decline"), data={"reason": reason})
    assert response.status_code == 302
    item = fresh(proposal)
    assert (item.status, item.decline_reason) == ("declined", reason)
    assert history(proposal) == [("declined", "proposed", "declined")]
    [audit] = audit_events("agenda.decline")
    assert audit.detail["after"] == {"status": "declined", "reason": reason}
    assert [(c[0], c[1], c[2]["data"]) for c in notified] == [("proposal_decided", [member.id], {"outcome": "declined"})]

    page = page_text(member_client.get(url(proposal)))
    assert "The facilitators declined this item. Their reason:" in page and reason in page
    assert "Declined by Facilitator Farah . Reason:" in page


def test_an_open_item_cannot_be_declined(app, council, facilitator_client):
    item = make_item(council, status="open")
    response = facilitator_client.post(url(item, "decline"), data={"reason": "No."}, follow_redirects=True)
    assert "Only a proposed item can be declined." in page_text(response)
    assert fresh(item).status == "open" and fresh(item).decline_reason == ""


def test_decline_reason_markup_is_inert(app, facilitator_client, proposal):
    facilitator_client.post(url(proposal, "decline"), data={"reason": "<script>alert(1)</script>"})
    html = facilitator_client.get(url(proposal)).get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


# --- merge ---------------------------------------------------------------------------------------


def test_merge_declines_the_item_and_links_to_the_other(app, council, member, member_client, facilitator,
                                                        facilitator_client, proposal, notified):
    target = make_item(council, title="Security on the border roads", status="open")
    follower = make_user()
    make_membership(follower, council)
    db.session.add(ItemFollow(user_id=follower.id, item_id=proposal.id))
    db.session.commit()

    form = facilitator_client.get(url(proposal)).get_data(as_text=True)
    assert f'<option value="{target.id}" lang="en">Security on the border roads</option>' in form
    response = facilitator_client.post(url(proposal, "merge"), data={"into": str(target.id)})
    assert response.status_code == 302

    item = fresh(proposal)
    assert (item.status, item.merged_into_id) == ("declined", target.id)
    assert history(proposal) == [("merged", "proposed", "declined")]
    [audit] = audit_events("agenda.merge")
    assert audit.detail["after"] == {"status": "declined", "merged_into": target.id}
    assert db.session.scalar(select(ItemFollow).filter_by(item_id=target.id, user_id=follower.id)) is not None
    assert [(c[0], c[1], c[2]["data"]) for c in notified] == [("proposal_decided", [member.id], {"outcome": "merged"})]

    html = member_client.get(url(proposal)).get_data(as_text=True)
    assert f'href="{url(target)}"' in html
    assert "This item was merged into Security on the border roads" in page_text(member_client.get(url(proposal)))
    back = member_client.get(url(target))
    assert "Items merged into this one" in page_text(back) and f'href="{url(proposal)}"' in back.get_data(as_text=True)


@pytest.mark.parametrize("into", ["self", "other_council", "declined", "closed", "summarised", "forwarded", "missing",
                                  "garbage"])
def test_merge_refuses_targets_outside_the_list(app, council, facilitator_client, proposal, into):
    targets = {
        "self": lambda: proposal.id,
        "other_council": lambda: make_item(make_council()).id,
        "declined": lambda: make_item(council, status="declined").id,
        "closed": lambda: make_item(council, status="closed").id,
        "summarised": lambda: make_item(council, status="summarised").id,
        "forwarded": lambda: make_item(council, status="forwarded").id,
        "missing": lambda: 987654,
        "garbage": lambda: "abc",
    }
    response = facilitator_client.post(url(proposal, "merge"), data={"into": str(targets[into]())})
    assert response.status_code == 400
    assert "Choose one of the items in the list." in page_text(response)
    item = fresh(proposal)
    assert (item.status, item.merged_into_id) == ("proposed", None)


# --- close ---------------------------------------------------------------------------------------


def test_close_ends_the_deliberation_and_tells_followers(app, council, member, member_client, facilitator,
                                                         facilitator_client, notified):
    item = make_item(council, member, title="Grazing routes", status="open")
    db.session.add(ItemFollow(user_id=member.id, item_id=item.id))
    db.session.commit()
    assert "Close the deliberation" in page_text(facilitator_client.get(url(item)))

    response = facilitator_client.post(url(item, "close"))
    assert response.status_code == 302
    item = fresh(item)
    assert item.status == "closed" and item.closed_at is not None
    assert history(item) == [("closed", "open", "closed")]
    assert len(audit_events("agenda.close")) == 1
    [(kind, recipients, kwargs)] = notified
    assert (kind, recipients, kwargs["item_id"], kwargs["exclude_user_id"]) == (
        "item_closed", [member.id], item.id, facilitator.id)

    page = page_text(member_client.get(url(item)))
    assert "Deliberation closed" in page and "no longer add to it" in page


@pytest.mark.parametrize("status", ["proposed", "closed", "declined", "summarised", "forwarded"])
def test_only_open_items_can_be_closed(app, council, facilitator_client, status, notified):
    item = make_item(council, status=status)
    response = facilitator_client.post(url(item, "close"), follow_redirects=True)
    assert "Only an item open for deliberation can be closed." in page_text(response)
    assert fresh(item).status == status and history(item) == [] and notified == []


@pytest.mark.parametrize("verb", ["accept", "decline", "merge"])
@pytest.mark.parametrize("status", ["open", "closed", "declined", "summarised", "forwarded"])
def test_triage_of_items_that_are_no_longer_proposed_is_refused(app, council, facilitator_client, verb, status):
    item = make_item(council, status=status)
    other = make_item(council, status="open")
    data = {"reason": "Because.", "into": str(other.id)}
    response = facilitator_client.post(url(item, verb), data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "Only a proposed item can be" in page_text(response)
    assert fresh(item).status == status and fresh(item).merged_into_id is None


# --- reorder -------------------------------------------------------------------------------------


def test_move_up_and_down_within_the_status(app, council, facilitator, facilitator_client):
    a, b, c = (make_item(council, title=t, status="open", position=n) for n, t in enumerate("ABC", start=1))
    agenda = f"/councils/{council.id}/agenda"

    def order():
        db.session.expire_all()
        return [i.title for i in db.session.scalars(
            select(AgendaItem).filter_by(council_id=council.id).order_by(AgendaItem.position, AgendaItem.id))]

    response = facilitator_client.post(url(c, "move"), data={"direction": "up", "next": f"{agenda}#item-{c.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"{agenda}#item-{c.id}"
    assert order() == ["A", "C", "B"]
    facilitator_client.post(url(a, "move"), data={"direction": "down"})
    assert order() == ["C", "A", "B"]
    [first, second] = audit_events("agenda.reorder")
    assert first.actor_id == facilitator.id and first.target_id == c.id
    assert history(a) == []  # reordering is not a status change

    response = facilitator_client.post(url(c, "move"), data={"direction": "up"}, follow_redirects=True)
    assert "already at that end of the list" in page_text(response)
    assert order() == ["C", "A", "B"] and len(audit_events("agenda.reorder")) == 2

    facilitator_client.post(url(a, "move"), data={"direction": "sideways"})
    facilitator_client.post(url(a, "move"), data={"direction": "up", "next": "https://evil.example/"})
    assert order() == ["A", "C", "B"]


def test_move_ignores_a_foreign_next_address(app, council, facilitator_client):
    make_item(council, status="open")
    b = make_item(council, status="open")
    response = facilitator_client.post(url(b, "move"), data={"direction": "up", "next": "//evil.example/x"})
    assert response.headers["Location"] == url(b)


# --- who may triage ------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["accept", "decline", "merge", "close", "move"])
def test_members_and_observers_cannot_triage(app, council, member, observer, proposal, verb):
    open_item = make_item(council, status="open")
    target = proposal if verb != "close" else open_item
    data = {"reason": "x", "into": str(open_item.id), "direction": "up"}
    for person in (member, observer):
        client = client_for(app, person)
        assert client.post(url(target, verb), data=data).status_code == 403
        page = client.get(url(target)).get_data(as_text=True)
        assert f'action="{url(target, verb)}"' not in page and "Keep the agenda" not in page
    assert fresh(target).status == target.status and audit_events(f"agenda.{verb}") == []


def test_admin_may_triage(app, council, proposal, notified):
    admin = make_user(site_role="admin")
    response = client_for(app, admin).post(url(proposal, "accept"), data={})
    assert response.status_code == 302 and fresh(proposal).status == "open"


def test_history_lists_every_step_with_who_and_when(app, council, member_client, facilitator_client, notified):
    member_client.post(f"/councils/{council.id}/agenda/propose", data={
        "title": "Schools", "description": "Teachers are missing.", "theme": "services", "language": "en"})
    item = db.session.scalars(select(AgendaItem).filter_by(title="Schools")).one()
    facilitator_client.post(url(item, "accept"), data={})
    facilitator_client.post(url(item, "close"))
    assert history(item) == [("proposed", None, "proposed"), ("accepted", "proposed", "open"),
                             ("closed", "open", "closed")]
    html = member_client.get(url(item)).get_data(as_text=True)
    page = page_text(member_client.get(url(item)))
    assert "Proposed by Amina" in page and "Opened for deliberation by Facilitator Farah" in page
    assert "Deliberation closed by Facilitator Farah" in page
    assert html.count("<time datetime=") >= 4  # proposed date + three history entries


def test_decisions_reach_the_proposer_through_real_notifications(app, council, member, facilitator,
                                                                 facilitator_client, observer, proposal):
    from council.notifications.models import Notification

    db.session.add(ItemFollow(user_id=member.id, item_id=proposal.id))
    db.session.commit()
    facilitator_client.post(url(proposal, "accept"), data={})
    facilitator_client.post(url(proposal, "close"))
    db.session.expire_all()
    rows = db.session.scalars(select(Notification).filter_by(item_id=proposal.id).order_by(Notification.id)).all()
    mine = [(n.kind, n.data) for n in rows if n.user_id == member.id]
    assert ("proposal_decided", {"outcome": "accepted"}) in mine
    assert any(kind == "item_closed" for kind, _data in mine)
    assert all(n.user_id != facilitator.id for n in rows)
    assert any(n.kind == "item_opened" and n.user_id == observer.id for n in rows)
