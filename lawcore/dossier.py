"""Dossier checklists of a proposal, generated from its legal basis and stage (pure data).

Public API for the evaluation app:

- legal bases: :data:`TREATY_STATE`, :data:`TREATY_GOVERNMENT` (Law 108/2016/QH13 as amended by
  Law 137/2025/QH15); :data:`AGREEMENT_STATE_GOVERNMENT`, :data:`AGREEMENT_NATIONAL_ASSEMBLY`,
  :data:`AGREEMENT_JUDICIAL`, :data:`AGREEMENT_MINISTRY`, :data:`AGREEMENT_PROVINCE`,
  :data:`AGREEMENT_ORGANISATION` (Law 70/2020/QH14, by signatory); :data:`LEADERS_STATEMENT`,
  :data:`REVIEW` (light dossiers); all in :data:`LEGAL_BASES`;
- ``legal_basis_for(commitment_kind: str, level: str) -> str``: the basis of a register entry;
- ``checklist(legal_basis, stage, *, amends_law=False, na_decides=False, oda_loan=False,
  agreed_in_principle=False, appraisal_council=False, defence=False, security=False,
  investment=False) -> list[ChecklistItem]``;
- :class:`ChecklistItem`: stable ``code``, ``title_vi``/``title_en``, ``article``
  (:class:`lawcore.gate.Article`), ``kind`` (:data:`DOCUMENT`, :data:`ASSESSMENT`,
  :data:`OPINION`), ``opinion_from`` (:data:`MOFA`, :data:`MOJ`, :data:`CONSULTED`,
  :data:`NA_STANDING_COMMITTEE`, :data:`MOF`, :data:`MOD`, :data:`MPS`,
  :data:`NA_FOREIGN_AFFAIRS`, :data:`SECTOR_MANAGER`), ``time_limit`` and ``time_unit``
  (:data:`lawcore.workdays.DAYS` or ``WORKING_DAYS``; start the clock with
  :func:`lawcore.workdays.deadline`), ``required`` and ``verified``.

Units: the Law on Treaties gives its limits in days ("ngày", counted by the Civil Code: calendar
days, the end moved past a day off); the Law on International Agreements in working days ("ngày
làm việc"). The unit is kept as the law writes it.

``verified`` is False where the figure comes from Law 108/2016/QH13 as first enacted and we could
not read whether Law 137/2025/QH15 changed it (the named constants ``*_UNVERIFIED`` below and
decision 0013 list them). Stages each basis has: :func:`lawcore.gate.stages_for`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lawcore import gate, lifecycle
from lawcore.gate import AMENDING_LAW, LAW_ON_AGREEMENTS, LAW_ON_TREATIES, PUBLIC_DEBT_LAW, Article
from lawcore.workdays import DAYS, WORKING_DAYS

TREATY_STATE = "treaty_state"
TREATY_GOVERNMENT = "treaty_government"
AGREEMENT_STATE_GOVERNMENT = "agreement_state_government"
AGREEMENT_NATIONAL_ASSEMBLY = "agreement_national_assembly"
AGREEMENT_JUDICIAL = "agreement_judicial"  # Office of the President, Supreme Court, Procuracy
AGREEMENT_MINISTRY = "agreement_ministry"
AGREEMENT_PROVINCE = "agreement_province"
AGREEMENT_ORGANISATION = "agreement_organisation"  # central bodies of organisations
LEADERS_STATEMENT = "leaders_statement"
REVIEW = "international_review"
LEGAL_BASES = (
    TREATY_STATE,
    TREATY_GOVERNMENT,
    AGREEMENT_STATE_GOVERNMENT,
    AGREEMENT_NATIONAL_ASSEMBLY,
    AGREEMENT_JUDICIAL,
    AGREEMENT_MINISTRY,
    AGREEMENT_PROVINCE,
    AGREEMENT_ORGANISATION,
    LEADERS_STATEMENT,
    REVIEW,
)

DOCUMENT = "document"
ASSESSMENT = "assessment"
OPINION = "opinion"

MOFA = "mofa"
MOJ = "moj"
CONSULTED = "consulted"
NA_STANDING_COMMITTEE = "na_standing_committee"
MOF = "mof"
MOD = "mod"
MPS = "mps"
NA_FOREIGN_AFFAIRS = "na_foreign_affairs_committee"
SECTOR_MANAGER = "sector_manager"

# Time limits. Verified: read in the text of the law (or, for Law 137/2025/QH15, in its text as
# published by the National Assembly's press and legal databases).
NEGOTIATION_OPINION_DAYS = 10  # Law 108 art. 9(2) as amended by Law 137/2025/QH15 (was 15)
MOJ_APPRAISAL_DAYS = 10  # art. 20(1) as amended by Law 137/2025/QH15 (was 20)
MOJ_APPRAISAL_COUNCIL_DAYS = 20  # art. 20(1) as amended, with an appraisal council (was 60)
AGREEMENT_OPINION_WORKING_DAYS = 7  # Law 70/2020/QH14 art. 9(2), 13(2), 15(2), 17(2), 19(2),
# 22(2), 25(4)
# Unverified: Law 108/2016/QH13 as first enacted; whether Law 137/2025/QH15 changed them could
# not be read (decision 0013).
MOFA_CHECK_DAYS_UNVERIFIED = 15  # art. 18(1)
MOFA_CHECK_COUNCIL_DAYS_UNVERIFIED = 30  # art. 18(1), with an inspection council
SIGNATURE_OPINION_DAYS_UNVERIFIED = 15  # art. 13(4)
RATIFICATION_OPINION_DAYS_UNVERIFIED = 15  # art. 30(3); art. 30 was rewritten by Law 137
APPROVAL_OPINION_DAYS_UNVERIFIED = 15  # art. 39(2)
ACCESSION_OPINION_DAYS_UNVERIFIED = 15  # art. 41(3)


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a proposal's dossier: a document, a structured assessment or an opinion."""

    code: str
    title_vi: str
    title_en: str
    article: Article
    kind: str
    opinion_from: str = ""
    time_limit: int | None = None
    time_unit: str = ""
    required: bool = True
    verified: bool = True


