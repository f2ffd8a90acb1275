"""Every search box is the same folded, ranked search (issue 16, item 5; C16).

The views are found by walking the URL resolver: every view that declares a ``q`` parameter
(``camket.querystring.reads_query``) must have a case below, so a new search box cannot skip the
shared search. Each case types words without diacritics and expects the accented record, then
types an exact name (an acronym, a document number) and expects its record before another one
that only mentions it, although the list's own order puts that other one first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from importlib import import_module
from urllib.parse import urlencode

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from camket.compatibility.importing import DocumentData, save_document
from camket.conftest import make_commitment
from camket.evaluation.reviews.tests import search_records as review_search
from camket.monitoring.generator import generate
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.actions import PlanData, create_plan
from camket.registry.models import Commitment
from camket.search import Searchable, SearchText, search_columns
from camket.tests.test_query_fuzz import fill, walk

D = dt.date.fromisoformat
DUE = "2025-09-30"


@dataclass(frozen=True)
class Case:
    folded: str  # typed without diacritics
    folded_finds: str  # key of the record it must find
    name: str  # an exact name, or words of a title
    first: str  # key of the record that must come first
    later: str  # key of a record that matches too, listed first by the list's own order
    markers: str = "links"  # how a page shows a record: "links", "boxes", "reports", "public"


CASES = {
    "registry:commitment-list": Case("lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention"),
    "registry:search": Case("lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention"),
    "compatibility:document-list": Case(
        "bo luat lao dong", "d_labour", "45/2019/QH14", "d_labour", "d_mention"
    ),
    "obligations:plan-list": Case("lao dong", "p_labour", "121/NQ-CP", "p_exact", "p_mention"),
    "obligations:task-list": Case("lao dong", "t_labour", "cptpp", "t_title", "t_body"),
    "monitoring:commitment-picker": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "boxes"
    ),
    "obligations:plan-commitment-picker": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "boxes"
    ),
    "obligations:carried-picker": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "boxes"
    ),
    "registry:relation-picker": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "boxes"
    ),
    "monitoring:task-list": Case("lao dong", "t_labour", "cptpp", "t_title", "t_body"),
    "monitoring:overdue-list": Case("lao dong", "t_labour", "cptpp", "t_title", "t_body"),
    "monitoring:report-list": Case("lao dong", "t_labour", "cptpp", "t_title", "t_body", "reports"),
    "consultation:consultation-start": Case("lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention"),
    # The feedback form's picker offers public commitments as boxes.
    "consultation:feedback-commitment-picker": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "boxes"
    ),
    # The public list links to the public page of each commitment.
    "portal:commitment-list": Case(
        "lao dong", "c_labour", "cptpp", "c_cptpp", "c_mention", "public"
    ),
    **{name: Case(*fields) for name, fields in review_search.CASES.items()},
}


SEARCH_MIGRATIONS = [
    "camket.registry.migrations.0007_search_columns",
    "camket.obligations.migrations.0005_search_columns",
    "camket.compatibility.migrations.0003_search_columns",
]

# Views that read ``q`` to export what the list shows, through the list's own filter function.
EXPORTS = {"obligations:task-export"}


def search_views():
    return [route for route in walk() if "q" in getattr(route.callback, "query_params", ())]


def test_every_view_with_a_search_box_has_a_case():
    assert {route.name for route in search_views()} - set(CASES) - EXPORTS == set()


@pytest.fixture
def records(db):
    """Records of every searchable kind; keys name them, values are their URLs in a page."""
    labour = make_commitment(
        "vn/treaty/2007/ilo-c029",
        title_vi="Công ước số 29 về Lao động cưỡng bức",
        title_en="Forced Labour Convention",
        short_name="C029",
        partners=(),
        scope=Commitment.Scope.MULTILATERAL,  # a bilateral treaty is signed before accession
        events=(("accession", "2007-03-05"),),
    )
    cptpp = make_commitment(
        "vn/treaty/2018/cptpp",
        title_vi="Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương",
        title_en="Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
        short_name="CPTPP",
        partners=(),
        events=(("signature", "2018-03-08"),),
    )
    mention = make_commitment(
        "vn/agreement/2023/hai-quan-cptpp",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận hợp tác hải quan để thực thi CPTPP",
        title_en="",
        short_name="",
        partners=(),
        events=(("signature", "2023-06-01"),),
    )
    documents = {
        key: save_document(
            DocumentData(number=number, title=title, issued_on=D(issued), issuer="Quốc hội")
        ).document
        for key, number, title, issued in [
            ("d_labour", "45/2019/QH14", "Bộ luật Lao động", "2019-11-20"),
            (
                "d_mention",
                "145/2020/NĐ-CP",
                "Quy định chi tiết Bộ luật Lao động số 45/2019/QH14 về điều kiện lao động",
                "2020-12-14",
            ),
        ]
    }
    plans = {}
    for key, code, title, number in [
        ("p_exact", "kh-cptpp", "Chương trình hành động thực thi CPTPP", "121/NQ-CP"),
        ("p_labour", "kh-ld", "Kế hoạch triển khai Bộ luật Lao động", ""),
        ("p_mention", "kh-nq", "Kế hoạch thực hiện Nghị quyết số 121/NQ-CP", ""),
    ]:
        plans[key] = create_plan(
            PlanData(code=code, title_vi=title, agency="bct", instrument_number=number),
            acting_user=None,
        )
    # All overdue (for the overdue list); the one that only mentions CPTPP is due first.
    t_labour = make_task(labour, title="Rà soát pháp luật về lao động cưỡng bức", due_on=DUE)
    t_title = make_task(cptpp, title="Rà soát cam kết CPTPP về xuất xứ", due_on="2025-12-31")
    t_body = make_task(mention, title="Đào tạo cán bộ hải quan", due_on="2025-06-30")
    t_body.description = "Phục vụ thực thi CPTPP."
    t_body.save()
    tasks = {"t_labour": t_labour, "t_title": t_title, "t_body": t_body}
    reports = {r.task_id: r for r in open_reports(make_cycle("bct"))}
    urls = {
        "c_labour": labour.get_absolute_url(),
        "c_cptpp": cptpp.get_absolute_url(),
        "c_mention": mention.get_absolute_url(),
        "t_labour": t_labour.get_absolute_url(),
        "t_title": t_title.get_absolute_url(),
        "t_body": t_body.get_absolute_url(),
    }
    urls.update({key: doc.get_absolute_url() for key, doc in documents.items()})
    urls.update({key: plan.get_absolute_url() for key, plan in plans.items()})
    urls.update(review_search.expert_records())
    # The picker lists boxes, not links: its records are found by their primary key.
    boxes = {
        key: f'value="{c.pk}"'
        for key, c in [("c_labour", labour), ("c_cptpp", cptpp), ("c_mention", mention)]
    }
    by_report = {key: reports[task.pk].get_absolute_url() for key, task in tasks.items()}
    public = {
        key: reverse("portal:commitment-detail", args=[c.code])
        for key, c in [("c_labour", labour), ("c_cptpp", cptpp), ("c_mention", mention)]
    }
    return {"links": urls, "boxes": boxes, "reports": by_report, "public": public}


def _positions(html: str, markers: dict[str, str]) -> dict[str, int]:
    found = {}
    for key, marker in markers.items():
        at = re.search(re.escape('"' + marker + '"' if marker.startswith("/") else marker), html)
        if at:
            found[key] = at.start()
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_search_box_folds_and_ranks_exact_names_first(name, records, client, coordinator):
    case = CASES[name]
    markers = records[case.markers]
    route = next((route for route in walk() if route.name == name), None)
    if route is None:
        pytest.skip(f"{name} is not routed in this tree")
    assert "q" in getattr(route.callback, "query_params", ()), f"{name} has no search box"
    client.force_login(coordinator)

    html = client.get(fill(route, {}) + "?" + urlencode({"q": case.folded})).content.decode()
    assert case.folded_finds in _positions(html, markers), f"{name}: {case.folded!r}"

    html = client.get(fill(route, {}) + "?" + urlencode({"q": case.name})).content.decode()
    at = _positions(html, markers)
    assert case.first in at and case.later in at, f"{name}: {case.name!r} found {sorted(at)}"
    assert at[case.first] < at[case.later], f"{name}: {case.name!r} ranked {case.later} first"


def test_matched_words_are_marked_and_the_rest_escaped(records, client, coordinator):
    client.force_login(coordinator)
    html = client.get("/implementation/tasks/?q=lao+dong").content.decode()
    assert "<mark>lao</mark> <mark>động</mark> cưỡng bức" in html


def _stale_search_rows() -> tuple[list[str], int]:
    stale, checked = [], 0
    for model in apps.get_models():
        if not issubclass(model, Searchable):
            continue
        for row in model.objects.all():
            if (row.search_title, row.search_body) != search_columns(row.search_text()):
                stale.append(f"{model.__name__} {row.pk}")
            checked += 1
    return stale, checked


def test_stored_search_columns_match_the_models_text(records):
    """Whatever wrote a row (action, importer, form), its columns are up to date."""
    stale, checked = _stale_search_rows()
    assert stale == [] and checked >= 12


def test_bulk_writers_fill_the_search_columns(db):
    """The generator's bulk actions skip ``save``; ``bulk_create`` fills the columns."""
    generate("small", 16, dt.date(2026, 7, 20))
    stale, checked = _stale_search_rows()
    assert stale == [] and checked >= 40 * 11


