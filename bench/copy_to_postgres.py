"""Copy a generated SQLite bench database into PostgreSQL, then run a benchmark on it.

Generating the national scale (``camket.monitoring.generator``) takes 8 to 40 minutes per
engine on two cores; copying a database already generated for SQLite takes about 1.5 minutes.

Run: ``bin/with-postgres .venv/bin/python -m bench.copy_to_postgres DB.sqlite3 bench_scoring
[ARGS...]`` where ``DB.sqlite3`` was kept by ``bench_scoring --keep DIR`` or ``bench_portal
--keep DIR``. The target database is migrated, its seeded rows replaced by the SQLite rows of
every model (foreign-key triggers off during the copy: the SQLite database already kept them),
sequences reset and statistics gathered; the benchmark then reuses it. The audit trail and
stored scores are left out: no benchmark reads them, and the scoring bench recomputes scores.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_monitoring import setup_django

LEFT_OUT = {"audit_auditevent", "scoring_score", "scoring_scorecard", "scoring_scoreinput"}


def copy(source: Path) -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, models

    if connection.vendor != "postgresql":
        raise SystemExit("run under bin/with-postgres: the target must be PostgreSQL")
    src = sqlite3.connect(source)
    present = {n for (n,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    chosen = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
        and not m._meta.proxy
        and m._meta.db_table in present
        and m._meta.db_table not in LEFT_OUT
    ]
    quote = connection.ops.quote_name
    start = time.perf_counter()
    total = 0
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK trigger per row
        cursor.execute("SET TIME ZONE 'UTC'")  # SQLite keeps naive UTC datetimes
        tables = ", ".join(quote(m._meta.db_table) for m in chosen)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        for model in chosen:
            fields = model._meta.concrete_fields
            columns = ", ".join(quote(f.column) for f in fields)
            flags = [isinstance(f, models.BooleanField) for f in fields]
            rows = src.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")
            sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as out:
                for row in rows:
                    pairs = zip(row, flags, strict=True)
                    out.write_row([bool(v) if flag and v is not None else v for v, flag in pairs])
                    total += 1
        cursor.execute("SET session_replication_role = DEFAULT")
        for statement in connection.ops.sequence_reset_sql(no_style(), chosen):
            cursor.execute(statement)
        cursor.execute("ANALYZE")
    took = time.perf_counter() - start
    print(f"copied {total:,} rows of {len(chosen)} tables from {source} in {took:.1f} s")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2:
        raise SystemExit(__doc__)
    source, name, rest = Path(argv[0]), argv[1], argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup_django(folder)
        copy(source)
        bench = importlib.import_module(f"bench.{name}")
        return bench.main([*rest, "--keep", str(folder)])


if __name__ == "__main__":
    sys.exit(main())