def legal_basis_for(commitment_kind: str, level: str) -> str:
    """The legal basis of a register entry from its kind and ``Commitment.level``."""
    if commitment_kind == lifecycle.TREATY:
        return TREATY_STATE if level == lifecycle.STATE else TREATY_GOVERNMENT
    if commitment_kind == lifecycle.AGREEMENT:
        return {
            "state": AGREEMENT_STATE_GOVERNMENT,
            "government": AGREEMENT_STATE_GOVERNMENT,
            "national_assembly": AGREEMENT_NATIONAL_ASSEMBLY,
            "ministry": AGREEMENT_MINISTRY,
            "province": AGREEMENT_PROVINCE,
            "party": AGREEMENT_ORGANISATION,
        }.get(level, AGREEMENT_MINISTRY)
    if commitment_kind == lifecycle.REVIEW:
        return REVIEW
    return LEADERS_STATEMENT


def _t(articles: str, amended: bool = False) -> Article:
    return Article(LAW_ON_TREATIES, articles, AMENDING_LAW if amended else "")


def _a(articles: str) -> Article:
    return Article(LAW_ON_AGREEMENTS, articles)


def _item(stage: str, key: str, vi: str, en: str, article: Article, kind: str, **extra):
    return ChecklistItem(f"{stage}.{key}", vi, en, article, kind, **extra)


def _opinion(stage: str, body: str, vi: str, en: str, article: Article, days, unit, **extra):
    return _item(
        stage, f"opinion.{body}", vi, en, article, OPINION,
        opinion_from=body, time_limit=days, time_unit=unit if days else "", **extra,
    )  # fmt: skip


