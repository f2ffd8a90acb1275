"""Fixtures of the compatibility tests: a private retrieval index, a tiny corpus, obligations."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.compatibility.models import LegalProvision
from camket.conftest import make_commitment
from camket.obligations.actions import ObligationData, create_obligation
from camket.obligations.models import Obligation

DATA = Path(__file__).parent / "data"
PHAPDIEN = DATA / "phapdien"
LABOUR_TEXT = DATA / "bo_luat_lao_dong_excerpt.txt"
# Pháp điển anchor id of Điều 170 of the Labour Code (freedom of association) in the fixture.
ART_170 = "2000200000000001300017000000000000000000"


@pytest.fixture(autouse=True)
def _private_index(settings, tmp_path):
    settings.CAMKET_RETRIEVAL_DIR = tmp_path / "retrieval"


@pytest.fixture
def corpus(db):
    """The seven Pháp điển articles of ``tests/data/phapdien`` (three documents), indexed."""
    call_command(
        "import_phapdien", path=PHAPDIEN, subset=True, workers=1, verbosity=0, stdout=StringIO()
    )


def art(number: str, doc: str = "45/2019/QH14") -> LegalProvision:
    return LegalProvision.objects.get(document__code=doc, number=number, withdrawn=False)


def make_obligation(commitment, text: str, *, lead=None, number: str = "") -> Obligation:
    return create_obligation(
        ObligationData(
            commitment=commitment.pk,
            text=text,
            number=number,
            modality=Obligation.Modality.SHALL,
            lead_agency=lead.code if lead else None,
        ),
        acting_user=None,
    )


@pytest.fixture
def evfta(db):
    return make_commitment(
        "vn/treaty/2019/evfta",
        title_vi="Hiệp định Thương mại tự do Việt Nam - Liên minh châu Âu",
        title_en="EU - Viet Nam Free Trade Agreement",
        short_name="EVFTA",
        partners=(),
    )


@pytest.fixture
def association(evfta):
    """An obligation of the EVFTA (Art. 13.4) led by the Ministry of Industry and Trade."""
    return make_obligation(
        evfta,
        "Bảo đảm quyền tự do hiệp hội của người lao động: người lao động có quyền thành lập "
        "và gia nhập tổ chức đại diện người lao động tại cơ sở.",
        number="13.4.2(a)",
    )


@pytest.fixture
def restricted_obligation(restricted_btc):
    return make_obligation(
        restricted_btc, "Trao đổi thông tin hải quan về hàng hóa xuất khẩu, nhập khẩu."
    )
