"""The whole loop with the summaries domain's own services: drafted, reviewed (one objection),
adopted, forwarded, answered in French, corrected — and what each side then sees."""

from __future__ import annotations

import html as htmllib
from datetime import timedelta

from sqlalchemy import select

from council.extensions import db, utcnow
from council.forwarding.models import Forwarding
from council.notifications.models import Notification
from council.summaries import services as summaries
from council.summaries.models import Summary
from tests.conftest import make_item, make_post
from tests.helpers import page_text

SECTIONS = {"context": "The market road is closed at night.", "points": "Traders lose goods [#{post}].",
            "agreement": "Reopen the road.", "disagreement": "", "early_warning": "Youth gather at the checkpoint."}


def test_the_loop_closes(world, client_for):
    item = make_item(world.council, world.members[0], title="Night closure of the market road", status="closed")
    post = make_post(item, world.members[1], "We lose our goods every week.")
    sections = {k: v.format(post=post.id) for k, v in SECTIONS.items()}
    summary, _version = summaries.save(item, summary=None, lock_version=0, sections=sections,
                                       recommendations=[("Reopen the road at night.", "Governor"),
                                                        ("Train the checkpoint staff.", "Police")],
                                       language="en", actor=world.facilitator)
    summaries.put_to_review(summary, deadline=(utcnow() + timedelta(days=7)).date(), actor=world.facilitator)
    summaries.set_stance(summary, actor=world.members[0], value="endorse")
    summaries.set_stance(summary, actor=world.members[1], value="object", reason="Training is not enough.")
    summaries.adopt(summary, lock_version=summary.lock_version, actor=world.facilitator)
    db.session.commit()

    path = f"/councils/{world.council.id}/agenda/{item.id}/summary/forward"
    assert client_for(world.facilitator).post(path, data={"destinations": [str(world.rc.id)],
                                                          "covering_note": "From the valley."}).status_code == 302
    forwarding = db.session.scalar(select(Forwarding).filter_by(summary_id=summary.id))

    reader = client_for(world.reader)
    page = reader.get(f"/office/forwardings/{forwarding.id}?lang=en")
    text = page_text(page)
    assert "Training is not enough." in text and "1 objected" in text and f"post {post.id}" in text
    unescaped = htmllib.unescape(page.get_data(as_text=True))
    for person in world.people:
        assert person.display_name not in unescaped and person.email not in unescaped

    answer = {"stance_1": "accepted", "text_1": "La route rouvrira.", "stance_2": "not_accepted", "text_2": "",
              "overall": "Merci au conseil.", "language": "fr"}
    assert reader.post(f"/office/forwardings/{forwarding.id}/answer", data=answer).status_code == 302

    # A correction, made through the summaries domain, reaches the destination.
    db.session.expire_all()
    summary = db.session.get(Summary, summary.id)
    item = summary.item
    _summary, version = summaries.save(item, summary=summary, lock_version=summary.lock_version, sections=sections,
                                       recommendations=[("Reopen the road at night.", "Governor"),
                                                        ("Train and pay the checkpoint staff.", "Police")],
                                       change_note="Recommendation 2 also asks for pay.", actor=world.facilitator)
    db.session.commit()
    db.session.expire_all()
    forwarding = db.session.get(Forwarding, forwarding.id)
    assert forwarding.version_id == version.id and forwarding.corrected_at is not None
    assert db.session.scalar(select(Notification.user_id).filter_by(kind="forwarding_corrected")) == world.reader.id
    text = page_text(reader.get(f"/office/forwardings/{forwarding.id}?lang=en"))
    assert "Recommendation 2 also asks for pay." in text and "Train and pay the checkpoint staff." in text

    # The council sees the answer under the summary and on "What became of our advice".
    member = client_for(world.members[0])
    for url in (f"/councils/{world.council.id}/agenda/{item.id}/summary?lang=en", world.outcomes_path + "?lang=en"):
        response = member.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert 'lang="fr" dir="auto"><p>Merci au conseil.</p>' in html, url
        assert "Answer in French" in page_text(response), url
