"""The data download holds everything Council keeps about a person, and nothing of anyone else.

Each domain adds its part through events.personal_data (council/<domain>/personal_data.py, which
declares in COVERS the columns pointing at users.id that it exports). A new table that points at
users.id fails the first test until some domain exports it; the second makes one of every kind of
thing a person can make and finds each in their download."""

from __future__ import annotations

import importlib
import json
import pkgutil
from datetime import date, timedelta

from sqlalchemy import func, select

import council
from council import events
from council.agendas.models import AgendaEvent, ItemFollow, ItemVisit
from council.api.models import ApiToken
from council.audit import services as audit
from council.auth.models import RecoveryCode, UserToken
from council.councils.models import Invitation
from council.deliberations.models import Appeal, PostReaction, PostReport, PostRevision, PostTranslation
from council.digests.models import DigestFollow, DigestSettings
from council.extensions import db, utcnow
from council.forwarding.models import Destination, Forwarding, OfficeAssignment, RecommendationAnswer
from council.monitoring import services as monitoring
from council.notifications.models import Notification, NotificationPreference
from council.signals import services as signals
from council.summaries.models import Stance, Summary, SummaryTranslation, SummaryVersion
from tests.conftest import login, make_agreement, make_council, make_item, make_membership, make_post, make_user
from tests.signals.helpers import make_destination


def _user_columns() -> set[str]:
    return {
        f"{table.name}.{fk.parent.name}"
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "users" and fk.column.name == "id"
    }


def _modules():
    for info in pkgutil.iter_modules(council.__path__):
        if info.ispkg:
            try:
                yield importlib.import_module(f"council.{info.name}.personal_data")
            except ModuleNotFoundError:
                continue


def test_every_table_pointing_at_a_person_is_in_the_download(app):
    covered = set()
    for module in _modules():
        covered |= set(module.COVERS)
    missing = _user_columns() - covered
    assert missing == set(), f"no domain exports these in the data download: {sorted(missing)}"
    assert covered - _user_columns() == set()  # nothing claimed that does not exist
    connected = {getattr(r, "__module__", "") for r in events.personal_data.receivers_for(object())}
    assert {m.__name__ for m in _modules()} <= connected  # each module is connected by create_app


def _signals_and_assessments(me, other, council) -> dict:
    """One of each thing of signals and monitoring, through their services: `me` reports a signal
    and reviews, decides, escalates and answers one `other` reported (then made office-only);
    `me` drafts an assessment, reviews and publishes one of `other`'s and writes a minority view.
    The escalation goes to an office `other` reads, so `me` may no longer see that signal."""
    destination, _reader = make_destination(reader=other)
    mine = signals.raise_signal(council, actor=me, title="P-signal-title", narrative="P-signal-narrative",
                                sources=[{"description": "P-source", "reliability": "B"}])
    theirs = signals.raise_signal(council, actor=other, title="O-signal-title", narrative="O-signal-narrative",
                                  sources=[{"description": "O-source"}])
    signals.take_for_review(theirs, actor=me)
    signals.decide(theirs, outcome="verified", note="P-verify-note", actor=me)
    escalation = signals.escalate(theirs, destination=destination, requested_action="dialogue",
                                  note="P-escalation-note", actor=me)
    signals.acknowledge(escalation, actor=me)
    signals.respond(escalation, status="declined", reason="P-response-reason", actor=me)
    signals.raise_confidentiality(theirs, level="office_only", actor=other)
    provisions = make_agreement(council.region.country, provisions=2).provisions
    period = ("2026-Q1", date(2026, 1, 1))
    my_assessment = monitoring.draft_assessment(council, provisions[0], period=period, actor=me, rating="2",
                                                rationale="P-rationale")
    monitoring.add_evidence(my_assessment, council, actor=me, kind="document", occurred_on=date(2026, 2, 1),
                            summary="P-evidence-summary")
    their_assessment = monitoring.draft_assessment(council, provisions[1], period=period, actor=other, rating="1",
                                                   rationale="O-rationale")
    monitoring.review(their_assessment, actor=me)
    monitoring.publish(their_assessment, actor=me)
    monitoring.add_minority_view(their_assessment, actor=me, rating="3", reasons="P-minority-reasons")
    return {"my_signal": mine, "their_signal": theirs, "escalation": escalation, "their_assessment": their_assessment}


