"""`camket createdemo` with and without the shared data sets: a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.obligations.models import ActionPlan, Task
from lawcore.shared_data import shared_data_path, skip_reason


def _state():
    return (
        AuditEvent.objects.count(),
        ActionPlan.objects.count(),
        Task.objects.count(),
        ReportingCycle.objects.count(),
        ProgressReport.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("with_data", [True, False], ids=["shared-data", "no-shared-data"])
def test_createdemo_twice_changes_nothing(with_data, monkeypatch, tmp_path):
    if with_data and shared_data_path("vn-implementation-plans") is None:
        pytest.skip(skip_reason("vn-implementation-plans"))
    if not with_data:
        monkeypatch.setenv("CAMKET_SHARED_DATA", str(tmp_path))  # an empty folder
    out = StringIO()
    call_command("createdemo", "--no-texts", stdout=out)
    first = _state()
    sample = ReportingCycle.objects.get(is_sample=True)
    assert sample.is_closed and "(dữ liệu mẫu)" in sample.title
    assert sample.reports.exclude(narrative__startswith="[Dữ liệu mẫu]").count() == 0
    assert ReportingCycle.objects.filter(is_sample=False, is_closed=False).count() == 1
    # The annual-review demo turns one remedy into a task, in a follow-up plan of its own.
    remedies = Task.objects.filter(external_key__startswith="review-remedy-")
    from_remedies = (remedies.values("plan").distinct().count(), remedies.count())
    assert from_remedies == (1, 1)
    plans_and_tasks = (first[1] - from_remedies[0], first[2] - from_remedies[1])
    if with_data:
        assert plans_and_tasks == (12, 43)
        assert sample.reports.filter(task__isnull=False).exists()
    else:
        assert plans_and_tasks == (0, 0)
        assert "Implementation plans" not in out.getvalue()
    call_command("createdemo", "--no-texts", stdout=StringIO())
    assert _state() == first
