"""Monitoring benchmarks (issue 4): generation, dashboards and lists, official PDF report.

Run: ``python -m bench.bench_monitoring [--scale national|medium]`` (default ``national``,
DESIGN.md §1 scale: 20,000 commitments, 300,000 tasks, 2.1M reports; about 5 minutes to
generate and 7 in all on SQLite with 2 cores; ``medium`` is a tenth of it, about 1 minute).
Uses a throw-away SQLite database, or PostgreSQL when ``CAMKET_DB_ENGINE=postgresql``
(``make bench`` runs it on both; by hand, ``bin/with-postgres .venv/bin/python -m
bench.bench_monitoring``, with the server settings of ``BENCH_PG_SETTINGS`` in the Makefile
in ``CAMKET_PG_SETTINGS``). Measures, in the same run:
- generation time;
- p50/p95 of the main dashboard, the overdue list and a filtered report list through the views
  (Django test client) for the coordinator and an officer, each as a ratio to the raw SQL
  the view needs: the SELECTs one request runs, replayed on a bare cursor (goals: p95 < 300 ms,
  ratio <= 3). The dashboards are also compared with aggregating the same figures from the
  reports and tasks themselves, which is what the kept counts spare them;
- the time to build and render the national PDF report of the last whole year (goal < 10 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 30  # p95 of fewer rounds moves too much from run to run on a 2-core machine
TODAY = dt.date(2026, 7, 20)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def setup_django(db_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camket.settings")
    os.environ.setdefault("CAMKET_DB_PATH", str(db_dir / "bench.sqlite3"))
    os.environ["CAMKET_VAR_DIR"] = str(db_dir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, rounds: int = ROUNDS) -> list[float]:
    fn()  # warm caches and templates
    values = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    return values


def raw(querysets) -> callable:
    """Run the SQL of ``querysets`` (or ``(sql, params)`` pairs) through a bare cursor."""
    from django.db import connection

    statements = [q if isinstance(q, tuple) else q.query.sql_with_params() for q in querysets]

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    run.queries = len(statements)  # how many statements one run replays
    return run


def dashboard_aggregates(user, cycle) -> list:
    """Every aggregate the dashboard shows, computed from the base tables.

    This is what the dashboard would run without ``ReportCount``/``TaskCount``: tasks per lead
    agency, the cycle's reports per agency, by status and by progress, and the commitment
    breakdowns (kind/status/lead, partner, sector, year) over what ``user`` may see.
    """
    from django.db.models import Count, Q

    from camket.monitoring import stats
    from camket.monitoring.models import ProgressReport
    from camket.obligations.models import Task
    from camket.registry.models import Commitment

    reports = ProgressReport.objects.visible_to(user).filter(cycle=cycle).order_by()
    commitments = Commitment.objects.visible_to(user).filter(is_reference=False).order_by()
    links = [
        getattr(Commitment, name).through.objects.filter(commitment_id__in=commitments.values("pk"))
        for name in ("partners", "sectors")
    ]
    return [
        Task.objects.visible_to(user)
        .order_by()
        .values("lead_agency_id")
        .annotate(
            tasks=Count("pk"),
            completed=Count("pk", filter=Q(status=Task.Status.COMPLETED)),
            overdue=Count("pk", filter=Q(status__in=stats.OPEN_TASK, due_on__lt=TODAY)),
        ),
        reports.values("agency_id").annotate(**stats.report_aggregates(TODAY)),
        reports.values("status").annotate(n=Count("pk")),
        reports.filter(status="approved").values("progress").annotate(n=Count("pk")),
        commitments.values("kind", "status", "lead_agency_id").annotate(n=Count("pk")),
        links[0].values("partner_id").annotate(n=Count("pk")),
        links[1].values("sector_id").annotate(n=Count("pk")),
        commitments.exclude(signed_on=None)
        .annotate(y=stats.Year("signed_on"))
        .values("y")
        .annotate(n=Count("pk")),
    ]


def own_sql(client, url: str) -> callable:
    """The SELECTs that one request of ``url`` runs, replayed on a bare cursor.

    This is the raw SQL the page needs, exactly as the view sends it: what the page costs on
    top of it is Python (ORM, template, middleware).
    """
    from django.db import connection

    statements = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return raw(statements)


def report(label: str, view: list[float], base: list[float], against: str = "own SQL") -> None:
    p50, p95 = percentile(view, 0.5) * 1000, percentile(view, 0.95) * 1000
    base95 = percentile(base, 0.95) * 1000
    print(
        f"{label:42} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {against} p95 {base95:6.1f} ms"
        f"  ratio {p95 / base95:5.2f}  (page cost over it {p95 - base95:6.1f} ms)"
    )


def bench_views(user, cycle, who: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    cases = [
        ("dashboard", "/monitoring/"),
        ("overdue list", "/monitoring/overdue/"),
        ("report list (cycle, approved)", f"/monitoring/reports/?cycle={cycle.pk}&status=approved"),
    ]
    for label, url in cases:
        page = timed(get(url))
        report(f"{who} {label}", page, timed(own_sql(client, url)))
        if label == "dashboard":
            # What the same figures cost when aggregated from the reports and tasks themselves.
            aggregates = timed(raw(dashboard_aggregates(user, cycle)))
            report(f"{who} {label}", page, aggregates, against="base tables")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="national")
    parser.add_argument("--seed", type=int, default=56)
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep the SQLite database in this folder and reuse it if it is already filled",
    )
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

    from camket.monitoring import official
    from camket.monitoring.generator import generate
    from camket.monitoring.models import ReportingCycle

    if ReportingCycle.objects.exists():
        print(f"reusing the generated database in {folder}")
    else:
        start = time.perf_counter()
        counts = generate(args.scale, args.seed, TODAY)
        print(f"generate --scale {args.scale}: {counts} in {time.perf_counter() - start:.1f} s")
    users = get_user_model().objects
    coordinator = users.get(username="gen-coordinator")
    officer = users.get(username="gen-officer-bct")
    cycle = ReportingCycle.objects.order_by("-ends_on").first()
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        bench_views(coordinator, cycle, "coordinator")
        bench_views(officer, cycle, "officer")
        bench_writes(officer, cycle)
        # The last whole year: every cycle ending in it, nationally.
        year = official.period_of(coordinator, f"year-{TODAY.year - 1}")
        start = time.perf_counter()
        pdf = official.render_pdf(official.build(coordinator, year, TODAY))
        elapsed = time.perf_counter() - start
    expected = official.build(coordinator, year, TODAY).board.reports.expected
    print(
        f"national PDF report for {year.title} ({len(year.cycles)} cycles, {expected:,} reports,"
        f" {len(pdf) // 1024} KiB): {elapsed:.1f} s (goal < 10 s)"
    )
    return 0


def bench_writes(officer, cycle) -> None:
    """What keeping the counts costs a write: saving a report with and without its recount."""
    from django.db import transaction

    from camket.monitoring import counts
    from camket.monitoring.models import ProgressReport

    report = ProgressReport.objects.filter(cycle=cycle, agency__code="bct").first()

    def save(recount: bool):
        def run():
            with transaction.atomic():
                report.percent_done = (report.percent_done + 1) % 100
                if recount:
                    report.save()
                else:
                    ProgressReport.objects.filter(pk=report.pk).update(
                        percent_done=report.percent_done
                    )

        return run

    plain, counted = timed(save(False)), timed(save(True))
    counts.refresh_reports(cycle.pk, [report.agency_id])
    print(
        f"report save: p95 {percentile(counted, 0.95) * 1000:.1f} ms with its recount,"
        f" {percentile(plain, 0.95) * 1000:.1f} ms as a bare UPDATE"
    )


if __name__ == "__main__":
    sys.exit(main())
