"""Demo mechanisms (real bodies, each with the article that establishes it), one sample meeting and
sample implementation issues, all written through ``actions`` and idempotent by ``external_key``.

Sources (checked on the texts in ``../shared/data`` where the text is there):
- CPTPP Commission: TPP Article 27.1 "Establishment of the Trans-Pacific Partnership Commission"
  (ToTA pta_449), incorporated into the CPTPP by its Article 1.
- VKFTA Committee on Trade in Goods (Article 2.14) and Committee on Sanitary and Phytosanitary
  Measures (Article 5.5): ToTA pta_401.
- EVFTA Trade Committee: EVFTA Article 17.1 (OJ L 186, 12.6.2020).
- ASEAN Solutions for Investments, Services and Trade (ASSIST): the ASEAN non-binding consultative
  mechanism for cross-border problems of businesses, https://assist.asean.org.
- WTO Committee on Sanitary and Phytosanitary Measures (SPS Agreement, Article 12) and Committee on
  Technical Barriers to Trade (TBT Agreement, Article 13).

No meeting date or issue below is a public record: they are flagged as sample data (``is_sample``)
and every page that shows them says so.

Early warning: no obligation of the demo has a date of its own (the assistant's obligations come
from provisions without one, UPR recommendations have none) and the tasks of Decision 328/QĐ-TTg
have no deadline and serve no recorded obligation, so the rule (``lawcore/early_warning.py``) has
nothing to weigh: its thresholds are not the cause. The reports of the sample round are left out
on purpose (decision 0021): a warning raised with a partner must not rest on generated reports.
Two sample obligations of the RCEP (text starting "[Dữ liệu mẫu]", dated from today) show the page
at work: due within 60 days with no task reporting progress, they are warned and an extension is
proposed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from camket.coordination.mechanisms import actions
from camket.coordination.mechanisms.actions import IssueData, MechanismData, MeetingData
from camket.coordination.mechanisms.models import ImplementationIssue, Mechanism
from camket.obligations import actions as obligation_actions
from camket.obligations.actions import ObligationData
from camket.obligations.models import Obligation
from camket.registry.models import Commitment

TOTA = "https://github.com/mappingtreaties/tota"
MECHANISMS = [
    MechanismData(
        external_key="cptpp-commission",
        name_vi="Ủy ban Hiệp định CPTPP",
        name_en="CPTPP Commission",
        kind="fta_committee",
        commitments=["vn/treaty/2018/cptpp"],
        partners=["AUS", "BRN", "CAN", "CHL", "GBR", "JPN", "MEX", "MYS", "NZL", "PER", "SGP"],
        focal_agency="bct",
        mandate="Điều 27.1 (Thành lập Ủy ban) và 27.2 (Chức năng của Ủy ban) Hiệp định TPP, được "
        "Hiệp định CPTPP dẫn chiếu tại Điều 1: xem xét mọi vấn đề liên quan đến việc thực thi "
        "Hiệp định.",
        source_links=[TOTA],
    ),
    MechanismData(
        external_key="vkfta-goods-committee",
        name_vi="Ủy ban Thương mại hàng hóa VKFTA",
        name_en="VKFTA Committee on Trade in Goods",
        kind="fta_subcommittee",
        commitments=["vn/treaty/2015/vkfta"],
        partners=["KOR"],
        focal_agency="bct",
        mandate="Điều 2.14 Hiệp định VKFTA.",
        source_links=[TOTA],
    ),
    MechanismData(
        external_key="vkfta-sps-committee",
        name_vi="Ủy ban về các biện pháp vệ sinh dịch tễ và kiểm dịch động thực vật VKFTA",
        name_en="VKFTA Committee on Sanitary and Phytosanitary Measures",
        kind="fta_subcommittee",
        commitments=["vn/treaty/2015/vkfta"],
        partners=["KOR"],
        mandate="Điều 5.5 Hiệp định VKFTA.",
        source_links=[TOTA],
    ),
    MechanismData(
        external_key="evfta-trade-committee",
        name_vi="Ủy ban Thương mại EVFTA",
        name_en="EVFTA Trade Committee",
        kind="fta_committee",
        commitments=["vn/treaty/2019/evfta"],
        partners=["EU"],
        focal_agency="bct",
        mandate="Điều 17.1 Hiệp định EVFTA (Công báo EU L 186, 12/6/2020).",
        source_links=["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L:2020:186:TOC"],
    ),
    MechanismData(
        external_key="asean-assist",
        name_vi="Cơ chế Giải pháp ASEAN về đầu tư, dịch vụ và thương mại (ASSIST)",
        name_en="ASEAN Solutions for Investments, Services and Trade (ASSIST)",
        kind="asean_body",
        commitments=["vn/treaty/2009/atiga"],
        partners=["ASEAN"],
        mandate="Cơ chế tham vấn không ràng buộc, xử lý vướng mắc của doanh nghiệp ASEAN trong "
        "thương mại, dịch vụ và đầu tư xuyên biên giới.",
        source_links=["https://assist.asean.org"],
    ),
    MechanismData(
        external_key="wto-sps-committee",
        name_vi="Ủy ban SPS của WTO",
        name_en="WTO Committee on Sanitary and Phytosanitary Measures",
        kind="wto_committee",
        commitments=["vn/treaty/2006/wto-accession"],
        partners=["WTO"],
        mandate="Điều 12 Hiệp định về các biện pháp vệ sinh dịch tễ và kiểm dịch động thực vật.",
        source_links=["https://www.wto.org/english/tratop_e/sps_e/sps_e.htm"],
    ),
    MechanismData(
        external_key="wto-tbt-committee",
        name_vi="Ủy ban TBT của WTO",
        name_en="WTO Committee on Technical Barriers to Trade",
        kind="wto_committee",
        commitments=["vn/treaty/2006/wto-accession"],
        partners=["WTO"],
        mandate="Điều 13 Hiệp định về hàng rào kỹ thuật trong thương mại.",
        source_links=["https://www.wto.org/english/tratop_e/tbt_e/tbt_e.htm"],
    ),
]


def _sample_issues(mechanisms: dict[str, Mechanism], today: dt.date) -> list[IssueData]:
    return [
        IssueData(
            external_key="demo-issue-evfta-sps",
            commitment="vn/treaty/2019/evfta",
            title="Thời gian cấp phép xuất khẩu thủy sản sang EU kéo dài",
            facts="Doanh nghiệp thủy sản phản ánh thời gian kiểm tra, cấp phép của phía EU đối "
            "với lô hàng mới kéo dài hơn thời hạn nêu trong Chương SPS.",
            impact="Doanh nghiệp xuất khẩu thủy sản; chi phí lưu kho tăng.",
            origin=ImplementationIssue.Origin.PUBLIC_FEEDBACK,
            side=ImplementationIssue.Side.PARTNER,
            partner="EU",
            mechanism=mechanisms["evfta-trade-committee"].pk,
            raised_on=today - dt.timedelta(days=75),
            is_sample=True,
        ),
        IssueData(
            external_key="demo-issue-vkfta-co",
            commitment="vn/treaty/2015/vkfta",
            title="Chưa thống nhất chấp nhận chứng nhận xuất xứ điện tử",
            facts="Hai bên chưa thống nhất quy trình trao đổi dữ liệu chứng nhận xuất xứ "
            "điện tử mẫu VK.",
            impact="Doanh nghiệp xuất khẩu nông sản sang Hàn Quốc.",
            origin=ImplementationIssue.Origin.PROGRESS_REPORT,
            side=ImplementationIssue.Side.VIET_NAM,
            partner="KOR",
            mechanism=mechanisms["vkfta-goods-committee"].pk,
            proposed_measure=ImplementationIssue.Measure.TRANSITIONAL_MEASURE,
            raised_on=today - dt.timedelta(days=140),
            is_sample=True,
        ),
    ]


RCEP = "vn/treaty/2020/rcep"
SAMPLE_PREFIX = "[Dữ liệu mẫu] "
# (key, lead agency, days from today to the due date, text): flagged sample data, see above.
SAMPLE_WARNED = [
    (
        "demo-warning-rcep-eco",
        "bct",
        40,
        "Hoàn thành thủ tục nội bộ để chấp nhận chứng nhận xuất xứ điện tử theo Chương 3 "
        "Hiệp định RCEP.",
    ),
    (
        "demo-warning-rcep-customs",
        "btc",
        55,
        "Công bố trên cổng thông tin điện tử các thủ tục hải quan đã sửa đổi để thực hiện "
        "Chương 4 Hiệp định RCEP.",
    ),
]


def _sample_warned(today: dt.date, *, acting_user) -> int:
    """Write (or keep) the sample obligations the early warning shows; how many were new."""
    commitment = Commitment.objects.filter(code=RCEP).first()
    if commitment is None:
        return 0
    added = 0
    for key, lead, days, text in SAMPLE_WARNED:
        _obligation, outcome = obligation_actions.import_obligation(
            ObligationData(
                commitment=commitment.pk,
                text=SAMPLE_PREFIX + text,
                modality=Obligation.Modality.SHALL,
                due_on=today + dt.timedelta(days=days),
                due_text="Thời hạn là dữ liệu mẫu.",
                lead_agency=lead,
                external_key=key,
            ),
            acting_user=acting_user,
        )
        added += outcome == "inserted"
    return added


@transaction.atomic
def load_demo(stdout, *, acting_user) -> None:
    present = set(Commitment.objects.values_list("code", flat=True))
    mechanisms = {}
    for data in MECHANISMS:
        kept = [c for c in data.commitments if c in present]
        data = MechanismData(**{**data.__dict__, "commitments": kept})
        mechanisms[data.external_key] = actions.save_mechanism(data, acting_user=acting_user)
    today = dt.date.today()
    meeting = actions.save_meeting(
        mechanisms["evfta-trade-committee"],
        MeetingData(
            external_key="demo-meeting-evfta",
            title="Phiên họp Ủy ban Thương mại EVFTA (dữ liệu mẫu)",
            held_on=today + dt.timedelta(days=45),
            place="Hà Nội",
            agenda="1. Rà soát thực thi các cam kết thuế quan\n2. Biện pháp SPS đối với thủy sản\n"
            "3. Phát triển bền vững",
            is_sample=True,
        ),
        acting_user=acting_user,
    )
    opened = 0
    for data in _sample_issues(mechanisms, today):
        if data.commitment not in present:
            continue
        fresh = not ImplementationIssue.objects.filter(external_key=data.external_key).exists()
        issue = actions.open_issue(data, acting_user=acting_user)
        if fresh and data.external_key == "demo-issue-vkfta-co":
            actions.record_step(
                issue,
                status=ImplementationIssue.Status.UNDER_DISCUSSION,
                on=data.raised_on + dt.timedelta(days=30),
                note="Hai bên trao đổi tại cấp chuyên viên, thống nhất thử nghiệm trao đổi dữ "
                "liệu (dữ liệu mẫu).",
                acting_user=acting_user,
            )
        opened += fresh
    warned = _sample_warned(today, acting_user=acting_user)
    stdout.write(
        f"Mechanisms with partners: {len(mechanisms)}; sample meeting {meeting.held_on:%d/%m/%Y}; "
        f"sample implementation issues opened {opened}; sample obligations for the early "
        f"warning added {warned}"
    )
