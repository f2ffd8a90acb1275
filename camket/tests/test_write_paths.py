"""One write path per kind of record, and every import leaves audit rows (issue 10, item 5).

The source scan fails when a module other than its app's ``actions.py`` builds one of the
records below (a constructor call, ``objects.create``/``bulk_create``/``get_or_create``/
``update_or_create``), so a new importer, command or factory cannot skip validation and audit.
Migrations and test bodies (``test_*.py``) are exempt; factories and conftest files are not.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.obligations.models import Obligation
from camket.registry.loader import load_records
from camket.registry.models import Commitment, CommitmentRelation

ROOT = Path(__file__).resolve().parents[2]
MODELS = (
    "Commitment",
    "Obligation",
    "ActionPlan",
    "Task",
    "ProgressReport",
    "LegalDocument",
    # scoring (issue 13)
    "CriteriaSet",
    "Criterion",
    "Scorecard",
    "Score",
    "Indicator",
    "IndicatorValue",
)
CREATES = re.compile(
    r"(?<![\w.])(" + "|".join(MODELS) + r")"
    r"(?:\.objects\.(?:create|bulk_create|get_or_create|update_or_create)\(|\()"
)
# The legal-document writer predates this rule: ``importing.save_document`` takes plain values
# (``DocumentData``), validates, writes in one transaction with an audit row, and is what
# ``compatibility.actions.import_document`` and the Pháp điển import call.
WRITE_CORES = {"camket/compatibility/importing.py": {"LegalDocument"}}


def direct_writes(root: Path = ROOT) -> set[tuple[str, str, int]]:
    """(path, model, line) of every direct creation outside the allowed modules."""
    found = set()
    for top in ("camket", "bench"):
        for path in sorted((root / top).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if path.name == "actions.py" or "migrations" in path.parts:
                continue
            if path.name.startswith("test_"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.lstrip().startswith(("class ", "#")):
                    continue
                for match in CREATES.finditer(line):
                    if match.group(1) not in WRITE_CORES.get(relative, set()):
                        found.add((relative, match.group(1), number))
    return found


def test_no_module_outside_actions_creates_these_records_directly():
    assert direct_writes() == set()


def test_the_scan_finds_each_kind_of_direct_write(tmp_path):
    (tmp_path / "camket" / "app").mkdir(parents=True)
    (tmp_path / "bench").mkdir()
    (tmp_path / "camket" / "app" / "importer.py").write_text(
        "row = Commitment(code='x')\n"
        "Obligation.objects.create(text='t')\n"
        "ActionPlan.objects.get_or_create(code='p')\n"
        "Task.objects.bulk_create(rows)\n"
        "class ProgressReport(models.Model):\n"
        "    kind = Commitment.Kind.TREATY\n",
        encoding="utf-8",
    )
    (tmp_path / "camket" / "app" / "actions.py").write_text("Commitment(code='x')\n")
    (tmp_path / "bench" / "fill.py").write_text("ProgressReport(cycle_id=1)\n")
    assert {(path, model) for path, model, _ in direct_writes(tmp_path)} == {
        ("camket/app/importer.py", "Commitment"),
        ("camket/app/importer.py", "Obligation"),
        ("camket/app/importer.py", "ActionPlan"),
        ("camket/app/importer.py", "Task"),
        ("bench/fill.py", "ProgressReport"),
    }


def audited(action_prefix: str) -> set[str]:
    return set(
        AuditEvent.objects.filter(action__startswith=action_prefix).values_list(
            "object_key", flat=True
        )
    )


def keys(queryset) -> set[str]:
    label = queryset.model._meta.label_lower
    return {f"{label}:{pk}" for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.django_db
def test_tota_import_audits_the_commitment_it_creates():
    data = ROOT / "camket" / "registry" / "tests" / "data" / "tpp_excerpt.xml"
    call_command("import_tota", str(data), stdout=StringIO(), verbosity=0)
    commitment = Commitment.objects.get(tota_id="9449")
    key = f"registry.commitment:{commitment.pk}"
    actions = set(AuditEvent.objects.filter(object_key=key).values_list("action", flat=True))
    assert actions == {"commitment.created", "commitment.tota_inserted"}


@pytest.mark.django_db
def test_upr_import_audits_every_commitment_and_obligation():
    data = ROOT / "camket" / "obligations" / "tests" / "data" / "upr_sample.jsonl"
    call_command("import_upr", str(data), stdout=StringIO(), verbosity=0)
    commitments = Commitment.objects.filter(kind=Commitment.Kind.INTERNATIONAL_REVIEW)
    assert commitments.exists()
    assert keys(commitments) <= audited("commitment.imported")
    obligations = Obligation.objects.filter(commitment__in=commitments)
    assert obligations.exists() and keys(obligations) == audited("obligation.imported")


@pytest.mark.django_db
def test_demo_loader_audits_every_commitment():
    records = json.loads(
        (ROOT / "camket" / "registry" / "demo" / "commitments.json").read_text(encoding="utf-8")
    )
    load_records(records)
    assert keys(Commitment.objects.all()) == audited("commitment.imported")
    relations = CommitmentRelation.objects.all()
    assert relations.exists() and keys(relations) == audited("relation.imported")
    load_records(records)  # a second run writes nothing and audits nothing
    assert AuditEvent.objects.filter(action__endswith=".imported").count() == (
        Commitment.objects.count() + relations.count()
    )


@pytest.mark.django_db
def test_generator_audits_every_record_it_writes(capsys):
    call_command("generate", "--scale", "small", "--seed", "3", "--today", "2026-07-20")
    from camket.monitoring.models import ProgressReport
    from camket.obligations.models import ActionPlan, Task

    for model, action in [
        (Commitment, "commitment.generated"),
        (Obligation, "obligation.generated"),
        (ActionPlan, "plan.generated"),
        (Task, "task.generated"),
        (ProgressReport, "report.generated"),
    ]:
        assert keys(model.objects.all()) == audited(action), model


# Deleting a register record is a write too: it goes through its app's ``actions.py`` (one
# audit row), never a ``.delete()`` in an importer or loader (the demo loader once deleted a
# stale relation itself).
DELETED = ("Commitment", "CommitmentEvent", "CommitmentRelation", "Document", *MODELS[1:])
DELETES = re.compile(
    r"(?:(?<![\w.])(?:" + "|".join(DELETED) + r")\.objects\..*"
    r"|(?<![\w.])(?:commitment|event|relation|document|obligation|plan|task|report)s?)"
    r"\.delete\("
)


def direct_deletes(root: Path = ROOT) -> set[tuple[str, int]]:
    """(path, line) of every direct deletion of a register record outside ``actions.py``."""
    found = set()
    for path in sorted((root / "camket").rglob("*.py")):
        if path.name in ("actions.py", "admin.py") or path.name.startswith("test_"):
            continue
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and DELETES.search(line):
                found.add((path.relative_to(root).as_posix(), number))
    return found


def test_no_module_outside_actions_deletes_register_records_directly(tmp_path):
    assert direct_deletes() == set()
    (tmp_path / "camket" / "app").mkdir(parents=True)
    (tmp_path / "camket" / "app" / "loader.py").write_text(
        "for relation in stale:\n"
        "    relation.delete()\n"
        "CommitmentRelation.objects.filter(kind='x').delete()\n"
        "SearchEntry.objects.filter(commitment=c).delete()\n",
        encoding="utf-8",
    )
    (tmp_path / "camket" / "app" / "actions.py").write_text("relation.delete()\n")
    assert direct_deletes(tmp_path) == {("camket/app/loader.py", 2), ("camket/app/loader.py", 3)}
