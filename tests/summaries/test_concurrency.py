"""Two facilitators editing at once: the second save is refused with a clear message, the form keeps
what they typed, nothing is lost; the check-and-bump is one conditional UPDATE."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from council.core.refusals import Conflict
from council.extensions import db
from council.summaries import services
from council.summaries.models import SummaryVersion
from tests.summaries.conftest import draft, edit_data, summary_of, url


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no {name} in the form"
    return re.search(r'value="([^"]*)"', match.group(0)).group(1)


def version_count(item) -> int:
    s = summary_of(item)
    return db.session.scalar(select(func.count(SummaryVersion.id)).where(SummaryVersion.summary_id == s.id))


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_the_text(world, client_for):
    first, second = client_for(world.facilitator), client_for(world.facilitator2)
    draft(first, world.item, context="Version one.")
    form_a = first.get(url(world.item, "edit")).get_data(as_text=True)
    form_b = second.get(url(world.item, "edit")).get_data(as_text=True)
    lock_a, lock_b = hidden(form_a, "lock_version"), hidden(form_b, "lock_version")
    assert lock_a == lock_b == "1"
    assert hidden(form_b, "base_version") == "1"

    ok = first.post(url(world.item, "edit"), data=edit_data(lock=lock_a, base="1", context="Farah's revision."))
    assert ok.status_code == 302
    refused = second.post(url(world.item, "edit"), data=edit_data(
        lock=lock_b, base="1", context="Fikre's own careful wording.", recommendations=[("Fikre's idea.", "Mayor")]))
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Your version was not saved" in html
    assert "Someone saved this summary since you opened the form" in html
    assert "Fikre&#39;s own careful wording." in html and "Fikre&#39;s idea." in html and "Mayor" in html
    assert url(world.item, "diff", a=1, b=2).replace("&", "&amp;") in html  # what changed meanwhile
    assert version_count(world.item) == 2
    summary = summary_of(world.item)
    assert summary.current_version.sections["context"] == "Farah's revision."
    assert summary.lock_version == 2

    # The refused form now carries the newer lock: sending it again makes the typed text version 3.
    assert hidden(html, "lock_version") == "2"
    again = second.post(url(world.item, "edit"), data=edit_data(
        lock=hidden(html, "lock_version"), base=hidden(html, "base_version"), context="Fikre's own careful wording."))
    assert again.status_code == 302
    assert [v.sections["context"] for v in summary_of(world.item).versions] == [
        "Version one.", "Farah's revision.", "Fikre's own careful wording."]


def test_two_facilitators_creating_the_first_draft_at_once(world, client_for):
    first, second = client_for(world.facilitator), client_for(world.facilitator2)
    assert first.post(url(world.item, "edit"), data=edit_data(lock="0", context="Mine.")).status_code == 302
    refused = second.post(url(world.item, "edit"), data=edit_data(lock="0", context="Theirs."))
    assert refused.status_code == 409
    assert "Theirs." in refused.get_data(as_text=True)
    assert version_count(world.item) == 1


def test_a_double_submitted_edit_form_makes_one_version(world, client_for):
    client = client_for(world.facilitator)
    draft(client, world.item)
    data = edit_data(lock="1", context="Sent twice.")
    assert client.post(url(world.item, "edit"), data=data).status_code == 302
    assert client.post(url(world.item, "edit"), data=data).status_code == 409
    assert version_count(world.item) == 2


def test_the_check_and_bump_is_a_conditional_update(app, world, client_for):
    draft(client_for(world.facilitator), world.item)
    summary = summary_of(world.item)
    with app.test_request_context():
        services._check_and_bump(summary, 1)
        assert summary.lock_version == 2
        with pytest.raises(Conflict):
            services._check_and_bump(summary, 1)  # the same lock a second time: no row matches
    db.session.rollback()
    assert summary_of(world.item).lock_version == 1


def test_adopting_a_page_older_than_the_last_save_is_refused(world, client_for):
    from tests.summaries.conftest import put_to_review

    client = client_for(world.facilitator)
    draft(client, world.item)
    put_to_review(client, world.item)
    stale_lock = summary_of(world.item).lock_version
    draft(client_for(world.facilitator2), world.item, context="Revised meanwhile.")
    response = client.post(url(world.item, "adopt"), data={"lock_version": str(stale_lock), "confirm": "y"})
    assert response.status_code == 302
    assert summary_of(world.item).status == "review"
    assert "A newer version was saved" in client.get(url(world.item)).get_data(as_text=True)


def test_two_saves_at_the_same_moment_cannot_both_win(app, world, client_for):
    """Two connections race with the same lock_version: exactly one new version, one refusal.
    (On PostgreSQL the second UPDATE waits for the first transaction, then matches no row.)"""
    import threading

    from council.agendas.models import AgendaItem
    from council.auth.models import User
    from council.summaries import queries

    if db.engine.dialect.name == "sqlite":
        pytest.skip("needs a database server with several connections and row locks")
    draft(client_for(world.facilitator), world.item)
    barrier = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def save(user_id: int, text: str) -> None:
        with app.test_request_context():
            user = db.session.get(User, user_id)
            item = db.session.get(AgendaItem, world.item.id)
            summary = queries.summary_of(item)
            barrier.wait()
            try:
                services.save(item, summary=summary, lock_version=1, sections={"context": text}, recommendations=[],
                              actor=user)
                db.session.commit()
                results.append("saved")
            except Conflict:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(world.facilitator.id, "A")),
               threading.Thread(target=save, args=(world.facilitator2.id, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["refused", "saved"]
    assert version_count(world.item) == 2
    assert summary_of(world.item).lock_version == 2
