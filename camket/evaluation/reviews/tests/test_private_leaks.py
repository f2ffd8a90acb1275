"""What an expert declared privately, and which commitments exist beyond one's reach, stay
private: the conflict-of-interest texts and the funding import answer alike for all readers."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from camket.conftest import make_commitment
from camket.evaluation.reviews import actions
from camket.evaluation.reviews.funding_xlsx import COLUMNS
from camket.evaluation.reviews.permissions import can_read_expert_private
from camket.evaluation.reviews.tests.test_experts import _expert
from camket.monitoring.tests.factories import make_task


def test_a_conflict_refusal_does_not_name_another_agencys_private_interests(
    client, officer_bct, officer_btc, db
):
    expert = _expert(officer_bct, interest_partners=["LAO"], interest_sectors=["customs"])
    commitment = make_commitment(
        "vn/agreement/2024/btc-lao",
        title_vi="Thỏa thuận hải quan Việt Nam - Lào",
        short_name="HQ-LAO",
        lead="btc",
        partners=("LAO",),
        sectors=("customs",),
    )
    task = make_task(commitment, lead="btc", title="Tham vấn chuyên gia về thủ tục hải quan")
    assert not can_read_expert_private(officer_btc, expert)
    client.force_login(officer_btc)
    r = client.post(
        reverse("reviews:expert-engage", args=[expert.pk]),
        {"target": f"task-{task.pk}", "role": "Tư vấn"},
        follow=True,
    )
    told = [str(m) for m in r.context["messages"]]
    assert told and any("Xung đột lợi ích" in m or "xung đột lợi ích" in m for m in told), told
    assert not any("Lào" in m or "Hải quan" in m for m in told), told
    # With a justification the engagement is made, and btc's page of the expert still hides them.
    client.post(
        reverse("reviews:expert-engage", args=[expert.pk]),
        {"target": f"task-{task.pk}", "role": "Tư vấn", "justification": "Không có ai khác"},
    )
    page = client.get(expert.get_absolute_url()).content.decode()
    assert "đã kê khai lợi ích" not in page and "Lào" not in page
    # The registering agency reads the conflict in full.
    client.force_login(officer_bct)
    assert "Lào" in client.get(expert.get_absolute_url()).content.decode()


def test_expert_page_hides_declared_interests_also_in_engagements(
    client, officer_bct, observer, vkfta
):
    task = make_task(vkfta)
    expert = _expert(officer_bct, interest_partners=["KOR"], interest_sectors=["trade"])
    actions.engage_expert(
        expert,
        acting_user=officer_bct,
        role="Tư vấn",
        task=task,
        justification="Không có chuyên gia khác",
    )
    assert not can_read_expert_private(observer, expert)
    client.force_login(observer)
    page = client.get(expert.get_absolute_url()).content.decode()
    assert "đã kê khai lợi ích" not in page and "Hàn Quốc" not in page
    assert "Xung đột lợi ích" in page  # that a conflict was found is said, not with what


def _xlsx(code):
    book = Workbook()
    sheet = book.active
    with translation.override("vi"):
        sheet.append([str(label) for _k, label in COLUMNS])
    sheet.append([code, None, "Ngân sách nhà nước", 2026, 100, 50, 10, "", ""])
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile("nguon-luc.xlsx", buf.getvalue())


def test_funding_import_answers_a_restricted_code_like_a_missing_one(
    restricted_btc, officer_bct, client
):
    client.force_login(officer_bct)
    url = reverse("reviews:funding-import")
    missing_code = "vn/agreement/2024/khong-ton-tai"
    missing = client.post(url, {"file": _xlsx(missing_code)}).content.decode()
    hidden = client.post(url, {"file": _xlsx(restricted_btc.code)}).content.decode()
    assert missing_code in missing
    assert restricted_btc.code in hidden
    with translation.override("vi"):
        said = translation.gettext("There is no commitment with the code %(code)s.")
    assert said % {"code": missing_code} in missing
    assert said % {"code": restricted_btc.code} in hidden  # the same answer as a missing one
