"""The small SVG timeline of a provision's page: one region's published levels over time (the page
shows the same figures in a table beside it)."""

from __future__ import annotations

from dataclasses import dataclass

from council.councils.models import Region
from council.monitoring import queries
from council.monitoring.matrix import latest_by_cell
from council.monitoring.models import Agreement, Assessment, Provision


@dataclass
class Timeline:
    """One region's published assessments of a provision over time, and its SVG drawing."""

    region: Region
    assessments: list[Assessment]

    WIDTH = 240
    HEIGHT = 72

    @property
    def points(self) -> list[tuple[float, float, Assessment]]:
        n = len(self.assessments)
        step = (self.WIDTH - 24) / max(n - 1, 1)
        placed = []
        for i, a in enumerate(self.assessments):
            if a.score is None:
                continue
            x = 12 + i * step if n > 1 else self.WIDTH / 2
            y = 8 + (3 - a.score) * (self.HEIGHT - 16) / 3
            placed.append((round(x, 1), round(y, 1), a))
        return placed

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y, _a) in enumerate(self.points))


def timelines(agreement: Agreement, provision: Provision, scope: queries.Scope) -> list[Timeline]:
    rows = queries.published(agreement, scope, provision_id=provision.id)
    history = latest_by_cell(rows, None)
    return [Timeline(region, history[(provision.id, region.id)]) for region in queries.regions(agreement)
            if (provision.id, region.id) in history]
