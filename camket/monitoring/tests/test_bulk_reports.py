"""The bulk report writer (the generator's path): validated, audited, constant queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from camket.audit.models import AuditEvent
from camket.monitoring.actions import ReportData, bulk_create_reports
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_task


def reports(cycle, tasks) -> list[ReportData]:
    return [
        ReportData(
            cycle=cycle.pk,
            agency=task.lead_agency.code,
            task=task.pk,
            due_on=cycle.due_on,
            percent_done=10,
        )
        for task in tasks
    ]


def queries(items) -> int:
    with CaptureQueriesContext(connection) as captured:
        bulk_create_reports(items)
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_the_number_of_reports(cycle, vkfta):
    tasks = [make_task(vkfta, title=f"Nhiệm vụ số {i}") for i in range(14)]
    assert queries(reports(cycle, tasks[:2])) == queries(reports(cycle, tasks[2:]))
    events = AuditEvent.objects.filter(action="report.generated")
    assert events.count() == ProgressReport.objects.count() == 14
    assert all(e.object_repr.startswith("6 tháng đầu năm 2026 · Nhiệm vụ số") for e in events)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"percent_done": 101}, "percent_done"),
        ({"status": "xong"}, "status"),
        ({"task": None}, "task"),
    ],
)
def test_an_invalid_report_writes_nothing(cycle, bct_task, changes, field):
    good = reports(cycle, [bct_task])[0]
    bad = ReportData(**{**good.__dict__, **changes})
    with pytest.raises(ValidationError) as caught:
        bulk_create_reports([good, bad])
    assert field in caught.value.message_dict
    assert (
        not ProgressReport.objects.exists()
        and not AuditEvent.objects.filter(action="report.generated").exists()
    )
