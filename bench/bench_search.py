"""Search everywhere (issue 16, item 5): the folded, ranked search of every list at national scale.

Run: ``python -m bench.bench_search [--scale national|medium]`` (default ``national``: 20,000
commitments, 20,000 plans, 300,000 obligations and 300,000 tasks from
``camket.monitoring.generator``, without the reporting cycles, which search does not read).
Throw-away SQLite, or PostgreSQL with ``bin/with-postgres .venv/bin/python -m bench.bench_search``.

For each list (commitments, plans, tasks) and query, p50/p95 over ``ROUNDS`` of what the list
view asks the database: the count and the first page, in the list's order. Baseline, in the
same run: a plain ``title__icontains`` of the accented words (what the task list did before),
same count and page. The folded search does more (names, title and body, diacritics folded,
ranked), so the ratio says what that costs; goal p95 < 300 ms (DESIGN.md list pages).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_monitoring import TODAY, percentile, setup_django, timed

QUERIES = [  # (typed, the accented words a plain icontains needs to find the same titles)
    ("lao dong", "lao động"),
    ("hai quan", "hải quan"),
    ("quy tac xuat xu hang hoa", "quy tắc xuất xứ hàng hóa"),
    ("c001234", "c001234"),
]
PAGE = 50


def _measure(label, search_page, plain_page) -> None:
    searched, plain = timed(search_page), timed(plain_page)
    s95, p95 = percentile(searched, 0.95), percentile(plain, 0.95)
    print(
        f"{label:<44} search p50 {percentile(searched, 0.5) * 1000:7.1f} ms  "
        f"p95 {s95 * 1000:7.1f} ms | icontains p95 {p95 * 1000:7.1f} ms | "
        f"ratio {s95 / p95:5.2f}"
    )


def bench_lists() -> None:
    from camket.obligations.models import ActionPlan, Task
    from camket.registry.models import Commitment
    from camket.search import search

    lists = [
        ("commitments", Commitment.objects.order_by("-signed_on", "code"), "title_vi"),
        ("plans", ActionPlan.objects.order_by("-created_at"), "title_vi"),
        ("tasks", Task.objects.order_by("due_on", "pk"), "title"),
    ]
    for name, queryset, title in lists:
        for typed, accented in QUERIES:
            found = search(queryset, typed)
            plain = queryset.filter(**{f"{title}__icontains": accented})
            count = found.count()

            def search_page(found=found):
                return found.count(), list(found[:PAGE])

            def plain_page(plain=plain):
                return plain.count(), list(plain[:PAGE])

            _measure(f"{name} q={typed!r} ({count} found)", search_page, plain_page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="national")
    parser.add_argument("--seed", type=int, default=56)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        from camket.monitoring import generator

        scale = generator.SCALES[args.scale]
        generator.SCALES["search"] = generator.Scale(
            commitments=scale.commitments, tasks_per_commitment=scale.tasks_per_commitment, cycles=0
        )
        start = time.perf_counter()
        counts = generator.generate("search", args.seed, TODAY)
        print(
            f"{connection.vendor}: generated {counts['commitments']} commitments, "
            f"{counts['tasks']} tasks in {time.perf_counter() - start:.1f} s"
        )
        bench_lists()
    return 0


if __name__ == "__main__":
    sys.exit(main())
