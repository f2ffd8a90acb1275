"""The portal's demo: what the EVFTA means for seafood exporters and for importers.

The demo's commitments (``registry/demo/commitments.json``) are published as they are; what the
portal adds is "obligations that concern businesses", which the rest of the demo does not have
(the assistant's demo obligations are administrative: contact points, publication). Three real
EVFTA commitments on tariffs are recorded as obligations, each with its source below, through
the obligations app's own import action (keyed, so a second ``createdemo`` changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from camket.obligations.actions import ObligationData, import_obligation
from camket.obligations.models import Obligation
from camket.portal import visibility

EVFTA = "vn/treaty/2019/evfta"


@dataclass(frozen=True)
class BusinessObligation:
    key: str
    text: str
    addressee: str
    partner: str | None
    due_text: str
    sectors: tuple[str, ...]
    groups: tuple[str, ...]
    source: str


OBLIGATIONS = (
    # SeafoodSource, 8 June 2020, citing Viet Nam's Directorate of Fisheries:
    # https://www.seafoodsource.com/news/supply-trade/vietnam-endorses-free-trade-agreement-with-eu
    BusinessObligation(
        key="portal-demo:evfta-seafood-tariffs",
        text=(
            "EU xóa bỏ thuế nhập khẩu đối với khoảng một nửa số dòng thuế thủy sản của Việt Nam "
            "ngay khi Hiệp định có hiệu lực và xóa bỏ phần còn lại trong vòng 7 năm."
        ),
        addressee=Obligation.Addressee.PARTNER,
        partner="EU",
        due_text="Trong vòng 7 năm kể từ ngày Hiệp định có hiệu lực (01/8/2020)",
        sectors=("agriculture", "trade"),
        groups=("exporters",),
        source="https://www.seafoodsource.com/news/supply-trade/"
        "vietnam-endorses-free-trade-agreement-with-eu",
    ),
    # The same source: duty-free quotas of 11,500 t of canned tuna and 500 t of fish balls a year.
    BusinessObligation(
        key="portal-demo:evfta-tuna-quota",
        text=(
            "EU dành cho Việt Nam hạn ngạch thuế quan miễn thuế hằng năm 11.500 tấn cá ngừ "
            "đóng hộp và 500 tấn chả cá; lượng vượt hạn ngạch chịu thuế."
        ),
        addressee=Obligation.Addressee.PARTNER,
        partner="EU",
        due_text="Hằng năm kể từ ngày Hiệp định có hiệu lực (01/8/2020)",
        sectors=("agriculture", "trade"),
        groups=("exporters",),
        source="https://www.seafoodsource.com/news/supply-trade/"
        "vietnam-endorses-free-trade-agreement-with-eu",
    ),
    # VNA (VietnamPlus), citing the Ministry of Industry and Trade: almost all EU exports of
    # machinery and appliances are liberalised at entry into force.
    # https://en.vietnamplus.vn/eu-trade-agreement-to-cut-tariffs/75911.vnp
    BusinessObligation(
        key="portal-demo:evfta-machinery-tariffs",
        text=(
            "Việt Nam xóa bỏ thuế nhập khẩu đối với hầu hết máy móc, thiết bị nhập khẩu từ EU "
            "ngay khi Hiệp định có hiệu lực."
        ),
        addressee=Obligation.Addressee.VIET_NAM,
        partner=None,
        due_text="Từ ngày Hiệp định có hiệu lực (01/8/2020)",
        sectors=("trade", "customs"),
        groups=("importers",),
        source="https://en.vietnamplus.vn/eu-trade-agreement-to-cut-tariffs/75911.vnp",
    ),
)


def load_demo(stdout) -> dict[str, int]:
    """Record the business obligations of the EVFTA (inserted / updated / unchanged counts)."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    evfta = visibility.public_commitments().filter(code=EVFTA).first()
    if evfta is None:
        stdout.write("Public portal: the EVFTA is not in the demo register; nothing added")
        return counts
    for item in OBLIGATIONS:
        _row, outcome = import_obligation(
            ObligationData(
                commitment=evfta.pk,
                text=item.text,
                modality=Obligation.Modality.SHALL,
                addressee=item.addressee,
                addressee_partner=item.partner,
                due_text=item.due_text,
                method=Obligation.Method.IMPORT,
                reasons=[item.source],
                external_key=item.key,
                sectors=list(item.sectors),
                affected_groups=list(item.groups),
            )
        )
        counts[outcome] += 1
    published = visibility.public_commitments().count()
    stdout.write(
        f"Public portal: {published} commitments published; EVFTA obligations that concern "
        f"businesses: inserted {counts['inserted']}, updated {counts['updated']}, "
        f"unchanged {counts['unchanged']}"
    )
    return counts
