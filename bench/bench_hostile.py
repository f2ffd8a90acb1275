"""Hostile uploads: what refusing each costs, against parsing an ordinary file of similar size.

Run: ``python -m bench.bench_hostile [--unguarded]`` (no Django, no shared data). Builds the
files of ``lawcore/tests/hostile.py`` in a temporary folder (the 348 MB shared-strings XLSX and
the 169 MB DOCX of issue 10, a lying-header XLSX, an XLSX declaring an entity, a zip of 20,000
members), then reads each in a fresh process, the way the upload paths do: XLSX through
:func:`lawcore.safezip.check_zip` then openpyxl (read-only, every row), DOCX through
:func:`lawcore.docextract.extract_text`. Each process reports the wall time of the read and its
peak resident memory, total and above what it held before reading. The peak is the process's
own ``VmHWM`` (reset just before the read through ``/proc/self/clear_refs``): ``ru_maxrss``
would also count the parent's memory at the time it started the child (Linux keeps the
high-water mark across ``exec``).

The baselines are ordinary files of about the same size on disk, read by the same code. With
``--unguarded`` the bombs are also read without the guard (openpyxl / python-docx straight
away), which is what a worker did before: expect tens of seconds and gigabytes.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    # name: (builder expression, reader, baseline case)
    "normal.xlsx": ("hostile.normal_xlsx(30_000)", "xlsx", None),
    "shared-strings-bomb.xlsx": ("hostile.xlsx_shared_strings_bomb()", "xlsx", "normal.xlsx"),
    "lying-header.xlsx": (
        "hostile.lying_xlsx_bomb(348 * 1024 * 1024)",
        "xlsx",
        "normal.xlsx",
    ),
    "entity.xlsx": ("hostile.xlsx_with_entity(hostile.normal_xlsx(30_000))", "xlsx", "normal.xlsx"),
    "20k-members.docx": ("hostile.many_members_zip(20_000)", "docx", "normal.docx"),
    "normal.docx": ("hostile.normal_docx(40_000)", "docx", None),
    "document-bomb.docx": ("hostile.docx_bomb()", "docx", "normal.docx"),
}


def _read_xlsx(data: bytes, guarded: bool) -> str:
    from openpyxl import load_workbook

    from lawcore.safezip import check_zip

    if guarded:
        check_zip(data)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = 0
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        rows += sum(1 for _ in sheet.iter_rows(values_only=True))
    return f"read {rows} rows"


def _read_docx(data: bytes, guarded: bool) -> str:
    if guarded:
        from lawcore.docextract import extract_text

        return f"read {len(extract_text(data, filename='bench.docx'))} characters"
    import docx

    document = docx.Document(io.BytesIO(data))
    return f"read {len(document.paragraphs)} paragraphs"


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def child(path: str, reader: str, guarded: bool) -> None:
    """Read one file; print {seconds, peak_kb, added_kb, outcome} as JSON."""
    from lawcore.safezip import UnsafeArchive

    data = Path(path).read_bytes()
    import docx  # noqa: F401 (imported before measuring, as in a running worker)
    import openpyxl  # noqa: F401

    Path("/proc/self/clear_refs").write_text("5")  # peak RSS := current RSS
    before = _status_kb("VmRSS")
    start = time.perf_counter()
    try:
        outcome = (_read_xlsx if reader == "xlsx" else _read_docx)(data, guarded)
    except UnsafeArchive as error:
        outcome = f"refused: {error.reason} {error.details.get('member', '')}".strip()
    except Exception as error:  # what an unguarded parser does with a hostile file
        outcome = f"error: {type(error).__name__}"
    seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    print(
        json.dumps(
            {"seconds": seconds, "peak_kb": peak, "added_kb": peak - before, "outcome": outcome}
        )
    )


def measure(path: Path, reader: str, guarded: bool = True) -> dict:
    command = [sys.executable, "-m", "bench.bench_hostile", "--child", str(path), reader]
    if not guarded:
        command.append("--unguarded")
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(folder: Path) -> dict[str, Path]:
    from lawcore.tests import hostile  # noqa: F401 (used by the builder expressions)

    paths = {}
    for name, (expression, _, _) in CASES.items():
        path = folder / name
        path.write_bytes(eval(expression))  # our own table of builders
        paths[name] = path
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unguarded", action="store_true", help="also parse bombs unguarded")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], guarded=not args.unguarded)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        paths = build(Path(folder))
        results = {name: measure(paths[name], CASES[name][1]) for name in CASES}
        header = f"{'file':26} {'on disk':>9} {'time s':>8} {'×base':>6} {'peak MB':>8} "
        header += f"{'+MB':>7} {'×base':>6}  outcome"
        print(header)
        for name, (_, _reader, base) in CASES.items():
            row = results[name]
            size = paths[name].stat().st_size / 1e6
            ratio_t = ratio_m = ""
            if base:
                ratio_t = f"{row['seconds'] / results[base]['seconds']:.2f}"
                ratio_m = f"{max(row['added_kb'], 1) / max(results[base]['added_kb'], 1):.2f}"
            print(
                f"{name:26} {size:7.2f}MB {row['seconds']:8.3f} {ratio_t:>6} "
                f"{row['peak_kb'] / 1024:8.1f} {row['added_kb'] / 1024:7.1f} {ratio_m:>6}  "
                f"{row['outcome']}"
            )
        if args.unguarded:
            print("\nunguarded (before the fix):")
            for name, (_, reader, base) in CASES.items():
                if base:
                    row = measure(paths[name], reader, guarded=False)
                    print(
                        f"{name:26} {row['seconds']:8.3f} s {row['peak_kb'] / 1024:8.1f} MB peak"
                        f"  {row['outcome']}"
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
