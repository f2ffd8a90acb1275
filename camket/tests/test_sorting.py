"""Sortable list columns (issue 11, item 6): every list declaring a ``Sorting`` orders its rows
by each column both ways, marks the sorted column with ``aria-sort``, keeps the order in its
page and export links, and ignores a ``sort`` that is not one of its columns."""

from __future__ import annotations

import io
import re

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from camket.conftest import make_commitment
from camket.monitoring import views as monitoring_views
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations import views as obligation_views
from camket.registry import views as registry_views
from camket.sorting import Sorting

LISTS = [
    ("registry:commitment-list", registry_views.SORTING),
    ("obligations:plan-list", obligation_views.PLAN_SORTING),
    ("obligations:task-list", obligation_views.TASK_SORTING),
    ("monitoring:report-list", monitoring_views.REPORT_SORTING),
    ("monitoring:task-list", monitoring_views.TASK_SORTING),
]


@pytest.fixture
def world(db):
    older = make_commitment()  # VKFTA, signed 05/05/2015, led by bct
    newer = make_commitment(
        "vn/treaty/2018/cptpp",
        title_vi="Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương",
        short_name="CPTPP",
        events=(("signature", "2018-03-08"),),
    )
    make_task(older, title="Bồi dưỡng cán bộ", due_on="2026-09-30")
    make_task(newer, title="Ấn hành tài liệu hướng dẫn", due_on="2026-03-31")
    open_reports(make_cycle("bct", "btc"))
    return older, newer


def _header_cells(html: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return re.findall(r"<th[^>]*>.*?</th>", head, re.S)


@pytest.mark.parametrize(("name", "sorting"), LISTS)
def test_every_column_sorts_both_ways_and_says_so(client, coordinator, world, name, sorting):
    client.force_login(coordinator)
    url = reverse(name)
    for column in sorting.columns:
        for value, state in ((column, "ascending"), (f"-{column}", "descending")):
            response = client.get(url, {"sort": value})
            assert response.status_code == 200, (name, value)
            cells = _header_cells(response.content.decode())
            marked = [c for c in cells if "aria-sort=" in c]
            assert len(marked) == 1 and f'aria-sort="{state}"' in marked[0], (name, value)
            assert f"sort={'-' if state == 'ascending' else ''}{column}" in marked[0]


@pytest.mark.parametrize(("name", "sorting"), LISTS)
def test_an_unknown_sort_is_ignored(client, coordinator, world, name, sorting):
    client.force_login(coordinator)
    response = client.get(reverse(name), {"sort": "password"})
    assert response.status_code == 200
    assert "aria-sort=" not in response.content.decode()


def _titles(response) -> list[str]:
    return [c.title for c in response.context["page"]]


def test_register_list_orders_by_title_and_by_date(client, coordinator, world):
    older, newer = world
    client.force_login(coordinator)
    url = reverse("registry:commitment-list")
    assert _titles(client.get(url)) == [newer.title, older.title]  # newest first by default
    assert _titles(client.get(url, {"sort": "signed_on"})) == [older.title, newer.title]
    assert _titles(client.get(url, {"sort": "-signed_on"})) == [newer.title, older.title]
    # "Đối tác" before "Thương mại": Đ is the 8th letter, not a character after Z.
    assert _titles(client.get(url, {"sort": "title"})) == [newer.title, older.title]
    assert _titles(client.get(url, {"sort": "-title"})) == [older.title, newer.title]


def test_task_list_orders_by_due_date_and_keeps_the_order_in_its_export(
    client, coordinator, world
):
    client.force_login(coordinator)
    url = reverse("obligations:task-list")
    late_first = client.get(url, {"sort": "-due_on"})
    assert _titles(late_first) == ["Bồi dưỡng cán bộ", "Ấn hành tài liệu hướng dẫn"]
    assert "sort=-due_on" in late_first.context["query_base"]
    export = client.get(reverse("obligations:task-export"), {"sort": "-due_on"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Bồi dưỡng cán bộ",
        "Ấn hành tài liệu hướng dẫn",
    ]


def test_sort_links_keep_the_filters_and_start_again_on_page_one():
    sorting = Sorting(title="title_vi", due_on=("due_on", "pk"))
    links = sorting.links(QueryDict("status=in_force&page=3&sort=title&q=thuế"))
    assert links["title"].state == "ascending" and links["due_on"].state == ""
    assert links["title"].url == "?status=in_force&q=thu%E1%BA%BF&sort=-title"
    assert links["due_on"].url == "?status=in_force&q=thu%E1%BA%BF&sort=due_on"
    assert str(links["title"].attrs) == ' aria-sort="ascending"'
    assert str(links["due_on"].attrs) == ""
    assert sorting.read(QueryDict("sort=-pk")) is None  # only declared columns
    assert sorting.read(QueryDict("sort=--title")) is None


def test_titles_sort_in_vietnamese_alphabetical_order_not_by_code_point():
    from lawcore.collation import sort_key

    words = ["Xây dựng", "Ấn hành", "Đào tạo", "Dự thảo", "ăn", "An", "Ba", "Bà", "Bá", "Bả"]
    assert sorted(words, key=sort_key) == [
        "An",
        "ăn",
        "Ấn hành",
        "Ba",
        "Bà",
        "Bả",
        "Bá",
        "Dự thảo",
        "Đào tạo",
        "Xây dựng",
    ]


def test_status_sorts_in_the_order_of_the_lifecycle_not_of_the_stored_words(
    client, coordinator, world
):
    from camket.obligations.models import Task

    Task.objects.filter(title="Bồi dưỡng cán bộ").update(status=Task.Status.NOT_STARTED)
    client.force_login(coordinator)
    url = reverse("obligations:task-list")
    # "not_started" sorts after "in_progress" as a word; as a stage of work it comes first.
    assert _titles(client.get(url, {"sort": "status"})) == [
        "Bồi dưỡng cán bộ",
        "Ấn hành tài liệu hướng dẫn",
    ]
    assert _titles(client.get(url, {"sort": "-status"}))[0] == "Ấn hành tài liệu hướng dẫn"
