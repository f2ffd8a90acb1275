"""Resources: funding lines by form and XLSX (bad rows named, all-or-nothing, idempotent),
the pledged vs disbursed gap, rows for the budget absorption formula."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from camket.evaluation.reviews import actions
from camket.evaluation.reviews.funding_xlsx import COLUMNS, read, template
from camket.evaluation.reviews.models import FundingLine
from camket.evaluation.reviews.resources import funding_gap, funding_rows
from camket.monitoring.tests.factories import make_task
from lawcore.scoring import budget_absorption


def _workbook(rows, language="vi") -> bytes:
    book = Workbook()
    sheet = book.active
    with translation.override(language):
        sheet.append([str(label) for _key, label in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes):
    return client.post(
        reverse("reviews:funding-import"),
        {"file": SimpleUploadedFile("nguon-luc.xlsx", data)},
    )


@pytest.fixture
def task(vkfta):
    return make_task(vkfta)


def test_template_opens_with_every_column_and_the_sources(client, officer_bct):
    client.force_login(officer_bct)
    response = client.get(reverse("reviews:funding-template"))
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in book.worksheets[0][1]]
    assert headers[0].startswith("Mã cam kết") and len(headers) == len(COLUMNS)
    assert "Ngân sách nhà nước" in [
        row[0] for row in book.worksheets[1].iter_rows(values_only=True)
    ]
    rows, problems = read(template(), "t.xlsx")
    assert rows == [] and problems == []


def test_import_inserts_then_a_second_import_changes_nothing(client, officer_bct, vkfta, task):
    data = _workbook(
        [
            [
                vkfta.code,
                None,
                "Ngân sách nhà nước",
                2025,
                1_000_000_000,
                400_000_000,
                300_000_000,
                "",
                "",
            ],
            [vkfta.code, task.pk, "ODA and concessional loans", 2025, 500_000_000, 0, 0, "", ""],
        ]
    )
    client.force_login(officer_bct)
    first = _upload(client, data)
    assert first.status_code == 200 and "2 mới" in first.content.decode()
    second = _upload(client, data)
    assert "0 mới, 0 cập nhật, 2 không đổi" in second.content.decode()
    assert FundingLine.objects.count() == 2
    line = FundingLine.objects.get(task=task)
    assert line.source == "oda" and line.pledged == Decimal(500_000_000)


def test_a_bad_row_names_row_and_column_and_nothing_is_saved(client, officer_bct, vkfta):
    data = _workbook(
        [
            [vkfta.code, None, "Ngân sách nhà nước", 2025, 1_000, 500, 0, "", ""],
            [vkfta.code, None, "Xổ số", 2025, 1_000, 500, 0, "", ""],
            ["vn/treaty/1900/khong-co", None, "ODA", 2025, "một tỷ", 0, 0, "", ""],
        ]
    )
    client.force_login(officer_bct)
    response = _upload(client, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 3, cột “Nguồn kinh phí”: Nguồn kinh phí phải là một trong" in page
    assert "Dòng 4, cột “Số cam kết tài trợ (VND)”: “một tỷ” không phải số đồng nguyên." in page
    assert "Dòng 2" not in page
    assert FundingLine.objects.count() == 0
    rows, _problems = read(data, "x.xlsx")
    with pytest.raises(ValidationError) as refused:
        actions.import_funding(rows, acting_user=officer_bct)
    text = " ".join(refused.value.messages)
    assert "Dòng 3, cột “Nguồn kinh phí”" in text
    assert FundingLine.objects.count() == 0


def test_another_agency_cannot_fund_a_commitment_it_does_not_lead(officer_btc, vkfta):
    with pytest.raises(PermissionDenied):
        actions.save_funding(
            actions.FundingData(commitment=vkfta.code, source="oda", year=2025, pledged=Decimal(1)),
            acting_user=officer_btc,
        )


def test_gap_and_rows_for_budget_absorption(coordinator, officer_btc, vkfta):
    for source, pledged, disbursed in (("oda", 100, 50), ("state_budget", 300, 150)):
        actions.save_funding(
            actions.FundingData(
                commitment=vkfta.code, source=source, year=2025,
                pledged=Decimal(pledged), disbursed=Decimal(disbursed),
            ),
            acting_user=coordinator,
        )  # fmt: skip
    gap = funding_gap(coordinator)
    assert gap.total.pledged == 400 and gap.total.gap == 200 and gap.total.disbursed_share == 50.0
    assert budget_absorption(funding_rows(coordinator)).value == 50.0
    # A reader who may not see the commitment gets none of its lines.
    from camket.conftest import make_commitment

    hidden = make_commitment("vn/agreement/2024/han-che", lead="bct", confidentiality="restricted",
                             short_name="HC")  # fmt: skip
    actions.save_funding(
        actions.FundingData(commitment=hidden.code, source="oda", year=2025, pledged=Decimal(7)),
        acting_user=coordinator,
    )
    assert all(row.planned != 7 for row in funding_rows(officer_btc))


def test_spent_above_disbursed_is_refused(coordinator, vkfta):
    with pytest.raises(ValidationError):
        actions.save_funding(
            actions.FundingData(
                commitment=vkfta.code, source="oda", year=2025,
                pledged=Decimal(10), disbursed=Decimal(5), spent=Decimal(6),
            ),
            acting_user=coordinator,
        )  # fmt: skip


def test_the_dashboard_shows_the_gap(client, coordinator, vkfta):
    actions.save_funding(
        actions.FundingData(commitment=vkfta.code, source="oda", year=2025, pledged=Decimal(100)),
        acting_user=coordinator,
    )
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:dashboard")).content.decode()
    assert 'id="funding-gap-card"' in page


def test_category_c_obligations_come_first_in_the_assistance_form(client, officer_bct, vkfta):
    from camket.agencies.models import Agency
    from camket.evaluation.models import Feasibility, Proposal

    task = make_task(vkfta)
    obligation = task.obligations.get()
    other = make_task(vkfta, title="Nhiệm vụ khác").obligations.get()
    proposal = Proposal.objects.create(
        commitment=vkfta,
        stage=Proposal.Stage.SIGNATURE,
        legal_basis=Proposal.LegalBasis.TREATY_GOVERNMENT,
        proposing_agency=vkfta.lead_agency,
    )
    Feasibility.objects.create(
        proposal=proposal, obligation=other, category=Feasibility.Category.C,
        responsible_agency=Agency.objects.get(code="bct"),
    )  # fmt: skip
    client.force_login(officer_bct)
    page = client.get(reverse("reviews:commitment-resources", args=[vkfta.code])).content.decode()
    options = page[page.index('name="obligation"') :]
    assert options.index(f'value="{other.pk}"') < options.index(f'value="{obligation.pk}"')
    assert "loại C khi ký" in options
    response = client.post(
        reverse("reviews:commitment-resources", args=[vkfta.code]),
        {
            "add_need": "1",
            "obligation": other.pk,
            "kind": "technical",
            "description": "Cần chuyên gia",
        },
    )
    assert response.status_code == 302 and other.assistance_needs.count() == 1
