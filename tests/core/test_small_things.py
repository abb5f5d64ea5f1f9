"""Issue 13, point 12: a name ending in a full stop, dates in the locale's medium format without
seconds, and a deadline that is the same day in every time zone."""

from __future__ import annotations

from datetime import date, datetime, timezone

from flask import render_template_string
from flask_babel import force_locale, gettext

from council.agendas.services import deadline_at
from tests.conftest import login, make_council, make_item, make_membership, make_user, tr
from tests.helpers import page_text

MOMENT = datetime(2026, 12, 10, 14, 5, 33, tzinfo=timezone.utc)


def said(app, language: str, template: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        return render_template_string(template, **values)


# --- "Tomás R.." --------------------------------------------------------------------------------


def test_a_name_ending_in_a_full_stop_gets_no_second_one(app):
    assert tr(app, "en", "Proposed by %(name)s.", name="Tomás R.") == "Proposed by Tomás R."
    assert tr(app, "ru", "Proposed by %(name)s.", name="Tomás R.").endswith("Tomás R.")
    assert said(app, "en", '{{ _("Proposed by %(name)s.", name=n) }}', n="Tomás R.") == "Proposed by Tomás R."
    assert said(app, "en", '{{ pgettext("x", "Proposed by %(name)s.", name=n) }}', n="Tomás R.") == "Proposed by Tomás R."
    # Elsewhere in a sentence the name keeps its full stop, and the value is still escaped.
    assert tr(app, "en", "Hello %(name)s,", name="Tomás R.") == "Hello Tomás R.,"
    assert said(app, "en", '{{ _("Proposed by %(name)s.", name=n) }}', n="<b>R.") == "Proposed by &lt;b&gt;R."
    with app.test_request_context():
        assert gettext("Proposed by %(name)s.", name="Sam") == "Proposed by Sam."


def test_the_thread_of_an_item_says_who_proposed_it_with_one_full_stop(client):
    council = make_council()
    member = make_user(display_name="Tomás R.")
    make_membership(member, council)
    from council.agendas import services
    from council.extensions import db

    item, _ = services.propose(council, title="Water points", description="Where the wells are.", theme="other",
                               place="", language="en", actor=member)
    db.session.commit()
    login(client, member)
    text = page_text(client.get(f"/councils/{council.id}/agenda/{item.id}"))
    assert "Proposed by Tomás R." in text and "Tomás R.." not in text


# --- dates --------------------------------------------------------------------------------------


def test_moments_are_written_in_the_medium_format_without_seconds(app):
    for language, day in {"en": "Dec 10, 2026", "fr": "10 déc. 2026", "es": "10 dic 2026", "zh": "2026年12月10日"}.items():
        for fmt in ("short", "medium", "long"):
            text = said(app, language, "{{ moment|datetimeformat(fmt) }}", moment=MOMENT, fmt=fmt)
            assert day in text, (language, fmt, text)
            assert ":33" not in text and "05" in text, text
        assert said(app, language, "{{ moment|dateformat('long') }}", moment=MOMENT) == \
            said(app, language, "{{ moment|dateformat }}", moment=MOMENT)


def test_a_deadline_is_the_same_day_in_every_time_zone(app):
    deadline = deadline_at(date(2026, 12, 10))
    for zone in ("Pacific/Kiritimati", "Pacific/Auckland", "UTC", "America/Los_Angeles", "Pacific/Pago_Pago"):
        app.config["BABEL_DEFAULT_TIMEZONE"] = zone
        try:
            assert said(app, "en", "{{ d|dayformat }} {{ day_iso(d) }}", d=deadline) == "Dec 10, 2026 2026-12-10", zone
        finally:
            app.config["BABEL_DEFAULT_TIMEZONE"] = "UTC"


def test_the_member_and_the_facilitator_see_the_same_deadline(client_for):
    council = make_council()
    east = make_user(timezone="Pacific/Auckland")
    west = make_user(timezone="America/Los_Angeles", site_role=None)
    make_membership(east, council)
    make_membership(west, council, role="facilitator")
    item = make_item(council, deadline=deadline_at(date(2026, 12, 10)))
    for person in (east, west):
        text = page_text(client_for(person).get(f"/councils/{council.id}/agenda/{item.id}"))
        assert "Dec 10, 2026" in text and "Dec 11, 2026" not in text and "Dec 9, 2026" not in text