def _treaty_negotiation(*, agreed_in_principle: bool, **_flags) -> list[ChecklistItem]:
    s, amended = "treaty.negotiation", _t("9, 11", amended=True)
    items = [
        _item(s, "submission", "Tờ trình về việc đàm phán (sự cần thiết, yêu cầu, mục đích; "
              "nội dung chính; kiến nghị đàm phán và ủy quyền đàm phán)",
              "Submission on negotiation (necessity, requirements, purpose; main content; "
              "recommendation to negotiate and authorise)", _t("11(1)(a)"), DOCUMENT),
    ]  # fmt: skip
    if agreed_in_principle:
        # Art. 11(1a), added by Law 137/2025/QH15: where the Party, the President or the Prime
        # Minister agreed in principle, the dossier is the submission asking for authorisation.
        return [
            _item(s, "authorisation_request", "Tờ trình đề nghị ủy quyền đàm phán (đã có văn bản "
                  "đồng ý chủ trương của cơ quan có thẩm quyền)", "Submission asking for "
                  "authorisation to negotiate (agreement in principle already given)",
                  _t("11(1a)", amended=True), DOCUMENT),
        ]  # fmt: skip
    return [
        *items,
        _item(s, "impact", "Đánh giá sơ bộ tác động chính trị, quốc phòng, an ninh, kinh tế - "
              "xã hội và các tác động khác", "Preliminary assessment of political, defence, "
              "security, socio-economic and other impacts", _t("9(1)(a), 11(1)(a)"), ASSESSMENT),
        _item(s, "law_review", "Rà soát sơ bộ pháp luật hiện hành và điều ước quốc tế cùng lĩnh "
              "vực, so sánh với nội dung chính dự kiến đàm phán", "Preliminary review of "
              "domestic law and of treaties in the same field against the main content",
              _t("9(1)(b), 11(1)(a)"), ASSESSMENT),
        _opinion(s, MOFA, "Ý kiến của Bộ Ngoại giao", "Opinion of the Ministry of Foreign "
                 "Affairs", amended, NEGOTIATION_OPINION_DAYS, DAYS),
        _opinion(s, MOJ, "Ý kiến của Bộ Tư pháp", "Opinion of the Ministry of Justice", amended,
                 NEGOTIATION_OPINION_DAYS, DAYS),
        _opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan", "Opinions of the "
                 "bodies concerned", amended, NEGOTIATION_OPINION_DAYS, DAYS),
        _item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến và kiến nghị biện pháp "
              "xử lý", "Report on the opinions taken in and the handling proposed",
              _t("11(1)(b)"), DOCUMENT),
    ]  # fmt: skip


def _treaty_conclusion(**_flags) -> list[ChecklistItem]:
    s = "treaty.conclusion"
    return [
        _item(s, "submission", "Tờ trình kiến nghị kết thúc đàm phán", "Submission recommending "
              "the conclusion of negotiations", _t("10, 11", amended=True), DOCUMENT),
        _item(s, "draft_text", "Dự thảo điều ước quốc tế thể hiện phương án kết thúc đàm phán",
              "Draft treaty showing how negotiations would conclude", _t("11(2)", amended=True),
              DOCUMENT),
    ]  # fmt: skip


def _oda_items(s: str) -> list[ChecklistItem]:
    # Law 137/2025/QH15 sends ODA and concessional-loan treaties to the public-debt law; there
    # the Ministry of Finance assesses the concessional element, the effect on public-debt
    # safety limits and the domestic financial mechanism (Law 20/2017/QH14, art. 29(3), 15(1)).
    return [
        _opinion(s, MOF, "Ý kiến của Bộ Tài chính: thành tố ưu đãi, tác động đến chỉ tiêu an "
                 "toàn nợ công, cơ chế tài chính trong nước (vay ODA, vay ưu đãi)", "Opinion of "
                 "the Ministry of Finance: concessional element, effect on public-debt safety "
                 "limits, domestic financial mechanism (ODA and concessional loans)",
                 Article(PUBLIC_DEBT_LAW, "15(1), 29(3)"), None, ""),
    ]  # fmt: skip


