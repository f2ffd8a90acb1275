"""Obligations benchmark (issue 3): the roadmap page of a commitment with 2,000 tasks.

Run: ``python -m bench.bench_obligations``. Builds a throw-away SQLite database, one commitment,
one obligation per task and 2,000 tasks spread over five years and 20 agencies, then times the
roadmap page through the view (coordinator) against the raw query it needs, in the same run.
Goal: p95 under 300 ms. Extraction throughput is measured by ``bench.bench_extraction``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

TASKS = 2000
ROUNDS = 20


def setup(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camket.settings")
    os.environ["CAMKET_DB_PATH"] = str(tmp / "bench.sqlite3")
    os.environ["CAMKET_VAR_DIR"] = str(tmp)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill():
    from camket.agencies.models import Agency
    from camket.obligations.actions import (
        ObligationData,
        PlanData,
        TaskData,
        bulk_create_tasks,
        create_obligation,
        create_plan,
    )
    from camket.obligations.models import Task
    from camket.registry.actions import CommitmentData, EventData, create_commitment

    agencies = list(Agency.objects.filter(kind__in=["ministry", "province"])[:20])
    signed = dt.date(2018, 3, 8)
    commitment = create_commitment(
        CommitmentData(
            code="vn/treaty/2018/bench",
            kind="treaty",
            level="state",
            scope="regional",
            title_vi="Hiệp định thử tải",
            lead_agency=agencies[0].code,
            events=[EventData("signature", signed), EventData("entry_into_force", signed)],
        ),
        acting_user=None,
    )
    obligation = create_obligation(
        ObligationData(commitment=commitment.pk, text="Nghĩa vụ", modality="shall"),
        acting_user=None,
    )
    plan = create_plan(
        PlanData(code="kh-bench", title_vi="Kế hoạch", agency=agencies[0].code), acting_user=None
    )
    start = dt.date(2026, 1, 1)
    bulk_create_tasks(
        TaskData(
            plan=plan.pk,
            number=str(i),
            title=f"Nhiệm vụ số {i}",
            lead_agency=agencies[i % 20].code,
            starts_on=start + dt.timedelta(days=i % 900),
            due_on=start + dt.timedelta(days=i % 900 + 30 + i % 400),
            status=Task.Status.values[i % 4],
            obligations=[obligation.pk],
        )
        for i in range(TASKS)
    )
    return commitment


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.contrib.auth import get_user_model
        from django.test import Client

        from camket.agencies.models import Agency, Membership
        from camket.obligations.models import Task

        commitment = fill()
        user = get_user_model().objects.create(username="bench")
        Membership.objects.create(
            user=user, agency=Agency.objects.get(code="bng-vulpdu"), role="coordinator"
        )
        client = Client()
        client.force_login(user)
        url = f"/implementation/c/{commitment.code}/"
        client.get(url)
        view, raw = [], []
        for _ in range(ROUNDS):
            began = time.perf_counter()
            response = client.get(url)
            view.append(time.perf_counter() - began)
            assert response.status_code == 200 and response.content.count(b"rm-row") >= TASKS
            began = time.perf_counter()
            list(
                Task.objects.filter(obligations__commitment=commitment)
                .distinct()
                .values("pk", "title", "status", "starts_on", "due_on", "lead_agency__name_vi")
            )
            raw.append(time.perf_counter() - began)
        print(
            f"roadmap page, {TASKS} tasks: p50 {percentile(view, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(view, 0.95) * 1000:.0f} ms (goal < 300 ms); raw query p95 "
            f"{percentile(raw, 0.95) * 1000:.1f} ms; "
            f"ratio {percentile(view, 0.95) / percentile(raw, 0.95):.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
