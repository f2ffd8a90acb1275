"""Backup → restore into an empty instance gives the same rows and files, on either engine."""

import hashlib
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from camket.agencies.models import Membership
from camket.audit.actions import record_audit
from camket.backup.archive import count_rows
from camket.compatibility import retrieval
from camket.compatibility.tests.conftest import ART_170, PHAPDIEN
from camket.conftest import make_commitment, make_user
from camket.registry.models import Document
from camket.registry.search import search

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("seeded")]


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English here; one test checks the Vietnamese ones."""
    with translation.override("en"):
        yield


def rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor)


def media_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def instance(settings, tmp_path, django_user_model):
    """An instance with users, a commitment with two files, an audit trail and a legal corpus."""
    settings.CAMKET_RETRIEVAL_DIR = tmp_path / "retrieval"
    officer = make_user(django_user_model, "canbo.bct", "bct", Membership.Role.OFFICER)
    commitment = make_commitment()
    for name, content in [
        ("hiep-dinh-vkfta.pdf", b"%PDF-1.4\n% Hiep dinh VKFTA\n" + bytes(range(256)) * 40),
        ("ban-dich-tieng-viet.txt", "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc".encode()),
    ]:
        document = Document(commitment=commitment, title=name, language="vi")
        document.file.save(name, ContentFile(content))
    record_audit(commitment, "commitment.updated", officer)
    call_command("import_phapdien", path=PHAPDIEN, subset=True, workers=1, verbosity=0)
    return officer


def empty_instance(settings, tmp_path) -> None:
    """Another, empty instance: no rows at all, no media, no retrieval index."""
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    settings.CAMKET_RETRIEVAL_DIR = tmp_path / "new-retrieval"


def test_backup_restores_into_an_empty_instance_with_equal_counts_and_hashes(
    instance, settings, tmp_path
):
    before_rows = rows()
    before_files = media_hashes(Path(settings.MEDIA_ROOT))
    assert len(before_files) == 2 and before_rows["registry.commitment"] == 1

    out = run("backup", str(tmp_path / "backup"))
    assert "backup of the" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["version"] == 1 and manifest["engine"] == connection.vendor
    assert manifest["created_at"]
    assert manifest["counts"] == before_rows
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert set(manifest["files"]) == {database} | {f"media/{name}" for name in before_files}
    for name, digest in before_files.items():
        assert manifest["files"][f"media/{name}"]["sha256"] == digest

    empty_instance(settings, tmp_path)
    assert rows()["registry.commitment"] == 0 and retrieval.suggest("công đoàn") == []

    out = run("restore", str(tmp_path / "backup"), workers=1)
    assert "counts equal" in out and "SHA-256 equal" in out
    assert rows() == before_rows
    assert media_hashes(Path(settings.MEDIA_ROOT)) == before_files
    officer = Membership.objects.get().user
    assert officer.username == "canbo.bct" and officer.check_password("pw-canbo.bct")
    assert retrieval.suggest("quyền thành lập công đoàn")[0].provision.code == ART_170
    assert search("han quoc", officer).total >= 1
    document = Document.objects.get(title="hiep-dinh-vkfta.pdf")
    assert document.file.read().startswith(b"%PDF-1.4")


def test_a_changed_file_is_refused_and_nothing_is_touched(instance, settings, tmp_path):
    run("backup", str(tmp_path / "backup"))
    victim = next((tmp_path / "backup" / "media").rglob("*.pdf"))
    data = bytearray(victim.read_bytes())
    data[100] ^= 0xFF
    victim.write_bytes(bytes(data))
    before_rows, before_files = rows(), media_hashes(Path(settings.MEDIA_ROOT))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="does not match its SHA-256") as error:
        run("restore", str(tmp_path / "backup"))
    assert victim.name in str(error.value)
    assert rows()["registry.commitment"] == 0  # untouched: still the flushed database
    assert media_hashes(Path(settings.MEDIA_ROOT)) == before_files
    assert before_rows["registry.commitment"] == 1


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: (b / "media" / "extra.txt").write_text("x"), "not in its manifest"),
        (lambda b: next((b / "media").rglob("*.txt")).unlink(), "missing"),
        (lambda b: (b / "manifest.json").unlink(), "no manifest.json"),
        (
            lambda b: (b / "manifest.json").write_text(
                json.dumps({**json.loads((b / "manifest.json").read_text()), "engine": "oracle"})
            ),
            "oracle",
        ),
    ],
)
def test_a_damaged_backup_is_refused_naming_the_problem(instance, tmp_path, damage, message):
    run("backup", str(tmp_path / "backup"))
    damage(tmp_path / "backup")
    with pytest.raises(CommandError, match=message):
        run("restore", str(tmp_path / "backup"), replace=True)
    assert rows()["registry.commitment"] == 1


def test_dry_run_only_checks_the_manifest(instance, tmp_path):
    run("backup", str(tmp_path / "backup"))
    out = run("restore", str(tmp_path / "backup"), dry_run=True)
    assert "manifest verified" in out and "nothing restored" in out
    next((tmp_path / "backup" / "media").rglob("*.txt")).write_text("đã sửa")
    with pytest.raises(CommandError, match="bytes, the manifest says"):
        run("restore", str(tmp_path / "backup"), dry_run=True)


def test_restore_over_an_instance_with_data_needs_replace(instance, settings, tmp_path):
    run("backup", str(tmp_path / "backup"))
    make_commitment("vn/treaty/2019/evfta", short_name="EVFTA", title_vi="Hiệp định EVFTA")
    with pytest.raises(CommandError, match="--replace"):
        run("restore", str(tmp_path / "backup"))
    assert rows()["registry.commitment"] == 2
    old_media = Path(settings.MEDIA_ROOT)
    out = run("restore", str(tmp_path / "backup"), replace=True, workers=1)
    assert rows()["registry.commitment"] == 1
    assert "previous media folder was kept" in out
    assert list(old_media.parent.glob(f"{old_media.name}.before-restore-*"))


def test_backup_refuses_a_folder_that_holds_files(instance, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "old.txt").write_text("giữ nguyên")
    with pytest.raises(CommandError, match="not an empty folder"):
        run("backup", str(target))
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    shutil.rmtree(target)


def test_refusals_are_translated(instance, tmp_path):
    run("backup", str(tmp_path / "backup"))
    (tmp_path / "backup" / "manifest.json").unlink()
    with translation.override("vi"), pytest.raises(CommandError, match="không phải là bản sao"):
        run("restore", str(tmp_path / "backup"))