def _nasc_item(s: str, articles: str) -> ChecklistItem:
    return _opinion(
        s, NA_STANDING_COMMITTEE, "Ý kiến của Ủy ban Thường vụ Quốc hội (điều ước có quy định "
        "khác luật, nghị quyết của Quốc hội hoặc cần sửa đổi, ban hành luật để thực hiện)",
        "Opinion of the National Assembly Standing Committee (the treaty departs from laws or "
        "resolutions of the National Assembly, or laws must change to implement it)",
        _t(articles), None, "",
    )  # fmt: skip


def _treaty_signature(
    *, amends_law: bool, na_decides: bool, oda_loan: bool, appraisal_council: bool, **_flags
) -> list[ChecklistItem]:
    s = "treaty.signature"
    mofa_days = (
        MOFA_CHECK_COUNCIL_DAYS_UNVERIFIED if appraisal_council else MOFA_CHECK_DAYS_UNVERIFIED
    )
    moj_days = MOJ_APPRAISAL_COUNCIL_DAYS if appraisal_council else MOJ_APPRAISAL_DAYS
    items = [
        _item(s, "submission", "Tờ trình đề xuất ký (sự cần thiết, nội dung chính, quyền và nghĩa "
              "vụ của Việt Nam, bảo lưu, áp dụng trực tiếp hoặc sửa đổi pháp luật, vấn đề còn ý "
              "kiến khác nhau)", "Submission proposing signature (necessity, main content, Viet "
              "Nam's rights and obligations, reservations, direct application or changes to law, "
              "points still disputed)", _t("16, 17(1)"), DOCUMENT),
        _opinion(s, MOFA, "Ý kiến kiểm tra của Bộ Ngoại giao", "Inspection opinion of the "
                 "Ministry of Foreign Affairs", _t("13(2), 18"), mofa_days, DAYS, verified=False),
        _opinion(s, MOJ, "Ý kiến thẩm định của Bộ Tư pháp", "Appraisal opinion of the Ministry "
                 "of Justice", _t("13(2), 20(1)", amended=True), moj_days, DAYS),
        _opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan", "Opinions of the "
                 "bodies concerned", _t("13(2), 13(4)"), SIGNATURE_OPINION_DAYS_UNVERIFIED, DAYS,
                 verified=False),
        _item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến và kiến nghị biện pháp "
              "xử lý", "Report on the opinions taken in and the handling proposed", _t("17(2)"),
              DOCUMENT),
        _item(s, "implementation_plan", "Dự kiến kế hoạch thực hiện điều ước quốc tế", "Draft "
              "implementation plan", _t("17(2)"), ASSESSMENT),
        _item(s, "impact", "Báo cáo đánh giá tác động chính trị, quốc phòng, an ninh, kinh tế - "
              "xã hội và các tác động khác", "Assessment of political, defence, security, "
              "socio-economic and other impacts", _t("17(3)"), ASSESSMENT),
        _item(s, "treaty_compatibility", "Báo cáo đánh giá sự tương thích với điều ước quốc tế "
              "cùng lĩnh vực mà Việt Nam là thành viên", "Assessment of compatibility with "
              "treaties in the same field to which Viet Nam is a party", _t("17(4)"), ASSESSMENT),
        _item(s, "law_compatibility", "Báo cáo đánh giá sự phù hợp với pháp luật Việt Nam",
              "Assessment of conformity with Vietnamese law", _t("17(5)"), ASSESSMENT),
        _item(s, "text", "Văn bản điều ước quốc tế", "Text of the treaty", _t("17(6)"), DOCUMENT),
    ]  # fmt: skip
    if amends_law and not na_decides:
        items.append(_nasc_item(s, "14"))  # not for treaties the National Assembly ratifies
    if oda_loan:
        items.extend(_oda_items(s))
    return items


