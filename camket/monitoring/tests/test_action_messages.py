"""Each report action says what happened, in Vietnamese (issue 11: one message per action)."""

import pytest
from django.urls import reverse

from camket.monitoring import actions

pytestmark = pytest.mark.django_db


def _message(response) -> str:
    """The messages the page shown after the action carries."""
    return " ".join(str(m) for m in response.context["messages"])


def test_submit_and_approve_each_say_what_was_done(client, officer_bct, leader_bct, bct_report):
    client.force_login(officer_bct)
    submit = reverse("monitoring:report-transition", args=[bct_report.pk, "submit"])
    data = {
        "progress": "on_track",
        "percent_done": "40",
        "narrative": "Đã hoàn thành dự thảo.",
        "version": bct_report.version,
    }
    assert _message(client.post(submit, data, follow=True)) == "Đã gửi báo cáo."

    client.force_login(leader_bct)
    approve = reverse("monitoring:report-transition", args=[bct_report.pk, "approve"])
    assert _message(client.post(approve, follow=True)) == "Đã phê duyệt báo cáo."


def test_return_says_the_report_went_back(client, officer_bct, leader_bct, bct_report):
    actions.submit_report(bct_report, acting_user=officer_bct)
    client.force_login(leader_bct)
    back = reverse("monitoring:report-transition", args=[bct_report.pk, "return"])
    response = client.post(back, {"comment": "Thiếu số liệu"}, follow=True)
    assert _message(response) == "Đã trả lại báo cáo cho cơ quan."


def test_report_due_date_reads_han_nop(client, officer_bct, bct_report):
    client.force_login(officer_bct)
    page = client.get(bct_report.get_absolute_url()).content.decode()
    assert "Hạn nộp" in page
    listing = client.get(reverse("monitoring:report-list")).content.decode()
    assert "Hạn nộp" in listing
