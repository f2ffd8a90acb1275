"""Fixtures of open data tests: a world of public and non-public commitments with tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from camket.conftest import make_commitment
from camket.registry.actions import (
    CommitmentData,
    EventData,
    create_commitment,
    relate_commitments,
)
from camket.registry.models import Commitment, CommitmentRelation

Conf = Commitment.Confidentiality
# Text that must never leave the staff side: each non-public record carries one.
SECRET_TOKENS = ("mat-restricted-zz", "noi-bo-internal-zz", "du-thao-draft-zz", "tham-khao-ref-zz")


@pytest.fixture(autouse=True)
def _fresh_rate_counts(settings, tmp_path):
    """Rate counters live in the cache: each test starts with none, files in its own folder."""
    cache.clear()
    settings.CAMKET_OPENDATA_DIR = tmp_path / "opendata"
    settings.CAMKET_PUBLIC_URL = "https://camket.example.vn"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """Two public commitments, and one restricted, one internal, one draft and one reference."""
    vkfta = make_commitment(summary_vi="Giảm thuế nhập khẩu cho hàng thủy sản xuất khẩu.")
    evfta = make_commitment(
        "vn/treaty/2019/evfta",
        title_vi="Hiệp định Thương mại tự do giữa Việt Nam và Liên minh châu Âu",
        title_en="EU-Viet Nam Free Trade Agreement",
        short_name="EVFTA",
        partners=("EU",),
        sectors=("trade",),
        events=(("signature", "2019-06-30"), ("entry_into_force", "2020-08-01")),
    )
    restricted = make_commitment(
        "vn/agreement/2024/mat-restricted-zz",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận mat-restricted-zz",
        short_name="MAT",
        lead="btc",
        partners=("LAO",),
        confidentiality=Conf.RESTRICTED,
        events=(("signature", "2024-03-01"),),
    )
    internal = make_commitment(
        "vn/agreement/2023/noi-bo-internal-zz",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận noi-bo-internal-zz",
        short_name="NB",
        lead="btc",
        confidentiality=Conf.INTERNAL,
        events=(("signature", "2023-06-01"),),
    )
    draft = make_commitment(
        "vn/treaty/2026/du-thao-draft-zz",
        title_vi="Dự thảo du-thao-draft-zz",
        short_name="DT",
        confidentiality=Conf.PUBLIC,
        events=(),
    )
    reference = create_commitment(
        CommitmentData(
            code="xx/treaty/2018/tham-khao-ref-zz",
            kind=Commitment.Kind.TREATY,
            level=Commitment.Level.STATE,
            scope=Commitment.Scope.BILATERAL,
            title_vi="Hiệp định tham-khao-ref-zz",
            lead_agency="bct",
            confidentiality=Conf.PUBLIC,
            is_reference=True,
            events=[EventData("signature", dt.date(2018, 3, 8))],
        ),
        acting_user=None,
    )
    # A public commitment related to a restricted one, and to a public one.
    relate_commitments(evfta.code, restricted.code, CommitmentRelation.Kind.AMENDS)
    relate_commitments(vkfta.code, evfta.code, CommitmentRelation.Kind.AMENDS)
    return {
        "reference": reference,
        "vkfta": vkfta,
        "evfta": evfta,
        "restricted": restricted,
        "internal": internal,
        "draft": draft,
    }
