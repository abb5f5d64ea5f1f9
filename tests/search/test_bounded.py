"""What a search reads is bounded by what the person may read: the words are looked up within
their councils, and no more entries are ranked and counted than its pages can show."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from council.extensions import db
from council.search import queries
from council.search.text import Query
from tests.helpers import page_text
from tests.search.conftest import post
from tests.search.test_search import post_link, results, search


def test_past_the_most_a_page_can_show_it_says_more_than(world, client_for, monkeypatch):
    monkeypatch.setattr(queries, "MAX_PAGE", 2)
    monkeypatch.setattr(queries, "CANDIDATES", 2 * queries.PER_PAGE)
    made = [post(world.item, world.writer, f"Teff note number {n}.") for n in range(45)]
    client = client_for(world.member)

    first = search(client, "teff")
    assert "More than 40 results" in page_text(first)
    second = search(client, "teff", page=2)
    shown = results(first) + results(second)
    # The newest forty are the ones ranked; every one is on one page only.
    assert sorted(shown) == sorted(post_link(p) for p in made[-40:])
    assert 'rel="next"' not in second.get_data(as_text=True)
    assert results(search(client, "teff", page=3)) == results(second)  # no page past the last


def test_a_page_past_the_last_still_tells_how_many(world, client_for):
    post(world.item, world.writer, "A single mention of fonio.")
    response = search(client_for(world.member), "fonio", page=2)
    assert results(response) == []
    assert "1 result" in page_text(response)
    assert "Back to the first page of results" in page_text(response)


def test_the_councils_of_office_readers_are_those_that_forwarded_to_them(app, world):
    from council.forwarding import services as forwarding
    from tests.search.conftest import propose, summary_of

    item = propose(world.council, world.writer, "Grain prices", "", open_it=world.facilitator)
    summary = summary_of(item, world.facilitator, "Sorghum prices rose.", adopt=True)
    assert queries.scope_of(world.reader).councils == set()
    with app.test_request_context():
        forwarding.forward(summary, destinations=[world.destination], covering_note="For your attention.",
                           actor=world.facilitator)
    db.session.commit()
    assert queries.scope_of(world.reader).councils == {world.council.id}
    assert queries.scope_of(world.member).councils == {world.council.id}


def _conditions(statement) -> tuple[list[str], list[str]]:
    """The conditions of the plan's reads of the search index for the candidates (an index lookup
    on search_entries or a read of its rows, not by primary key), and the plan; sequential scans
    and walks along an index are turned off, as a tiny table would be read whole."""
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    db.session.execute(text("SET LOCAL enable_indexscan = off"))
    plan = [line.strip() for line in db.session.scalars(text("EXPLAIN " + sql))]
    db.session.rollback()
    found, scan = [], ""
    for line in plan:
        if " Scan " in line:
            scan = line
        elif line.startswith(("Index Cond:", "Recheck Cond:", "Filter:")) and (
                "ix_search_entries" in scan or "on search_entries search_entries_1" in scan):
            found.append(line)
    assert not any("Seq Scan on search_entries" in line for line in plan), "\n".join(plan)
    return found, plan


def test_postgresql_looks_the_words_up_within_the_readers_councils(app, world):
    """The reader's councils are a condition of the search index's lookup itself (an office
    reader's too, whose summaries arrive by forwarding): the words are never looked up across all
    councils to be filtered afterwards. On SQLite, FTS5 has no such index."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plan")
    from council.forwarding import services as forwarding
    from tests.search.conftest import propose, summary_of

    item = propose(world.council, world.writer, "Cassava prices", "", open_it=world.facilitator)
    summary = summary_of(item, world.facilitator, "Cassava costs more.", adopt=True)
    with app.test_request_context():
        forwarding.forward(summary, destinations=[world.destination], covering_note="For your attention.",
                           actor=world.facilitator)
    for n in range(30):
        post(world.item, world.writer, f"Cassava field number {n}.")
        post(world.other_item, world.other_member, f"Cassava store number {n}.")
    db.session.execute(text("ANALYZE search_entries"))
    db.session.commit()
    mine = f"council_id = {world.council.id}"
    for reader in (world.member, world.reader):
        statement, _count = queries._statement(Query("cassava"), queries.scope_of(reader), "postgresql", 1)
        conditions, plan = _conditions(statement)
        assert any(mine in line for line in conditions), "\n".join(plan)
        assert all(mine in line for line in conditions if line.startswith("Index Cond:") and "tsv" in line)
    member = queries._statement(Query("cassava"), queries.scope_of(world.member), "postgresql", 1)[0]
    assert any(line.startswith("Index Cond:") and mine in line for line in _conditions(member)[0])