def _treaty_consent(stage: str, articles: dict[str, str], days: int, oda_loan: bool):
    """Ratification and approval share a dossier (art. 31; art. 40 refers to it)."""
    s = f"treaty.{stage}"
    opinions = _t(articles["opinions"], amended=stage == gate.RATIFICATION)
    items = [
        _item(s, "submission", "Tờ trình: đánh giá tác động; kiến nghị thời điểm, bảo lưu, tuyên "
              "bố; áp dụng trực tiếp hoặc sửa đổi, ban hành văn bản quy phạm pháp luật",
              "Submission: impact assessment; recommended timing, reservations, declarations; "
              "direct application or changes to legislation", _t(articles["dossier"] + "(1)"),
              DOCUMENT),
        _opinion(s, MOFA, "Ý kiến của Bộ Ngoại giao", "Opinion of the Ministry of Foreign "
                 "Affairs", opinions, days, DAYS, verified=False),
        _opinion(s, MOJ, "Ý kiến của Bộ Tư pháp", "Opinion of the Ministry of Justice", opinions,
                 days, DAYS, verified=False),
        # Art. 30(1) as amended: the proposing agency decides, by the treaty's nature, whether to
        # consult other bodies.
        _opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan", "Opinions of the "
                 "bodies concerned", opinions, days, DAYS, verified=False,
                 required=stage != gate.RATIFICATION),
        _item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến và kiến nghị biện pháp "
              "xử lý", "Report on the opinions taken in and the handling proposed",
              _t(articles["dossier"] + "(2)"), DOCUMENT),
        _item(s, "implementation_plan", "Dự kiến kế hoạch thực hiện điều ước quốc tế", "Draft "
              "implementation plan", _t(articles["dossier"] + "(2)"), ASSESSMENT),
        _item(s, "text", "Văn bản điều ước quốc tế", "Text of the treaty",
              _t(articles["dossier"] + "(3)"), DOCUMENT),
    ]  # fmt: skip
    if oda_loan:
        items.extend(_oda_items(s))
    return items


def _treaty_ratification(*, oda_loan: bool, **_flags) -> list[ChecklistItem]:
    return _treaty_consent(
        gate.RATIFICATION,
        {"opinions": "30", "dossier": "31"},
        RATIFICATION_OPINION_DAYS_UNVERIFIED,
        oda_loan,
    )


def _treaty_approval(*, oda_loan: bool, **_flags) -> list[ChecklistItem]:
    items = _treaty_consent(
        gate.APPROVAL,
        {"opinions": "39", "dossier": "31"},
        APPROVAL_OPINION_DAYS_UNVERIFIED,
        oda_loan,
    )
    return items


def _treaty_accession(*, amends_law: bool, na_decides: bool, **_flags) -> list[ChecklistItem]:
    s = "treaty.accession"
    items = [
        _item(s, "submission", "Tờ trình đề xuất gia nhập (nội dung như tờ trình đề xuất ký)",
              "Submission proposing accession (as for a signature)", _t("45(1)"), DOCUMENT),
        _opinion(s, MOFA, "Ý kiến kiểm tra của Bộ Ngoại giao", "Inspection opinion of the "
                 "Ministry of Foreign Affairs", _t("41(2), 41(3)"),
                 ACCESSION_OPINION_DAYS_UNVERIFIED, DAYS, verified=False),
        _opinion(s, MOJ, "Ý kiến thẩm định của Bộ Tư pháp", "Appraisal opinion of the Ministry "
                 "of Justice", _t("41(2), 41(3)"), ACCESSION_OPINION_DAYS_UNVERIFIED, DAYS,
                 verified=False),
        _opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan", "Opinions of the "
                 "bodies concerned", _t("41(2), 41(3)"), ACCESSION_OPINION_DAYS_UNVERIFIED, DAYS,
                 verified=False),
        _item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến", "Report on the "
              "opinions taken in", _t("45(2)"), DOCUMENT),
        _item(s, "implementation_plan", "Dự kiến kế hoạch thực hiện điều ước quốc tế", "Draft "
              "implementation plan", _t("45(2)"), ASSESSMENT),
        _item(s, "text", "Văn bản điều ước quốc tế", "Text of the treaty", _t("45(3)"), DOCUMENT),
        _item(s, "parties", "Danh sách thành viên, văn bản sửa đổi, bảo lưu và tuyên bố của các "
              "bên, thủ tục pháp lý cần thiết", "List of parties, amendments, reservations and "
              "declarations of the parties, legal steps needed", _t("45(4)"), DOCUMENT),
    ]  # fmt: skip
    if amends_law and not na_decides:
        items.append(_nasc_item(s, "42"))
    return items


