"""The demo's reporting cycle: the current half-year, opened for every agency with a commitment.

``camket createdemo`` calls :func:`open_demo_cycle` after loading the commitments, so that each
agency's officers find their draft reports (empty: no narrative, no figure is invented) on the
report list, as they would after the coordinator opened a cycle.

The period is the half-year containing ``today`` rather than fixed dates, so the demo always
shows a cycle in progress with its deadline ahead: from 01/07 to 31/12 the cycle is
"6 tháng cuối năm YYYY" (01/07/YYYY–31/12/YYYY, due 15/01 of the next year), from 01/01 to 30/06
"6 tháng đầu năm YYYY" (01/01/YYYY–30/06/YYYY, due 15/07/YYYY). Run on 23/11/2026 it opens
"6 tháng cuối năm 2026", due 15/01/2027.

Idempotent: a half-yearly cycle for the same period is reused, never duplicated, and
``materialize_reports`` creates only the reports it lacks (for commitments loaded since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from camket.agencies.models import Agency
from camket.audit.actions import record_audit
from camket.monitoring import notify
from camket.monitoring.actions import materialize_reports
from camket.monitoring.models import ReportingCycle
from camket.registry.models import Commitment

DUE_DAY = 15  # reports are due on the 15th of the month after the period


@dataclass(frozen=True)
class HalfYear:
    title: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date


@dataclass(frozen=True)
class DemoCycle:
    cycle: ReportingCycle
    created: bool
    reports: int


def half_year(today: dt.date) -> HalfYear:
    """The half-year containing ``today``, titled as the coordinator titles it."""
    year = today.year
    if today.month <= 6:
        return HalfYear(
            f"6 tháng đầu năm {year}",
            dt.date(year, 1, 1),
            dt.date(year, 6, 30),
            dt.date(year, 7, DUE_DAY),
        )
    return HalfYear(
        f"6 tháng cuối năm {year}",
        dt.date(year, 7, 1),
        dt.date(year, 12, 31),
        dt.date(year + 1, 1, DUE_DAY),
    )


@transaction.atomic
def open_demo_cycle(*, acting_user=None, today: dt.date | None = None) -> DemoCycle:
    """Open (or complete) the demo cycle of the current half-year; see the module docstring.

    It covers every commitment (none picked) and every agency leading a commitment Viet Nam is
    party to. A cycle closed since is left as it is.
    """
    period = half_year(today or timezone.localdate())
    cycle = (
        ReportingCycle.objects.select_for_update()
        .filter(
            frequency=ReportingCycle.Frequency.HALF_YEARLY,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
        )
        .order_by("pk")
        .first()
    )
    created = cycle is None
    if created:
        cycle = ReportingCycle.objects.create(
            title=period.title,
            frequency=ReportingCycle.Frequency.HALF_YEARLY,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            due_on=period.due_on,
            created_by=acting_user,
        )
    elif cycle.is_closed:
        return DemoCycle(cycle, False, 0)
    leads = Commitment.objects.filter(is_reference=False).values("lead_agency_id")
    cycle.agencies.add(*Agency.objects.filter(pk__in=leads))
    reports = materialize_reports(cycle)
    if created:
        record_audit(cycle, "cycle.opened", acting_user, after={"reports": reports})
        agency_ids = list(cycle.agencies.values_list("pk", flat=True))
        transaction.on_commit(lambda: notify.cycle_opened(cycle.pk, agency_ids))
    elif reports:
        record_audit(cycle, "cycle.reports_added", acting_user, after={"reports": reports})
    return DemoCycle(cycle, created, reports)
