"""The facilitator's work from the agenda list: accept or decline a proposal there (forms with CSRF
tokens, no JavaScript), back on the list afterwards; merge offers only items still open to it."""

from __future__ import annotations

import re

from council.agendas.models import AgendaItem
from council.extensions import db
from tests.conftest import make_item
from tests.helpers import page_text


def agenda(council):
    return f"/councils/{council.id}/agenda"


def fresh(item):
    db.session.expire_all()
    return db.session.get(AgendaItem, item.id)


def card(html: str, item) -> str:
    return re.search(rf'<li class="card" id="item-{item.id}">.*?</li>\s*(?=<li class="card"|</ol>)', html,
                     flags=re.S).group(0)


def test_the_facilitator_accepts_from_the_list_and_comes_back_to_it(app, council, member, facilitator_client):
    proposal = make_item(council, member, title="Cattle raids", status="proposed")
    html = facilitator_client.get(agenda(council)).get_data(as_text=True)
    mine = card(html, proposal)
    assert f'action="/councils/{council.id}/agenda/{proposal.id}/accept"' in mine
    assert f'action="/councils/{council.id}/agenda/{proposal.id}/decline"' in mine
    assert 'name="csrf_token"' in mine and "<details" in mine and "<script" not in mine
    response = facilitator_client.post(f"/councils/{council.id}/agenda/{proposal.id}/accept",
                                       data={"next": f"{agenda(council)}#item-{proposal.id}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{agenda(council)}#item-{proposal.id}")
    assert fresh(proposal).status == "open"
    assert "“Cattle raids” is open for deliberation." in page_text(facilitator_client.get(agenda(council)))


def test_the_facilitator_declines_from_the_list_with_a_reason(app, council, member, facilitator_client):
    proposal = make_item(council, member, title="Cattle raids", status="proposed")
    path = f"/councils/{council.id}/agenda/{proposal.id}/decline"
    refused = facilitator_client.post(path, data={"next": agenda(council), "reason": ""})
    assert refused.status_code == 400 and "Say why the item is declined." in page_text(refused)
    assert fresh(proposal).status == "proposed"
    done = facilitator_client.post(path, data={"next": agenda(council), "reason": "Already discussed."})
    assert done.status_code == 302 and done.headers["Location"].endswith(agenda(council))
    assert fresh(proposal).status == "declined"


def test_members_see_no_triage_on_the_list(app, council, member, member_client):
    proposal = make_item(council, member, title="Cattle raids", status="proposed")
    mine = card(member_client.get(agenda(council)).get_data(as_text=True), proposal)
    assert "/accept" not in mine and "/decline" not in mine


def test_merge_offers_only_items_still_proposed_or_open(app, council, member, facilitator_client):
    proposal = make_item(council, member, title="Cattle raids", status="proposed")
    offered = {s: make_item(council, member, title=f"An item {s}", status=s)
               for s in ("proposed", "open", "closed", "summarised", "forwarded", "declined")}
    html = facilitator_client.get(f"/councils/{council.id}/agenda/{proposal.id}").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="into".*?</select>', html, flags=re.S).group(0)
    for status, item in offered.items():
        assert (f'value="{item.id}"' in select) is (status in ("proposed", "open")), status
