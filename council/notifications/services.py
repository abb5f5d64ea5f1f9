"""Placeholder, being written: notify() records in-app notifications and sends e-mail per choice."""

from __future__ import annotations


def notify(recipients, kind, *, council_id=None, item_id=None, post_id=None, data=None, exclude_user_id=None):
    """Tell `recipients` (User objects or ids) about something of `kind` (notifications.models.Kind)."""
    return []
