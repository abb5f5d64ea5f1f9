"""The shape of the office reader's digest, shared by the domains that add to it.

The digest is data, not HTML: each domain answers the collecting event `events.office_digest` with
its parts (tables of plain figures and rows, what waits for the reader, what changed), computed for
a `Scope` (the reader, the councils and destinations they follow, the period). The digests domain
puts the parts in the order of SECTIONS and renders the same data as a page, an e-mail, a feed and
exports. A section no domain fills is absent. Every domain applies the permission rules in its own
queries: a part holds only what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

# In the order the digest shows them.
SECTIONS = ("bottom_line", "alerts", "responses", "regional", "monitoring", "summaries", "notes")

# How many rows of one table the digest lists (the rest is counted, not shown).
ROW_LIMIT = 100


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # "text", "number", "date", "user" (what people typed), "flag"


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]  # plain values only: str, int, float, bool, None; dates as ISO text
    total: int | None = None  # rows there were, when more than the rows listed
    people: int | None = None  # how many people stand behind the figures, when known
    chart: str | None = None  # "bars": the digest draws the table's first number columns as a chart

    @property
    def more(self) -> int:
        return max(0, (self.total or 0) - len(self.rows))


@dataclass
class Waiting:
    """Something waiting for the reader: an unacknowledged forwarding, an escalation due..."""

    kind: str  # translated label of the kind
    what: str  # what people typed (a title)
    council: str
    due: date | None
    overdue: bool
    status: str


@dataclass
class Part:
    """One domain's contribution to one section."""

    section: str  # one of SECTIONS
    tables: list[Table] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    changes: list[tuple[str, int]] = field(default_factory=list)  # (translated label, count)
    backlog: dict[str, dict[int, int]] = field(default_factory=dict)  # what waits for review -> council id -> how many
    activity: dict[int, int] = field(default_factory=dict)  # council id -> things the council did in the period
    order: int = 50


@dataclass
class Scope:
    """What one digest covers. `council_ids` and `destination_ids` are what the reader follows;
    names are in the reader's language, loaded once by the digest."""

    reader: Any
    start: date
    end: date  # the last day, included
    council_ids: tuple[int, ...]
    destination_ids: tuple[int, ...]
    council_names: dict[int, str] = field(default_factory=dict)
    council_regions: dict[int, int] = field(default_factory=dict)  # council id -> region id
    region_names: dict[int, str] = field(default_factory=dict)
    destination_names: dict[int, str] = field(default_factory=dict)
    now: datetime | None = None  # the moment ages and deadlines are reckoned at

    @property
    def since(self) -> datetime:
        return midnight(self.start)

    @property
    def until(self) -> datetime:
        """The end of the period (exclusive): midnight after its last day, UTC."""
        return midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def council(self, council_id: int | None) -> str:
        return self.council_names.get(council_id or 0, "")

    def destination(self, destination_id: int | None) -> str:
        return self.destination_names.get(destination_id or 0, "")


class Labels:
    """Labels looked up once per digest: `labels(fn, *key)` calls `fn(*key)` the first time only
    (translating the same status for each of a thousand rows is not free)."""

    def __init__(self) -> None:
        self._found: dict[tuple, Any] = {}

    def __call__(self, fn, *key):
        k = (fn, *key)
        if k not in self._found:
            self._found[k] = fn(*key)
        return self._found[k]


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()
