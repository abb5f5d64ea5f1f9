"""Office readers: their destinations with counts, an inbox per destination with filters, and the
forwarded summary as the office reads it — no thread, no member list, no names."""

from __future__ import annotations

import html as htmllib

from sqlalchemy import select

from council.extensions import db
from council.forwarding import services
from council.forwarding.models import Forwarding
from council.notifications.models import Notification
from tests.conftest import make_item, tr
from tests.forwarding.conftest import adopted_summary, correction, make_forwarding
from tests.helpers import page_text


def _summaries(world, n):
    """`n` more adopted summaries of the council."""
    return [adopted_summary(make_item(world.council, world.members[0], status="closed", title=f"Issue {i}"),
                            world.facilitator) for i in range(n)]


def _inbox_world(world):
    """Forwardings to the RC office in every state: new, acknowledged, answered, overdue."""
    s1, s2, s3 = _summaries(world, 3)
    return {
        "new": make_forwarding(world.summary, world.rc),
        "acknowledged": make_forwarding(s1, world.rc, status="acknowledged"),
        "answered": make_forwarding(s2, world.rc, status="answered", answer_by_days=-10),  # answered: not overdue
        "overdue": make_forwarding(s3, world.rc, answer_by_days=-2),
        "elsewhere": make_forwarding(world.summary, world.commission),
    }


def test_office_page_lists_the_readers_destinations_with_counts(world, client_for):
    _inbox_world(world)
    response = client_for(world.reader).get("/office?lang=en")
    assert response.status_code == 200
    text = page_text(response)
    assert "Office of the Resident Coordinator" in text
    assert "Implementation commission" not in text  # not theirs
    html = response.get_data(as_text=True)
    for show, n in (("new", 2), ("acknowledged", 1), ("answered", 1), ("overdue", 1)):
        assert f'/office/destinations/{world.rc.id}?show={show}"><strong>{n}</strong>' in html \
            or f'/office/destinations/{world.rc.id}?show={show}">{n}</a>' in html, show


def test_inbox_filters(world, client_for):
    made = _inbox_world(world)
    client = client_for(world.reader)
    base = f"/office/destinations/{world.rc.id}"
    expected = {
        None: {"new", "acknowledged", "answered", "overdue"},
        "new": {"new", "overdue"},  # not yet acknowledged
        "acknowledged": {"acknowledged"},
        "answered": {"answered"},
        "overdue": {"overdue"},
    }
    for show, keys in expected.items():
        html = client.get(base + (f"?show={show}" if show else "")).get_data(as_text=True)
        listed = {key for key, f in made.items() if f'href="/office/forwardings/{f.id}"' in html}
        assert listed == keys, show
    overdue = client.get(base + "?show=overdue")
    assert tr(client.application, "fr", "Answer overdue") in page_text(overdue)
    assert client.get(base + "?show=nonsense").status_code == 200  # an unknown filter shows everything


def test_admin_reads_every_inbox(world, client_for):
    _inbox_world(world)
    client = client_for(world.admin)
    text = page_text(client.get("/office"))
    assert "Office of the Resident Coordinator" in text and "Implementation commission" in text
    assert client.get(f"/office/destinations/{world.commission.id}").status_code == 200


def _received(world, client_for, viewer=None):
    forwarding = make_forwarding(world.summary, world.rc, note="Covering words from the council.",
                                 sent_by=world.facilitator)
    response = client_for(viewer or world.reader).get(f"/office/forwardings/{forwarding.id}?lang=en")
    assert response.status_code == 200
    return forwarding, response


def test_office_reads_the_summary_its_figures_and_recommendations(world, client_for):
    _forwarding, response = _received(world, client_for)
    text = page_text(response)
    for expected in ("Water points in the valley", "Valley council", "Covering words from the council.",
                     "Wells in the valley have run dry since March.", "Repair the northern well before the dry season.",
                     "Addressed to: Ministry of Water", "31 posts", "9 contributors",
                     "7 members endorsed the summary", "1 objected", "The new well matters more than repairs."):
        assert expected in text, expected
    # A citation of a post reads "post N": no link into the thread, no author.
    assert f"post {world.post.id}" in text
    html = response.get_data(as_text=True)
    assert "/posts/" not in html and f"/agenda/{world.item.id}" not in html


