"""Fixtures of consultation and feedback, written through the app's actions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from camket.portal.consultation import actions
from camket.portal.consultation.models import Audience, Consultation
from camket.registry.models import Provision


def docx_upload(name="du-thao.docx", text="Dự thảo kế hoạch thực hiện") -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def open_on(commitment, user, *, opens_on=None, days=60, with_provisions=False, **extra):
    opens_on = opens_on or timezone.localdate() - dt.timedelta(days=5)
    data = actions.ConsultationData(
        subject=extra.pop("subject", Consultation.Subject.COMMITMENT),
        commitment=commitment.code,
        title=extra.pop("title", "Lấy ý kiến về dự thảo Nghị định thư sửa đổi VKFTA"),
        summary="Dự thảo sửa đổi quy tắc xuất xứ hàng thủy sản; đề nghị doanh nghiệp góp ý.",
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=days - 1),
        audiences=[Audience.BUSINESS, Audience.ASSOCIATION],
        questions=["Quy tắc xuất xứ mới có khả thi không?", "Cần lộ trình bao lâu?"],
        with_provisions=with_provisions,
        **extra,
    )
    return actions.open_consultation(data, acting_user=user, documents=[])


@pytest.fixture
def article(vkfta):
    return Provision.objects.create(
        commitment=vkfta,
        level=Provision.Level.ARTICLE,
        number="3",
        heading="Quy tắc xuất xứ",
        text="Hàng hóa được coi là có xuất xứ khi đáp ứng tiêu chí tại Phụ lục 3.",
        order=3,
    )


@pytest.fixture
def consultation(vkfta, article, officer_bct):
    return open_on(vkfta, officer_bct, with_provisions=True)


def comment_data(**extra) -> actions.CommentData:
    values = {
        "author_kind": Audience.BUSINESS,
        "email": "phapche@thuysan-camau.vn",
        "author_name": "Nguyễn Văn Hải",
        "organisation": "Công ty CP Thủy sản Cà Mau",
        "text": "Đề nghị giữ tiêu chí xuất xứ cũ cho tôm chế biến thêm 2 năm để doanh nghiệp kịp "
        "chuyển nguồn nguyên liệu.",
    }
    values.update(extra)
    return actions.CommentData(**values)


def feedback_data(**extra) -> actions.FeedbackData:
    values = {
        "submitter_kind": Audience.BUSINESS,
        "email": "xnk@thuysan-camau.vn",
        "submitter_name": "Lê Thị Mai",
        "organisation": "Công ty CP Thủy sản Cà Mau",
        "subject": "C/O mẫu EUR.1 bị từ chối tại cảng Rotterdam",
        "text": "Lô tôm đông lạnh xuất sang EU bị hải quan Hà Lan từ chối ưu đãi EVFTA vì C/O "
        "ghi sai mã HS. Liên hệ 0912 345 678.",
    }
    values.update(extra)
    return actions.FeedbackData(**values)
