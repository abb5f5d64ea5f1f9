"""The hash chain of the audit log: each row carries sha256(previous row's hash + its own fields).

Changing, removing or reordering a row breaks the chain at that row (or at the next one, for a
removed row), which `flask council verify-audit` finds. Pure functions: the migration that
chained existing rows uses them too, so they must not change (a new scheme needs a new name)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

GENESIS = "0" * 64  # the "previous hash" of the first row

FIELDS = ("created_at", "actor_id", "action", "target_type", "target_id", "council_id", "client_address", "detail")


def _instant(value: datetime) -> str:
    if value.tzinfo is None:  # SQLite reads back without the zone; it is stored in UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: dict[str, Any]) -> str:
    """The row's fields as one canonical JSON text (sorted keys, no spaces, UTC time)."""
    values = {name: fields.get(name) for name in FIELDS}
    values["created_at"] = _instant(values["created_at"])
    values["detail"] = values["detail"] or {}
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(previous: str | None, fields: dict[str, Any]) -> str:
    """The hash of a row whose predecessor's hash is `previous` (None for the first row)."""
    text = (previous or GENESIS) + "\n" + canonical(fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Break:
    """Where the chain breaks: the first row whose stored hash is not what its fields give."""

    row_id: int
    position: int  # 1-based, in id order
    stored: str | None
    expected: str


def first_break(rows: Iterable[tuple[int, str | None, dict[str, Any]]]) -> tuple[int, Break | None]:
    """Walk (id, stored hash, fields) in id order; the number of rows checked and the first break."""
    previous: str | None = None
    checked = 0
    for row_id, stored, fields in rows:
        checked += 1
        expected = link(previous, fields)
        if stored != expected:
            return checked, Break(row_id=row_id, position=checked, stored=stored, expected=expected)
        previous = stored
    return checked, None