def test_office_pages_never_show_members_names_or_addresses(world, client_for):
    forwarding, received = _received(world, client_for)
    client = client_for(world.reader)
    pages = [received.get_data(as_text=True)]
    for path in ("/office", f"/office/destinations/{world.rc.id}", f"/office/forwardings/{forwarding.id}/answer"):
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append(response.get_data(as_text=True))
    # As an administrator reads the same inbox too.
    for html in pages:
        unescaped = htmllib.unescape(html)
        for person in world.people:
            assert person.display_name not in unescaped, person.display_name
            assert person.email not in unescaped, person.email


def test_the_office_is_for_office_readers(world, client_for):
    forwarding = make_forwarding(world.summary, world.rc)
    for user in (world.members[0], world.facilitator, world.other_member):
        client = client_for(user)
        for path in ("/office", f"/office/destinations/{world.rc.id}", f"/office/forwardings/{forwarding.id}"):
            assert client.get(path).status_code == 404, (user.display_name, path)


def test_visitors_are_asked_to_sign_in(world, client):
    forwarding = make_forwarding(world.summary, world.rc)
    for path in ("/office", f"/office/destinations/{world.rc.id}", f"/office/forwardings/{forwarding.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_correction_reaches_the_destination_and_is_marked(world, client_for, outbox):
    forwarding = make_forwarding(world.summary, world.rc)
    other = make_forwarding(world.summary, world.commission)
    version = correction(world.summary, world.facilitator, note="Recommendation 2 now names the district.",
                         recommendations=[("Repair the northern well before the dry season.", "Ministry of Water"),
                                          ("Set up a district water committee with women and youth.", "District"),
                                          ("Mediate access to the remaining well.", "")])
    services.summary_corrected(world.summary, version, actor=world.facilitator)
    db.session.commit()

    db.session.expire_all()
    for f in (forwarding, other):
        f = db.session.get(Forwarding, f.id)
        assert f.version_id == version.id and f.corrected_at is not None
    told = db.session.scalars(select(Notification.user_id).filter_by(kind="forwarding_corrected")).all()
    assert sorted(told) == sorted([world.reader.id, world.reader2.id])
    assert any(m["To"] == world.reader.email for m in outbox)

    client = client_for(world.reader)
    inbox = client.get(f"/office/destinations/{world.rc.id}?lang=en")
    assert "Corrected since you last read it" in page_text(inbox)
    page = page_text(client.get(f"/office/forwardings/{forwarding.id}?lang=en"))
    assert "Corrected on" in page and "Recommendation 2 now names the district." in page
    assert "Set up a district water committee with women and youth." in page  # the corrected text
    # Reading does not mark it (a GET writes nothing); the reader marks it read with a POST.
    assert "Corrected since you last read it" in page_text(client.get(f"/office/destinations/{world.rc.id}"))
    assert db.session.get(Forwarding, forwarding.id).seen_correction_at is None
    assert client.post(f"/office/forwardings/{forwarding.id}/correction-read").status_code == 302
    assert "Corrected since you last read it" not in page_text(client.get(f"/office/destinations/{world.rc.id}"))


def test_a_correction_of_a_summary_never_forwarded_does_nothing(world):
    version = correction(world.summary, world.facilitator)
    assert services.summary_corrected(world.summary, version, actor=world.facilitator) == []
    assert db.session.scalars(select(Notification)).all() == []


def test_inbox_and_office_query_counts_do_not_grow_with_rows(world, client_for, count_queries):
    client = client_for(world.reader)
    make_forwarding(world.summary, world.rc, status="answered")
    path = f"/office/destinations/{world.rc.id}"
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    with count_queries() as office_few:
        assert client.get("/office").status_code == 200
    for i, summary in enumerate(_summaries(world, 6)):
        make_forwarding(summary, world.rc, status=("sent", "acknowledged", "answered")[i % 3], answer_by_days=-i)
    with count_queries() as many:
        html = client.get(path).get_data(as_text=True)
    with count_queries() as office_many:
        assert client.get("/office").status_code == 200
    assert html.count('href="/office/forwardings/') == 7
    assert many() == few()
    assert office_many() == office_few()
