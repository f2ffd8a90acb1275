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

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from camket.agencies.models import Agency
from camket.audit.actions import record_audit
from camket.monitoring import counts, notify
from camket.monitoring.actions import (
    ReportData,
    bulk_create_reports,
    close_cycle,
    materialize_reports,
)
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations.models import Task
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
            is_sample=False,
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


########## The sample reporting round ##########
# Progress reports cannot come from a public source. To show the monitoring side (dashboards,
# trends, on-time rates), the demo generates one past round, the half-year before the current
# one, as sample data: the cycle is flagged ``is_sample``, its title says so, every report's
# narrative starts with SAMPLE_PREFIX, and every page or export showing it carries the banner
# (``camket.monitoring.sample``). The current cycle stays real: empty drafts only.

SAMPLE_PREFIX = "[Dữ liệu mẫu] "
SAMPLE_NARRATIVE = (
    SAMPLE_PREFIX + "Báo cáo do CamKet tạo tự động để minh họa chức năng theo dõi; "
    "không phải báo cáo thật của cơ quan."
)
# (progress, percent) by the first byte of a report's key digest: a fixed mix, never random.
_SAMPLE_PROGRESS = (
    ("completed", 100),
    ("on_track", 60),
    ("on_track", 45),
    ("at_risk", 35),
    ("late", 20),
    ("on_track", 75),
)


@dataclass(frozen=True)
class SampleRound:
    cycle: ReportingCycle
    created: bool
    reports: int


def previous_half_year(today: dt.date) -> HalfYear:
    """The half-year before the one containing ``today``."""
    current = half_year(today)
    period = half_year(current.starts_on - dt.timedelta(days=1))
    return HalfYear(f"{period.title} (dữ liệu mẫu)", *dataclasses.astuple(period)[1:])


def _sample_values(key: str, due_on: dt.date) -> dict:
    digest = hashlib.sha256(key.encode()).digest()
    progress, percent = _SAMPLE_PROGRESS[digest[0] % len(_SAMPLE_PROGRESS)]
    late_by = digest[1] % 20 - 14  # submitted from 14 days early to 5 days late
    return {
        "status": ProgressReport.Status.APPROVED,
        "progress": progress,
        "percent_done": percent,
        "narrative": SAMPLE_NARRATIVE,
        "submitted_on": due_on + dt.timedelta(days=late_by),
    }


@transaction.atomic
def create_sample_round(*, acting_user, today: dt.date | None = None) -> SampleRound:
    """Create (once) the closed sample round of the previous half-year; see above.

    One approved report per open task of an agency leading a commitment and per commitment
    Viet Nam is party to, with a fixed mix of progress values; then the cycle is closed, which
    freezes its figures as a real closed cycle's are. Re-running finds the round and writes
    nothing.
    """
    period = previous_half_year(today or timezone.localdate())
    found = ReportingCycle.objects.filter(is_sample=True, starts_on=period.starts_on).first()
    if found is not None:
        return SampleRound(found, False, 0)
    cycle = ReportingCycle.objects.create(
        title=period.title,
        frequency=ReportingCycle.Frequency.HALF_YEARLY,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=period.due_on,
        is_sample=True,
        created_by=acting_user,
    )
    party = Commitment.objects.filter(is_reference=False)
    cycle.agencies.add(*Agency.objects.filter(pk__in=party.values("lead_agency_id")))
    agencies = dict(cycle.agencies.values_list("pk", "code"))
    items = [
        ReportData(
            cycle=cycle.pk,
            agency=agencies[lead],
            due_on=period.due_on,
            task=pk,
            **_sample_values(f"task:{pk}", period.due_on),
        )
        for pk, lead in Task.objects.filter(lead_agency_id__in=agencies)
        .exclude(status=Task.Status.CANCELLED)
        .values_list("pk", "lead_agency_id")
    ]
    items += [
        ReportData(
            cycle=cycle.pk,
            agency=agencies[lead],
            due_on=period.due_on,
            commitment=pk,
            **_sample_values(f"commitment:{code}", period.due_on),
        )
        for pk, code, lead in party.values_list("pk", "code", "lead_agency_id")
    ]
    created = bulk_create_reports(items, action="report.sample")
    counts.refresh_reports(cycle.pk)
    record_audit(cycle, "cycle.sample_created", acting_user, after={"reports": len(created)})
    cycle = close_cycle(cycle, acting_user=acting_user, today=today or timezone.localdate())
    return SampleRound(cycle, True, len(created))