def _treaty_change(stage: str, **_flags) -> list[ChecklistItem]:
    # Art. 54(5)-(6) as first enacted; Law 137/2025/QH15 unified the amendment procedure and we
    # could not read the new text: every item is marked unverified.
    s = f"treaty.{stage}"
    return [
        _item(s, "submission", "Tờ trình: mục đích, yêu cầu, cơ sở pháp lý và hậu quả pháp lý",
              "Submission: purpose, requirements, legal basis and legal consequences",
              _t("54(6)(a)"), DOCUMENT, verified=False),
        _opinion(s, MOFA, "Ý kiến của Bộ Ngoại giao", "Opinion of the Ministry of Foreign "
                 "Affairs", _t("54(5)(a)"), None, "", verified=False),
        _opinion(s, MOJ, "Ý kiến của Bộ Tư pháp", "Opinion of the Ministry of Justice",
                 _t("54(5)(a)"), None, "", verified=False),
        _opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan", "Opinions of the "
                 "bodies concerned", _t("54(5)(a)"), None, "", verified=False),
        _item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến", "Report on the "
              "opinions taken in", _t("54(6)(b)"), DOCUMENT, verified=False),
        _item(s, "text", "Văn bản điều ước quốc tế", "Text of the treaty", _t("54(6)(c)"),
              DOCUMENT, verified=False),
        _item(s, "request", "Đề nghị sửa đổi, bổ sung, gia hạn của bên ký kết nước ngoài hoặc cơ "
              "quan có liên quan", "Request to amend or extend from the foreign party or the "
              "body concerned", _t("54(6)(d)"), DOCUMENT, verified=False),
    ]  # fmt: skip


# The article of each signatory under Law 70/2020/QH14 that names who gives opinions.
_AGREEMENT_PROCEDURE = {
    AGREEMENT_STATE_GOVERNMENT: "9",
    AGREEMENT_NATIONAL_ASSEMBLY: "13",
    AGREEMENT_JUDICIAL: "15",
    AGREEMENT_MINISTRY: "17",
    AGREEMENT_PROVINCE: "19",
    AGREEMENT_ORGANISATION: "22",
}


