"""The register list as XLSX: the reader's rows only, with the list's filters and order."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from camket.registry.models import Commitment


def _rows(client, **query):
    response = client.get(reverse("registry:commitment-list"), {**query, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''co-so-du-lieu-cam-ket-quoc-te.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_export_holds_only_what_the_reader_may_open(client, officer_bct, vkfta, restricted_btc):
    client.force_login(officer_bct)
    titles = [row[0] for row in _rows(client)[1:]]
    assert titles == [vkfta.title_vi]


def test_export_keeps_the_filters_and_the_order_and_writes_labels(
    client, coordinator, vkfta, restricted_btc, internal_btc
):
    client.force_login(coordinator)
    rows = _rows(client, kind=Commitment.Kind.INTERNATIONAL_AGREEMENT, sort="-signed_on")
    assert rows[0][:3] == ("Tên", "Tên viết tắt", "Loại")
    assert [row[1] for row in rows[1:]] == ["HQ-2024", "MOF-INT"]
    assert {row[2] for row in rows[1:]} == {"Thỏa thuận quốc tế"}
    assert {row[5] for row in rows[1:]} == {"Hạn chế", "Nội bộ"}
    assert rows[1][8] == "Bộ Tài chính"
