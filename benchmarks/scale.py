"""Council at scale: 100 councils, 10,000 members, 1,000,000 posts on PostgreSQL, against the
small demo on the same server, page by page.

    .venv/bin/python benchmarks/scale.py [--database postgresql+psycopg://postgres@127.0.0.1/council_scale]
                                         [--councils 100] [--members 10000] [--posts 1000000] [--requests 200]

Builds (or reuses, with --reuse) two databases: the demo as `make run` loads it, and the same demo
grown by bulk inserts to the sizes above (accounts share one password hash; items, posts and
memberships are inserted in batches of 5,000 as the services would write them, then every
counter is recounted by the services' own function). Then it serves each with gunicorn (one sync
worker, 127.0.0.1) and times the pages that matter, signed in as the demo member and the demo
office reader: the median and 95th percentile of sequential requests, and the ratio large/small.
Everything stays on the loopback interface and stops by itself."""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "kettle-orchard-2026"
BATCH = 5000


def environment(url: str) -> dict[str, str]:
    # Every request is rendered (no kept pages, core/pages.py): a reader asking the same page again
    # and again would be served from the store, which would hide what the database costs.
    return dict(os.environ, FLASK_APP="wsgi.py", COUNCIL_DATABASE_URL=url, COUNCIL_ENV="demo",
                COUNCIL_RATELIMIT_ENABLED="false", COUNCIL_MAIL_BACKEND="log", COUNCIL_PAGE_CACHE="false")


def recreate(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'drop database if exists "{parsed.database}" with (force)'))
        connection.execute(text(f'create database "{parsed.database}"'))
    admin.dispose()


def exists(url: str) -> bool:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"))
    with admin.connect() as connection:
        found = connection.execute(text("select 1 from pg_database where datname = :n"), {"n": parsed.database}).scalar()
    admin.dispose()
    return bool(found)


def build_small(url: str) -> float:
    started = time.perf_counter()
    recreate(url)
    env = environment(url)
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "council", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def build_large(url: str, councils: int, members: int, posts: int) -> float:
    """The demo, then bulk data; returns the seconds it took."""
    started = time.perf_counter()
    build_small(url)
    os.environ.update(environment(url))
    sys.path.insert(0, str(ROOT))
    from council import create_app

    app = create_app()
    with app.app_context():
        grow(councils, members, posts)
    index_for_search(url)
    return time.perf_counter() - started


