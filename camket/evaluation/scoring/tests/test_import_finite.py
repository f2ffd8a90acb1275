"""Indicator values imported from XLSX must be finite numbers ("nan", "inf" passed the check
and ended in a database error)."""

import io
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.models import IndicatorValue
from camket.monitoring.tests.factories import make_cycle


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã cam kết", "Mã chỉ tiêu", "Giá trị thực tế"])
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("chi-tieu.xlsx", buf.getvalue())


@pytest.mark.parametrize("actual", ["nan", "inf", "-inf", "1e400", "-Infinity"])
def test_imported_value_must_be_a_finite_number(vkfta, coordinator, client, actual):
    client.raise_request_exception = False
    indicator = actions.save_indicator(
        vkfta,
        actions.IndicatorData(
            code="kim-ngach",
            name_vi="Kim ngạch xuất khẩu sang Hàn Quốc",
            unit="tỷ USD",
            baseline=10,
            baseline_year=2015,
            target=20,
            target_year=2030,
        ),
        acting_user=None,
    )
    cycle = make_cycle("bct")
    client.force_login(coordinator)
    r = client.post(
        reverse("scoring:indicator-list") + f"?commitment={vkfta.code}",
        {"verb": "import", "cycle": cycle.pk, "file": _xlsx([[vkfta.code, "kim-ngach", actual]])},
    )
    assert r.status_code in (200, 302, 400), r.status_code
    stored = list(
        IndicatorValue.objects.filter(indicator=indicator).values_list("actual", flat=True)
    )
    assert all(v is not None and math.isfinite(v) for v in stored), stored
    assert not stored
    page = r.content.decode()
    assert "dòng 2" in page.lower() or "row 2" in page.lower() or r.status_code == 302, page[:3000]
    detail = client.get(reverse("scoring:indicator-detail", args=[indicator.pk]))
    assert detail.status_code == 200
