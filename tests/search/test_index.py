"""The index follows the services: edits, withdrawals, translations, new versions of a summary,
an erased account; the command line rebuilds it; queries are cut into plain terms."""

from __future__ import annotations

from sqlalchemy import select

from council.extensions import db
from council.search.models import SearchEntry
from council.search.text import MAX_QUERY_CHARS, Query, index_terms
from tests.helpers import page_text
from tests.search.conftest import post, propose, summary_of
from tests.search.test_search import post_link, results, search


def test_an_edited_post_is_found_by_its_new_words_and_no_longer_by_the_old(world, client_for):
    from council.deliberations import services

    p = post(world.item, world.writer, "The ferry leaves at dawn.")
    services.edit_post(p, actor=world.writer, body="The barge leaves at noon.")
    db.session.commit()
    client = client_for(world.member)
    assert results(search(client, "barge")) == [post_link(p)]
    assert results(search(client, "ferry")) == []
    assert results(search(client, "dawn")) == []


def test_a_withdrawn_post_leaves_the_index_with_its_translations(world, client_for):
    from council.deliberations import services

    p = post(world.item, world.writer, "The dispensary closed last week.")
    services.add_translation(p, actor=world.member, language="fr", body="Le dispensaire a fermé la semaine dernière.")
    db.session.commit()
    client = client_for(world.member)
    assert results(search(client, "dispensaire")) == [post_link(p)]
    services.withdraw_post(p, actor=world.writer)
    db.session.commit()
    assert results(search(client, "dispensary")) == []
    assert results(search(client, "dispensaire")) == []
    assert db.session.scalars(select(SearchEntry).where(SearchEntry.kind == "post")).all() == []


def test_a_new_version_of_a_summary_replaces_the_old_text_and_its_translations(world, client_for):
    from council.summaries import services

    item = propose(world.council, world.writer, "Road repairs", "", open_it=world.facilitator)
    summary = summary_of(item, world.facilitator, "The council asks for gravel on the north road.", review=True)
    services.add_translation(summary, actor=world.facilitator, language="fr",
                             sections={"context": "Le conseil demande du gravier sur la route du nord."},
                             recommendations=[])
    db.session.commit()
    client = client_for(world.member)
    link = f"/councils/{world.council.id}/agenda/{item.id}/summary"
    assert results(search(client, "gravier")) == [link]
    services.save(item, summary=summary, lock_version=summary.lock_version,
                  sections={"context": "The council asks for tarmac on the north road."}, recommendations=[],
                  actor=world.facilitator)
    db.session.commit()
    assert results(search(client, "tarmac")) == [link]
    assert results(search(client, "gravel")) == []
    assert results(search(client, "gravier")) == []  # the translation was of the earlier version


def test_an_erased_accounts_posts_stay_without_the_name(app, world, client_for):
    from council.auth import services

    p = post(world.item, world.writer, "Herders and farmers met at the well.")
    with app.test_request_context():
        services.delete_account(world.writer)
    db.session.commit()
    response = search(client_for(world.member), "herders")
    assert results(response) == [post_link(p)]  # the erasure keeps what was written in threads
    assert "Zebulon" not in response.get_data(as_text=True)
    assert "a former member" in page_text(response)
    assert results(search(client_for(world.member), "Quillfeather")) == []


def test_the_command_line_rebuilds_the_index(app, world, client_for):
    from council.deliberations.models import Post

    p = post(world.item, world.writer, "Locusts were seen near the river.")
    raw = Post(item_id=world.item.id, council_id=world.council.id, author_id=world.member.id, body="More locusts.",
               body_html="<p>More locusts.</p>", language="en")
    db.session.add(raw)  # written past the services, as `flask council demo --scale` does
    db.session.commit()
    client = client_for(world.member)
    assert results(search(client, "locusts")) == [post_link(p)]
    result = app.test_cli_runner().invoke(args=["council", "search-rebuild"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt" in result.output
    assert set(results(search(client, "locusts"))) == {post_link(p), post_link(raw)}


def test_queries_are_cut_into_plain_terms():
    assert Query('"water" NEAR(wells, 3) ^x* (y').terms == ["water", "near", "wells", "3", "x", "y"]
    assert Query("\ud800a\x00b").terms == ["a", "b"]
    assert Query("Élan ÉCOLE").terms == ["elan", "ecole"]
    assert Query("水资源").terms == ["水资", "资源"]
    assert Query("水").terms == ["水"]
    assert not Query('"" ^ * ( ) :')
    assert len(Query("w " * 500).text) <= MAX_QUERY_CHARS
    assert len(Query(" ".join(f"w{n}" for n in range(50))).terms) == 12
    assert Query("x").fts5() == '"x"'


def test_chinese_is_indexed_as_characters_and_pairs():
    assert index_terms("水资源 ok").split() == ["水", "资", "源", "水资", "资源", "ok"]


def test_marks_are_escaped_and_excerpts_cut_around_the_first_match():
    q = Query("wells")
    marked = str(q.mark("<b>Two</b> wells & a well."))
    assert marked == "&lt;b&gt;Two&lt;/b&gt; <mark>wells</mark> &amp; a <mark>well</mark>."
    long = "word " * 200 + "the wells are dry " + "word " * 200
    excerpt = str(q.mark(long, limit=120))
    assert "<mark>wells</mark>" in excerpt and excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) < 200
