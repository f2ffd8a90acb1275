"""Real implementation plans for the demo: ``../shared/data/vn-implementation-plans``.

- ``plans.jsonl``: Government decisions that turn a trade agreement into work (implementation
  plans, focal-point designations, a Government action programme). Each becomes an ActionPlan
  with its number, date, commitment and source links (decision 0011). Directive 56-CT/TW is a
  Party directive, not a plan of work: it is not registered as a plan.
- ``tasks.jsonl``: the full table of Decision 328/QĐ-TTg (March 2022) designating, for each
  chapter and annex of RCEP, the lead (chủ trì) and cooperating (phối hợp) agencies. Each row
  becomes one task per lead agency: a cell that splits a chapter by subject ("Bộ Công Thương
  (đối với ...); Bộ Tài chính (đối với ...)") gives one task per agency and subject, numbered
  2.1, 2.2 ... The source has no deadline column (Art. 3: effective on signing), so no task has
  a due date; the designation is in force, so each task is "in progress".
- Agencies are named as in 2022. A merged ministry (Resolution 176/2025/QH15) leads nothing
  new: the task goes to its successor and keeps the named agency (``lead_agency_as_named``),
  shown as "Bộ X (nay là Bộ Y)".

Written through ``obligations.actions.import_plan`` / ``import_task``: re-running changes
nothing. Source: https://datafiles.chinhphu.vn/cpp/files/vbpq/2022/03/328-qd-ttg.signed.pdf
(transcription and its notes: the data set's README).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from camket.agencies.models import Agency
from camket.obligations import actions
from camket.obligations.models import ActionPlan, Task
from camket.registry.actions import Lookups
from camket.registry.models import Commitment
from lawcore.assignment_table import name_key, split_lead_cell, split_supporting_cell

PLAN_328 = "rcep-focal-328-2022"
# The commitment each plan serves, by the data set's ``commitment`` label.
COMMITMENTS = {
    "CPTPP": "vn/treaty/2018/cptpp",
    "EVFTA": "vn/treaty/2019/evfta",
    "RCEP": "vn/treaty/2020/rcep",
    "VIFTA (Việt Nam – Israel)": "vn/treaty/2023/vifta",
    "UKVFTA": "vn/treaty/2020/ukvfta",
}
KINDS = {
    "implementation_plan": ActionPlan.Kind.PLAN,
    "provincial_implementation_plan": ActionPlan.Kind.PLAN,
    "focal_point_designation": ActionPlan.Kind.PLAN,
    "government_action_programme": ActionPlan.Kind.PROGRAMME,
}
# Who keeps the plan in CamKet: the agency that proposed it and coordinates it (each FTA
# decision cites the submission of Bộ Công Thương), the province for its own plan (Vĩnh Phúc
# was merged into Phú Thọ on 01/07/2025, Resolution 202/2025/QH15: its successor keeps it), the
# Government Office for a Government resolution.
KEEPER = {"Thủ tướng Chính phủ": "bct", "UBND tỉnh Vĩnh Phúc": "vinhphuc", "Chính phủ": "vpcp"}
ALIASES = {"ngân hàng nhà nước": "nhnn"}
# Replaced decisions end when their successor decision is issued (the data set's ``status``).
# 734/QĐ-TTg by 127/QĐ-TTg, 1175/QĐ-TTg by 126/QĐ-TTg, both of 16/01/2026.
REPLACED_ON = {
    "cptpp-focal-734-2019": dt.date(2026, 1, 16),
    "evfta-focal-1175-2020": dt.date(2026, 1, 16),
}
TITLES = {
    "focal_point_designation": "Chỉ định các cơ quan đầu mối thực hiện Hiệp định %(commitment)s",
}


@dataclass
class PlanCounts:
    plans: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "updated": 0})
    tasks: dict[str, int] = field(default_factory=lambda: {"inserted": 0, "updated": 0})

    def add(self, kind: str, outcome: str) -> None:
        counts = getattr(self, kind)
        counts[outcome] = counts.get(outcome, 0) + 1


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


class AgencyNames:
    """Agencies (former ones included) by their Vietnamese name as a decision writes it."""

    def __init__(self) -> None:
        agencies = Agency.objects.select_related("successor")
        self.by_code = {a.code: a for a in agencies}
        self.by_key = {name_key(a.name_vi): a for a in agencies}
        for alias, code in ALIASES.items():
            self.by_key[alias] = next(a for a in agencies if a.code == code)

    def get(self, name: str) -> Agency:
        agency = self.by_key.get(name_key(name))
        if agency is None:
            raise KeyError(name)
        return agency


def _title(record: dict) -> str:
    if record.get("title_vi"):
        return record["title_vi"]
    return TITLES[record["instrument_type"]] % {"commitment": record["commitment"]}


# The data set's notes are in English; the page shows what they say in Vietnamese.
CONFIDENCE = {"high": "cao", "medium": "trung bình", "low": "thấp"}


def _confidence(text: str | None) -> str:
    """ "medium-high (two sources ...)" -> "trung bình – cao": the grade, not the English."""
    grade = re.split(r"[\s(:]", text or "", maxsplit=1)[0]
    return " – ".join(CONFIDENCE[g] for g in grade.split("-") if g in CONFIDENCE)


def _note(record: dict) -> str:
    total, done = record.get("tasks_total_in_source"), record.get("tasks_transcribed") or 0
    if total and done == total:
        completeness = f"đã chép lại đủ {done}/{total} dòng của bảng phân công"
    else:
        completeness = "chỉ có số hiệu, ngày, cam kết và nguồn; bảng nhiệm vụ chưa được chép lại"
    replaced = REPLACED_ON.get(record["id"])
    parts = [
        ("Cơ quan ban hành", record.get("issuer", "").split(" (")[0]),
        ("Độ tin cậy của ngày ban hành", _confidence(record.get("date_confidence"))),
        ("Hiệu lực", replaced and f"được thay thế bằng quyết định ngày {replaced:%d/%m/%Y}"),
        ("Mức độ đầy đủ", completeness),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _links(record: dict) -> list[dict]:
    return [
        {"url": url, "title": record["decision_number"]}
        for url in record.get("source_urls", [])
        if url.startswith("http")
    ]


def plan_data(record: dict, commitments: dict[str, int], names: AgencyNames) -> actions.PlanData:
    """The plan of one ``plans.jsonl`` record (number, date, commitment, sources)."""
    commitment = commitments.get(COMMITMENTS.get(record["commitment"], ""))
    keeper = names.by_code[KEEPER[record["issuer"].split(" (")[0]]].current()
    return actions.PlanData(
        code=record["id"],
        title_vi=_title(record),
        agency=keeper.code,
        kind=KINDS[record["instrument_type"]],
        commitments=[commitment] if commitment else [],
        instrument_number=record["decision_number"],
        instrument_on=dt.date.fromisoformat(record["date"]),
        source_links=_links(record),
        source_note=_note(record),
        ends_on=REPLACED_ON.get(record["id"]),
        status=ActionPlan.Status.APPROVED,
    )


def _task_title(row: dict, subject: str) -> str:
    content = "; ".join(line.strip() for line in row["content_vi"].splitlines() if line.strip())
    title = f"{content} ({subject})" if subject else content
    return title[:500]


def _description(row: dict) -> str:
    lines = [
        row["section"],
        f"Cơ quan chủ trì (theo Quyết định): {' '.join(row['lead_agency_vi'].split())}",
        f"Cơ quan phối hợp (theo Quyết định): {' '.join(row['cooperating_agencies_vi'].split())}"
        if row.get("cooperating_agencies_vi")
        else "",
        "Quyết định không quy định thời hạn (Điều 3: có hiệu lực từ ngày ký).",
        f"Nguồn: {row['source_url']}",
    ]
    return "\n".join(line for line in lines if line)


def task_data(row: dict, plan: ActionPlan, names: AgencyNames) -> list[actions.TaskData]:
    """The tasks of one row of the 328 table: one per lead agency (and subject)."""
    leads = split_lead_cell(row["lead_agency_vi"])
    supporting, _others = split_supporting_cell(row.get("cooperating_agencies_vi") or "")
    supporting_codes = sorted({names.get(e.agency).current().code for e in supporting})
    tasks = []
    for index, entry in enumerate(leads, start=1):
        named = names.get(entry.agency)
        current = named.current()
        number = row["number"] if len(leads) == 1 else f"{row['number']}.{index}"
        deliverable = entry.unit and f"Đơn vị đầu mối: {entry.unit}"
        tasks.append(
            actions.TaskData(
                plan=plan.pk,
                number=number,
                title=_task_title(row, entry.subject),
                description=_description(row),
                lead_agency=current.code,
                lead_agency_as_named=named.code if named.pk != current.pk else None,
                supporting_agencies=[c for c in supporting_codes if c != current.code],
                deliverable=deliverable or "",
                status=Task.Status.IN_PROGRESS,
                external_key=f"qd328-{number}",
            )
        )
    return tasks


@transaction.atomic
def load_implementation_plans(folder: Path, *, acting_user=None) -> PlanCounts:
    """Register the plans of ``folder`` and the tasks of Decision 328; idempotent."""
    counts, lookups, names = PlanCounts(), Lookups.load(), AgencyNames()
    commitments = dict(Commitment.objects.values_list("code", "pk"))
    plans = {}
    for record in read_jsonl(folder / "plans.jsonl"):
        if record["instrument_type"] not in KINDS:
            continue
        plan, outcome = actions.import_plan(
            plan_data(record, commitments, names), acting_user=acting_user, lookups=lookups
        )
        plans[record["id"]] = plan
        counts.add("plans", outcome)
    for row in read_jsonl(folder / "tasks.jsonl"):
        for data in task_data(row, plans[row["plan_id"]], names):
            _task, outcome = actions.import_task(data, acting_user=acting_user, lookups=lookups)
            counts.add("tasks", outcome)
    return counts
