"""Excel round trip of task lists: export, template, validating and idempotent import."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from camket.agencies.models import Agency
from camket.obligations import xlsx
from camket.obligations.models import ActionPlan, Task


@pytest.fixture
def plan(db):
    return ActionPlan.objects.create(
        code="kh-bct-cptpp",
        title_vi="Kế hoạch thực hiện CPTPP",
        agency=Agency.objects.get(code="bct"),
    )


def workbook(rows, headers=xlsx.HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = xlsx.SHEET
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        "NV-01",
        "1",
        "Rà soát quy tắc xuất xứ",
        "bct",
        "btc; bng",
        "01/01/2026",
        "30/06/2026",
        "Báo cáo rà soát",
        150000000,
        "Ngân sách nhà nước",
        "Chưa bắt đầu",
    ],
    [
        "NV-02",
        "2",
        "Hướng dẫn doanh nghiệp",
        "Bộ Công Thương",
        "",
        "2026-02-01",
        "31/12/2026",
        "",
        "",
        "",
        "",
    ],
]


def test_valid_file_imports_then_reimport_changes_nothing(plan, officer_bct):
    result = xlsx.import_tasks(plan, workbook(GOOD), acting_user=officer_bct)
    assert (result.inserted, result.errors) == (2, [])
    task = plan.tasks.get(external_key="NV-01")
    assert task.budget == 150000000 and task.funding_source == Task.Funding.STATE_BUDGET
    assert set(task.supporting_agencies.values_list("code", flat=True)) == {"btc", "bng"}
    again = xlsx.import_tasks(plan, workbook(GOOD), acting_user=officer_bct)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)


def test_every_invalid_row_is_reported_in_vietnamese_and_nothing_written(plan, officer_bct):
    rows = [GOOD[0], ["NV-03", *GOOD[1][1:]], [*GOOD[1]]]
    rows[1][6] = "31/02/2026"
    rows[2][3] = "bo-khong-co"
    rows[2][0] = "NV-04"
    result = xlsx.import_tasks(plan, workbook([GOOD[0], *rows[1:]]), acting_user=officer_bct)
    assert "Dòng 3, cột 'Hạn hoàn thành': ngày không hợp lệ (định dạng dd/mm/yyyy)" in result.errors
    assert any(e.startswith("Dòng 4, cột 'Cơ quan chủ trì'") for e in result.errors)
    assert not plan.tasks.exists()


def test_wrong_template_is_refused(plan, officer_bct):
    result = xlsx.import_tasks(
        plan, workbook([["x"]], headers=["Tên", "Hạn"]), acting_user=officer_bct
    )
    assert len(result.errors) == 1 and "Mã nhiệm vụ" in result.errors[0]


def test_corrupt_and_huge_files_are_refused(plan, officer_bct):
    assert xlsx.import_tasks(plan, b"PK\x03\x04 not really", acting_user=officer_bct).errors
    huge = xlsx.import_tasks(plan, b"0" * (xlsx.MAX_BYTES + 1), acting_user=officer_bct)
    assert "MB" in huge.errors[0]
    assert not plan.tasks.exists()


def test_export_round_trips(client, plan, officer_bct):
    xlsx.import_tasks(plan, workbook(GOOD), acting_user=officer_bct)
    client.force_login(officer_bct)
    data = client.get(reverse("obligations:plan-export", args=[plan.code])).content
    sheet = load_workbook(io.BytesIO(data)).active
    assert [xlsx._header_text(c.value) for c in sheet[1]] == xlsx.HEADERS
    assert sheet.max_row == 3
    again = xlsx.import_tasks(plan, data, acting_user=officer_bct)
    assert (again.unchanged, again.errors) == (2, [])


def test_upload_through_the_page_reports_errors(client, plan, officer_bct):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_bct)
    bad = [list(GOOD[0])]
    bad[0][5] = "hôm qua"
    upload = SimpleUploadedFile("nv.xlsx", workbook(bad))
    response = client.post(
        reverse("obligations:plan-import", args=[plan.code]), {"file": upload}, follow=True
    )
    assert "Dòng 2, cột &#x27;Ngày bắt đầu&#x27;" in response.content.decode()
    assert not plan.tasks.exists()


def test_template_download(client, officer_bct):
    client.force_login(officer_bct)
    data = client.get(reverse("obligations:xlsx-template")).content
    header = load_workbook(io.BytesIO(data)).active[1]
    assert [xlsx._header_text(c.value) for c in header] == xlsx.HEADERS


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_template_marks_required_columns_explains_each_and_has_an_example(client, officer_bct):
    client.force_login(officer_bct)
    response = client.get(reverse("obligations:xlsx-template"))
    assert "filename*=UTF-8''mau-nhap-nhiem-vu.xlsx" in response["Content-Disposition"]
    book = _open(response.content)
    assert book.sheetnames == [xlsx.SHEET, "Hướng dẫn", "Ví dụ"]
    header = {c.value: c for c in book[xlsx.SHEET][1]}
    marked = {text for text in header if text.endswith("(*)")}
    assert marked == {"Tên nhiệm vụ (*)", "Cơ quan chủ trì (*)"}
    assert all(header[text].font.b for text in header)
    assert "Mã nhiệm vụ" in header  # no longer required: a new task gets a code
    notes = list(book["Hướng dẫn"].iter_rows(values_only=True))
    assert notes[0] == ("Cột", "Bắt buộc", "Cách ghi", "Ví dụ")
    assert [row[0] for row in notes[1:]] == xlsx.HEADERS
    required = {row[0]: row[1] for row in notes[1:]}
    assert required["Tên nhiệm vụ"] == "Có" and required["Mã nhiệm vụ"] == "Không"
    assert all(row[2] for row in notes[1:])
    example = book["Ví dụ"]
    values = dict(zip(xlsx.HEADERS, (c.value for c in example[2]), strict=True))
    assert values["Mã nhiệm vụ"] is None
    assert values["Trạng thái"] == "Chưa bắt đầu" and values["Nguồn kinh phí"] == "Ngân sách nhà nước"
    assert values["Cơ quan chủ trì"] == "Bộ Công Thương"
    assert example["G2"].number_format == "DD/MM/YYYY" and example["I2"].number_format == "#,##0"


def test_the_example_row_pasted_into_the_task_sheet_imports_as_a_new_task(
    client, plan, officer_bct
):
    client.force_login(officer_bct)
    book = _open(client.get(reverse("obligations:xlsx-template")).content)
    example = [c.value for c in book["Ví dụ"][2]]
    book[xlsx.SHEET].append(example)
    buffer = io.BytesIO()
    book.save(buffer)
    result = xlsx.import_tasks(plan, buffer.getvalue(), acting_user=officer_bct)
    assert (result.inserted, result.errors) == (1, [])
    task = plan.tasks.get()
    assert task.title == "Rà soát quy tắc xuất xứ và hướng dẫn doanh nghiệp"
    assert task.lead_agency.code == "bct" and task.budget == 150_000_000


def test_a_row_without_a_task_code_is_a_new_task_and_importing_it_again_adds_nothing(
    plan, officer_bct
):
    rows = [["", "1", "Tập huấn doanh nghiệp", "Bộ Công Thương"] + [""] * 7]
    first = xlsx.import_tasks(plan, workbook(rows), acting_user=officer_bct)
    assert (first.inserted, first.errors) == (1, [])
    again = xlsx.import_tasks(plan, workbook(rows), acting_user=officer_bct)
    assert (again.inserted, again.unchanged, again.errors) == (0, 1, [])
    rows[0][10] = "Đang thực hiện"
    changed = xlsx.import_tasks(plan, workbook(rows), acting_user=officer_bct)
    assert changed.updated == 1
    assert plan.tasks.get().status == Task.Status.IN_PROGRESS


def test_export_writes_labels_not_codes_with_widths_frozen_header_and_formats(
    client, plan, officer_bct
):
    xlsx.import_tasks(plan, workbook(GOOD), acting_user=officer_bct)
    client.force_login(officer_bct)
    response = client.get(reverse("obligations:plan-export", args=[plan.code]))
    assert "filename*=UTF-8''ke-hoach-thuc-hien-cptpp.xlsx" in response["Content-Disposition"]
    sheet = _open(response.content).active
    row = dict(zip(xlsx.HEADERS, (c for c in sheet[2]), strict=True))
    assert row["Cơ quan chủ trì"].value == "Bộ Công Thương"
    assert set(row["Cơ quan phối hợp"].value.split("; ")) == {"Bộ Tài chính", "Bộ Ngoại giao"}
    assert row["Trạng thái"].value == "Chưa bắt đầu"
    assert row["Nguồn kinh phí"].value == "Ngân sách nhà nước"
    assert row["Kinh phí dự kiến (đồng)"].value == 150_000_000
    assert row["Kinh phí dự kiến (đồng)"].number_format == "#,##0"
    assert row["Hạn hoàn thành"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 60


def test_rows_without_a_code_and_with_the_same_title_are_refused_naming_the_rows(
    plan, officer_bct
):
    row = ["", "1", "Tập huấn doanh nghiệp", "Bộ Công Thương"] + [""] * 7
    result = xlsx.import_tasks(plan, workbook([row, list(row)]), acting_user=officer_bct)
    assert result.inserted == 0 and not plan.tasks.exists()
    assert [e.split(":")[0] for e in result.errors] == [
        "Dòng 2, cột 'Mã nhiệm vụ'",
        "Dòng 3, cột 'Mã nhiệm vụ'",
    ]
    assert "có cùng tên" in result.errors[0]
