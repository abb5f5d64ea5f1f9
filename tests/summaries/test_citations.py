"""Citations of posts ([#123]) in a summary: a link to the post and its author as the thread shows
them; anonymity holds; office readers see neither link nor name."""

from __future__ import annotations

from council.core.markdown import render
from council.summaries.citations import render_citations
from tests.conftest import make_item, make_post
from tests.summaries.conftest import draft, put_to_review, url


def permalink(post) -> str:
    return f"/councils/{post.council_id}/agenda/{post.item_id}/posts/{post.id}"


def reviewed(world, client_for, context):
    facilitator = client_for(world.facilitator)
    draft(facilitator, world.item, context=context, recommendations=[(context, "Mayor")])
    put_to_review(facilitator, world.item)


def test_a_citation_links_to_the_post_and_names_its_author(world, client_for):
    post = make_post(world.item, world.member2, "The pump broke in May.")
    reviewed(world, client_for, f"Members said the pump broke [#{post.id}].")
    html = client_for(world.member).get(url(world.item)).get_data(as_text=True)
    assert f'<a class="citation" href="{permalink(post)}">post {post.id}</a>' in html
    assert "Bilal Member" in html
    assert f"[#{post.id}]" not in html


def test_an_anonymous_author_is_not_revealed(world, client_for):
    post = make_post(world.item, world.member2, "I fear reprisals.", anonymous=True)
    reviewed(world, client_for, f"Some fear reprisals [#{post.id}].")
    for reader in (world.member, world.facilitator, world.observer):
        html = client_for(reader).get(url(world.item)).get_data(as_text=True)
        assert f'href="{permalink(post)}"' in html
        assert "a council member" in html
        assert "Bilal Member" not in html


def test_withdrawn_and_hidden_posts_are_marked_without_a_name(world, client_for):
    withdrawn = make_post(world.item, world.member2, "Taken back.", state="withdrawn")
    hidden = make_post(world.item, world.member, "Insult.", state="hidden", hidden_reason="abusive")
    reviewed(world, client_for, f"See [#{withdrawn.id}] and [#{hidden.id}].")
    html = client_for(world.observer).get(url(world.item)).get_data(as_text=True)
    assert "withdrawn by its author" in html and "hidden by a facilitator" in html
    assert "Bilal Member" not in html and "Amina Member" not in html


def test_a_post_of_another_item_stays_plain_text(world, client_for):
    elsewhere = make_post(make_item(world.council, world.member), world.member2, "Elsewhere.")
    other_council_post = make_post(make_item(world.other_council, world.other_member), world.other_member, "Far away.")
    reviewed(world, client_for, f"Compare [#{elsewhere.id}] and [#{other_council_post.id}] and [#999999].")
    html = client_for(world.member).get(url(world.item)).get_data(as_text=True)
    assert f"[#{elsewhere.id}]" in html and f"[#{other_council_post.id}]" in html and "[#999999]" in html
    assert permalink(elsewhere) not in html and permalink(other_council_post) not in html
    assert "Other Council Member" not in html and "Bilal Member" not in html


def test_citations_in_links_and_code_are_left_alone(app, world):
    post = make_post(world.item, world.member2, "Text.")
    html = render(f"`[#{post.id}]` and [see [#{post.id}]](https://example.org)")
    with app.test_request_context():
        out = str(render_citations(html, world.item, world.member))
    assert 'class="citation"' not in out


def test_office_readers_see_plain_post_numbers(app, world):
    post = make_post(world.item, world.member2, "Named.")
    anonymous = make_post(world.item, world.member, "Anonymous.", anonymous=True)
    html = render(f"As said [#{post.id}] and [#{anonymous.id}].")
    with app.test_request_context():
        out = str(render_citations(html, world.item, world.office))
        none = str(render_citations(html, world.item, None))
    for rendered in (out, none):
        assert f"post {post.id}" in rendered and f"post {anonymous.id}" in rendered
        assert "<a" not in rendered and "/posts/" not in rendered
        assert "Bilal Member" not in rendered and "Amina Member" not in rendered and "a council member" not in rendered


def test_a_display_name_is_escaped(world, client_for):
    from council.extensions import db

    world.member2.display_name = "<script>alert(1)</script>"
    db.session.commit()
    post = make_post(world.item, world.member2, "Text.")
    reviewed(world, client_for, f"Cited [#{post.id}].")
    html = client_for(world.member).get(url(world.item)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_all_cited_posts_are_loaded_in_one_query(app, world, count_queries):
    posts = [make_post(world.item, world.member2, f"Post {n}.") for n in range(12)]
    one = render(f"[#{posts[0].id}]")
    many = {"a": render(" ".join(f"[#{p.id}]" for p in posts[:6])), "b": [render(f"[#{p.id}]") for p in posts[6:]]}
    with app.test_request_context():
        from council.permissions import forget_memberships

        render_citations(one, world.item, world.member)  # warm the per-request caches
        with count_queries() as few:
            render_citations(one, world.item, world.member)
        forget_memberships()
        render_citations(one, world.item, world.member)
        with count_queries() as lots:
            out = render_citations(many, world.item, world.member)
    assert lots() == few() == 1
    assert set(out) == {"a", "b"} and len(out["b"]) == 6 and "citation" in str(out["b"][5])
