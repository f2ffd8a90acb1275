import pytest

from camket.conftest import make_commitment
from camket.registry.models import Commitment, Provision

STATEMENT_TEXT = (
    "**<u>ECONOMIC COOPERATION</u>**\n\n"
    "The two Leaders agreed to strengthen cooperation in semiconductors and innovation. "
    "Viet Nam and the United States will expand educational exchanges and scholarships by 2026."
)


@pytest.fixture
def statement(db):
    commitment = make_commitment(
        "vn/statement/2023/vn-us-csp",
        kind=Commitment.Kind.LEADERS_STATEMENT,
        title_vi="Tuyên bố chung về nâng cấp quan hệ lên Đối tác Chiến lược Toàn diện",
        title_en="Joint Leaders' Statement: Comprehensive Strategic Partnership",
        short_name="VN-US CSP",
        lead="bct",
        partners=("USA",),
        sectors=("trade",),
        events=(("adoption", "2023-09-10"),),
    )
    Provision.objects.create(commitment=commitment, level="section", text=STATEMENT_TEXT, order=1)
    return commitment
