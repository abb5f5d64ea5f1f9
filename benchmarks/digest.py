"""How long the office reader's digest takes for 100 councils and 100,000 posts, and how many
queries it runs (the same whatever the size).

Builds a database of its own (SQLite in a temporary folder unless --database-url names an empty
PostgreSQL database), migrated with Alembic: one country of 100 regions with a council each, 1,000
posts per council (100,000 in all, inserted in bulk as `flask council demo --scale` does), 30
early-warning signals per council over the last five weeks (five of them escalated to the office),
one summary per council forwarded to the office, and an agreement of 20 provisions assessed by
every council over two periods. An office reader follows every council. Then it times, in the
process, the digest's computation and the whole page, CSV and JSON of all councils.

    .venv/bin/python benchmarks/digest.py [--councils 100] [--posts 100000] [--repeat 5]"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, select  # noqa: E402

from council import create_app  # noqa: E402
from council.extensions import db, utcnow  # noqa: E402

PASSWORD = "kettle-orchard-2026"


def build(councils: int, posts: int) -> None:
    from council.agendas.models import AgendaItem
    from council.auth import services as auth
    from council.councils.models import Council, CouncilText, Country, Membership, Region
    from council.deliberations.models import Post
    from council.digests import services as digests
    from council.forwarding.models import Destination, Forwarding, OfficeAssignment
    from council.monitoring.models import Agreement, AgreementText, Assessment, Provision, ProvisionText
    from council.monitoring import services as monitoring
    from council.permissions import forget_memberships
    from council.signals.models import Escalation, Signal
    from council.summaries.models import Summary, SummaryVersion

    now = utcnow()
    today = now.date()
    office = auth.create_user(email="office@example.org", password=PASSWORD, display_name="Office", status="active")
    office.site_role = "office"
    people = [auth.create_user(email=f"member{n}@example.org", password=PASSWORD, display_name=f"Member {n}",
                               status="active") for n in range(10)]
    destination = Destination(kind="un_office", names={"en": "Office of the Resident Coordinator"})
    db.session.add(destination)
    db.session.flush()
    db.session.add(OfficeAssignment(user_id=office.id, destination_id=destination.id))
    country = Country(code="BEN", names={"en": "Benchland"})
    db.session.add(country)
    db.session.flush()
    made = []
    for n in range(councils):
        region = Region(country_id=country.id, names={"en": f"Region {n:03d}"})
        council = Council(region=region, working_languages=["en"])
        council.texts.append(CouncilText(language="en", name=f"Council {n:03d}", mandate="Mandate."))
        db.session.add(council)
        made.append(council)
    db.session.flush()
    db.session.add_all([Membership(council_id=c.id, user_id=p.id, role="member", status="active")
                        for c in made for p in people])

    # Agenda items, one adopted summary each, forwarded to the office.
    for n, council in enumerate(made):
        item = AgendaItem(council_id=council.id, title=f"Item of council {n}", description="What it is about.",
                          description_html="<p>What it is about.</p>", status="forwarded", theme="other",
                          language="en")
        db.session.add(item)
        db.session.flush()
        summary = Summary(item_id=item.id, council_id=council.id, language="en", status="adopted", adopted_at=now,
                          participation={"posts": posts // councils, "contributors": len(people)})
        db.session.add(summary)
        db.session.flush()
        version = SummaryVersion(summary_id=summary.id, number=1, sections={"context": "Context."},
                                 sections_html={"context": "<p>Context.</p>"})
        db.session.add(version)
        db.session.flush()
        summary.current_version_id = summary.adopted_version_id = version.id
        db.session.add(Forwarding(summary_id=summary.id, version_id=version.id, council_id=council.id,
                                  destination_id=destination.id, sent_at=now - timedelta(days=n % 9),
                                  answer_requested_by=now + timedelta(days=(n % 20) - 5)))
    db.session.flush()

    # Posts, in bulk.
    items = dict(db.session.execute(select(AgendaItem.council_id, AgendaItem.id)).tuples().all())
    rows = []
    for n in range(posts):
        council = made[n % councils]
        rows.append({"item_id": items[council.id], "council_id": council.id, "author_id": people[n % 10].id,
                     "anonymous": False, "kind": "contribution", "language": "en", "body": f"Post {n}.",
                     "body_html": f"<p>Post {n}.</p>", "submission_key": f"bench-{n}",
                     "created_at": now - timedelta(minutes=n % (35 * 24 * 60))})
        if len(rows) == 5000:
            db.session.execute(insert(Post), rows)
            rows = []
    if rows:
        db.session.execute(insert(Post), rows)

    # Signals over five weeks, in bulk; five per council escalated to the office.
    kinds = ("incident", "situation", "peace", "rumour")
    signal_rows = [{"council_id": c.id, "reporter_id": people[s % 10].id, "kind": kinds[s % 4],
                    "title": f"Signal {s} of council {n}", "language": "en", "event_date": today - timedelta(days=s),
                    "reported_at": now - timedelta(days=s), "severity": s % 5, "trend": "escalating" if s % 7 == 0
                    else "stable", "confidentiality": ("council", "facilitators_office", "office_only")[s % 3],
                    "status": "verified" if s < 5 else ("new", "in_review", "verified")[s % 3]}
                   for n, c in enumerate(made) for s in range(30)]
    db.session.execute(insert(Signal), signal_rows)
    verified = db.session.execute(select(Signal.id, Signal.council_id).where(Signal.status == "verified")
                                  .order_by(Signal.id)).all()
    per_council: dict[int, int] = {}
    escalations = []
    for signal_id, council_id in verified:
        if per_council.get(council_id, 0) < 5:
            per_council[council_id] = per_council.get(council_id, 0) + 1
            escalations.append({"signal_id": signal_id, "council_id": council_id, "destination_id": destination.id,
                                "requested_action": "dialogue", "due_at": now + timedelta(hours=signal_id % 72 - 24),
                                "escalated_at": now - timedelta(days=1), "status": "sent"})
    db.session.execute(insert(Escalation), escalations)

    # An agreement of 20 provisions, assessed by every council over two quarters.
    monitoring.seed_categories()
    from council.monitoring.models import ProvisionCategory

    category = db.session.scalars(select(ProvisionCategory)).first()
    agreement = Agreement(country_id=country.id)
    agreement.texts.append(AgreementText(language="en", title="Benchland Peace Agreement", short_name="BPA"))
    for p in range(20):
        provision = Provision(reference=f"{p + 1}.1", category_id=category.id, position=p)
        provision.texts.append(ProvisionText(language="en", title=f"Provision {p + 1}"))
        agreement.provisions.append(provision)
    db.session.add(agreement)
    db.session.flush()
    assessment_rows = []
    for c in made:
        for provision in agreement.provisions:
            for period, start, published, rating in (("2026-Q2", date(2026, 4, 1), now - timedelta(days=90), "2"),
                                                     ("2026-Q3", date(2026, 7, 1), now - timedelta(days=c.id % 6),
                                                      str((c.id + provision.id) % 4))):
                assessment_rows.append({"provision_id": provision.id, "council_id": c.id, "region_id": c.region_id,
                                        "period": period, "period_start": start, "status": "published",
                                        "rating": rating, "published_at": published})
    db.session.execute(insert(Assessment), assessment_rows)
    db.session.flush()
    forget_memberships()
    digests.save_settings(office, council_ids=[c.id for c in made], destination_ids_chosen=[destination.id],
                          mail_day=0)
    db.session.commit()


def counted(fn):
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        started = time.perf_counter()
        result = fn()
        return time.perf_counter() - started, len(statements), result
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=100)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="an empty database (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="council-digest-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app({"TESTING": False, "ENV_NAME": "development", "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
                      "SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "memory", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "REQUIRE_2FA_FOR_PRIVILEGED": False,
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        started = time.perf_counter()
        build(args.councils, args.posts)
        print(f"built {args.councils} councils, {args.posts} posts on {db.engine.dialect.name} "
              f"in {time.perf_counter() - started:.1f} s")

    from council.auth.models import User
    from council.digests import digest, exports

    with app.test_request_context():
        office = db.session.scalar(select(User).where(User.email == "office@example.org"))
        from flask_login import login_user

        login_user(office)
        timings, queries = [], set()
        for _ in range(args.repeat):
            db.session.expire_all()
            from council.permissions import forget_memberships

            forget_memberships()
            seconds, count, result = counted(lambda: digest.build(office))
            timings.append(seconds)
            queries.add(count)
        rows = sum(len(t.rows) for _s, t in result.tables())
        print(f"digest.build, {len(result.councils)} councils, {rows} rows: median {statistics.median(timings) * 1000:.0f} ms"
              f" (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}) over {args.repeat} runs; "
              f"queries {sorted(queries)}")
        seconds, _count, body = counted(lambda: exports.to_csv(digest.build(office)))
        print(f"digest as CSV: {seconds * 1000:.0f} ms, {len(body.encode()):,} bytes")

    client = app.test_client()
    assert client.post("/login", data={"email": "office@example.org", "password": PASSWORD}).status_code == 302
    for path in ("/digest", "/digest/export.csv", "/digest/export.json"):
        client.get(path)
        timings, counts = [], set()
        for _ in range(args.repeat):
            with app.app_context():
                seconds, count, response = counted(lambda: client.get(path, headers={"Accept-Encoding": "gzip"}))
            assert response.status_code == 200, response.status_code
            timings.append(seconds)
            counts.add(count)
        print(f"GET {path}: median {statistics.median(timings) * 1000:.0f} ms, {len(response.data):,} bytes sent, "
              f"queries {sorted(counts)}")


if __name__ == "__main__":
    main()