def _agreement(basis: str, stage: str, *, defence: bool, security: bool, investment: bool,
               **_flags) -> list[ChecklistItem]:  # fmt: skip
    s = f"agreement.{stage}"
    proc = _AGREEMENT_PROCEDURE[basis]
    limit = AGREEMENT_OPINION_WORKING_DAYS
    items = [
        _item(s, "proposal", "Văn bản đề xuất ký kết: yêu cầu, mục đích; nội dung chính",
              "Proposal to sign: requirements and purpose; main content", _a("27(1)(a)-(b), 28(1)"),
              DOCUMENT),
        _item(s, "compatibility", "Đánh giá sự phù hợp với pháp luật Việt Nam và điều ước quốc tế "
              "có liên quan", "Assessment of conformity with Vietnamese law and the treaties "
              "concerned", _a("27(1)(c)"), ASSESSMENT),
        _item(s, "impact", "Đánh giá tác động về chính trị, đối ngoại, quốc phòng, an ninh, "
              "kinh tế - xã hội và các tác động khác", "Assessment of political, "
              "foreign-relations, defence, security, socio-economic and other impacts",
              _a("27(1)(d)"), ASSESSMENT),
        _item(s, "principles", "Việc tuân thủ các nguyên tắc tại Điều 3", "Compliance with the "
              "principles of art. 3", _a("27(1)(đ)"), ASSESSMENT),
        _item(s, "feasibility", "Tính khả thi, hiệu quả của thỏa thuận quốc tế", "Feasibility and "
              "effectiveness of the agreement", _a("27(1)(e), 30(3)"), ASSESSMENT),
        _item(s, "draft_text", "Dự thảo văn bản bằng tiếng Việt và tiếng nước ngoài (hoặc bản dịch "
              "tiếng Việt)", "Draft text in Vietnamese and the foreign language (or a Vietnamese "
              "translation)", _a("27(2), 28(4)"), DOCUMENT),
    ]  # fmt: skip
    if basis == AGREEMENT_NATIONAL_ASSEMBLY:
        items.append(_opinion(s, NA_FOREIGN_AFFAIRS, "Ý kiến của Ủy ban Đối ngoại của Quốc hội",
                              "Opinion of the National Assembly's Foreign Affairs Committee",
                              _a("13(1), 13(2)"), limit, WORKING_DAYS))  # fmt: skip
    items.append(_opinion(s, MOFA, "Ý kiến của Bộ Ngoại giao", "Opinion of the Ministry of "
                          "Foreign Affairs", _a(f"{proc}(1), {proc}(2), 29"), limit,
                          WORKING_DAYS))  # fmt: skip
    if basis == AGREEMENT_ORGANISATION:
        items.append(_opinion(s, SECTOR_MANAGER, "Ý kiến của cơ quan quản lý nhà nước về lĩnh "
                              "vực hợp tác", "Opinion of the State body managing the field",
                              _a("22(1), 22(2)"), limit, WORKING_DAYS))  # fmt: skip
    items.append(_opinion(s, CONSULTED, "Ý kiến của cơ quan, tổ chức có liên quan trực tiếp",
                          "Opinions of the bodies directly concerned",
                          _a(f"{proc}(1), {proc}(2), 30"), limit, WORKING_DAYS))  # fmt: skip
    for flag, body, vi, en, clause in (
        (defence, MOD, "Ý kiến của Bộ Quốc phòng", "Opinion of the Ministry of National Defence",
         "25(1), 25(4)"),
        (security, MPS, "Ý kiến của Bộ Công an", "Opinion of the Ministry of Public Security",
         "25(2), 25(4)"),
        # Art. 25(3) names the Ministry of Planning and Investment, merged into the Ministry of
        # Finance in 2025 (Resolution 176/2025/QH15).
        (investment, MOF, "Ý kiến của Bộ Tài chính (trước đây là Bộ Kế hoạch và Đầu tư) về đầu "
         "tư", "Opinion of the Ministry of Finance (formerly Planning and Investment) on "
         "investment", "25(3), 25(4)"),
    ):  # fmt: skip
        if flag:
            items.append(_opinion(s, body, vi, en, _a(clause), limit, WORKING_DAYS))
    items.append(_item(s, "opinions_report", "Báo cáo giải trình, tiếp thu ý kiến của cơ quan, tổ "
                       "chức được lấy ý kiến", "Report on the opinions taken in", _a("28(3)"),
                       DOCUMENT))  # fmt: skip
    return items


