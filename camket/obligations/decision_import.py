"""A Government decision's table of assignments (DOCX or PDF) imported as an action plan.

Decisions such as 328/QĐ-TTg (RCEP focal agencies) assign work in a table: one row per task with
the content, the lead agency, the cooperating agencies and often a deadline. The file is read by
:func:`lawcore.docextract.extract_text`, the rows by :func:`lawcore.extraction.assignments.
assignment_rows`; agency names map to CamKet's agencies (a former agency to its successor). The
plan and its tasks are written by the plain-value actions ``create_plan`` and ``create_task``,
all or nothing: a row whose lead agency is not recognised stops the import and is named.
Importing the same decision again finds the plan it made and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camket.obligations import actions
from camket.obligations.forms import agency_choices
from camket.obligations.models import ActionPlan
from camket.obligations.named_agencies import agency_names
from camket.registry.forms import DATE_FORMATS, DateInput
from camket.uploads import refusal_message
from lawcore import docextract
from lawcore.extraction.assignments import AssignmentRow, assignment_rows
from lawcore.safezip import UnsafeArchive
from lawcore.text import fold

MAX_BYTES = 10 * 1024 * 1024
# The task's lead "as named in the instrument" (a former agency) where the task model has it.
_TASK_FIELDS = {f.name for f in fields(actions.TaskData)}


class DecisionImportForm(forms.Form):
    """The decision file and what the plan is called; the tasks come from the file."""

    file = forms.FileField(
        label=gettext_lazy("Decision (DOCX or PDF)"),
        help_text=gettext_lazy(
            "A table with one row per task and the columns “Nội dung” (content) and “Cơ quan "
            "chủ trì” (lead agency); “Cơ quan phối hợp” and “Thời gian hoàn thành” are read "
            "when present."
        ),
    )
    instrument_number = forms.CharField(
        label=gettext_lazy("Instrument number"),
        max_length=80,
        help_text=gettext_lazy("As on the decision, e.g. 328/QĐ-TTg."),
    )
    instrument_on = forms.DateField(
        label=gettext_lazy("Instrument date"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )
    title_vi = forms.CharField(label=gettext_lazy("Plan title"), max_length=500)
    agency = forms.ModelChoiceField(agency_choices(), label=gettext_lazy("Owning agency"))


@dataclass
class DecisionImport:
    """The plan a decision became, and whether this import created it."""

    plan: ActionPlan
    created: bool
    tasks: int


def read_decision(data: bytes, name: str) -> str:
    """The text of an uploaded decision, or a translated ValidationError naming the file."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": MAX_BYTES >> 20}
        )
    if docextract.detect_format(data) not in ("docx", "pdf"):
        raise ValidationError(_("%(name)s is neither a DOCX nor a PDF file.") % {"name": name})
    try:
        return docextract.extract_text(data, filename=name)
    except (UnsafeArchive, docextract.TooCostly) as error:
        raise ValidationError(refusal_message(error, name)) from error
    except docextract.ExtractionError as error:
        raise ValidationError(
            _("The text of %(name)s could not be read: %(reason)s")
            % {"name": name, "reason": error}
        ) from error


def _problems(rows: list[AssignmentRow], name: str) -> list[str]:
    if not rows:
        return [
            _(
                "No table of assignments was found in %(name)s: it needs a header row with the "
                "columns “Nội dung” and “Cơ quan chủ trì”, then one row per task."
            )
            % {"name": name}
        ]
    problems = []
    for row in rows:
        where = {"number": row.number or "?", "line": row.line}
        if not row.lead:
            named = " ".join(row.lead_text.split())[:120] or _("(empty)")
            problems.append(
                _(
                    "Row %(number)s (line %(line)d): the lead agency “%(named)s” is not an "
                    "agency known to CamKet; add it under Agencies or correct the file."
                )
                % {**where, "named": named}
            )
        for unknown in row.unknown if row.lead else ():
            problems.append(
                _("Row %(number)s (line %(line)d): “%(named)s” is not an agency known to CamKet.")
                % {**where, "named": unknown}
            )
    return problems


def plan_code(instrument_number: str) -> str:
    """``kh-`` and the decision number in ASCII ("328/QĐ-TTg" → ``kh-328-qd-ttg``)."""
    words = re.findall(r"[a-z0-9]+", fold(instrument_number))
    return ("kh-" + "-".join(words))[:60] or "kh"


def _title(row: AssignmentRow) -> str:
    return " ".join(row.content.split())[:500]


@transaction.atomic
def import_decision(
    data: bytes,
    name: str,
    *,
    instrument_number: str,
    title_vi: str,
    agency: str,
    instrument_on: dt.date | None = None,
    acting_user,
) -> DecisionImport:
    """Create the plan of a decision with one task per row; nothing is written on any problem."""
    rows = assignment_rows(read_decision(data, name), agency_names())
    problems = _problems(rows, name)
    if problems:
        raise ValidationError(problems)
    code = plan_code(instrument_number)
    existing = ActionPlan.objects.filter(code=code).first()
    if existing is not None:
        return DecisionImport(existing, created=False, tasks=existing.tasks.count())
    plan = actions.create_plan(
        actions.PlanData(
            code=code,
            title_vi=title_vi,
            agency=agency,
            instrument_number=instrument_number,
            instrument_on=instrument_on,
        ),
        acting_user=acting_user,
    )
    count = 0
    for index, row in enumerate(rows, start=1):
        for data in task_data(row, plan.pk, code, row.number or str(index)):
            actions.create_task(data, acting_user=acting_user)
            count += 1
    return DecisionImport(plan, created=True, tasks=count)


def _scope(row: AssignmentRow, position: int) -> str:
    """What the lead at ``position`` answers for: "(đối với ...)" after its name in the cell."""
    start = row.lead[position].end
    end = row.lead[position + 1].start if position + 1 < len(row.lead) else len(row.lead_text)
    return row.lead_text[start:end].strip(" -–;,.()")


def task_data(row: AssignmentRow, plan: int, code: str, number: str) -> list[actions.TaskData]:
    """One task per lead agency of the row ("- Bộ X (đối với ...) - Bộ Y ..."), as in the demo."""
    supporting = list(dict.fromkeys(a.code for a in row.cooperating))
    description = "\n".join(
        part
        for part in (row.section, row.lead_text, row.cooperating_text, row.deadline_text)
        if part
    )
    tasks = []
    for position, lead in enumerate(row.lead):
        scope = _scope(row, position) if len(row.lead) > 1 else ""
        task_number = number if len(row.lead) == 1 else f"{number}.{position + 1}"
        values = {
            "plan": plan,
            "title": (_title(row) + (f" ({scope})" if scope else ""))[:500],
            "lead_agency": lead.code,
            "number": task_number[:40],
            "description": description,
            "supporting_agencies": [c for c in supporting if c != lead.code],
            "due_on": row.due_on,
            "deliverable": row.output[:500],
            "external_key": f"{code}:{task_number}"[:120],
        }
        if lead.as_named != lead.code and "lead_agency_as_named" in _TASK_FIELDS:
            values["lead_agency_as_named"] = lead.as_named
        tasks.append(actions.TaskData(**values))
    return tasks
