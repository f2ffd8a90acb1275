"""Public portal and open data benchmarks (issue 14): anonymous pages and API, then a load.

Run: ``python -m bench.bench_portal [--scale national|medium] [--clients 200] [--seconds 60]
[--keep DIR]`` (default ``national``: DESIGN.md §1 scale, about half of the 20,000 generated
commitments public; ``--load 0`` skips the load; ``--keep DIR`` keeps the SQLite database there
and reuses it when already filled). Uses a throw-away SQLite database, or PostgreSQL when
``CAMKET_DB_ENGINE=postgresql``. Helpers (``setup_django``, ``timed``, ``percentile``,
``own_sql``) are ``bench_monitoring``'s. Measures, in the same run:

- the bulk CSV/JSON files of every public commitment: rows, size and time to write;
- p50/p95 of each anonymous portal page and API request through the views (Django test client,
  no login). Public records are built once per version of the public data and kept by each
  process (``camket/portal/opendata/cache.py``, decision 0018), so each case is timed warm
  (records built: what nearly every request gets) and cold (the process's records emptied
  before each request, as after any write to the register). Its SQL is replayed on a bare
  cursor as ``bench_monitoring`` does, twice: what a warm request sends (``SQL p95``) and what a
  cold one sends (``build SQL p95``: every query the content needs). ``ratio`` is warm p95 over
  build SQL p95 (goals: p95 < 200 ms, ratio <= 3); ``/SQL`` is warm p95 over the warm
  request's own SQL, which for a single record is little more than the visibility check;
- a bounded loopback load: ``--clients`` anonymous clients (default 200) for ``--seconds``
  (default 60) against gunicorn with 2 sync workers on the same database, each client looping
  over the public home, a list page, a search, a commitment page, the API list (with filters)
  and an API record. Prints requests, errors (anything but 200, or a broken connection),
  p50/p95 and throughput; exits 1 on any error. All clients share 127.0.0.1, so the per-address
  API limit is lifted for the load (``CAMKET_API_RATE_LIMIT=0``); the limit has its own tests.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench import bench_monitoring
from bench.bench_monitoring import ROUNDS, own_sql, percentile, timed
from bench.load import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = ["thuong mai", "thương mại", "hai quan", "đầu tư", "lao dong"]


def setup_django(folder: Path) -> None:
    # All clients share 127.0.0.1: the per-address API limit is lifted (it has its own tests).
    os.environ["CAMKET_API_RATE_LIMIT"] = "0"
    bench_monitoring.setup_django(folder)


def cases(codes: list[str], sector: str) -> list[tuple[str, str]]:
    code = codes[len(codes) // 2]
    return [
        ("public home /", "/"),
        ("portal list", "/public/commitments/"),
        ("portal list page 50", "/public/commitments/?page=50"),
        ("portal search (no diacritics)", "/public/commitments/?" + urlencode({"q": "thuong mai"})),
        ("portal commitment page", f"/public/commitments/{code}/"),
        ("portal business page", f"/public/business/{sector}/"),
        ("API list", "/api/v1/commitments"),
        ("API list page 100", "/api/v1/commitments?page=100"),
        ("API list filtered", f"/api/v1/commitments?sector={sector}&year=2020&status=in_force"),
        ("API search", "/api/v1/commitments?" + urlencode({"q": "hai quan"})),
        ("API record", f"/api/v1/commitments/{code}"),
        ("Atom new", "/public/feeds/new.atom"),
    ]


def bench_pages(codes: list[str], sector: str) -> list[str]:
    """Each case warm (records built: the usual answer) and cold (built again, as after a write).

    ``SQL p95`` replays what the warm request sends; ``build SQL p95`` what a cold one sends,
    i.e. every query the page's content needs. ``ratio`` (the goal's) is warm p95 over build
    SQL; ``/SQL`` is warm p95 over the warm request's own SQL.
    """
    from django.core.cache import caches
    from django.test import Client

    client = Client()
    public = caches["public"]
    misses = []
    print(
        f"\n{'anonymous request':30}{'p50 ms':>8}{'p95 ms':>8}{'cold p95':>9}{'SQL p95':>9}"
        f"{'build SQL p95':>14}{'ratio':>7}{'/SQL':>8}  queries warm/cold"
    )
    for label, url in cases(codes, sector):

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def cold(url=url):
            public.clear()
            start = time.perf_counter()
            get(url)
            return time.perf_counter() - start

        page = timed(get)
        cold_times = [cold() for _ in range(ROUNDS)]
        warm_sql = own_sql(client, url)
        public.clear()
        build_sql = own_sql(client, url)
        w95, b95 = percentile(timed(warm_sql), 0.95), percentile(timed(build_sql), 0.95)
        p50, p95 = percentile(page, 0.5), percentile(page, 0.95)
        c95 = percentile(cold_times, 0.95)
        ratio = p95 / b95
        print(
            f"{label:30}{p50 * 1000:8.1f}{p95 * 1000:8.1f}{c95 * 1000:9.1f}{w95 * 1000:9.1f}"
            f"{b95 * 1000:14.1f}{ratio:7.2f}{p95 / w95:8.1f}"
            f"  {warm_sql.queries}/{build_sql.queries}"
        )
        if p95 > 0.2 or ratio > 3:
            misses.append(f"{label}: p95 {p95 * 1000:.0f} ms, ratio {ratio:.1f}")
    print("goals: p95 < 200 ms and ratio <= 3" + (f"; missed by: {misses}" if misses else ": met"))
    return misses


########## Load: anonymous clients against gunicorn ##########


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.errors = 0
        self.examples: list[str] = []

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times.append(seconds)
            if error:
                self.errors += 1
                if len(self.examples) < 10:
                    self.examples.append(error)


def client_loop(port: int, urls: list[str], stop: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}", "Accept-Language": "vi"}
    while time.monotonic() < stop:
        url = rng.choice(urls)
        started = time.perf_counter()
        error = None
        try:
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                error = f"HTTP {response.status} {url}"
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            error = f"{type(exc).__name__} {url}"
        tally.add(time.perf_counter() - started, error)
    conn.close()


def load(folder: Path, codes: list[str], sector: str, clients: int, seconds: float) -> int:
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "camket.settings",
        "CAMKET_VAR_DIR": str(folder),
        "CAMKET_DB_PATH": str(settings.DATABASES["default"]["NAME"]),
        "CAMKET_DEBUG": "false",
        "CAMKET_SECRET_KEY": secrets.token_urlsafe(50),
        "CAMKET_ALLOWED_HOSTS": "127.0.0.1",
        "CAMKET_API_RATE_LIMIT": "0",
        "CAMKET_LOG_LEVEL": "WARNING",
    }
    sample = codes[:: max(1, len(codes) // 200)][:200]
    urls = ["/", "/public/commitments/", f"/public/business/{sector}/"]
    urls += [f"/public/commitments/?{urlencode({'q': q})}" for q in SEARCHES]
    urls += [f"/public/commitments/{c}/" for c in sample[:50]]
    urls += ["/api/v1/commitments", f"/api/v1/commitments?sector={sector}&page=2"]
    urls += [f"/api/v1/commitments?q={quote(q)}" for q in SEARCHES]
    urls += [f"/api/v1/commitments/{c}" for c in sample[50:]]
    port = free_port()
    log = folder / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "camket.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "120", "--backlog", "2048"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_serving(port, server, log, "/api/v1/commitments", within=90)
        tally = Tally()
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client_loop, args=(port, urls, stop, tally, i), daemon=True)
            for i in range(clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    times = tally.times
    print(
        f"\nload: {clients} anonymous clients, {seconds:.0f} s, gunicorn 2 sync workers, "
        f"{len(urls)} URLs: {len(times)} requests in {elapsed:.0f} s "
        f"({len(times) / elapsed:.1f}/s), errors {tally.errors}, "
        f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms"
    )
    cores, average = os.cpu_count(), os.getloadavg()[0]
    print(f"machine: {cores} cores, load average {average:.1f} at the end (shared)")
    for example in tally.examples:
        print(f"  {example}")
    return 1 if tally.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=["small", "medium", "national"], default="national")
    parser.add_argument("--seed", type=int, default=56)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--load", type=int, default=1, help="0 skips the gunicorn load")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the database in this folder")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, args.keep)
    with tempfile.TemporaryDirectory() as tmp:
        return run(args, Path(tmp))


def run(args, folder: Path) -> int:
    import datetime as dt

    setup_django(folder)
    from camket.monitoring.generator import generate
    from camket.portal import visibility
    from camket.portal.opendata import exports
    from camket.registry.models import Commitment

    if Commitment.objects.exists():
        print(f"reusing the generated database in {folder}")
    else:
        start = time.perf_counter()
        counts = generate(args.scale, args.seed, dt.date(2026, 7, 20))
        print(f"generate --scale {args.scale}: {counts} in {time.perf_counter() - start:.1f} s")
    public = visibility.public_commitments()
    codes = list(public.order_by("code").values_list("code", flat=True))
    sector = visibility.public_sectors().order_by("-public_count").first().code
    print(f"public commitments: {len(codes):,} of {Commitment.objects.count():,}")
    start = time.perf_counter()
    bulk = exports.write_bulk_files()
    sizes = ", ".join(f"{name} {info['bytes'] / 1e6:.1f} MB" for name, info in bulk.files.items())
    print(f"bulk files: {bulk.rows:,} rows ({sizes}) in {time.perf_counter() - start:.1f} s")
    bench_pages(codes, sector)
    failed = load(folder, codes, sector, args.clients, args.seconds) if args.load else 0
    return 1 if failed else 0  # a missed latency goal is printed above, as other benches do


if __name__ == "__main__":
    sys.exit(main())
