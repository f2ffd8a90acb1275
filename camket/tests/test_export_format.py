"""Every file the project serves is made as an office expects (issue 11, item 6): named after
its Vietnamese title (an ASCII slug, RFC 6266 ``filename*``), and every XLSX sheet has its
header frozen, bold and sized, dates as dates shown dd/mm/yyyy, and labels, never stored codes.

The exports are found by walking the URL resolver, as ``test_export_formulas`` does, so a new
export is checked without being listed here."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from camket.agencies.models import Agency
from camket.tests import test_export_formulas
from camket.tests.test_export_formulas import EXPORT_QUERIES, urls

world = test_export_formulas.world  # the same records, formula-like titles included

FILENAME = re.compile(
    r"^attachment; filename=\"(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*\.(?:xlsx|docx|pdf))\"; "
    r"filename\*=UTF-8''(?P=name)$"
)
DOWNLOADS = ("spreadsheetml", "wordprocessingml", "application/pdf")


def raw_codes() -> set[str]:
    """Stored values of every choice field of the project whose Vietnamese label differs
    from the value, and every agency code: none may be written into an export cell."""
    codes = set()
    with translation.override("vi"):
        for model in apps.get_models():
            if not model.__module__.startswith("camket."):
                continue
            for field in model._meta.get_fields():
                for value, label in getattr(field, "choices", None) or ():
                    if isinstance(value, str) and value and value != str(label):
                        codes.add(value)
    return codes | set(Agency.objects.values_list("code", flat=True))


def _downloads(client, values):
    for name, url in urls(values):
        for query in EXPORT_QUERIES:
            response = client.get(url + query)
            kind = response.get("Content-Type", "")
            if response.status_code == 200 and any(d in kind for d in DOWNLOADS):
                yield name, response
    official = reverse("monitoring:official-report")
    for fmt in ("docx", "pdf"):
        yield "monitoring:official-report", client.get(f"{official}?period=year-2026&format={fmt}")


def _sheet_problems(name: str, sheet, codes: set[str]) -> list[str]:
    found = []
    where = f"{name} {sheet.title}"
    if sheet.freeze_panes != "A2":
        found.append(f"{where}: header not frozen ({sheet.freeze_panes})")
    header = next(sheet.iter_rows(max_row=1), ())
    for cell in header:
        width = sheet.column_dimensions[cell.column_letter].width
        if not cell.font.b or not width or width < 8:
            found.append(f"{where}!{cell.coordinate}: header not bold or column not sized")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (dt.date, dt.datetime)):
                if not cell.number_format.startswith("DD/MM/YYYY"):
                    found.append(f"{where}!{cell.coordinate}: date shown {cell.number_format}")
            elif isinstance(cell.value, str) and cell.value in codes:
                found.append(f"{where}!{cell.coordinate}: stored code {cell.value!r}")
    return found


def test_every_download_is_named_after_its_title_and_every_sheet_is_readable(world, coordinator):
    client = Client()
    client.force_login(coordinator)
    codes = raw_codes()
    seen, problems = set(), []
    for name, response in _downloads(client, world):
        assert response.status_code == 200, name
        seen.add(name)
        disposition = response["Content-Disposition"]
        if not FILENAME.match(disposition):
            problems.append(f"{name}: {disposition}")
        if "spreadsheetml" in response["Content-Type"]:
            for sheet in load_workbook(io.BytesIO(response.content)):
                problems += _sheet_problems(name, sheet, codes)
    assert {
        "registry:commitment-list",
        "monitoring:dashboard",
        "monitoring:report-list",
        "monitoring:task-list",
        "obligations:plan-export",
        "obligations:task-export",
        "obligations:xlsx-template",
        "monitoring:official-report",
    } <= seen
    assert problems == []
