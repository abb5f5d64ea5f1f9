"""Refused requests in the audit log: every 403 (a signed-in person asking for an action or page
their role does not allow) is recorded with who asked, what and from where.

The request itself rolls back (its status is 400 or more), so the event is committed on its own
by services.record_refusal()."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from council.audit import services

# Longest path kept; the rest is cut (a path names the object, it never needs to be long).
MAX_PATH = 300


def record_forbidden(response):
    """After-request hook: record a 403 response (never its query string or form data)."""
    if response.status_code != 403:
        return response
    actor_id = current_user.id if current_user.is_authenticated else None  # read before the rollback
    services.record_refusal(
        actor_id, "access.refuse", after={"method": request.method, "path": request.path[:MAX_PATH]},
    )
    return response
