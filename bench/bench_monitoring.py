"""Monitoring benchmarks (issue 4): generation, dashboards and lists, official PDF report.

Run: ``python -m bench.bench_monitoring [--scale national|medium]`` (default ``national``,
DESIGN.md §1 scale: 20,000 commitments, 300,000 tasks, 2.1M reports; about 5 minutes to
generate and 7 in all on SQLite with 2 cores; ``medium`` is a tenth of it, about 1 minute).
Uses a throw-away SQLite database, or PostgreSQL when ``CAMKET_DB_ENGINE=postgresql``
(``bin/with-postgres .venv/bin/python -m bench.bench_monitoring``). Measures, in the same run:
- generation time;
- p50/p95 of the main dashboard, the overdue list and a filtered report list through the views
  (Django test client) for the coordinator and an officer, each as a ratio to the raw SQL
  the view needs (goals: p95 < 300 ms, ratio <= 3);
- the time to build and render the national PDF report of the latest cycle (goal < 10 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 15
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


def raw(sql: str, params: list):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def raw_dashboard(agency_ids: list[int] | None, cycle_id: int):
    """The three aggregates the dashboard cannot do without, in plain SQL."""
    ids = ",".join(map(str, agency_ids or []))
    scope_t = f"AND lead_agency_id IN ({ids})" if agency_ids else ""
    scope_r = f"AND agency_id IN ({ids})" if agency_ids else ""
    scope_c = f"WHERE lead_agency_id IN ({ids})" if agency_ids else ""
    queries = [
        raw(
            "SELECT lead_agency_id, COUNT(*), SUM(CASE WHEN status='completed' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN status IN ('not_started','in_progress') AND due_on < %s THEN 1 ELSE 0"
            f" END) FROM obligations_task WHERE 1=1 {scope_t} GROUP BY lead_agency_id",
            [TODAY],
        ),
        raw(
            "SELECT agency_id, COUNT(*), SUM(CASE WHEN status IN ('submitted','approved') THEN 1"
            " ELSE 0 END), SUM(CASE WHEN submitted_on <= due_on THEN 1 ELSE 0 END)"
            f" FROM monitoring_progressreport WHERE cycle_id = %s {scope_r} GROUP BY agency_id",
            [cycle_id],
        ),
        raw(f"SELECT kind, COUNT(*) FROM registry_commitment {scope_c} GROUP BY kind", []),
    ]

    def run():
        for query in queries:
            query()

    return run


def raw_list(table: str, where: str, params: list):
    count = raw(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)
    page = raw(f"SELECT * FROM {table} WHERE {where} ORDER BY due_on, id LIMIT 50", params)

    def run():
        count()
        page()

    return run


def report(label: str, view: list[float], base: list[float]) -> None:
    p50, p95 = percentile(view, 0.5) * 1000, percentile(view, 0.95) * 1000
    ratio = percentile(view, 0.95) / percentile(base, 0.95)
    print(
        f"{label:34} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  raw p95 "
        f"{percentile(base, 0.95) * 1000:6.1f} ms  ratio {ratio:4.1f}"
    )


def bench_views(user, agency_ids, cycle_id, who: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    ids = ",".join(map(str, agency_ids or []))
    scope_t = f"lead_agency_id IN ({ids}) AND " if agency_ids else ""
    scope_r = f"agency_id IN ({ids}) AND " if agency_ids else ""
    cases = [
        ("dashboard", "/monitoring/", raw_dashboard(agency_ids, cycle_id)),
        (
            "overdue list",
            "/monitoring/overdue/",
            raw_list(
                "obligations_task",
                f"{scope_t}status IN ('not_started','in_progress') AND due_on < %s",
                [TODAY],
            ),
        ),
        (
            "report list (cycle, approved)",
            f"/monitoring/reports/?cycle={cycle_id}&status=approved",
            raw_list(
                "monitoring_progressreport",
                f"{scope_r}cycle_id = %s AND status = 'approved'",
                [cycle_id],
            ),
        ),
    ]
    for label, url, baseline in cases:
        report(f"{who} {label}", timed(get(url)), timed(baseline))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="national")
    parser.add_argument("--seed", type=int, default=56)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from unittest import mock

        from django.contrib.auth import get_user_model

        from camket.monitoring import official
        from camket.monitoring.generator import generate
        from camket.monitoring.models import ReportingCycle

        start = time.perf_counter()
        counts = generate(args.scale, args.seed, TODAY)
        print(f"generate --scale {args.scale}: {counts} in {time.perf_counter() - start:.1f} s")
        users = get_user_model().objects
        coordinator = users.get(username="gen-coordinator")
        officer = users.get(username="gen-officer-bct")
        cycle = ReportingCycle.objects.order_by("-ends_on").first()
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            bench_views(coordinator, None, cycle.pk, "coordinator")
            bct = list(officer.memberships.values_list("agency_id", flat=True))
            bench_views(officer, bct, cycle.pk, "officer")
            start = time.perf_counter()
            pdf = official.render_pdf(official.build(coordinator, cycle, TODAY))
            elapsed = time.perf_counter() - start
        print(f"national PDF report ({len(pdf) // 1024} KiB): {elapsed:.1f} s (goal < 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
