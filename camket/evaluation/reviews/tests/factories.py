"""Data for the reviews tests, written through the actions."""

from __future__ import annotations

import datetime as dt

from camket.evaluation.reviews import actions

D = dt.date.fromisoformat


def open_campaign(coordinator, *, title="Rà soát hằng năm 2025", template="all", is_sample=False):
    return actions.open_campaign(
        actions.CampaignData(
            title=title,
            starts_on=D("2025-01-01"),
            ends_on=D("2025-12-31"),
            due_on=D("2026-11-15"),
            template=template,
            is_sample=is_sample,
        ),
        acting_user=coordinator,
    )


CONTENT = {
    "achievements": "Kim ngạch xuất khẩu sang Hàn Quốc tăng; đã ban hành thông tư hướng dẫn quy tắc xuất xứ.",
    "shortcomings": "Tỷ lệ sử dụng ưu đãi thuế quan còn thấp ở doanh nghiệp nhỏ.",
    "causes": ["capacity", "coordination"],
    "cause_details": "Doanh nghiệp chưa nắm quy tắc xuất xứ; phối hợp giữa các bộ còn chậm.",
    "recommendation": "continue",
    "recommendation_reason": "Cam kết mang lại lợi ích rõ rệt.",
}
