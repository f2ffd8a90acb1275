"""Who works on what: agencies x partners (or sectors), counting visible records only.

Tasks count under their lead agency and under each partner (sector) of the commitments they
serve (through their obligations and their plan), but only through commitments the reader may
open: a hidden commitment names no partner. Commitments count under their lead agency and
their own partners (sectors).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from camket.agencies.models import Agency
from camket.obligations.models import Task
from camket.registry.models import Commitment, Partner, Sector

AXES = ("partner", "sector")
KINDS = ("task", "commitment")
MAX_COLUMNS = 20


@dataclass
class Matrix:
    axis: str
    kind: str
    columns: list = field(default_factory=list)  # Partner or Sector rows
    rows: list[tuple[Agency, list[int], int]] = field(default_factory=list)
    hidden_columns: int = 0


def task_pairs(user, axis: str, agency: str | None = None) -> Iterator[tuple[int, int, str]]:
    """(task pk, lead agency id, column code) for the visible tasks (of ``agency``, a code),
    through the commitments they serve (their obligations' and their plan's) that ``user`` may
    open: a hidden commitment names no partner or sector."""
    relation = "partners" if axis == "partner" else "sectors"
    column = "partner" if axis == "partner" else "sector"
    readable = set(Commitment.objects.visible_to(user).values_list("pk", flat=True))
    tasks = Task.objects.visible_to(user)
    if agency is not None:
        tasks = tasks.filter(lead_agency__code=agency)
    via_obligations = Task.obligations.through.objects.filter(task__in=tasks).values_list(
        "task_id", "task__lead_agency_id", "obligation__commitment_id"
    )
    via_plan = tasks.values_list("pk", "lead_agency_id", "plan__commitments")
    codes: dict[int, list[str]] = defaultdict(list)
    through = getattr(Commitment, relation).through.objects.filter(commitment_id__in=readable)
    for commitment, code in through.values_list("commitment_id", f"{column}__code"):
        codes[commitment].append(code)
    for task, lead, commitment in itertools.chain(via_obligations, via_plan):
        if commitment in readable:
            for code in codes.get(commitment, ()):
                yield task, lead, code


def build(user, axis: str, kind: str) -> Matrix:
    """The matrix for ``user``. A row's total counts its distinct records (a task or commitment
    with fifteen partners counts once there, and once in each partner's cell)."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    records: dict[int, set[int]] = defaultdict(set)
    relation = "partners" if axis == "partner" else "sectors"
    seen: set[tuple[int, str]] = set()
    if kind == "task":
        pairs = task_pairs(user, axis)
    else:
        pairs = (
            Commitment.objects.visible_to(user)
            .exclude(**{f"{relation}__isnull": True})
            .values_list("pk", "lead_agency_id", f"{relation}__code")
            .iterator(chunk_size=20_000)
        )
    for record, agency, code in pairs:
        if (record, code) not in seen:
            seen.add((record, code))
            counts[agency, code] += 1
            records[agency].add(record)
    by_column: dict[str, int] = defaultdict(int)
    for (_agency, code), n in counts.items():
        by_column[code] += n
    codes = sorted(by_column, key=lambda c: (-by_column[c], c))
    model = Partner if axis == "partner" else Sector
    named = model.objects.in_bulk(codes[:MAX_COLUMNS], field_name="code")
    columns = [named[c] for c in codes[:MAX_COLUMNS] if c in named]
    rows = []
    for agency_id, agency in Agency.objects.in_bulk(list(records)).items():
        cells = [counts.get((agency_id, col.code), 0) for col in columns]
        rows.append((agency, cells, len(records[agency_id])))
    rows.sort(key=lambda r: (-r[2], r[0].name))
    return Matrix(axis, kind, columns, rows, max(0, len(codes) - MAX_COLUMNS))


def tasks_in_cell(user, axis: str, agency: str, value: str):
    """The visible tasks counted in one cell (agency code, partner or sector code)."""
    pks = {task for task, _lead, code in task_pairs(user, axis, agency) if code == value}
    return Task.objects.visible_to(user).filter(pk__in=pks)


def column_name(axis: str, code: str) -> str:
    model = Partner if axis == "partner" else Sector
    row = model.objects.filter(code=code).first()
    return row.name if row else ""


def agency_name(code: str) -> str:
    row = Agency.objects.filter(code=code).first()
    return row.name if row else ""