def _light(basis: str) -> list[ChecklistItem]:
    # No statute prescribes a dossier for a political commitment; CamKet still records a
    # decision on a short note (issue 12), so that nothing is adopted unexamined.
    s = f"{'statement' if basis == LEADERS_STATEMENT else 'review'}.adoption"
    none = Article("", "")
    if basis == LEADERS_STATEMENT:
        note = ("Ghi chú đề xuất: mục đích, nội dung chính, cơ quan thực hiện",
                "Proposal note: purpose, main content, who implements it")  # fmt: skip
        text = ("Dự thảo tuyên bố", "Draft statement")
    else:
        note = (
            "Ghi chú đề xuất: các khuyến nghị và phương án trả lời (chấp thuận hoặc ghi nhận)",
            "Proposal note: the recommendations and the answer proposed (accept or note)",
        )
        text = ("Danh sách khuyến nghị", "List of recommendations")
    return [
        _item(s, "note", *note, none, DOCUMENT),
        _item(s, "text", *text, none, DOCUMENT),
        _item(s, "feasibility", "Đánh giá sơ bộ tính khả thi và nguồn lực thực hiện",
              "Preliminary assessment of feasibility and resources", none, ASSESSMENT),
        _opinion(s, MOFA, "Ý kiến của Bộ Ngoại giao", "Opinion of the Ministry of Foreign "
                 "Affairs", none, None, "", required=False),
    ]  # fmt: skip


_TREATY_STAGES = {
    gate.NEGOTIATION: _treaty_negotiation,
    gate.CONCLUSION: _treaty_conclusion,
    gate.SIGNATURE: _treaty_signature,
    gate.RATIFICATION: _treaty_ratification,
    gate.APPROVAL: _treaty_approval,
    gate.ACCESSION: _treaty_accession,
}


def checklist(
    legal_basis: str,
    stage: str,
    *,
    amends_law: bool = False,
    na_decides: bool = False,
    oda_loan: bool = False,
    agreed_in_principle: bool = False,
    appraisal_council: bool = False,
    defence: bool = False,
    security: bool = False,
    investment: bool = False,
) -> list[ChecklistItem]:
    """The dossier items a proposal of ``stage`` needs under ``legal_basis``.

    ``amends_law``: implementing the treaty needs laws or resolutions of the National Assembly
    changed (the Standing Committee's opinion, art. 14 and 42), unless ``na_decides`` (the
    National Assembly itself ratifies or decides accession, art. 29(1), 43(1)). ``oda_loan``: an
    ODA or concessional-loan treaty (the Ministry of Finance under the public-debt law).
    ``agreed_in_principle``: the negotiation dossier is only the request (art. 11(1a) as
    amended). ``appraisal_council``: MOFA and MOJ set up councils (longer limits, art. 18, 20).
    ``defence``/``security``/``investment``: extra opinions on an agreement (Law 70, art. 25).

    Raises ValueError for a basis or a stage the law does not give that basis.
    """
    flags = {
        "amends_law": amends_law,
        "na_decides": na_decides,
        "oda_loan": oda_loan,
        "agreed_in_principle": agreed_in_principle,
        "appraisal_council": appraisal_council,
        "defence": defence,
        "security": security,
        "investment": investment,
    }
    if legal_basis in {TREATY_STATE, TREATY_GOVERNMENT}:
        level = lifecycle.STATE if legal_basis == TREATY_STATE else lifecycle.GOVERNMENT
        if stage not in gate.stages_for(lifecycle.TREATY, level):
            raise ValueError(f"no {stage} stage for {legal_basis}")
        if stage in {gate.AMENDMENT, gate.EXTENSION}:
            return _treaty_change(stage, **flags)
        return _TREATY_STAGES[stage](**flags)
    if legal_basis in _AGREEMENT_PROCEDURE:
        if stage not in gate.stages_for(lifecycle.AGREEMENT):
            raise ValueError(f"no {stage} stage for {legal_basis}")
        # Amendment and extension follow the signing procedure (Law 70/2020/QH14, art. 33(2)).
        return _agreement(legal_basis, stage, **flags)
    if legal_basis in {LEADERS_STATEMENT, REVIEW}:
        if stage != gate.ADOPTION:
            raise ValueError(f"no {stage} stage for {legal_basis}")
        return _light(legal_basis)
    raise ValueError(f"unknown legal basis {legal_basis!r}")