def test_the_download_holds_one_of_everything_and_nothing_of_anyone_else(app, client):
    me = make_user(display_name="Persephone Unique", email="persephone@example.org", gender="woman",
                   constituency="women")
    other = make_user(display_name="Othniel Distinct", email="othniel@example.org")
    council = make_council(allow_anonymous=True)
    mine = make_membership(me, council, role="facilitator", constituency="women", statement="P-statement")
    theirs = make_membership(other, council, decided_by_id=me.id, decided_at=utcnow(), statement="O-statement")
    item = make_item(council, me, title="P-item-title")
    db.session.add_all([
        AgendaEvent(item_id=item.id, actor_id=me.id, action="proposed", to_status="proposed"),
        ItemFollow(user_id=me.id, item_id=item.id), ItemVisit(user_id=me.id, item_id=item.id),
        Invitation(council_id=council.id, email="invitee-x@example.org", token_hash="a" * 64, invited_by_id=me.id,
                   expires_at=utcnow() + timedelta(days=3)),
        Invitation(council_id=council.id, email=me.email, token_hash="b" * 64, invited_by_id=other.id,
                   expires_at=utcnow() + timedelta(days=3), accepted_at=utcnow(), accepted_by_id=me.id),
        UserToken(user_id=me.id, purpose="confirm_email", token_hash="c" * 64, expires_at=utcnow()),
        RecoveryCode(user_id=me.id, code_hash="d" * 64),
        ApiToken(user_id=me.id, name="P-api-token-name", token_hash="e" * 64),
    ])
    their_post = make_post(item, other, "O-post-text")
    reply = make_post(item, me, "P-reply-text", reply_to_id=their_post.id)
    anonymous = make_post(item, me, "P-anonymous-text", anonymous=True, revision_count=1)
    hidden = make_post(item, me, "P-hidden-text", state="hidden", hidden_by_id=me.id, hidden_reason="other",
                       hidden_note="P-hide-note")
    db.session.add_all([
        PostRevision(post_id=anonymous.id, body="P-earlier-text", body_html="<p>P-earlier-text</p>",
                     written_at=utcnow()),
        PostReaction(post_id=their_post.id, user_id=me.id, value=1),
        PostTranslation(post_id=their_post.id, language="fr", body="P-translation-text", body_html="x",
                        translator_id=me.id),
        PostReport(post_id=their_post.id, council_id=council.id, reporter_id=me.id, reason="other",
                   note="P-report-note", resolved_by_id=me.id, resolved_at=utcnow(), resolution="dismissed"),
        Appeal(post_id=hidden.id, council_id=council.id, author_id=me.id, statement="P-appeal-statement",
               decided_by_id=me.id, decided_at=utcnow(), outcome="upheld", decision_note="P-decision-note"),
        Notification(user_id=me.id, kind="reply", council_id=council.id, item_id=item.id, post_id=reply.id),
        NotificationPreference(user_id=me.id, kind="reply", delivery="daily"),
    ])
    summary = Summary(item_id=item.id, council_id=council.id, language="en", created_by_id=me.id,
                      adopted_by_id=me.id)
    db.session.add(summary)
    db.session.flush()
    version = SummaryVersion(summary_id=summary.id, number=1, sections={"context": "P-summary-text"},
                             author_id=me.id)
    db.session.add(version)
    db.session.flush()
    destination = Destination(kind="other", names={"en": "Ministry"})
    db.session.add(destination)
    db.session.flush()
    forwarding = Forwarding(summary_id=summary.id, version_id=version.id, council_id=council.id,
                            destination_id=destination.id, sent_by_id=me.id, acknowledged_by_id=me.id,
                            answered_by_id=me.id, covering_note="P-covering-note", overall_answer="P-overall")
    db.session.add(forwarding)
    db.session.flush()
    db.session.add_all([
        Stance(summary_id=summary.id, version_id=version.id, user_id=me.id, value="object", reason="P-objection"),
        Stance(summary_id=summary.id, version_id=version.id, user_id=other.id, value="object", reason="O-objection"),
        SummaryTranslation(version_id=version.id, language="fr", sections={"context": "P-summary-translation"},
                           translator_id=me.id),
        OfficeAssignment(user_id=me.id, destination_id=destination.id),
        DigestFollow(user_id=me.id, council_id=council.id), DigestSettings(user_id=me.id, chosen=True, mail_day=2),
        RecommendationAnswer(forwarding_id=forwarding.id, number=1, stance="accepted", text="P-answer-text",
                             answered_by_id=me.id),
    ])
    audit.record(me, "membership.approve", theirs, council_id=council.id, after={"name": other.display_name})
    with app.test_request_context():
        made = _signals_and_assessments(me, other, council)
    db.session.commit()
    login(client, me)
    # One of every kind of thing that points at a person exists, and is this person's.
    for column in sorted(_user_columns()):
        table_name, column_name = column.split(".")
        table = db.metadata.tables[table_name]
        mine_count = db.session.scalar(select(func.count()).select_from(table).where(table.c[column_name] == me.id))
        assert mine_count, f"the test makes nothing of {column}: add one"

    response = client.get("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    raw = response.get_data(as_text=True)
    data = json.loads(raw)
    for marker in ("Persephone Unique", "persephone@example.org", "P-statement", "P-item-title", "P-reply-text",
                   "P-anonymous-text", "P-earlier-text", "P-hidden-text", "P-hide-note", "P-translation-text",
                   "P-report-note", "P-appeal-statement", "P-decision-note", "P-summary-text",
                   "P-summary-translation", "P-objection", "P-covering-note", "P-overall", "P-answer-text",
                   "P-signal-title", "P-signal-narrative", "P-source", "P-verify-note", "P-escalation-note",
                   "P-response-reason", "P-rationale", "P-evidence-summary", "P-minority-reasons",
                   "P-api-token-name"):
        assert marker in raw, marker
    posts = {p["post_id"]: p for p in data["posts"]}
    assert posts[anonymous.id]["anonymous"] is True and posts[reply.id]["reply_to_post_id"] == their_post.id
    assert data["marks"] == [{"post_id": their_post.id, "mark": "agree", "at": data["marks"][0]["at"]}]
    assert data["account"]["sessions"] and data["account"]["email_tokens"][0]["purpose"] == "confirm_email"
    assert data["account"]["two_factor"]["recovery_codes"] == 1
    assert len(data["invitations"]["sent"]) == 1 and len(data["invitations"]["received"]) == 1
    assert data["membership_decisions"] == [{"membership_id": theirs.id, "council_id": council.id,
                                             "status": "active", "decided_at": data["membership_decisions"][0]["decided_at"]}]
    assert data["notifications"]["settings"] == {"reply": "daily"}
    assert [m["council_id"] for m in data["memberships"]] == [mine.council_id]
    assert data["actions_recorded"][0]["action"] == "membership.approve"
    their_signal = made["their_signal"].id
    assert [s["signal_id"] for s in data["signals"]] == [made["my_signal"].id]
    assert data["signals"][0]["sources"][0]["reliability"] == "B"
    assert [(r["signal_id"], "took_in_review_at" in r, "decided_at" in r) for r in data["signal_reviews"]] == [
        (their_signal, True, True)]
    assert {(h["signal_id"], h["action"]) for h in data["signal_history"]} == {
        (made["my_signal"].id, "raised"), (their_signal, "review"), (their_signal, "decide"),
        (their_signal, "escalate"), (their_signal, "acknowledge"), (their_signal, "respond")}
    [escalation] = data["signal_escalations"]
    assert escalation["signal_id"] == their_signal and escalation["sent"]["requested_action"] == "dialogue"
    assert escalation["acknowledged_at"] and escalation["response"]["status"] == "declined"
    assessments = data["assessments"]
    assert [a["rationale"] for a in assessments["drafted"]] == ["P-rationale"]
    assert [a["assessment_id"] for a in assessments["reviewed"]] == [made["their_assessment"].id]
    assert [a["assessment_id"] for a in assessments["published"]] == [made["their_assessment"].id]
    assert [s["action"] for s in data["assessment_steps"]] == ["draft", "evidence", "review", "publish", "minority"]
    # Nothing of anyone else: not their name, address, words, nor the address someone was invited at.
    for foreign in ("Othniel", "othniel@", "O-post-text", "O-statement", "O-objection", "invitee-x", "a" * 64,
                    "c" * 64, "d" * 64, me.password_hash, "O-signal-title", "O-signal-narrative", "O-source",
                    "O-rationale"):
        assert foreign not in raw, foreign
