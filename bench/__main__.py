"""`make bench`: run every benchmark in turn; each prints its ratios to its own baseline."""

import subprocess
import sys

BENCHMARKS = [
    "bench_register",
    "bench_obligations",
    "bench_lawtext",
    "bench_extraction",
    "bench_retrieval",
    "bench_compatibility",
    "bench_monitoring",
    "bench_scoring",
    "bench_search",
    "bench_hostile",
    "bench_overlap",
    "bench_portal",
]


def main() -> int:
    failed = []
    for name in sys.argv[1:] or BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        # Each in its own process: Django settings and memory stay separate.
        if subprocess.call([sys.executable, "-m", f"bench.{name}"]) != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
