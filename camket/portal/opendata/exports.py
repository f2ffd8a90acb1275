"""Bulk downloads: every public commitment as CSV and JSON, with a manifest (daily job).

``write_bulk_files()`` writes ``commitments.csv``, ``commitments.json`` and ``manifest.json``
under ``CAMKET_OPENDATA_DIR``, each to a temporary name first and then moved into place, so a
reader never sees half a file. The daily task (``tasks.daily_opendata``) and the command
``camket export_opendata`` call it. The manifest (time, rows, size, SHA-256 per file) feeds the
DCAT catalogue. The CSV is UTF-8 with a byte-order mark (so spreadsheet programs read the
Vietnamese letters), comma-separated, and a cell that a spreadsheet would read as a formula is
written with a leading apostrophe (``camket.spreadsheet.is_formula_like``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from camket.portal.opendata import records
from camket.spreadsheet import is_formula_like

CSV_NAME = "commitments.csv"
JSON_NAME = "commitments.json"
MANIFEST_NAME = "manifest.json"
FILES = (CSV_NAME, JSON_NAME)


def folder() -> Path:
    return Path(settings.CAMKET_OPENDATA_DIR)


def csv_cell(value: str) -> str:
    """A text that a spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``…) gets a ``'``."""
    return "'" + value if is_formula_like(value) else value


@dataclass
class BulkResult:
    rows: int
    files: dict[str, dict]
    generated_at: str


def write_bulk_files(target: Path | None = None, progress=None) -> BulkResult:
    """Write the CSV, the JSON and the manifest of every public commitment; return counts."""
    target = target or folder()
    target.mkdir(parents=True, exist_ok=True)
    generated_at = timezone.now().isoformat(timespec="seconds")
    # Names of this run alone: two runs at once (a download after an invalidation) never
    # write into the same temporary file.
    run = f".{os.getpid()}-{uuid.uuid4().hex}.tmp"
    csv_tmp, json_tmp = target / (CSV_NAME + run), target / (JSON_NAME + run)
    rows = 0
    with (
        csv_tmp.open("w", encoding="utf-8-sig", newline="") as csv_out,
        json_tmp.open("w", encoding="utf-8") as json_out,
    ):
        writer = csv.DictWriter(csv_out, fieldnames=[c.name for c in records.COLUMNS])
        writer.writeheader()
        json_out.write('{"generated_at": ' + json.dumps(generated_at) + ', "commitments": [\n')
        for record in records.all_summaries():
            writer.writerow({k: csv_cell(v) for k, v in records.flat(record).items()})
            if rows:
                json_out.write(",\n")
            json_out.write(json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False))
            rows += 1
            if progress and rows % 1000 == 0:
                progress(rows)
        json_out.write("\n]}\n")
    os.replace(csv_tmp, target / CSV_NAME)
    os.replace(json_tmp, target / JSON_NAME)
    files = {name: _describe(target / name) for name in FILES}
    manifest = {"generated_at": generated_at, "rows": rows, "files": files}
    manifest_tmp = target / (MANIFEST_NAME + run)
    manifest_tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(manifest_tmp, target / MANIFEST_NAME)
    return BulkResult(rows, files, generated_at)


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def manifest(target: Path | None = None) -> dict | None:
    """The last run's manifest, or ``None`` before the first run."""
    path = (target or folder()) / MANIFEST_NAME
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def invalidate_bulk_files(target: Path | None = None) -> None:
    """Drop the manifest and the files; the next :func:`ensure_bulk_files` writes them again."""
    target = target or folder()
    for name in (MANIFEST_NAME, *FILES):
        (target / name).unlink(missing_ok=True)


def ensure_bulk_files() -> dict:
    """The manifest, writing the files first if no run has yet (a fresh installation)."""
    found = manifest()
    if found is None or not all((folder() / name).exists() for name in FILES):
        write_bulk_files()
        found = manifest()
    return found or {}
