"""Back up and restore a CamKet instance: database, media files and a manifest that proves them.

A backup is a folder::

    manifest.json        version, engine, created_at, rows per model, SHA-256 and size per file
    database.sqlite3     SQLite: a copy made with the sqlite3 backup API (consistent while the
                         server writes), or
    database.pgdump      PostgreSQL: ``pg_dump --format=custom`` of one exported snapshot, the
                         row counts taken in that same snapshot
    media/...            every file under MEDIA_ROOT

It is written to a ``.partial`` folder renamed into place at the end, so an interrupted backup
never looks complete. :func:`restore` checks the whole manifest before it touches anything (a
missing, changed, resized or unlisted file is refused, naming it), restores the database in one
transaction, compares the restored rows per model with the manifest, brings the schema up to
date, puts the media files in place (the previous media folder is kept aside, not deleted) and
rebuilds the retrieval index, which is never backed up.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is translated and names the cause."""


@dataclass
class Report:
    """What a backup wrote or a restore put back, for the command to print."""

    engine: str
    rows: int = 0
    models: int = 0
    files: int = 0
    media_files: int = 0
    bytes: int = 0
    indexed: int | None = None
    mismatches: list[str] = field(default_factory=list)
    kept_aside: Path | None = None


########## Shared ##########


def tables() -> dict[str, str]:
    """``{app_label.model: db_table}`` for every model whose rows live in the database."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        found[meta.label_lower] = meta.db_table
    return dict(sorted(found.items()))


def count_rows(cursor) -> dict[str, int]:
    """Rows per model, through ``cursor`` (a DB-API cursor on the database to count)."""
    counts = {}
    for label, table in tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[label] = cursor.fetchone()[0]
    return counts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


########## Backup ##########


def backup(target: Path) -> Report:
    """Write a backup of this instance to ``target`` (a new or empty folder)."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            _("%(path)s already exists and is not an empty folder; choose a new one.")
            % {"path": target}
        )
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    engine = connection.vendor
    if engine == "sqlite":
        counts = _backup_sqlite(partial / SQLITE_FILE)
    elif engine == "postgresql":
        counts = _backup_postgres(partial / PG_FILE)
    else:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": engine}
        )
    media = _media_root()
    for source in _files_under(media):
        copy = partial / MEDIA / source.relative_to(media)
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(source, copy)
        except FileNotFoundError:
            continue  # deleted while the backup ran: the database copy is older anyway
    files = {
        path.relative_to(partial).as_posix(): {"sha256": sha256(path), "size": path.stat().st_size}
        for path in _files_under(partial)
    }
    manifest = {
        "version": FORMAT,
        "engine": engine,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "counts": counts,
        "files": files,
    }
    (partial / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    if target.exists():
        target.rmdir()
    partial.rename(target)
    return Report(
        engine=engine,
        rows=sum(counts.values()),
        models=len(counts),
        files=len(files),
        media_files=sum(1 for name in files if name.startswith(MEDIA + "/")),
        bytes=sum(f["size"] for f in files.values()),
    )


def _backup_sqlite(path: Path) -> dict[str, int]:
    """Copy the live database page by page (sqlite3 backup API): one consistent snapshot."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return count_rows(copy.cursor())
    finally:
        copy.close()


def _backup_postgres(path: Path) -> dict[str, int]:
    """``pg_dump`` of a snapshot exported by a read-only transaction that also counts the rows."""
    snapshot_connection = connection.get_new_connection(connection.get_connection_params())
    try:
        snapshot_connection.autocommit = False
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                "pg_dump",
                ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"],
                ["--file", str(path)],
            )
            counts = count_rows(cursor)
        snapshot_connection.rollback()
        return counts
    finally:
        snapshot_connection.close()


def _pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: from ``CAMKET_PG_BIN``, the PATH, or PostgreSQL's folders."""
    configured = os.environ.get("CAMKET_PG_BIN")
    candidates = [str(Path(configured) / name)] if configured else []
    candidates += [shutil.which(name) or ""]
    candidates += sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        _("%(tool)s was not found; install the PostgreSQL client or set CAMKET_PG_BIN.")
        % {"tool": name}
    )


def _run(tool: str, options: list[str], tail: list[str]) -> None:
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(db.get("HOST") or ""),
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": str(db.get("USER") or ""),
        "PGPASSWORD": str(db.get("PASSWORD") or ""),
    }
    command = [_pg_tool(tool), *options, "--dbname", db["NAME"], *tail]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": tool, "error": done.stderr.strip()[-2000:]}
        )


########## Restore ##########


