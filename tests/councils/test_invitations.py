"""Invitations by e-mail: sent, opened, accepted once, withdrawn, expired."""

from __future__ import annotations

import hashlib
import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from council.councils.models import Invitation, Membership
from council.extensions import db, utcnow
from tests.conftest import links_in, login, make_council, make_membership, make_user, tr
from tests.helpers import audit_events, client_for, main_of, text_of


@pytest.fixture
def council():
    return make_council(texts={"fr": ("Conseil du Nord", ""), "en": ("North council", "")}, working_languages=["fr", "en"])


@pytest.fixture
def facilitator(council):
    user = make_user()
    make_membership(user, council, role="facilitator")
    return user


def invite(client, council, **overrides):
    data = {"email": "guest@example.org", "role": "observer", "language": "fr"}
    data.update(overrides)
    return client.post(f"/councils/{council.id}/invitations?lang=en", data=data)


def invitation_path(mail) -> str:
    [link] = [u for u in links_in(mail) if "/invitations/" in u]
    return link.split("localhost", 1)[1]


def test_facilitator_invites_by_email_in_the_chosen_language(app, council, facilitator, outbox):
    client = client_for(app, facilitator)
    page = client.get(f"/councils/{council.id}/invitations?lang=en").get_data(as_text=True)
    assert '<label for="email">' in page and '<option selected value="fr">' in page  # the council's first language

    response = invite(client, council)
    assert response.status_code == 302
    [mail] = outbox
    assert mail["To"] == "guest@example.org" and mail["Content-Language"] == "fr"
    assert "Conseil du Nord" in mail["Subject"]
    path = invitation_path(mail)
    token = path.rsplit("/", 1)[1]

    [invitation] = db.session.scalars(select(Invitation)).all()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert invitation.role == "observer" and invitation.invited_by_id == facilitator.id
    assert timedelta(days=13) < invitation.expires_at - utcnow() <= timedelta(days=14)
    [event] = audit_events("invitation.create")
    assert event.council_id == council.id and event.actor_id == facilitator.id

    text = text_of(main_of(client.get(f"/councils/{council.id}/invitations?lang=en").get_data(as_text=True)))
    assert "guest@example.org Observer" in text and "Withdraw" in text


def test_invitation_form_errors_keep_what_was_typed(app, council, facilitator, outbox):
    client = client_for(app, facilitator)
    response = invite(client, council, email="not an address")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an e-mail address like name@example.org." in page and 'value="not an address"' in page
    assert invite(client, council, role="facilitator").status_code == 400  # only member or observer
    assert outbox == [] and db.session.scalars(select(Invitation)).all() == []


def test_a_second_invitation_to_a_waiting_address_is_refused(app, council, facilitator, outbox):
    client = client_for(app, facilitator)
    invite(client, council)
    response = invite(client, council, email="Guest@example.org")
    assert response.status_code == 400
    assert "already waiting" in response.get_data(as_text=True)
    assert len(outbox) == 1 and len(db.session.scalars(select(Invitation)).all()) == 1


def test_visitor_opening_the_link_is_asked_to_sign_in_or_register(app, council, facilitator, outbox):
    invite(client_for(app, facilitator), council)
    path = invitation_path(outbox[0])
    page = main_of(client_for(app).get(path + "?lang=en").get_data(as_text=True))
    assert '<span lang="en" dir="auto">North council</span>' in page
    assert f'href="/login?next={path}"' in page and f'href="/register?next={path}"' in page
    assert "<form" not in page


def test_accepting_makes_an_active_membership_with_the_invited_role_once(app, council, facilitator, outbox):
    invite(client_for(app, facilitator), council, role="observer")
    path = invitation_path(outbox[0])
    guest = make_user(email="guest@example.org", constituency="elders")
    client = client_for(app, guest)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "Accept the invitation" in page
    response = client.post(path)
    assert response.status_code == 302 and response.headers["Location"] == f"/councils/{council.id}"

    [m] = db.session.scalars(select(Membership).filter_by(user_id=guest.id)).all()
    assert (m.status, m.role, m.constituency) == ("active", "observer", "elders")
    [invitation] = db.session.scalars(select(Invitation)).all()
    assert invitation.accepted_by_id == guest.id and invitation.accepted_at is not None
    [event] = audit_events("invitation.accept")
    assert event.actor_id == guest.id and event.detail["after"]["role"] == "observer"
    assert client.get(f"/councils/{council.id}/members").status_code == 200

    # Used once: the link no longer works, for anyone.
    again = client.get(path + "?lang=en")
    assert again.status_code == 404 and "This invitation does not work" in again.get_data(as_text=True)
    assert client.post(path).status_code == 404
    other = client_for(app, make_user())
    assert other.post(path).status_code == 404
    assert len(db.session.scalars(select(Membership)).all()) == 2