# Apps whose tables had rows before the search columns were added; a model created with its
# columns (e.g. the expert roster) never had rows to fill.
FILLED_BY_MIGRATION = {"registry", "obligations", "compatibility"}


def test_migrations_fill_the_rows_written_before_the_columns(records):
    for model in apps.get_models():
        if issubclass(model, Searchable) and model._meta.app_label in FILLED_BY_MIGRATION:
            model.objects.update(search_title="", search_body="")
    assert len(_stale_search_rows()[0]) >= 12
    for name in SEARCH_MIGRATIONS:
        import_module(name)._fill(apps, None)
    assert _stale_search_rows()[0] == []


def test_search_columns_keep_names_apart_from_words():
    title, body = search_columns(SearchText(["CPTPP", "vn/treaty/2018/cptpp"], "Hiệp định", "Đ"))
    assert title == "\x1fcptpp\x1fvn treaty 2018 cptpp\x1f hiep dinh"
    assert body == "d"


def test_task_export_lists_the_tasks_in_search_order(records, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/implementation/tasks/export.xlsx?q=cptpp")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    titles = [
        c for c in cells if c in {"Rà soát cam kết CPTPP về xuất xứ", "Đào tạo cán bộ hải quan"}
    ]
    assert titles == ["Rà soát cam kết CPTPP về xuất xứ", "Đào tạo cán bộ hải quan"]


def test_small_tables_are_searched_the_same_way(db, rf):
    """Agencies (seeded by migrations, no search columns): folded, exact code first."""
    from django.contrib.admin.sites import site

    from camket.agencies.models import Agency

    admin = site._registry[Agency]
    found, _ = admin.get_search_results(rf.get("/"), Agency.objects.all(), "bo cong thuong")
    assert "bct" in set(found.values_list("code", flat=True))
    found, _ = admin.get_search_results(rf.get("/"), Agency.objects.all(), "BCT")
    assert found[0].code == "bct"
    assert not admin.get_search_results(rf.get("/"), Agency.objects.all(), "zzzq")[0].exists()