def grow(councils: int, members: int, posts: int) -> None:
    from flask_babel import force_locale
    from sqlalchemy import func, insert, select

    from council.agendas.models import AgendaItem
    from council.auth.models import User
    from council.core import transaction
    from council.councils import setup
    from council.councils.models import Council, Country, Membership
    from council.deliberations.models import Post
    from council.deliberations.services import update_item_counters
    from council.extensions import db, utcnow
    from council.core.markdown import render

    def say(message: str) -> None:
        print(f"  {time.strftime('%H:%M:%S')} {message}", flush=True)

    now = utcnow()
    with force_locale("en"), transaction.committing():
        country = db.session.scalar(select(Country).order_by(Country.id))
        existing = db.session.scalar(select(func.count()).select_from(Council))
        for n in range(existing, councils):
            region = setup.create_region(country, names={"en": f"Scale region {n + 1}"}, actor=None)
            setup.create_council(region=region, texts={"en": (f"Scale council {n + 1}", "Measurements.")},
                                 working_languages=["en", "fr", "ar"], allow_anonymous=True,
                                 women_target_percent=50, actor=None)
        # The demo's own councils stay as the demo made them, so that their pages show the same
        # rows in both databases and the comparison measures the size of the database alone.
        council_ids = db.session.scalars(select(Council.id).where(Council.id > existing).order_by(Council.id)).all()
    say(f"{existing + len(council_ids)} councils, {len(council_ids)} of them filled in bulk")

    password_hash = db.session.scalar(select(User.password_hash).where(User.email == "member@example.org"))
    genders = ["woman", "man"]
    groups = ["youth", "elders", "women", "religious", "civil_society", "business"]
    with transaction.committing():
        rows = [{"email": f"scale{n}@example.org", "password_hash": password_hash, "display_name": f"Member {n}",
                 "status": "active", "gender": genders[n % 2], "constituency": groups[n % len(groups)],
                 "confirmed_at": now, "read_languages": ["en"]} for n in range(members)]
        for i in range(0, len(rows), BATCH):
            db.session.execute(insert(User), rows[i:i + BATCH])
        user_ids = db.session.scalars(select(User.id).where(User.email.like("scale%@example.org")).order_by(User.id)).all()
        per_council = max(1, len(user_ids) // len(council_ids))
        memberships = []
        for index, user_id in enumerate(user_ids):
            council_id = council_ids[min(index // per_council, len(council_ids) - 1)]
            memberships.append({"council_id": council_id, "user_id": user_id, "role": "member", "status": "active",
                                "constituency": groups[index % len(groups)], "decided_at": now})
        for i in range(0, len(memberships), BATCH):
            db.session.execute(insert(Membership), memberships[i:i + BATCH])
    say(f"{len(user_ids)} members")

    items_per_council = 10
    with transaction.committing():
        items = [{"council_id": council_id, "title": f"Scale item {k + 1} of council {council_id}",
                  "description": "Measurements.", "description_html": "<p>Measurements.</p>", "status": "open",
                  "position": 100 + k, "opened_at": now, "theme": "other"}
                 for council_id in council_ids for k in range(items_per_council)]
        db.session.execute(insert(AgendaItem), items)
        item_rows = db.session.execute(
            select(AgendaItem.id, AgendaItem.council_id).where(AgendaItem.title.like("Scale item %"))
        ).all()
    say(f"{len(item_rows)} items")

    authors: dict[int, list[int]] = {}
    for index, user_id in enumerate(user_ids):
        authors.setdefault(council_ids[min(index // per_council, len(council_ids) - 1)], []).append(user_id)
    bodies = [
        "The water point near the market has been dry for two weeks; people walk to the river at dawn.",
        "Les jeunes demandent une réunion avec les anciens avant la saison des pluies.",
        "نطالب بلجنة مشتركة لمتابعة توزيع المياه بين القرى.",
        "Herders and farmers agreed last year on a corridor; it needs marking again.",
    ]
    html = [render(body) for body in bodies]
    languages = ["en", "fr", "ar", "en"]
    per_item = max(1, posts // len(item_rows))
    year_ago = now - timedelta(days=365)
    written = 0
    for number, (item_id, council_id) in enumerate(item_rows):
        people = authors.get(council_id) or user_ids
        rows = []
        for k in range(per_item):
            b = (number + k) % len(bodies)
            rows.append({"item_id": item_id, "council_id": council_id, "author_id": people[k % len(people)],
                         "anonymous": k % 17 == 0, "kind": "contribution", "language": languages[b],
                         "body": bodies[b], "body_html": html[b], "submission_key": f"scale-{item_id}-{k}",
                         "created_at": year_ago + (now - year_ago) * (k / per_item)})
        with transaction.committing():
            for i in range(0, len(rows), BATCH):
                db.session.execute(insert(Post), rows[i:i + BATCH])
        written += len(rows)
        if number % 100 == 99:
            say(f"{written:,} posts")
    with transaction.committing():
        for item in db.session.scalars(select(AgendaItem).where(AgendaItem.title.like("Scale item %"))):
            update_item_counters(item)
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("vacuum analyze"))
    say(f"{written:,} posts, counters recounted, analysed")


def index_for_search(url: str) -> float:
    """Fill the search index of a database built before it existed: the demo's texts through the
    services, the bulk posts (four texts, repeated) in one INSERT … SELECT per text."""
    started = time.perf_counter()
    os.environ.update(environment(url))
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, or_, select
    from sqlalchemy.orm import selectinload

    from council import create_app
    from council.agendas.models import AgendaItem
    from council.core import transaction
    from council.deliberations.models import Post
    from council.extensions import db
    from council.search import services as search
    from council.search.models import SearchEntry, config_for
    from council.search.text import index_terms, plain
    from council.summaries.models import Summary

    app = create_app()
    with app.app_context():
        demo_indexed = bool(db.session.scalar(select(func.count()).select_from(SearchEntry)))
        with transaction.committing():
            for item in [] if demo_indexed else db.session.scalars(select(AgendaItem)).all():
                search.index_item(item)
            for item in db.session.scalars(select(AgendaItem).where(AgendaItem.title.like("Scale item %"))).all():
                search.index_item(item)
            demo_posts = select(Post).where(or_(Post.submission_key.is_(None), ~Post.submission_key.like("scale-%")),
                                            Post.state != "withdrawn")
            for post in [] if demo_indexed else db.session.scalars(demo_posts.options(selectinload(Post.translations))).all():
                search.index_post(post)
                for translation in post.translations:
                    search.index_post_translation(translation, post)
            summaries = select(Summary).where(Summary.current_version_id.is_not(None))
            for summary in [] if demo_indexed else db.session.scalars(summaries).all():
                search.index_summary(summary, summary.current_version)
            scale_indexed = db.session.scalar(text(
                "select count(*) from search_entries e join posts p on p.id = e.object_id and e.kind = 'post' "
                "where p.submission_key like 'scale-%'"))
            bodies = [] if scale_indexed else db.session.execute(select(Post.body, Post.body_html, Post.language).where(
                Post.submission_key.like("scale-%")).distinct()).all()
            for body, html, language in bodies:
                db.session.execute(text(
                    "insert into search_entries (kind, object_id, translation, language, config, council_id, item_id,"
                    " title, body, terms, updated_at) select 'post', id, false, language, :config, council_id, item_id,"
                    " '', :body, :terms, now() from posts where submission_key like 'scale-%' and body = :raw"
                ), {"config": config_for(language), "body": plain(html), "terms": index_terms(plain(html)), "raw": body})
        with db.engine.connect() as connection:  # the planner's figures for the index just filled
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("analyze search_entries"))
    return time.perf_counter() - started


def serve(url: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "1", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=environment(url), start_new_session=True,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def opener_for(port: int, email: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login?lang=en").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
    opener.open(f"http://127.0.0.1:{port}/login", data=data)
    return opener


def timings(opener, url: str, requests: int) -> tuple[float, float, int]:
    """Median and 95th percentile in ms over `requests` sequential requests (after 5 to warm up)."""
    times = []
    status = 0
    for n in range(requests + 5):
        started = time.perf_counter()
        try:
            with opener.open(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if n >= 5:
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], status


PAGES = [
    # label, who, path
    ("agenda (member)", "member@example.org", "/councils/1/agenda?lang=en"),
    ("thread, demo's open item (member)", "member@example.org", "/councils/1/agenda/1?lang=en"),
    ("search (member)", "member@example.org", "/search?q=water&lang=en"),
    ("office digest, all councils (office)", "office@example.org", "/digest?lang=en"),
    ("council directory (member)", "member@example.org", "/councils?lang=en"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="postgresql+psycopg://postgres@127.0.0.1:5432/council_scale")
    parser.add_argument("--councils", type=int, default=100)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the databases of an earlier run (migrated to the current schema)")
    parser.add_argument("--port", type=int, default=5120)
    args = parser.parse_args()
    large = args.database
    small = str(make_url(large).set(database=make_url(large).database + "_small"))
    if not (args.reuse and exists(small)):
        print(f"small demo built in {build_small(small):.0f} s")
    if not (args.reuse and exists(large)):
        print(f"building {args.councils} councils, {args.members:,} members, {args.posts:,} posts …")
        print(f"large database built in {build_large(large, args.councils, args.members, args.posts):.0f} s")
    if args.reuse:  # databases of an earlier release: bring their schema up to date first
        for url in (small, large):
            started = time.perf_counter()
            subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=environment(url), check=True,
                           capture_output=True)
            print(f"{make_url(url).database} migrated in {time.perf_counter() - started:.0f} s")
            print(f"{make_url(url).database} search index filled in {index_for_search(url):.0f} s")
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for name, url, port in (("small", small, args.port), ("large", large, args.port + 1)):
        process = serve(url, port)
        try:
            openers = {}
            for label, who, path in PAGES:
                opener = openers.get(who) or openers.setdefault(who, opener_for(port, who))
                results.setdefault(label, {})[name] = timings(opener, f"http://127.0.0.1:{port}{path}", args.requests)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    print(f"\n{'page':<40}{'small p50':>10}{'p95':>8}{'large p50':>11}{'p95':>8}{'ratio':>7}  status")
    for label, figures in results.items():
        (s50, s95, s_status), (l50, l95, l_status) = figures["small"], figures["large"]
        print(f"{label:<40}{s50:>8.1f}ms{s95:>6.1f}ms{l50:>9.1f}ms{l95:>6.1f}ms{l50 / s50:>7.2f}  {s_status}/{l_status}")


if __name__ == "__main__":
    main()
