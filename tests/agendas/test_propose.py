"""Members propose agenda items: the form, what is stored, double submits, links, limits, fuzzing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from council.agendas.models import AgendaEvent, AgendaItem, ItemFollow
from council.extensions import db, limiter
from tests.agendas.conftest import submission_key
from tests.conftest import make_council, make_item, make_membership, make_user
from tests.helpers import audit_events, client_for, form_body, main_of, page_text


def propose_data(**overrides):
    data = {
        "title": "Water points in the eastern villages",
        "description": "Three wells have **dried up**.\n\n- Kala\n- Boro",
        "theme": "land",
        "place": "Eastern district",
        "language": "en",
    }
    data.update(overrides)
    return data


def items_of(council):
    db.session.expire_all()
    return db.session.scalars(select(AgendaItem).filter_by(council_id=council.id).order_by(AgendaItem.id)).all()


def test_form_has_labelled_fields_and_the_writers_language(app, council):
    writer = make_user(locale="fr")
    make_membership(writer, council)
    client = client_for(app, writer)
    html = client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True)
    for name in ("title", "description", "theme", "place", "language"):
        assert f'<label for="{name}">' in html
    assert '<option selected value="fr">' in html
    assert len(submission_key(html)) >= 16


def test_proposing_puts_a_proposed_item_on_the_agenda(app, council, member, member_client):
    earlier = make_item(council, member, title="Earlier issue")
    form = member_client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True)
    assert "Earlier issue" in form  # offered as a link

    response = member_client.post(
        f"/councils/{council.id}/agenda/propose",
        data=propose_data(links=[str(earlier.id)], submission_key=submission_key(form), language="fr"),
    )
    assert response.status_code == 302
    item = items_of(council)[-1]
    assert response.headers["Location"] == f"/councils/{council.id}/agenda/{item.id}"
    assert (item.status, item.theme, item.place, item.language, item.proposer_id) == (
        "proposed", "land", "Eastern district", "fr", member.id)
    assert "<strong>dried up</strong>" in item.description_html and "<li>Kala</li>" in item.description_html
    assert [linked.id for linked in item.links] == [earlier.id]

    [event] = db.session.scalars(select(AgendaEvent).filter_by(item_id=item.id)).all()
    assert (event.action, event.to_status, event.actor_id) == ("proposed", "proposed", member.id)
    [audit] = audit_events("agenda.propose")
    assert (audit.actor_id, audit.target_id, audit.council_id) == (member.id, item.id, council.id)
    assert db.session.scalar(select(ItemFollow).filter_by(item_id=item.id, user_id=member.id)) is not None

    page = page_text(member_client.get(response.headers["Location"]))
    assert "Your proposal is on the agenda" in page
    assert "Water points in the eastern villages" in page and "Proposed" in page and "Earlier issue" in page


def test_the_same_form_sent_twice_makes_one_item(app, council, member_client):
    key = submission_key(member_client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True))
    first = member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(submission_key=key))
    second = member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(submission_key=key))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(items_of(council)) == 1
    assert len(audit_events("agenda.propose")) == 1


def test_two_forms_make_two_items(app, council, member_client):
    for _ in range(2):
        key = submission_key(member_client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True))
        member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(submission_key=key))
    assert len(items_of(council)) == 2


def test_another_persons_key_does_not_return_their_item(app, council, member_client):
    key = submission_key(member_client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True))
    member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(submission_key=key))
    other = make_user()
    make_membership(other, council)
    response = client_for(app, other).post(f"/councils/{council.id}/agenda/propose",
                                           data=propose_data(title="Mine", submission_key=key))
    assert response.status_code == 302
    items = items_of(council)
    assert [(i.title, i.proposer_id) for i in items] == [
        ("Water points in the eastern villages", items[0].proposer_id), ("Mine", other.id)]


def test_a_key_used_in_another_council_is_refused(app, council, member, member_client):
    key = submission_key(member_client.get(f"/councils/{council.id}/agenda/propose").get_data(as_text=True))
    member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(submission_key=key))
    second = make_council()
    make_membership(member, second)
    response = member_client.post(f"/councils/{second.id}/agenda/propose", data=propose_data(submission_key=key))
    assert response.status_code == 400
    assert "This form was already used." in page_text(response)
    assert submission_key(response.get_data(as_text=True)) != key  # sending again will work
    assert items_of(second) == [] and len(items_of(council)) == 1


def test_markup_in_title_and_description_is_inert(app, council, member_client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = member_client.post(
        f"/councils/{council.id}/agenda/propose",
        data=propose_data(title=f"Title {attack}", description=f"Text {attack} [link](javascript:alert(1))",
                          place=f"Place {attack}"),
    )
    item = items_of(council)[-1]
    assert "<script" not in item.description_html and "href=\"javascript:" not in item.description_html
    for url in (response.headers["Location"], f"/councils/{council.id}/agenda"):
        html = member_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;" in html


def test_errors_are_explained_and_what_was_typed_is_kept(app, council, member_client):
    response = member_client.post(
        f"/councils/{council.id}/agenda/propose",
        data=propose_data(title="", theme="piracy", description="Kept text", place="x" * 201),
    )
    assert response.status_code == 400
    page = page_text(response)
    assert "There is a problem" in page
    assert "Give the issue a title." in page and "Choose one of the themes in the list." in page
    assert "Use at most 200 characters." in page
    assert "Kept text</textarea>" in response.get_data(as_text=True)
    assert items_of(council) == []


def test_links_only_to_items_of_the_same_council(app, council, member_client):
    foreign = make_item(make_council(), title="Elsewhere")
    response = member_client.post(f"/councils/{council.id}/agenda/propose",
                                  data=propose_data(links=[str(foreign.id)]))
    assert response.status_code == 400
    assert "Choose only items of this council" in page_text(response)
    response = member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(links=["abc"]))
    assert response.status_code == 400
    assert items_of(council) == []


def test_control_characters_and_direction_overrides_are_refused(app, council, member_client):
    response = member_client.post(f"/councils/{council.id}/agenda/propose",
                                  data=propose_data(title="Wells\u202e gnivom"))
    assert response.status_code == 400
    assert "invisible direction or formatting characters" in page_text(response)
    response = member_client.post(f"/councils/{council.id}/agenda/propose", data=propose_data(description="a\x00b"))
    assert response.status_code == 400
    assert items_of(council) == []


def test_observer_can_read_the_agenda_but_not_propose(app, council, observer):
    client = client_for(app, observer)
    agenda = client.get(f"/councils/{council.id}/agenda")
    assert agenda.status_code == 200
    assert "Propose an item" not in page_text(agenda)
    assert f"/councils/{council.id}/agenda/propose" not in agenda.get_data(as_text=True)
    assert client.get(f"/councils/{council.id}/agenda/propose").status_code == 403
    assert client.post(f"/councils/{council.id}/agenda/propose", data=propose_data()).status_code == 403
    assert items_of(council) == []


def test_member_sees_the_propose_button(app, council, member_client):
    assert "Propose an item" in page_text(member_client.get(f"/councils/{council.id}/agenda"))


def test_proposing_is_rate_limited_per_person(app, council, member_client):
    app.config.update(RATE_LIMITS_ON=True, RATELIMIT_POSTING="2 per minute")
    limiter.reset()
    try:
        codes = [member_client.post(f"/councils/{council.id}/agenda/propose",
                                    data=propose_data(title=f"Item {n}")).status_code for n in range(3)]
    finally:
        app.config.update(RATE_LIMITS_ON=False, RATELIMIT_POSTING="30 per 10 minutes")
        limiter.reset()
    assert codes == [302, 302, 429]
    assert len(items_of(council)) == 2


# --- fuzzing -------------------------------------------------------------------------------------

FIELDS = ["title", "description", "theme", "place", "language", "links", "submission_key"]
nasty_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=50),  # surrogates and controls too
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "\u202e", "", " ", "land", "fr", "99999999999999999999", "-1"]),
    st.builds(lambda n: "x" * n, st.integers(min_value=190, max_value=25000)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(FIELDS), st.lists(nasty_text, max_size=3), max_size=len(FIELDS)))
def test_fuzzed_proposals_never_fail(app, council, member_client, data):
    before = db.session.scalar(select(func.count(AgendaItem.id)))
    response = member_client.post(f"/councils/{council.id}/agenda/propose", data=form_body([(name, value) for name, values in data.items() for value in values]),
                                  content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400, 413), response.status_code
    db.session.expire_all()
    after = db.session.scalar(select(func.count(AgendaItem.id)))
    if response.status_code != 302:
        assert after == before  # refused: nothing half made
    else:
        assert after - before in (0, 1)  # 0: a submission key seen before
        item = db.session.scalars(select(AgendaItem).order_by(AgendaItem.id.desc())).first()
        assert "<script" not in item.description_html
        assert member_client.get(response.headers["Location"]).status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(title=nasty_text, description=nasty_text, place=nasty_text)
def test_fuzzed_texts_in_a_well_formed_proposal_never_fail(app, council, member_client, title, description, place):
    data = {k: [v] for k, v in propose_data(title=title, description=description, place=place).items()}
    response = member_client.post(f"/councils/{council.id}/agenda/propose", data=form_body([(name, value) for name, values in data.items() for value in values]),
                                  content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        page = member_client.get(response.headers["Location"])
        assert page.status_code == 200 and "<script" not in main_of(page.get_data(as_text=True))
