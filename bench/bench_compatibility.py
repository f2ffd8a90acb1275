"""Compatibility benchmarks (issue 5): Pháp điển import + index build, suggestion latency.

Run: ``python -m bench.bench_compatibility [--limit N]``. Uses a throw-away SQLite database (or
PostgreSQL when ``CAMKET_DB_ENGINE=postgresql``) and a throw-away index directory, and measures,
in the same run:
- the import of every Pháp điển article (``articles*.jsonl.gz``) into the database, with the
  retrieval index built at the end, vs building the same index with lawcore alone (no database);
- a second, no-op import (every document "unchanged");
- a full ``build_retrieval_index`` rebuild from the database;
- suggestion latency p50/p95 through ``camket.compatibility.retrieval.suggest`` (index search +
  one query to hydrate the provisions) vs the raw ``RetrievalIndex.search`` of the same texts.
Retrieval quality is measured by ``bench.bench_retrieval``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    "Người lao động có quyền thành lập, gia nhập tổ chức đại diện người lao động tại cơ sở",
    "xóa bỏ mọi hình thức lao động cưỡng bức hoặc bắt buộc",
    "cấm sử dụng lao động trẻ em, lao động chưa thành niên trái pháp luật",
    "không phân biệt đối xử trong việc làm và nghề nghiệp",
    "mức lương tối thiểu theo vùng",
    "quy tắc xuất xứ hàng hóa và chứng nhận xuất xứ",
    "biểu thuế nhập khẩu ưu đãi đặc biệt để thực hiện Hiệp định CPTPP",
    "đối xử quốc gia đối với hàng hóa nhập khẩu",
    "biện pháp tự vệ trong nhập khẩu hàng hóa",
    "thuế chống bán phá giá",
    "kiểm dịch động vật, thực vật đối với hàng hóa xuất khẩu, nhập khẩu",
    "hàng rào kỹ thuật trong thương mại, quy chuẩn kỹ thuật",
    "minh bạch hóa, công bố văn bản pháp luật trước khi có hiệu lực",
    "phòng, chống tham nhũng trong thương mại quốc tế",
    "thương mại điện tử, bảo vệ dữ liệu cá nhân",
    "giải quyết tranh chấp thương mại bằng trọng tài",
    "ký kết điều ước quốc tế nhân danh Nhà nước",
    "thỏa thuận quốc tế của bộ, cơ quan ngang bộ",
    "quyền ưu đãi miễn trừ ngoại giao",
    "nhập cảnh, cư trú của người nước ngoài",
    "Each Party shall adopt and maintain in its laws the right to freedom of association",
    "rules of origin and origin procedures",
    "anti-dumping and countervailing duties",
    "elimination of forced or compulsory labour",
    "customs valuation of imported goods",
    "temporary entry for business persons",
    "government procurement thresholds",
    "state-owned enterprises and designated monopolies",
    "environmental impact assessment",
    "protection of geographical indications",
]
ROUNDS = 3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def setup_django(work: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camket.settings")
    os.environ.setdefault("CAMKET_DB_PATH", str(work / "bench.sqlite3"))
    os.environ["CAMKET_VAR_DIR"] = str(work)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def time_import(root: Path, limit: int | None, workers: int):
    from tqdm import tqdm

    from camket.compatibility.phapdien import import_phapdien

    with tqdm(unit="doc", desc="import", file=sys.stderr, mininterval=2.0) as bar:
        start = time.perf_counter()
        summary = import_phapdien(
            root,
            limit=limit,
            workers=workers,
            progress=bar.update,
            on_total=lambda total: setattr(bar, "total", total),
        )
        return time.perf_counter() - start, summary


def time_lawcore_build(root: Path, limit: int | None, workers: int, where: Path) -> float:
    """Baseline: the same articles indexed by lawcore straight from the JSONL (no database)."""
    from camket.compatibility.phapdien import article_rows
    from lawcore.retrieval import Provision, RetrievalIndex

    rows = article_rows(root, subset=False, limit=limit)
    start = time.perf_counter()
    index = RetrievalIndex.create(where)
    index.add(
        (
            Provision(
                id=r["id"],
                title=r.get("title") or "",
                text=r.get("text") or "",
                doc_number=(r.get("source") or {}).get("doc_number"),
                doc_title=(r.get("source") or {}).get("doc_title"),
                article=(r.get("source") or {}).get("article"),
            )
            for r in rows
        ),
        workers=workers,
    )
    return time.perf_counter() - start


def time_searches(search) -> list[float]:
    timings = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            search(query)
            timings.append(time.perf_counter() - start)
    return timings


def report(name: str, ours: float, baseline: float, unit: str = "s") -> None:
    print(
        f"{name:<44} {ours:9.3f} {unit}   baseline {baseline:9.3f} {unit}   "
        f"ratio {ours / baseline:6.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from lawcore.shared_data import shared_data_path, skip_reason

    root = shared_data_path("vn-phapdien")
    if root is None:
        print(f"skipped: {skip_reason('vn-phapdien')}")
        return 0
    with tempfile.TemporaryDirectory(prefix="camket-bench-compat-") as tmp:
        work = Path(tmp)
        setup_django(work)
        from camket.compatibility import retrieval
        from camket.compatibility.models import LegalProvision

        baseline_build = time_lawcore_build(root, args.limit, args.workers, work / "baseline")
        seconds, summary = time_import(root, args.limit, args.workers)
        articles = LegalProvision.objects.count()
        print(f"import: {summary.line()}; {articles} articles, {summary.indexed} indexed")
        report("import + index (vs lawcore index only)", seconds, baseline_build)
        again, summary = time_import(root, args.limit, args.workers)
        print(f"second import: {summary.line()}")
        report("no-op re-import (vs lawcore index only)", again, baseline_build)
        start = time.perf_counter()
        count = retrieval.rebuild_index(workers=args.workers)
        report(
            f"rebuild index from DB, {count} (vs lawcore)",
            time.perf_counter() - start,
            baseline_build,
        )

        index = retrieval.get_index()
        raw = time_searches(lambda q: index.search(q, top_k=10))
        ours = time_searches(lambda q: retrieval.suggest(q, top_k=10))
        for label, q in (("p50", 0.5), ("p95", 0.95)):
            report(
                f"suggestion latency {label} (vs raw index search)",
                percentile(ours, q) * 1000,
                percentile(raw, q) * 1000,
                unit="ms",
            )
        print(f"mean suggestion latency: {statistics.mean(ours) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
