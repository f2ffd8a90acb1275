"""No export writes a live formula: every spreadsheet the project serves, found by walking the
URL resolver, is opened back and every cell checked (issue 10, item 7)."""

from __future__ import annotations

import io
import itertools
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from camket.agencies.models import Agency
from camket.conftest import make_commitment
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.spreadsheet import FORMULA_PREFIXES
from camket.tests.test_query_fuzz import own_view, walk

FORMULA = '=HYPERLINK("http://x","y")'
SPREADSHEET = "spreadsheetml"
# Every way the project's pages switch to a spreadsheet; a new one belongs here.
EXPORT_QUERIES = ["", "?export=xlsx"]


@pytest.fixture
def world(db, coordinator):
    commitment = make_commitment(title_vi=FORMULA, short_name="+SUM(1,2)")
    task = make_task(commitment, title=FORMULA, plan_code="kh-cong-thuc")
    Task.objects.filter(pk=task.pk).update(deliverable="@SUM(1)", external_key="-2+3")
    ActionPlan.objects.filter(pk=task.plan_id).update(title_vi="\tcmd|' /C calc'!A0")
    Obligation.objects.filter(commitment=commitment).update(text="=1+1")
    Agency.objects.filter(code="bct").update(name_vi="=2+2", abbreviation="\r=3")
    cycle = make_cycle("bct", title=FORMULA)
    reports = open_reports(cycle)
    values = {
        "code": [commitment.code, task.plan.code, "bct"],
        "pk": [task.pk, cycle.pk, reports[0].pk, task.obligations.first().pk],
    }
    return values


def urls(values) -> list[tuple[str, str]]:
    found = []
    for route in walk():
        if not own_view(route.callback):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route.path)
        if any(p not in values for p in params):
            continue
        for combination in itertools.product(*(values[p] for p in params)):
            path = route.path
            for name, value in zip(params, combination, strict=True):
                path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
            found.append((route.name, "/" + path))
    return found


def test_no_export_holds_a_formula(world, coordinator):
    client = Client()
    client.force_login(coordinator)
    exports, formulas = set(), []
    for name, url in urls(world):
        for query in EXPORT_QUERIES:
            response = client.get(url + query)
            if response.status_code != 200 or SPREADSHEET not in response.get("Content-Type", ""):
                continue
            exports.add(name)
            book = load_workbook(io.BytesIO(response.content))
            for sheet in book:
                for row in sheet.iter_rows():
                    for cell in row:
                        text = cell.value if isinstance(cell.value, str) else ""
                        if cell.data_type == "f" or (
                            text.startswith(FORMULA_PREFIXES) and not cell.quotePrefix
                        ):
                            formulas.append(f"{name} {sheet.title}!{cell.coordinate}: {text}")
    assert {
        "registry:commitment-list",
        "monitoring:dashboard",
        "monitoring:report-list",
        "monitoring:task-list",
        "monitoring:overdue-list",
        "obligations:plan-export",
        "obligations:task-export",
        "obligations:xlsx-template",
    } <= exports
    assert formulas == []
