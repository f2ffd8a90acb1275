"""Scorecard, ranking, criteria and indicator pages: scope, links, formula, exports, forms."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import default_criteria
from camket.evaluation.scoring.models import (
    CriteriaSet,
    Indicator,
    IndicatorValue,
    Scorecard,
    Subject,
)
from camket.monitoring.models import ProgressReport
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports

D = dt.date.fromisoformat


@pytest.fixture
def scored(vkfta, restricted_btc):
    """Scorecards of one cycle over a MOIT treaty and a restricted MOF agreement."""
    make_task(vkfta, due_on="2026-03-31")
    make_task(restricted_btc, lead="btc", title="Xây dựng cơ chế trao đổi thông tin hải quan")
    cycle = make_cycle("bct", "btc")
    open_reports(cycle)
    ProgressReport.objects.filter(agency__code="bct").update(
        status="submitted", submitted_on=D("2026-07-01")
    )
    criteria = actions.approve_criteria_set(
        actions.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    actions.compute_scorecards(criteria, cycle, acting_user=None, today=D("2026-07-20"))
    return {"cycle": cycle, "criteria": criteria}


def _card(subject, key):
    return Scorecard.objects.get(subject=subject, subject_key=str(key))


def test_scorecard_page_links_each_figure_to_its_records_and_shows_the_formula(
    client, officer_bct, scored, vkfta
):
    client.force_login(officer_bct)
    card = _card(Subject.COMMITMENT, vkfta.pk)
    page = client.get(card.get_absolute_url()).content.decode()
    assert "<svg" in page and "Hiển thị công thức" in page
    # SVG lengths are read with a dot: the page's Vietnamese number format must not reach them.
    assert re.findall(r'<rect class="[^"]*" x="\d+" y="\d+" width="\d+\.\d"', page)
    assert not re.search(r'(width|x1|x)="\d+,\d', page)
    score = card.scores.get(criterion__code="bao-cao-dung-han")
    assert f"/scorecards/score/{score.pk}/" in page
    records = client.get(f"/scorecards/score/{score.pk}/").content.decode()
    report = ProgressReport.objects.get(agency__code="bct")
    assert report.get_absolute_url() in records


def test_another_agency_gets_404_on_a_restricted_commitments_scorecard(
    client, officer_bct, scored, restricted_btc
):
    client.force_login(officer_bct)
    card = _card(Subject.COMMITMENT, restricted_btc.pk)
    assert client.get(card.get_absolute_url()).status_code == 404
    score = card.scores.exclude(formula="").first()
    assert client.get(f"/scorecards/score/{score.pk}/").status_code == 404
    ranking = client.get(f"/scorecards/?cycle={scored['cycle'].pk}").content.decode()
    assert restricted_btc.title_vi not in ranking
    # Another agency's scorecard and the partner rankings are not the officer's to read.
    other = _card(Subject.AGENCY, restricted_btc.lead_agency_id)
    assert client.get(other.get_absolute_url()).status_code == 404
    partner = Scorecard.objects.filter(subject=Subject.PARTNER).first()
    assert client.get(partner.get_absolute_url()).status_code == 404


def test_ranking_lists_best_first_with_caveats_and_exports_xlsx(client, coordinator, scored):
    client.force_login(coordinator)
    cycle = scored["cycle"]
    page = client.get(f"/scorecards/?cycle={cycle.pk}&subject=agency").content.decode()
    assert "Cách đọc bảng xếp hạng" in page
    response = client.get(f"/scorecards/?cycle={cycle.pk}&subject=agency&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    totals = [r[2] for r in rows if r[2] is not None]
    assert totals == sorted(totals, reverse=True)
    assert {r[1] for r in rows} >= {"Bộ Công Thương", "Bộ Tài chính"}


def test_scorecard_export_opens_with_its_criteria(client, coordinator, scored, vkfta):
    client.force_login(coordinator)
    card = _card(Subject.COMMITMENT, vkfta.pk)
    book = load_workbook(io.BytesIO(client.get(f"{card.get_absolute_url()}?export=xlsx").content))
    criteria = [r[0] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "Tỷ lệ nhiệm vụ hoàn thành đúng hạn" in criteria


def test_only_the_coordinator_computes_and_rates(client, officer_bct, coordinator, scored, vkfta):
    cycle, criteria = scored["cycle"], scored["criteria"]
    client.force_login(officer_bct)
    post = {"criteria_set": criteria.pk, "cycle": cycle.pk}
    assert client.post("/scorecards/compute/", post).status_code == 403
    card = _card(Subject.COMMITMENT, vkfta.pk)
    rated = criteria.criteria.get(subject=Subject.COMMITMENT, method="rated")
    form = {"criterion": rated.pk, "rating": 4, "reason": "Tốt"}
    assert client.post(card.get_absolute_url(), form).status_code == 403
    client.force_login(coordinator)
    missing = client.post(card.get_absolute_url(), {**form, "reason": ""})
    assert "Trường này là bắt buộc" in missing.content.decode()
    assert client.post(card.get_absolute_url(), form).status_code == 302
    assert card.scores.get(criterion=rated).rating == 4


def test_approving_a_set_from_its_page_freezes_it(client, coordinator, db):
    draft = actions.create_criteria_set(default_criteria(), acting_user=None)
    client.force_login(coordinator)
    client.post(draft.get_absolute_url(), {"verb": "approve", "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.APPROVED
    page = client.post(
        draft.get_absolute_url(),
        {
            "verb": "add",
            "name_vi": "Tiêu chí thêm",
            "subject": "agency",
            "method": "computed",
            "formula": "reports_on_time",
            "weight": "1",
            "direction": "higher",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert "không thể thay đổi" in page.content.decode()
    assert draft.criteria.filter(name_vi="Tiêu chí thêm").count() == 0


def test_indicator_entry_status_override_and_import(client, officer_bct, officer_btc, vkfta, db):
    cycle = make_cycle("bct", ends_on="2025-12-31", starts_on="2025-07-01", due_on="2026-01-15")
    client.force_login(officer_bct)
    created = client.post(
        f"/scorecards/indicators/?commitment={vkfta.code}",
        {
            "name_vi": "Kim ngạch xuất khẩu sang Hàn Quốc",
            "unit": "tỷ USD",
            "direction": "higher",
            "baseline": "8,9",
            "baseline_year": "2015",
            "target": "20",
            "target_year": "2030",
        },
    )
    assert created.status_code == 302
    indicator = Indicator.objects.get()
    client.post(indicator.get_absolute_url(), {"verb": "value", "cycle": cycle.pk, "actual": "9"})
    value = IndicatorValue.objects.get()
    assert value.status == "off_track"  # 2025: expected 16.3, moved 0.1 of 7.4
    no_reason = client.post(
        indicator.get_absolute_url(),
        {"verb": "override", "value": value.pk, "version": value.version, "override": "moderate"},
    )
    assert "Hãy ghi lý do" in no_reason.content.decode()
    client.post(
        indicator.get_absolute_url(),
        {
            "verb": "override",
            "value": value.pk,
            "version": value.version,
            "override": "moderate",
            "override_reason": "Số liệu năm 2025 chưa đủ 12 tháng.",
        },
    )
    value.refresh_from_db()
    assert (value.shown_status, value.status) == ("moderate", "off_track")
    # Import: one bad row refuses the whole file, naming the row; a good file is idempotent.
    book = Workbook()
    book.active.append(["Mã cam kết", "Mã chỉ số", "Giá trị"])
    book.active.append([vkfta.code, indicator.code, "12,5"])
    book.active.append([vkfta.code, indicator.code, "nhiều"])
    bad = io.BytesIO()
    book.save(bad)
    bad.name = "chi-so.xlsx"
    bad.seek(0)
    page = client.post(
        "/scorecards/indicators/", {"verb": "import", "cycle": cycle.pk, "file": bad}
    ).content.decode()
    assert "Dòng 3" in page
    assert IndicatorValue.objects.get().actual == 9
    book.active.delete_rows(3)
    good = io.BytesIO()
    book.save(good)
    for _round in range(2):
        good.seek(0)
        good.name = "chi-so.xlsx"
        client.post("/scorecards/indicators/", {"verb": "import", "cycle": cycle.pk, "file": good})
    assert IndicatorValue.objects.get().actual == 12.5
    client.force_login(officer_btc)
    assert client.get(indicator.get_absolute_url()).status_code == 200  # public commitment
    assert client.post(indicator.get_absolute_url(), {"verb": "value"}).status_code == 403


def test_official_report_carries_a_section_of_scores(client, coordinator, scored):
    import docx

    client.force_login(coordinator)
    cycle = scored["cycle"]
    response = client.get(f"/monitoring/official-report/?period=cycle-{cycle.pk}&format=docx")
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "IV. Điểm đánh giá hiệu quả thực hiện" in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Bộ Công Thương" in cells and "Bộ Tài chính" in cells


def test_an_observer_reads_no_scorecard_of_a_restricted_commitment(
    client, observer, scored, restricted_btc, vkfta
):
    client.force_login(observer)
    hidden = _card(Subject.COMMITMENT, restricted_btc.pk)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(_card(Subject.COMMITMENT, vkfta.pk).get_absolute_url()).status_code == 200
    assert (
        client.get(_card(Subject.AGENCY, vkfta.lead_agency_id).get_absolute_url()).status_code
        == 200
    )
    ranking = client.get(f"/scorecards/?cycle={scored['cycle'].pk}").content.decode()
    assert restricted_btc.title_vi not in ranking
