"""The demo's criteria set, scorecards and indicator (``camket createdemo`` calls load_demo).

- CamKet's default criteria set (``defaults.py``, worded after Directive 56-CT/TW and Law
  108/2016/QH13 art. 76), approved;
- the scorecards of every reporting cycle of the demo: the closed sample round (sample data,
  frozen as it is computed) and the current cycle;
- one indicator of VKFTA with a baseline, a target and a value in the sample round. Its
  figures are sample data (flagged ``is_sample``): CamKet holds no agency's indicator
  returns, so the pages showing it say so.

Idempotent: a second run finds the approved set and the computed scorecards and writes nothing.
"""

from __future__ import annotations

from camket.evaluation.scoring import actions
from camket.evaluation.scoring.defaults import CODE, default_criteria
from camket.evaluation.scoring.models import CriteriaSet, Indicator, Scorecard
from camket.monitoring.models import ReportingCycle
from camket.registry.models import Commitment

SAMPLE_INDICATOR = actions.IndicatorData(
    code="kim-ngach-xuat-khau",
    name_vi="Kim ngạch xuất khẩu hàng hóa của Việt Nam sang Hàn Quốc (dữ liệu mẫu)",
    name_en="Viet Nam's goods exports to Korea (sample data)",
    unit="tỷ USD",
    baseline=10.0,
    baseline_year=2020,
    target=20.0,
    target_year=2030,
    source="Dữ liệu mẫu do CamKet tạo để minh họa; không phải số liệu thống kê chính thức.",
    is_sample=True,
)
SAMPLE_ACTUAL = 13.0


def approved_default_set() -> CriteriaSet:
    """The latest approved default set, with every criterion of ``default_criteria()``.

    Creates and approves version 1 if there is none. An approved set is frozen: when the
    defaults gained a criterion since (issue 13: progress against the feasibility category),
    the next version copies the approved one, adds what it lacks and is approved; nothing else
    of the approved set changes.
    """
    found = (
        CriteriaSet.objects.filter(code=CODE, status=CriteriaSet.Status.APPROVED)
        .order_by("-number")
        .first()
    )
    if found is not None:
        missing = _missing_defaults(found)
        if not missing:
            return found
        draft = actions.new_version(found, acting_user=None)
        for data in missing:
            actions.add_criterion(draft, data, acting_user=None)
        return actions.approve_criteria_set(draft, acting_user=None)
    draft = CriteriaSet.objects.filter(code=CODE).order_by("-number").first()
    draft = draft or actions.create_criteria_set(default_criteria(), acting_user=None)
    return actions.approve_criteria_set(draft, acting_user=None)


def _missing_defaults(criteria_set: CriteriaSet) -> list:
    have = set(criteria_set.criteria.values_list("subject", "code"))
    return [c for c in default_criteria().criteria if (c.subject, c.code) not in have]


def load_demo(stdout, *, acting_user=None) -> dict[str, int]:
    criteria_set = approved_default_set()
    computed = 0
    for cycle in ReportingCycle.objects.order_by("ends_on", "pk"):
        if Scorecard.objects.filter(criteria_set=criteria_set, cycle=cycle).exists():
            continue
        counts = actions.compute_scorecards(criteria_set, cycle, acting_user=acting_user)
        computed += counts["created"]
    indicators = 0
    vkfta = Commitment.objects.filter(code="vn/treaty/2015/vkfta").first()
    sample = ReportingCycle.objects.filter(is_sample=True).order_by("-ends_on").first()
    if vkfta is not None and not Indicator.objects.filter(commitment=vkfta).exists():
        indicator = actions.save_indicator(vkfta, SAMPLE_INDICATOR, acting_user=acting_user)
        if sample is not None:
            actions.record_indicator_value(
                indicator, sample, actual=SAMPLE_ACTUAL, acting_user=acting_user
            )
        indicators = 1
    stdout.write(
        f"Scorecards (criteria set “{criteria_set.title_vi}”, version {criteria_set.number}): "
        f"computed {computed}; sample indicators added {indicators}\n"
    )
    return {"scorecards": computed, "indicators": indicators}
