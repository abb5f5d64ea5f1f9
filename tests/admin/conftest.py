"""Fixtures for the admin tests: an administrator, signed in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.audit.models import AuditEvent
from council.extensions import db
from tests.conftest import login, make_user


@pytest.fixture
def admin(app):
    return make_user(site_role="admin", display_name="Root Admin", email="root@example.org")


@pytest.fixture
def admin_client(client, admin):
    login(client, admin)
    return client


def events(action: str) -> list[AuditEvent]:
    """The audit events of one kind, oldest first."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
