"""The number of queries of the summary pages does not grow with recommendations, stances,
citations or versions."""

from __future__ import annotations

from tests.conftest import make_item, make_membership, make_post, make_user
from tests.summaries.conftest import adopt, draft, put_to_review, url


def build(world, client_for, item, size):
    facilitator = client_for(world.facilitator)
    posts = [make_post(item, world.member2, f"Post {n}.", anonymous=n % 2 == 0) for n in range(size)]
    context = " ".join(f"[#{p.id}]" for p in posts)
    recommendations = [(f"Recommendation {n} citing [#{posts[n % size].id}].", f"Office {n}") for n in range(size)]
    for _ in range(size):
        draft(facilitator, item, context=context, recommendations=recommendations)
    put_to_review(facilitator, item)
    for n in range(size):
        person = make_user(display_name=f"Voter {item.id}-{n}")
        make_membership(person, world.council)
        client_for(person).post(url(item, "stance"), data={"value": "object" if n % 2 else "endorse", "reason": "No."})


def test_the_summary_page_costs_the_same_for_few_and_many_rows(world, client_for, count_queries):
    small, large = world.item, make_item(world.council, world.member, status="closed")
    build(world, client_for, small, 1)
    build(world, client_for, large, 12)
    reader = client_for(world.member)
    measured = {}
    for label, item in (("small", small), ("large", large)):
        reader.get(url(item))
        with count_queries() as n:
            page = reader.get(url(item))
        assert page.status_code == 200
        measured[label] = n()
    assert measured["small"] == measured["large"], measured
    text = page.get_data(as_text=True)
    assert "Recommendation 11 citing" in text and "Voter" in text

    facilitator = client_for(world.facilitator)
    for item in (small, large):
        adopt(facilitator, item)
    adopted = {}
    for label, item in (("small", small), ("large", large)):
        reader.get(url(item))
        with count_queries() as n:
            assert reader.get(url(item)).status_code == 200
        adopted[label] = n()
    assert adopted["small"] == adopted["large"], adopted


def test_the_versions_page_costs_the_same_for_few_and_many_versions(world, client_for, count_queries):
    small, large = world.item, make_item(world.council, world.member, status="closed")
    build(world, client_for, small, 1)
    build(world, client_for, large, 12)
    reader = client_for(world.member)
    measured = []
    for item in (small, large):
        reader.get(url(item, "versions"))
        with count_queries() as n:
            assert reader.get(url(item, "versions")).status_code == 200
        measured.append(n())
    assert measured[0] == measured[1]
