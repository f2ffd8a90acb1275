"""Monitoring's notifications read in their readers' language (the site's), not the actor's."""

from __future__ import annotations

import pytest
from django.utils import translation

from camket.monitoring import actions
from camket.monitoring.models import Notification

pytestmark = pytest.mark.django_db


def test_a_report_submitted_and_returned_in_english_notifies_in_vietnamese(
    bct_report, officer_bct, leader_bct, on_commit
):
    with translation.override("en"), on_commit(execute=True):
        actions.submit_report(bct_report, acting_user=officer_bct)
        actions.return_report(bct_report, acting_user=leader_bct, comment="Bổ sung số liệu.")
    submitted = Notification.objects.get(user=leader_bct).text
    returned = Notification.objects.get(user=officer_bct).text
    assert submitted.startswith("Có báo cáo chờ đồng chí phê duyệt")
    for text in (submitted, returned):
        assert not text.startswith(("A report", "Your report")), text
