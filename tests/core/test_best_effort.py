"""Writes that reading a page makes on the way (council/core/transaction.py, best_effort): the
visit to an item and a session's last-seen time never fail the page. On SQLite a reading request
cannot write while another request commits ("database is locked"); the write is then skipped,
and everything else the request did stays."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from council.agendas.models import ItemVisit
from council.core import transaction
from council.extensions import db
from tests.conftest import make_council, make_item, make_membership, make_post, make_user


def _locked():
    raise OperationalError("INSERT INTO item_visits ...", {}, sqlite3.OperationalError("database is locked"))


def test_a_write_refused_by_a_busy_database_is_skipped_on_sqlite(app):
    if db.engine.dialect.name != "sqlite":
        with pytest.raises(OperationalError):
            transaction.best_effort(_locked, "visit")
        return
    assert transaction.best_effort(_locked, "visit") is False
    assert db.session.scalar(select(1)) == 1  # the request's transaction goes on


def test_the_item_page_is_served_when_its_visit_cannot_be_recorded(app, client_for, monkeypatch):
    council = make_council()
    member = make_user()
    make_membership(member, council)
    item = make_item(council, status="open")
    make_post(item, member, "Before the visit.")
    reader = client_for(member)
    real = transaction.best_effort

    def refused(write, what):
        return real(_locked, what) if what == "visit" else real(write, what)

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no such refusal: the visit is written in the request")
    monkeypatch.setattr(transaction, "best_effort", refused)
    response = reader.get(f"/councils/{council.id}/agenda/{item.id}")
    assert response.status_code == 200 and "Before the visit." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ItemVisit).filter_by(user_id=member.id)) is None
