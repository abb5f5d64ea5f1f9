"""Nothing reaches an API answer that its reader could not see on a page: a unique marker in
each thing a token's owner may not see (another council's item, a hidden post, an anonymous
author's name, a confidential signal, a summary forwarded to another destination, a draft, the
name of an objector) is looked for in every answer the API gives them."""

from __future__ import annotations

import pytest

from council.extensions import db
from council.summaries.models import Summary, SummaryVersion
from tests.api.conftest import crawl
from tests.conftest import make_item, make_post, make_user
from tests.forwarding.conftest import adopted_summary, make_forwarding
from tests.signals.helpers import make_signal

MARKERS = {
    "other_item": "MRK-other-council-item",
    "hidden_post": "MRK-hidden-post",
    "anonymous_name": "MRK-anonymous-author",
    "confidential_signal": "MRK-office-only-signal",
    "facilitators_signal": "MRK-facilitators-signal",
    "other_destination": "MRK-forwarded-elsewhere",
    "other_note": "MRK-covering-note-elsewhere",
    "draft": "MRK-draft-summary",
    "objector": "MRK-objector-name",
    "email": "mrk-address@example.org",
}


@pytest.fixture
def marked(app, world):
    m = MARKERS
    anonymous = make_user(display_name=m["anonymous_name"], email=m["email"])
    from tests.conftest import make_membership

    make_membership(anonymous, world.council)
    make_post(world.item, anonymous, "An anonymous word.", anonymous=True)
    make_post(world.item, world.members[1], m["hidden_post"], state="hidden")
    other_item = make_item(world.other_council, world.other_member, title=m["other_item"], status="closed")
    other_summary = adopted_summary(other_item, world.other_member)
    make_forwarding(other_summary, world.commission, note=m["other_note"])
    elsewhere = make_item(world.council, world.members[0], title=m["other_destination"], status="closed")
    elsewhere_summary = adopted_summary(elsewhere, world.facilitator,
                                        standing=[{"user_id": world.members[1].id, "name": m["objector"],
                                                   "reason": "A reason."}])
    make_forwarding(elsewhere_summary, world.commission, note=m["other_note"], sent_by=world.facilitator)
    mine = make_forwarding(world.summary, world.rc, sent_by=world.facilitator)
    draft_item = make_item(world.council, world.facilitator, status="closed")
    draft = Summary(item_id=draft_item.id, council_id=world.council.id, language="en", status="draft")
    db.session.add(draft)
    db.session.flush()
    version = SummaryVersion(summary_id=draft.id, number=1, sections={"context": m["draft"]},
                             sections_html={"context": m["draft"]})
    db.session.add(version)
    db.session.flush()
    draft.current_version_id = version.id
    db.session.commit()
    with app.test_request_context():
        make_signal(db.session.merge(world.council), db.session.merge(world.facilitator),
                    title=m["confidential_signal"], confidentiality="office_only")
        make_signal(db.session.merge(world.council), db.session.merge(world.facilitator),
                    title=m["facilitators_signal"], confidentiality="facilitators_office")
        make_signal(db.session.merge(world.council), db.session.merge(world.members[0]), title="A market quarrel",
                    sources=[{"scale": "local", "reliability": "B", "description": "my neighbour"}])
    return {"councils": [world.council.id, world.other_council.id],
            "summaries": [(world.council.id, world.summary.id), (world.other_council.id, other_summary.id),
                          (world.council.id, elsewhere_summary.id), (world.council.id, draft.id)],
            "forwardings": [f.id for f in db.session.scalars(db.select(__import__(
                "council.forwarding.models", fromlist=["Forwarding"]).Forwarding))],
            "mine": mine}


def _everything(responses) -> str:
    return "\n".join(r.get_data(as_text=True) for r in responses)


def _assert_absent(text: str, keys) -> None:
    for key in keys:
        assert MARKERS[key].lower() not in text.lower(), key


def test_a_member_sees_nothing_of_what_the_pages_hide_from_them(app, world, marked, token):
    responses = crawl(app.test_client(), token(world.observer), extra_ids=marked)
    text = _everything(responses)
    assert "Water points in the valley" in text  # the crawl did reach the council's summaries
    assert "A market quarrel" in text  # and its signals
    _assert_absent(text, ["other_item", "hidden_post", "anonymous_name", "confidential_signal",
                          "facilitators_signal", "draft", "objector", "email"])
    assert "my neighbour" not in text  # who a source is: for facilitators, the office and the reporter
    assert all(r.mimetype == "application/json" for r in responses)


def test_an_office_reader_sees_only_its_destinations(app, world, marked, token):
    responses = crawl(app.test_client(), token(world.reader), extra_ids=marked)
    text = _everything(responses)
    assert "Please consider this." in text  # the summary forwarded to the reader's destination
    _assert_absent(text, ["other_item", "hidden_post", "anonymous_name", "other_destination", "other_note",
                          "draft", "objector", "email"])
    for name in (p.display_name for p in world.people):
        assert name not in text


def test_a_visitor_sees_only_the_public_pages(app, world, marked):
    responses = crawl(app.test_client(), None, extra_ids=marked)
    text = _everything(responses)
    assert "Valley council" in text
    _assert_absent(text, list(MARKERS))
    assert "Water points in the valley" not in text and "A market quarrel" not in text
