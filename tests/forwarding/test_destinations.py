"""Administrators set up destinations (names per language, kind, active) and attach office readers."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.forwarding.models import Destination, OfficeAssignment
from tests.conftest import make_user
from tests.helpers import audit_events, page_text


def test_admin_lists_destinations_with_readers_and_counts(world, client_for):
    response = client_for(world.admin).get("/admin/destinations")
    assert response.status_code == 200
    text = page_text(response)
    assert "Office of the Resident Coordinator" in text
    assert "Implementation commission" in text
    assert "Dissolved secretariat" in text and "Inactive" in text
    html = response.get_data(as_text=True)
    assert 'href="/admin/destinations/new"' in html
    assert 'href="/admin/destinations"' in html and 'aria-current="page"' in html  # the admin navigation


def test_admin_navigation_links_to_destinations(world, client_for):
    html = client_for(world.admin).get("/admin").get_data(as_text=True)
    assert 'href="/admin/destinations"' in html


def test_admin_creates_a_destination_with_names_per_language(world, client_for):
    client = client_for(world.admin)
    assert client.get("/admin/destinations/new").status_code == 200
    response = client.post("/admin/destinations/new", data={
        "kind": "national_dialogue", "name_en": "National dialogue secretariat",
        "name_fr": "Secrétariat du dialogue national", "name_ar": "أمانة الحوار الوطني", "active": "y",
    })
    assert response.status_code == 302
    destination = db.session.scalar(select(Destination).filter_by(kind="national_dialogue", active=True))
    assert destination.names == {"en": "National dialogue secretariat", "fr": "Secrétariat du dialogue national",
                                 "ar": "أمانة الحوار الوطني"}
    assert response.headers["Location"].endswith(f"/admin/destinations/{destination.id}")
    [event] = audit_events("destination.create")
    assert event.actor_id == world.admin.id and event.target_id == destination.id
    assert event.detail["after"]["kind"] == "national_dialogue"


def test_a_destination_needs_a_name_and_a_known_kind(world, client_for):
    client = client_for(world.admin)
    before = db.session.scalar(select(db.func.count(Destination.id)))
    response = client.post("/admin/destinations/new", data={"kind": "ministry_of_truth", "name_en": ""})
    assert response.status_code == 400
    text = page_text(response)
    assert "Give the name in at least one language." in text
    assert "Choose one of the kinds in the list." in text
    assert db.session.scalar(select(db.func.count(Destination.id))) == before
    assert audit_events("destination.create") == []


def test_admin_edits_a_destination_and_the_change_is_logged(world, client_for):
    client = client_for(world.admin)
    page = client.get(f"/admin/destinations/{world.rc.id}")
    assert page.status_code == 200
    assert 'value="Bureau du Coordonnateur résident"' in page.get_data(as_text=True)
    response = client.post(f"/admin/destinations/{world.rc.id}", data={
        "action": "save", "kind": "un_office", "name_en": "Office of the Resident Coordinator",
        "name_fr": "Bureau du Coordonnateur résident des Nations unies",
    })  # "active" not ticked: it stops receiving summaries
    assert response.status_code == 302
    db.session.expire_all()
    rc = db.session.get(Destination, world.rc.id)
    assert rc.active is False
    assert rc.names["fr"] == "Bureau du Coordonnateur résident des Nations unies"
    [event] = audit_events("destination.edit")
    assert event.detail["before"] == {"names": {"en": "Office of the Resident Coordinator",
                                                "fr": "Bureau du Coordonnateur résident"}, "active": True}
    assert event.detail["after"]["active"] is False


def test_saving_unchanged_logs_nothing(world, client_for):
    client = client_for(world.admin)
    response = client.post(f"/admin/destinations/{world.commission.id}", data={
        "action": "save", "kind": "implementation_commission", "name_en": "Implementation commission", "active": "y",
    })
    assert response.status_code == 302
    assert audit_events("destination.edit") == []


def test_admin_attaches_and_removes_office_readers(world, client_for):
    client = client_for(world.admin)
    newcomer = make_user(display_name="New Reader", email="New.Reader@un.example.org", site_role="office")
    response = client.post(f"/admin/destinations/{world.rc.id}",
                           data={"action": "add_reader", "email": "new.reader@un.example.org"})
    assert response.status_code == 302
    readers = set(db.session.scalars(select(OfficeAssignment.user_id).filter_by(destination_id=world.rc.id)))
    assert readers == {world.reader.id, newcomer.id}
    page = page_text(client.get(f"/admin/destinations/{world.rc.id}"))
    assert "New Reader" in page and "Léa Office" in page

    response = client.post(f"/admin/destinations/{world.rc.id}",
                           data={"action": "remove_reader", "user_id": str(world.reader.id)})
    assert response.status_code == 302
    readers = set(db.session.scalars(select(OfficeAssignment.user_id).filter_by(destination_id=world.rc.id)))
    assert readers == {newcomer.id}
    added, removed = audit_events("destination.readers")
    assert added.detail == {"before": {"readers": [world.reader.id]},
                            "after": {"readers": sorted([world.reader.id, newcomer.id])}}
    assert removed.detail["after"] == {"readers": [newcomer.id]}


def test_only_office_accounts_can_be_readers(world, client_for):
    client = client_for(world.admin)
    for email, message in [(world.members[0].email, "This account is not an office account."),
                           ("nobody@example.org", "There is no account with this e-mail address."),
                           (world.reader.email, "This account already reads for this destination."),
                           ("not an address", "Give a valid e-mail address.")]:
        response = client.post(f"/admin/destinations/{world.rc.id}", data={"action": "add_reader", "email": email})
        assert response.status_code == 400, email
        assert message in page_text(response)
    assert db.session.scalars(select(OfficeAssignment.user_id).filter_by(destination_id=world.rc.id)).all() == [
        world.reader.id]
    assert audit_events("destination.readers") == []


def test_removing_someone_who_is_not_a_reader_changes_nothing(world, client_for):
    client = client_for(world.admin)
    response = client.post(f"/admin/destinations/{world.rc.id}",
                           data={"action": "remove_reader", "user_id": str(world.reader2.id)}, follow_redirects=True)
    assert "That account does not read for this destination." in page_text(response)
    assert audit_events("destination.readers") == []


def test_destinations_are_for_administrators_only(world, client_for):
    for user in (world.facilitator, world.reader, world.members[0]):
        client = client_for(user)
        for path in ("/admin/destinations", "/admin/destinations/new", f"/admin/destinations/{world.rc.id}"):
            assert client.get(path).status_code == 403, (user.display_name, path)
        assert client.post("/admin/destinations/new", data={"kind": "other", "name_en": "X"}).status_code == 403
    assert client_for(world.admin).get("/admin/destinations/999999").status_code == 404
