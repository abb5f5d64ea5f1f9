"""The matrix of provisions (grouped by category) × regions, and the national aggregate, built from
a fixed number of queries whatever the size of the agreement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from council.councils.models import Region
from council.monitoring import queries
from council.monitoring.models import Agreement, Assessment, Provision, ProvisionCategory
from council.monitoring.services import contested, trend


@dataclass
class Filters:
    category_id: int | None = None
    gender_only: bool = False
    period: str | None = None
    regressed: bool = False
    overdue: bool = False


@dataclass
class Cell:
    region: Region
    applies: bool
    latest: Assessment | None = None
    previous_score: int | None = None
    evidence_count: int = 0
    contested: bool = False

    @property
    def score(self) -> int | None:
        return self.latest.score if self.latest else None

    @property
    def trend(self) -> str | None:
        return trend(self.score, self.previous_score)


@dataclass
class Row:
    provision: Provision
    cells: list[Cell]
    overdue: bool = False

    @property
    def regressed(self) -> bool:
        return any(c.trend == "down" for c in self.cells)


@dataclass
class Tally:
    """Shares at each level and the implementation index Σscore / (3 × n) over assessed cells."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    provisions: set[int] = field(default_factory=set)
    regions: set[int] = field(default_factory=set)

    def add(self, cell: Cell, provision_id: int) -> None:
        if cell.score is not None:
            self.counts[cell.score] += 1
            self.provisions.add(provision_id)
            self.regions.add(cell.region.id)

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def index(self) -> float | None:
        return sum(level * c for level, c in enumerate(self.counts)) / (3 * self.n) if self.n else None

    def share(self, level: int) -> float:
        return self.counts[level] / self.n if self.n else 0.0


@dataclass
class Matrix:
    agreement: Agreement
    regions: list[Region]
    groups: list[tuple[ProvisionCategory, list[Row]]]
    categories: list[ProvisionCategory]
    periods: list[tuple[str, date]]
    total: Tally
    by_category: list[tuple[ProvisionCategory, Tally]]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _c, rows in self.groups)


def latest_by_cell(assessments: list[Assessment], as_of: date | None) -> dict[tuple[int, int], list[Assessment]]:
    """Per (provision, region): the published assessments up to `as_of`, one per period, oldest first."""
    cells: dict[tuple[int, int], dict[date, Assessment]] = {}
    for a in assessments:  # ordered by period
        if as_of is not None and a.period_start > as_of:
            continue
        per_period = cells.setdefault((a.provision_id, a.region_id), {})
        kept = per_period.get(a.period_start)
        if kept is None or (a.published_at or a.created_at) >= (kept.published_at or kept.created_at):
            per_period[a.period_start] = a
    return {key: [per[d] for d in sorted(per)] for key, per in cells.items()}


def build(agreement: Agreement, scope: queries.Scope, filters: Filters, today: date) -> Matrix:
    provisions = queries.provisions(agreement)
    regions = queries.regions(agreement)
    published = queries.published_for_matrix(agreement, scope)
    assessments = published.assessments
    periods = sorted({(a.period, a.period_start) for a in assessments}, key=lambda p: p[1], reverse=True)
    as_of = next((start for key, start in periods if key == filters.period), None)
    history = latest_by_cell(assessments, as_of)
    groups: dict[int, tuple[ProvisionCategory, list[Row]]] = {}
    total, tallies = Tally(), {}
    for provision in provisions:
        cells = []
        for region in regions:
            cell = Cell(region, provision.applies_to(region.id))
            found = history.get((provision.id, region.id), [])
            if found:
                cell.latest = found[-1]
                cell.previous_score = found[-2].score if len(found) > 1 else None
                cell.evidence_count = published.evidence_counts.get(cell.latest.id, 0)
                cell.contested = contested(cell.latest, published.minority_scores.get(cell.latest.id, []))
            cells.append(cell)
        overdue = bool(provision.deadline and provision.deadline < (as_of or today)
                       and any(c.applies and c.score != 3 for c in cells))
        row = Row(provision, cells, overdue)
        if not _keep(row, filters):
            continue
        groups.setdefault(provision.category_id, (provision.category, []))[1].append(row)
        tally = tallies.setdefault(provision.category_id, (provision.category, Tally()))[1]
        for cell in cells:
            total.add(cell, provision.id)
            tally.add(cell, provision.id)
    order = sorted(groups.values(), key=lambda g: (g[0].position, g[0].id))
    return Matrix(agreement, regions, order, queries.categories(), periods, total,
                  sorted(tallies.values(), key=lambda t: (t[0].position, t[0].id)))


def _keep(row: Row, filters: Filters) -> bool:
    p = row.provision
    if filters.category_id is not None and p.category_id != filters.category_id:
        return False
    if filters.gender_only and not p.gender_stipulation:
        return False
    if filters.regressed and not row.regressed:
        return False
    return not (filters.overdue and not row.overdue)
