"""Two ministries planning the same work, one of them for a restricted agreement."""

from __future__ import annotations

import datetime as dt

import pytest

from camket.conftest import make_commitment
from camket.obligations.actions import (
    ObligationData,
    PlanData,
    TaskData,
    create_obligation,
    create_plan,
    create_task,
)
from camket.obligations.models import ActionPlan, Obligation
from camket.registry.models import Commitment

D = dt.date.fromisoformat
TITLE = "Rà soát, sửa đổi quy định về quy tắc xuất xứ hàng hóa theo Hiệp định VKFTA"


def plan_of(agency: str, commitments) -> ActionPlan:
    code = f"kh-{agency}-test"
    return ActionPlan.objects.filter(code=code).first() or create_plan(
        PlanData(
            code=code,
            title_vi=f"Kế hoạch của {agency}",
            agency=agency,
            commitments=[c.pk for c in commitments],
        ),
        acting_user=None,
    )


def obligation_of(commitment: Commitment, text: str) -> Obligation:
    return create_obligation(
        ObligationData(commitment=commitment.pk, text=text, modality=Obligation.Modality.SHALL),
        acting_user=None,
    )


def task_of(agency: str, commitment: Commitment, title: str = TITLE, obligation=None, **extra):
    plan = plan_of(agency, [commitment])
    obligation = obligation or obligation_of(
        commitment, "Các Bên bảo đảm minh bạch các quy định về xuất xứ hàng hóa."
    )
    return create_task(
        TaskData(
            plan=plan.pk,
            title=title,
            lead_agency=agency,
            due_on=D("2026-12-31"),
            obligations=[obligation.pk],
            **extra,
        ),
        acting_user=None,
    )


@pytest.fixture
def two_ministries(db):
    """The same task in the plans of the Ministry of Industry and Trade (bct) and of Finance
    (btc), both for VKFTA (public), plus an unrelated task of bct."""
    vkfta = make_commitment()
    return {
        "vkfta": vkfta,
        "bct": task_of("bct", vkfta),
        "btc": task_of("btc", vkfta, title=TITLE.replace("Rà soát, sửa đổi", "Sửa đổi, rà soát")),
        "other": task_of("bct", vkfta, title="Tổ chức hội nghị phổ biến về thị trường Hàn Quốc"),
    }


@pytest.fixture
def restricted_pair(db):
    """A restricted agreement of Finance (supported by Ha Noi) with a task, and the same task
    in a plan of the Ministry of Industry and Trade for a public agreement."""
    hidden = make_commitment(
        "vn/agreement/2024/btc-hai-quan",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận mật về hải quan",
        short_name="HQ-MAT",
        lead="btc",
        supporting=("hanoi",),
        partners=("LAO",),
        confidentiality=Commitment.Confidentiality.RESTRICTED,
        events=(("signature", "2024-03-01"),),
    )
    public = Commitment.objects.filter(code="vn/treaty/2015/vkfta").first() or make_commitment()
    secret = "Xây dựng cơ chế trao đổi dữ liệu hải quan điện tử với Lào zqsecretq"
    return {
        "hidden": hidden,
        "public": public,
        "secret_title": secret,
        "btc": task_of("btc", hidden, title=secret),
        "public_plan": plan_of("bct", [public]),
    }