def test_accepting_updates_an_existing_membership(app, council, facilitator, outbox):
    guest = make_user()
    old = make_membership(guest, council, status="declined", decision_message="No.")
    invite(client_for(app, facilitator), council, email=guest.email, role="member")
    client_for(app, guest).post(invitation_path(outbox[0]))
    db.session.expire_all()
    [m] = db.session.scalars(select(Membership).filter_by(user_id=guest.id)).all()
    assert m.id == old.id and (m.status, m.role, m.decision_message) == ("active", "member", "")


def test_an_active_member_keeps_their_role_and_the_invitation(app, council, facilitator, outbox):
    invite(client_for(app, facilitator), council, role="observer")
    path = invitation_path(outbox[0])
    client = client_for(app, facilitator)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "You are already part of this council as: Facilitator." in page and "Accept the invitation" not in page
    assert client.post(path).status_code == 302
    db.session.expire_all()
    [m] = db.session.scalars(select(Membership).filter_by(user_id=facilitator.id)).all()
    assert m.role == "facilitator"
    assert db.session.scalars(select(Invitation)).one().accepted_at is None


def test_an_expired_invitation_does_not_work(app, council, facilitator, outbox):
    invite(client_for(app, facilitator), council)
    invitation = db.session.scalars(select(Invitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = client_for(app, make_user())
    path = invitation_path(outbox[0])
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert db.session.scalars(select(Membership).filter_by(council_id=council.id, role="observer")).all() == []
    # An expired invitation is no longer listed as waiting.
    page = client_for(app, facilitator).get(f"/councils/{council.id}/invitations?lang=en").get_data(as_text=True)
    assert "No invitation is waiting." in page


@pytest.mark.parametrize("token", ["wrong", "x" * 200, "a" * 43])
def test_a_wrong_token_shows_a_clear_page(client, token):
    response = client.get(f"/invitations/{token}?lang=en")
    assert response.status_code == 404
    assert "This invitation does not work" in response.get_data(as_text=True)


def test_withdrawing_an_invitation(app, council, facilitator, outbox):
    client = client_for(app, facilitator)
    invite(client, council)
    invitation = db.session.scalars(select(Invitation)).one()
    response = client.post(f"/councils/{council.id}/invitations/{invitation.id}/withdraw")
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    assert [e.actor_id for e in audit_events("invitation.revoke")] == [facilitator.id]
    assert client_for(app, make_user()).get(invitation_path(outbox[0])).status_code == 404
    # A new invitation to the same address may now be sent.
    assert invite(client, council).status_code == 302


def test_invitations_are_for_facilitators_of_that_council_only(app, council, facilitator, outbox):
    invite(client_for(app, facilitator), council)
    invitation = db.session.scalars(select(Invitation)).one()
    member = make_user()
    make_membership(member, council)
    member_client = client_for(app, member)
    assert member_client.get(f"/councils/{council.id}/invitations").status_code == 403
    assert invite(member_client, council, email="x@example.org").status_code == 403
    assert member_client.post(f"/councils/{council.id}/invitations/{invitation.id}/withdraw").status_code == 403

    other = make_council()
    other_facilitator = make_user()
    make_membership(other_facilitator, other, role="facilitator")
    response = client_for(app, other_facilitator).post(f"/councils/{other.id}/invitations/{invitation.id}/withdraw")
    assert response.status_code == 404
    db.session.refresh(invitation)
    assert invitation.revoked_at is None and len(outbox) == 1


def test_an_invitation_is_bound_to_its_address(app, council, facilitator, outbox):
    """Issue 7, defect 4: whoever holds the link cannot accept with an account of another address."""
    invite(client_for(app, facilitator), council, email="Guest@Example.org", role="member")
    path = invitation_path(outbox[0])
    stranger = make_user(email="stranger@example.org")
    client = client_for(app, stranger)
    page = client.get(path + "?lang=en").get_data(as_text=True)
    assert "sent to another e-mail address" in page and "Accept the invitation" not in page
    response = client.post(path + "?lang=fr")
    assert response.status_code == 302
    shown = html.unescape(client.get(response.headers["Location"] + "?lang=fr").get_data(as_text=True))
    assert tr(app, "fr", "This invitation was sent to another e-mail address. Sign in with the account of that "
                         "address to accept it.") in shown
    assert db.session.scalars(select(Membership).filter_by(user_id=stranger.id)).all() == []
    assert db.session.scalars(select(Invitation)).one().accepted_at is None

    guest = make_user(email="guest@example.org")
    assert client_for(app, guest).post(path).status_code == 302
    assert db.session.scalars(select(Membership).filter_by(user_id=guest.id)).one().status == "active"
