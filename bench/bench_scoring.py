"""Scoring benchmark (issue 13): every scorecard of a cycle at national scale, and its pages.

Run: ``python -m bench.bench_scoring [--scale national|medium] [--keep DIR]`` (default
``national``: 20,000 commitments, 300,000 tasks, 2.1M reports from
``camket.monitoring.generator``; SQLite, or PostgreSQL under ``bin/with-postgres`` as ``make
bench`` runs it). Measures, in the same run:
- computing and storing every scorecard (commitment, agency, province, partner, sector) of the
  latest cycle under CamKet's default criteria, with the provenance each score keeps (the
  formula's rows stored once per computation in ``ScoreInput``, the ids each score counted,
  met and skipped, the formula version); from nothing (the cycle's scorecards and stored rows
  deleted first), then again over what the first run wrote; against the raw SQL aggregates the
  same figures need (reports and tasks per agency, per commitment, per partner and per sector,
  completion dates, obligations covered), run on a bare cursor (goal: under 60 s, ratio at
  most 3). The CPU time of this process is printed beside each: on a shared machine the wall
  clock also counts other people's work (on PostgreSQL the server's work is not in it);
- p50/p95 of the ranking page and of the largest scorecard page through the views, against the
  SELECTs each request runs replayed on a bare cursor (goal: p95 < 300 ms), with this
  process's CPU per request.

Decision 0015 ("Measures") records the figures and the commands.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_monitoring import TODAY, own_sql, raw, report, setup_django, timed


def baseline_aggregates(cycle) -> list:
    """The GROUP BY queries behind the computed figures, without provenance or Python."""
    from django.db.models import Count, F, Min, Q

    from camket.monitoring.models import ProgressReport
    from camket.obligations.models import Obligation, Task
    from camket.registry.models import Commitment

    reports = ProgressReport.objects.filter(cycle=cycle).order_by()
    due = Q(due_on__lt=TODAY) | Q(submitted_on__isnull=False)
    report_figures = {
        "due": Count("pk", filter=due),
        "on_time": Count("pk", filter=Q(submitted_on__lte=F("due_on"))),
    }
    served = "task__obligations__commitment"
    tasks = (
        Task.objects.filter(due_on__lte=cycle.ends_on)
        .exclude(status=Task.Status.CANCELLED)
        .order_by()
    )
    task_figures = {
        "counted": Count("pk", filter=Q(due_on__lt=TODAY) | Q(status=Task.Status.COMPLETED)),
        "completed": Count("pk", filter=Q(status=Task.Status.COMPLETED)),
    }
    mine = [
        Obligation.Addressee.VIET_NAM,
        Obligation.Addressee.EACH_PARTY,
        Obligation.Addressee.ALL_PARTIES,
    ]
    obligations = Obligation.objects.filter(addressee__in=mine).order_by()
    covered = {"n": Count("pk", distinct=True), "covered": Count("tasks", distinct=True)}
    return [
        reports.values("agency_id").annotate(**report_figures),
        reports.values(served).annotate(**report_figures),
        reports.values(f"{served}__partners").annotate(**report_figures),
        reports.values(f"{served}__sectors").annotate(**report_figures),
        ProgressReport.objects.filter(progress="completed", submitted_on__isnull=False)
        .order_by()
        .values("task_id")
        .annotate(on=Min("submitted_on")),
        tasks.values("lead_agency_id").annotate(**task_figures),
        tasks.values("obligations__commitment").annotate(**task_figures),
        tasks.values("obligations__commitment__partners").annotate(**task_figures),
        tasks.values("obligations__commitment__sectors").annotate(**task_figures),
        obligations.values("commitment_id").annotate(**covered),
        obligations.values("commitment__lead_agency_id").annotate(**covered),
        Commitment.objects.filter(kind="treaty", in_force_on__lte=cycle.ends_on)
        .order_by()
        .values("lead_agency_id")
        .annotate(n=Count("pk")),
    ]


def bench_compute(cycle, criteria_set) -> None:
    from camket.evaluation.scoring import actions
    from camket.evaluation.scoring.models import Score, Scorecard, ScoreInput

    baseline = raw(baseline_aggregates(cycle))
    baseline()  # warm the page cache as the computation's first reads are warmed below
    base = [_clocked(baseline) for _ in range(3)]
    Scorecard.objects.filter(cycle=cycle).delete()
    ScoreInput.objects.filter(cycle=cycle).delete()
    compute = lambda: actions.compute_scorecards(  # noqa: E731
        criteria_set, cycle, acting_user=None, today=TODAY
    )
    first, first_cpu, counts = _clocked(compute, result=True)
    second, second_cpu, again = _clocked(compute, result=True)
    best, best_cpu = min(base)
    stored = ScoreInput.objects.filter(cycle=cycle)
    print(
        f"all scorecards of “{cycle.title}”: {counts['created']:,} scorecards, "
        f"{Score.objects.filter(scorecard__cycle=cycle).count():,} scores, "
        f"{sum(stored.values_list('row_count', flat=True)):,} input rows stored once "
        f"({stored.count()} formulas); first computation {first:.1f} s (CPU {first_cpu:.1f} s), "
        f"recomputation ({again['updated']:,} updated) {second:.1f} s (CPU {second_cpu:.1f} s) "
        "(goal < 60 s)"
    )
    print(
        f"raw SQL aggregates they need: best of 3 {best:.1f} s (CPU {best_cpu:.1f} s)  "
        f"ratio {first / best:.2f} first, {second / best:.2f} recomputation (goal <= 3)"
    )


def _clocked(fn, result: bool = False):
    """(wall seconds, this process's CPU seconds[, what ``fn`` returned])."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    timing = (time.perf_counter() - wall, time.process_time() - cpu)
    return (*timing, value) if result else timing


def bench_pages(coordinator, cycle, criteria_set) -> None:
    from django.db.models import Count
    from django.test import Client

    from camket.evaluation.scoring.models import Scorecard

    client = Client()
    client.force_login(coordinator)
    largest = (
        Scorecard.objects.filter(cycle=cycle, subject="agency")
        .annotate(n=Count("scores"))
        .order_by("-total")
        .first()
    )

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    cases = [
        ("ranking of commitments", f"/scorecards/?cycle={cycle.pk}&subject=commitment"),
        ("ranking of agencies", f"/scorecards/?cycle={cycle.pk}&subject=agency"),
        ("scorecard of an agency", largest.get_absolute_url()),
    ]
    for label, url in cases:
        cpu = time.process_time()
        view = timed(get(url))
        cpu = (time.process_time() - cpu) / (len(view) + 1)
        report(f"coordinator {label}", view, timed(own_sql(client, url)))
        print(f"  (this process's CPU per request: {cpu * 1000:.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="national")
    parser.add_argument("--seed", type=int, default=56)
    parser.add_argument("--keep", type=Path, help="keep and reuse the SQLite database here")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, args.keep)
    with tempfile.TemporaryDirectory() as tmp:
        return run(args, Path(tmp))


def run(args, folder: Path) -> int:
    setup_django(folder)
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.db import connection

    from camket.evaluation.scoring.demo import approved_default_set
    from camket.monitoring.generator import generate
    from camket.monitoring.models import ReportingCycle

    print(f"database: {connection.vendor}")
    if ReportingCycle.objects.exists():
        print(f"reusing the generated database in {folder}")
    else:
        start = time.perf_counter()
        counts = generate(args.scale, args.seed, TODAY)
        print(f"generate --scale {args.scale}: {counts} in {time.perf_counter() - start:.1f} s")
    coordinator = get_user_model().objects.get(username="gen-coordinator")
    cycle = ReportingCycle.objects.order_by("-ends_on").first()
    criteria_set = approved_default_set()
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        bench_compute(cycle, criteria_set)
        bench_pages(coordinator, cycle, criteria_set)
    return 0


if __name__ == "__main__":
    sys.exit(main())
