"""What the monitoring domain answers to lower domains' collecting events."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from council import events
from council.monitoring.models import Assessment, AssessmentStatus
from council.participation.queries import Source
from council.permissions import Permission, can


@events.participation_sources.connect
def _participation(council, viewer=None, since=None, until=None, **_kw):
    """Assessments drafted by members of the council, counted on its participation page when they
    were published in the period (the office reads only published assessments)."""
    if not can(viewer, Permission.VIEW_MONITORING, council):
        return None
    where = [Assessment.council_id == council.id, Assessment.status == AssessmentStatus.PUBLISHED.value,
             Assessment.author_id.is_not(None)]
    if since is not None:
        where.append(Assessment.published_at >= since)
    if until is not None:
        where.append(Assessment.published_at < until)
    return "assessments", Source(_l("Monitoring assessments"), select(func.count(Assessment.id)).where(*where),
                                 select(Assessment.author_id).where(*where).distinct(), order=50)
