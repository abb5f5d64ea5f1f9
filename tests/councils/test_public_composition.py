"""The public composition figures cannot reveal one person's joining, leaving or change.

They describe the council at the start of the current period (the first of the month) and are
rounded to a multiple of five, so that comparing the page at two moments — before and after an
approval, or this month and the next — does not single out the person who changed."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete, select

from council.councils import composition
from council.councils.models import CompositionSnapshot, Membership
from council.extensions import db, utcnow
from tests.conftest import login, make_council, make_membership, make_user
from tests.helpers import main_of, text_of


def _figures(client, council) -> list[str]:
    """The numbers of the public composition (without the date)."""
    text = text_of(main_of(client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)))
    block = text[text.index("Composition"):]
    return [" ".join(row) for row in re.findall(r"(Woman|Man|Youth|Elders and wise persons|Total) (\d+) (\d+%)", block)
            ] + re.findall(r"\d+% women", block)


def _next_period(council):
    return composition.published(council, utcnow() + timedelta(days=32)).composition


def _now(council):
    return composition.published(council, utcnow()).composition


def _council_as_of_this_month():
    """A council of ten members (five women, five men), as it stood when the month began."""
    council = make_council(women_target_percent=50)
    for gender, group in [("woman", "youth")] * 5 + [("man", "elders")] * 5:
        make_membership(make_user(gender=gender), council, constituency=group)
    facilitator = make_user(gender="man")
    make_membership(facilitator, council, role="facilitator", constituency="elders")
    # They all joined before this month began.
    db.session.execute(delete(CompositionSnapshot))
    db.session.commit()
    return council, facilitator


def test_approving_a_member_changes_no_public_figure_this_period_nor_by_one_the_next(app, client):
    council, facilitator = _council_as_of_this_month()
    before = _figures(client, council)
    published = _now(council)
    assert before == ["Woman 5 50%", "Man 5 50%", "Total 10 100%", "Youth 5 50%", "Elders and wise persons 5 50%",
                      "Total 10 100%", "50% women", "50% women"]  # 6 men and 6 elders, rounded to 5

    applicant = make_user(gender="woman")
    application = make_membership(applicant, council, status="applied", constituency="youth")
    staff = app.test_client()
    login(staff, facilitator)
    response = staff.post(f"/councils/{council.id}/applications/{application.id}/decide",
                          data={"decision": "approve", "message": ""})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == "active"

    # Still this period: the figures are those of the start of the month, to the digit.
    page = client.get(f"/councils/{council.id}?lang=en").get_data(as_text=True)
    assert _figures(client, council) == before
    snapshot = db.session.scalar(select(CompositionSnapshot).where(CompositionSnapshot.council_id == council.id))
    assert snapshot.period_start == composition.period_start()
    assert snapshot.by_gender == {"woman": 5, "man": 6}
    as_of = composition.period_start().strftime("%b %-d, %Y")  # the medium format
    assert f"These figures describe the council as it was on {as_of}." in text_of(page)
    assert "rounded to the nearest multiple of 5" in text_of(page)

    assert _now(council) == published
    # The next period counts the new member, but rounded: one woman more does not show
    # (6 women, 6 men: each rounds to 5, the total of 12 to 10, as 11 did).
    assert _next_period(council) == published


def test_the_next_period_shows_the_change_once_it_is_more_than_one_person(app, client):
    council, _ = _council_as_of_this_month()
    before = _figures(client, council)
    for _ in range(4):
        make_membership(make_user(gender="woman"), council, constituency="youth")
    assert _figures(client, council) == before  # this period: unchanged
    assert _now(council).by_gender.cell("woman").count == 5
    assert _next_period(council).by_gender.cell("woman").count == 10  # 9 women, rounded


def test_leaving_and_changing_ones_gender_do_not_show_this_period(app, client):
    council, _ = _council_as_of_this_month()
    member = make_user(gender="man")
    make_membership(member, council, constituency="elders")
    db.session.execute(delete(CompositionSnapshot))  # this one too was a member before the month began
    db.session.commit()
    start = _now(council)
    member.gender = "woman"
    db.session.commit()
    assert _now(council) == start
    snapshot = db.session.scalar(select(CompositionSnapshot).where(CompositionSnapshot.council_id == council.id))
    assert snapshot.by_gender == {"woman": 5, "man": 7}  # kept before the change
    leaver = db.session.scalar(select(Membership).where(Membership.user_id == member.id))
    leaver.status = "left"
    db.session.commit()
    assert _now(council) == start


def test_rounding_hides_a_single_change():
    from council.councils import queries

    for women in range(5, 40):
        counts = {"woman": women, "man": 20}
        one_more = {"woman": women + 1, "man": 20}
        a = composition.rounded(queries.disclose(counts, 5), 5)
        b = composition.rounded(queries.disclose(one_more, 5), 5)
        assert all(c.count % 5 == 0 for c in (*a.cells, *b.cells) if c.shown) and a.total % 5 == 0
        # One person more moves a published count at most by the base, and only at a boundary.
        assert abs(b.cell("woman").count - a.cell("woman").count) in (0, 5)
        assert b.cell("man").count == a.cell("man").count == 20
    # Where it does not cross a boundary, nothing moves at all.
    assert composition.rounded(queries.disclose({"woman": 11, "man": 20}, 5), 5) == \
        composition.rounded(queries.disclose({"woman": 12, "man": 20}, 5), 5)


def test_the_explanation_is_translated(app, client):
    council, _ = _council_as_of_this_month()
    text = text_of(client.get(f"/councils/{council.id}?lang=fr").get_data(as_text=True))
    assert "These figures describe" not in text and "arrondi" in text
