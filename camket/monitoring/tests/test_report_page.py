"""The report page never loses what was typed: attach and submit save the draft first (issue 10)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from camket.monitoring.models import ProgressReport

Status = ProgressReport.Status
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def draft(report, **overrides) -> dict:
    data = {
        "progress": "on_track",
        "percent_done": "45",
        "narrative": "Đã trình dự thảo thông tư về quy tắc xuất xứ.",
        "difficulties": "Thiếu số liệu từ các địa phương.",
        "proposals": "",
        "resources_amount": "",
        "resources_source": "",
        "version": str(report.version),
    }
    data.update(overrides)
    return data


def url(name: str, report, *extra) -> str:
    return reverse(f"monitoring:{name}", args=[report.pk, *extra])


def test_attach_saves_the_typed_draft_with_the_file(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    data = {**draft(bct_report), "file": SimpleUploadedFile("ket-qua.pdf", PDF)}
    assert client.post(url("evidence-upload", bct_report), data).status_code == 302
    bct_report.refresh_from_db()
    assert bct_report.narrative == "Đã trình dự thảo thông tư về quy tắc xuất xứ."
    assert bct_report.percent_done == 45
    assert [e.name for e in bct_report.evidence.all()] == ["ket-qua.pdf"]


def test_submit_saves_what_is_on_screen_first(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    response = client.post(url("report-transition", bct_report, "submit"), draft(bct_report))
    assert response.status_code == 302
    bct_report.refresh_from_db()
    assert bct_report.status == Status.SUBMITTED
    assert (bct_report.percent_done, bct_report.difficulties) == (
        45,
        "Thiếu số liệu từ các địa phương.",
    )


def test_a_blank_report_is_not_submitted(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    response = client.post(url("report-transition", bct_report, "submit"), follow=True)
    assert "Báo cáo đang trống" in response.content.decode()
    blank = draft(bct_report, percent_done="0", narrative="", difficulties="")
    response = client.post(url("report-transition", bct_report, "submit"), blank)
    assert response.status_code == 400
    assert "Báo cáo đang trống" in response.content.decode()
    bct_report.refresh_from_db()
    assert bct_report.status == Status.DRAFT


def test_a_refused_draft_attaches_nothing_and_keeps_the_text(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    data = {
        **draft(bct_report, percent_done="140"),
        "file": SimpleUploadedFile("ket-qua.pdf", PDF),
    }
    response = client.post(url("evidence-upload", bct_report), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đã trình dự thảo thông tư về quy tắc xuất xứ." in page  # still in the textarea
    assert "Hãy chọn lại tệp" in page
    bct_report.refresh_from_db()
    assert bct_report.narrative == "" and not bct_report.evidence.exists()


def test_a_refused_file_saves_nothing_and_keeps_the_text(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    data = {**draft(bct_report), "file": SimpleUploadedFile("gia.pdf", b"MZ not a pdf")}
    response = client.post(url("evidence-upload", bct_report), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "gia.pdf" in page and "Đã trình dự thảo thông tư" in page
    bct_report.refresh_from_db()
    assert bct_report.narrative == "" and not bct_report.evidence.exists()


def test_a_stale_report_page_is_refused_and_attaches_nothing(
    client, officer_bct, leader_bct, bct_report
):
    client.force_login(leader_bct)
    seen = draft(bct_report)
    client.post(url("report-detail", bct_report), draft(bct_report, narrative="Lãnh đạo sửa."))
    client.force_login(officer_bct)
    data = {**seen, "file": SimpleUploadedFile("ket-qua.pdf", PDF)}
    response = client.post(url("evidence-upload", bct_report), data)
    assert response.status_code == 409
    assert "trong khi bạn đang sửa" in response.content.decode()
    assert response.context["form"]["narrative"].value() == seen["narrative"]
    bct_report.refresh_from_db()
    assert bct_report.narrative == "Lãnh đạo sửa." and not bct_report.evidence.exists()