def read_manifest(source: Path) -> dict:
    """The manifest of the backup in ``source``, checked against every file it lists.

    Raises :class:`BackupError` naming the first problem: no manifest, another format or
    engine, a file missing, resized, changed (SHA-256) or not listed. Touches nothing.
    """
    source = Path(source)
    path = source / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(
            _("%(path)s is not a CamKet backup: it has no %(file)s.")
            % {"path": source, "file": MANIFEST}
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(
            _("%(file)s in %(path)s cannot be read: %(error)s")
            % {"file": MANIFEST, "path": source, "error": error}
        ) from error
    if not isinstance(manifest, dict) or manifest.get("version") != FORMAT:
        raise BackupError(
            _("%(path)s is a backup of format %(found)s; this version reads format %(format)s.")
            % {"path": source, "found": manifest.get("version"), "format": FORMAT}
        )
    if manifest.get("engine") != connection.vendor:
        raise BackupError(
            _(
                "%(path)s is a backup of a %(engine)s database; this instance runs on "
                "%(current)s. Restore it into an instance of the same engine."
            )
            % {"path": source, "engine": manifest.get("engine"), "current": connection.vendor}
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not isinstance(manifest.get("counts"), dict):
        raise BackupError(
            _("%(file)s in %(path)s cannot be read: %(error)s")
            % {"file": MANIFEST, "path": source, "error": "files, counts"}
        )
    for name, expected in sorted(listed.items()):
        _check_file(source, name, expected)
    unlisted = [
        p.relative_to(source).as_posix()
        for p in _files_under(source)
        if p.name != MANIFEST and p.relative_to(source).as_posix() not in listed
    ]
    if unlisted:
        raise BackupError(
            _("%(file)s is in the backup folder but not in its manifest; nothing was restored.")
            % {"file": unlisted[0]}
        )
    database = SQLITE_FILE if connection.vendor == "sqlite" else PG_FILE
    if database not in listed:
        raise BackupError(
            _("The manifest of %(path)s lists no database file (%(file)s).")
            % {"path": source, "file": database}
        )
    return manifest


def _check_file(source: Path, name: str, expected: dict) -> None:
    path = (source / name).resolve()
    if source.resolve() not in path.parents:
        raise BackupError(
            _("The manifest names a file outside the backup: %(file)s.") % {"file": name}
        )
    if not path.is_file():
        raise BackupError(
            _("%(file)s is listed in the manifest but missing; nothing was restored.")
            % {"file": name}
        )
    size = path.stat().st_size
    if size != expected.get("size"):
        raise BackupError(
            _("%(file)s has %(size)s bytes, the manifest says %(expected)s; nothing was restored.")
            % {"file": name, "size": size, "expected": expected.get("size")}
        )
    if sha256(path) != expected.get("sha256"):
        raise BackupError(
            _("%(file)s does not match its SHA-256 in the manifest; nothing was restored.")
            % {"file": name}
        )


def holds_data() -> bool:
    """True when this instance has users or commitments (a fresh ``migrate`` has neither)."""
    from django.contrib.auth import get_user_model

    from camket.registry.models import Commitment

    return get_user_model().objects.exists() or Commitment.objects.exists()


def restore(source: Path, *, replace: bool = False, workers: int = 1) -> Report:
    """Restore the backup in ``source`` into this instance (see the module docstring).

    Refuses, touching nothing, when the manifest does not match the files, or when the instance
    already holds users or commitments and ``replace`` is not set.
    """
    source = Path(source)
    manifest = read_manifest(source)
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a database transaction."))
    if not replace and holds_data():
        raise BackupError(
            _(
                "This instance already holds users or commitments; restoring would replace them. "
                "Restore into an empty instance, or confirm with --replace."
            )
        )
    if connection.vendor == "sqlite":
        counts = _restore_sqlite(source / SQLITE_FILE)
    else:
        counts = _restore_postgres(source / PG_FILE)
    expected = manifest["counts"]
    report = Report(engine=connection.vendor, models=len(expected), rows=sum(expected.values()))
    report.mismatches = [
        f"{label}: {counts.get(label)} != {n}"
        for label, n in expected.items()
        if counts.get(label) != n
    ]
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    call_command("migrate", interactive=False, verbosity=0)
    report.kept_aside = _restore_media(source, manifest["files"])
    report.files = len(manifest["files"])
    report.media_files = sum(1 for name in manifest["files"] if name.startswith(MEDIA + "/"))
    report.bytes = sum(f["size"] for f in manifest["files"].values())
    report.mismatches += _check_media(manifest["files"])
    from camket.compatibility.retrieval import rebuild_index

    report.indexed = rebuild_index(workers=workers)
    return report


def _restore_sqlite(path: Path) -> dict[str, int]:
    """Copy the backup over the live database (one write transaction), then count its rows."""
    connection.ensure_connection()
    backup_db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        backup_db.backup(connection.connection)
    finally:
        backup_db.close()
    with connection.cursor() as cursor:
        return count_rows(cursor)


def _restore_postgres(path: Path) -> dict[str, int]:
    """``pg_restore --clean --single-transaction``: all of it or nothing, then count the rows."""
    connection.close()
    _run(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"],
        [str(path)],
    )
    with connection.cursor() as cursor:
        return count_rows(cursor)


def _restore_media(source: Path, files: dict) -> Path | None:
    """Put the backup's media in MEDIA_ROOT; a non-empty previous folder is kept beside it."""
    media = _media_root()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    incoming = media.with_name(f"{media.name}.restoring-{stamp}")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    for name in files:
        if name.startswith(MEDIA + "/"):
            copy = incoming / name[len(MEDIA) + 1 :]
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, copy)
    kept = None
    if media.exists():
        if _files_under(media):
            kept = media.with_name(f"{media.name}.before-restore-{stamp}")
            media.rename(kept)
        else:
            shutil.rmtree(media)
    incoming.rename(media)
    return kept


def _check_media(files: dict) -> list[str]:
    media = _media_root()
    wrong = []
    for name, expected in files.items():
        if name.startswith(MEDIA + "/"):
            path = media / name[len(MEDIA) + 1 :]
            if not path.is_file() or sha256(path) != expected["sha256"]:
                wrong.append(name)
    return wrong
