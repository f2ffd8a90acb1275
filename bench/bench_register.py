"""Register benchmarks (issue 2): ToTA import and search latency, as ratios to baselines.

Run: ``python -m bench.bench_register``. Uses a throw-away SQLite database (or PostgreSQL when
``CAMKET_DB_ENGINE=postgresql``), imports all ToTA files from ``../shared/data/tota/xml`` and
measures, in the same run:
- import time vs ``lxml.etree.parse`` of the same files (goal: ratio <= 3);
- search p50/p95 through the view (Django test client, logged-in officer) vs the raw FTS query
  that the view needs (goal: p95 <= 50 ms, ratio <= 2).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "hiep dinh thuong mai tu do",
    "dieu uoc",
    "rules of origin",
    "customs valuation",
    "national treatment",
    "dispute settlement",
    "hiệp định",
    "cptpp",
    "labour rights",
    "sanitary and phytosanitary",
    "intellectual property",
    "government procurement",
    "investment",
    "tariff elimination",
    "state-owned enterprises",
    "anti-dumping",
    "technical barriers to trade",
    "electronic commerce",
    "temporary entry",
    "transparency",
    "korea",
    "viet nam",
    "environment",
    "competition policy",
    "safeguard measures",
    "certificate of origin",
    "most-favoured-nation",
    "services",
    "cooperation",
    "joint committee",
]
ROUNDS = 3


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


def time_lxml(files: list[Path]) -> float:
    from lxml import etree

    start = time.perf_counter()
    for path in files:
        etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    return time.perf_counter() - start


def time_import(files: list[Path]):
    from tqdm import tqdm

    from camket.registry.tota_import import import_files

    with tqdm(total=len(files), unit="file", desc="import", file=sys.stderr) as bar:
        start = time.perf_counter()
        summary = import_files(files, progress=lambda _p: bar.update())
        return time.perf_counter() - start, summary


def officer():
    from django.contrib.auth import get_user_model

    from camket.agencies.models import Agency, Membership

    user, _ = get_user_model().objects.get_or_create(username="bench_officer")
    Membership.objects.get_or_create(
        user=user, agency=Agency.objects.get(code="bct"), role=Membership.Role.OFFICER
    )
    return user


def time_view(user) -> list[float]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    timings = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            response = client.get("/register/search/", {"q": query})
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200
    return timings


def time_raw(user) -> list[float]:
    """The SQL the view needs, run directly: ranked page of 20 plus the total count."""
    from camket.registry.search import _ranked_ids
    from lawcore.text import folded_words

    timings = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            _ranked_ids(folded_words(query), user, 20, 0)
            timings.append(time.perf_counter() - start)
    return timings


def main() -> int:
    from lawcore.shared_data import shared_data_path, skip_reason

    tota = shared_data_path("tota", "xml")
    if tota is None:
        print(f"skipped: {skip_reason('tota', 'xml')}")
        return 0
    files = sorted(tota.glob("pta_*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        baseline = time_lxml(files)
        elapsed, summary = time_import(files)
        print(
            f"ToTA import: {len(files)} files in {elapsed:.1f} s "
            f"(inserted {summary.inserted}, failed {len(summary.failed)}); "
            f"lxml parse alone {baseline:.2f} s; ratio {elapsed / baseline:.1f} (goal <= 3)"
        )
        user = officer()
        time_view(user)  # warm caches and templates
        view, raw = time_view(user), time_raw(user)
        for label, values in (("view", view), ("raw FTS", raw)):
            print(
                f"search {label:8}: p50 {percentile(values, 0.5) * 1000:6.1f} ms  "
                f"p95 {percentile(values, 0.95) * 1000:6.1f} ms  (n={len(values)})"
            )
        print(
            f"search p95 ratio view/raw: {percentile(view, 0.95) / percentile(raw, 0.95):.2f} "
            f"(goal <= 2; p95 goal <= 50 ms); mean ratio "
            f"{statistics.mean(view) / statistics.mean(raw):.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
