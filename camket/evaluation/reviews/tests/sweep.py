"""The reviews app's records in the access sweep's world (``camket/tests/test_access_sweep``).

A review campaign with one review per commitment of the world at different stages (content
carries a token readable as ``permissions.can_read_review_content`` says), a remedy per
readable review (the accepted one turned into a task), funding lines of a commitment and of a
restricted task, an assistance need, and an expert of the roster with private fields and
engagements on a restricted task and on the accepted review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from camket.agencies.models import Agency
from camket.evaluation.reviews.models import (
    AgencyReview,
    AssistanceNeed,
    Engagement,
    Expert,
    FundingLine,
    Remedy,
    ReviewCampaign,
)

D = dt.date.fromisoformat
Status = AgencyReview.Status
# world key → the stage its review is at; None: no text (read by no persona of the world)
STAGES = {
    "public owner": Status.ACCEPTED,
    "internal owner": Status.DRAFT,
    "restricted owner": Status.SUBMITTED,
    "restricted other": Status.APPROVED,
    "public statement": Status.RETURNED,
    "public draft": Status.DRAFT,
}
DECIDED = {Status.APPROVED, Status.ACCEPTED}


def reads_review(p, review, sees_commitment) -> bool:
    if review.agency.code in p.agencies:
        return True
    if review.status not in DECIDED:
        return False
    return p.national or (p.observer and sees_commitment(p, review.commitment))


def staff(p) -> bool:
    return p.national or bool(p.agencies)


def review_records(w, users, tasks, sees_commitment, sees_task) -> dict[str, list[dict]]:
    from camket.evaluation.reviews import actions

    campaign = ReviewCampaign(
        starts_on=D("2025-01-01"), ends_on=D("2025-12-31"), due_on=D("2026-11-15")
    )
    agencies: set[str] = set()  # filled once the reviews exist

    def sees_campaign(p) -> bool:
        return p.national or p.observer or bool(p.agencies & agencies)

    campaign.title = f"Rà soát {w.token('review campaign title', sees_campaign)}"
    campaign.save()
    actions.materialize_reviews(campaign)
    agencies |= set(campaign.reviews.values_list("agency__code", flat=True))
    reviews, remedies = [], []
    for key, c in w.commitments.items():
        review = campaign.reviews.filter(commitment=c).first()
        if review is None:
            continue
        reviews.append(review)
        stage = STAGES.get(key)
        if stage is None:
            continue
        review.status = stage
        seen = lambda p, r=review: reads_review(p, r, sees_commitment)  # noqa: E731
        review.achievements = f"Kết quả {w.token(key + ' review achievements', seen)}"
        review.shortcomings = f"Hạn chế {w.token(key + ' review shortcomings', seen)}"
        review.causes = ["capacity"]
        review.recommendation = AgencyReview.Recommendation.CONTINUE
        if stage == Status.RETURNED:
            review.return_comment = f"Bổ sung {w.token(key + ' review return', seen)}"
        review.save()
        # The accepted review's remedy becomes a task: its text is then a task title too.
        made: list = []

        def remedy_seen(p, seen=seen, made=made):
            return seen(p) or any(sees_task(p, task) for task in made)

        remedy = Remedy.objects.create(
            review=review, text=f"Biện pháp {w.token(key + ' remedy', remedy_seen)}"
        )
        remedy.made = made
        remedies.append(remedy)
    accepted = next(r for r in reviews if r.status == Status.ACCEPTED)
    converted = next(m for m in remedies if m.review_id == accepted.pk)
    converted.made.append(actions.remedy_to_task(converted, acting_user=users["officer_owner"]))
    t_res = tasks[0]
    public_owner = w.commitments["public owner"]
    restricted_owner = w.commitments["restricted owner"]
    lines = [
        FundingLine.objects.create(
            commitment=public_owner, source="oda", year=2025, pledged=Decimal(1000),
            disbursed=Decimal(400),
            note=f"Nguồn {w.token('funding line commitment', lambda p: sees_commitment(p, public_owner))}",
        ),
        FundingLine.objects.create(
            commitment=restricted_owner, task=t_res, source="state_budget", year=2025,
            pledged=Decimal(500), note=f"Nguồn {w.token('funding line task', lambda p: sees_task(p, t_res))}",
        ),
    ]  # fmt: skip
    AssistanceNeed.objects.create(
        obligation=restricted_owner.obligation,
        kind=AssistanceNeed.Kind.TECHNICAL,
        description=f"Hỗ trợ {w.token('assistance need', lambda p: sees_commitment(p, restricted_owner))}",
    )
    expert = Expert(kind=Expert.Kind.EXTERNAL, agency=Agency.objects.get(code="bct"))
    expert.name = f"Chuyên gia {w.token('expert name', staff)}"
    expert.fields_of_expertise = f"Sở hữu trí tuệ {w.token('expert field', staff)}"
    expert.email = (
        f"{w.token('expert email', lambda p: p.national or 'bct' in p.agencies)}@example.org"
    )
    expert.save()
    expert.commitments.set([w.commitments["restricted other"], public_owner])
    Engagement.objects.create(
        expert=expert, task=t_res,
        role=f"Tư vấn {w.token('engagement on task', lambda p: staff(p) and sees_task(p, t_res))}",
    )  # fmt: skip
    Engagement.objects.create(
        expert=expert, review=accepted,
        role=f"Phản biện {w.token('engagement on review', lambda p: staff(p) and reads_review(p, accepted, sees_commitment))}",
    )  # fmt: skip
    return {
        "review campaign": [{"pk": campaign.pk}],
        "agency review": [{"pk": r.pk} for r in reviews],
        "agency review verb": [
            {"pk": r.pk, "verb": v}
            for r in reviews
            for v in ("submit", "approve", "return", "accept")
        ],
        "remedy": [{"pk": m.pk} for m in remedies],
        "funding line": [{"pk": line.pk} for line in lines],
        "expert": [{"pk": expert.pk}],
    }


FILL_BY_NAME = {
    "reviews:campaign-detail": "review campaign",
    "reviews:campaign-synthesis": "review campaign",
    "reviews:review-detail": "agency review",
    "reviews:remedy-create": "agency review",
    "reviews:review-engage": "agency review",
    "reviews:review-transition": "agency review verb",
    "reviews:remedy-task": "remedy",
    "reviews:remedy-legislative": "remedy",
    "reviews:funding-edit": "funding line",
    "reviews:commitment-resources": "commitment",
    "reviews:expert-detail": "expert",
    "reviews:expert-edit": "expert",
    "reviews:expert-engage": "expert",
}
QUERIES = {
    "reviews:campaign-synthesis": ["", "?format=docx", "?format=pdf"],
    "reviews:resources": ["", "?q=Hiệp+định"],
    "reviews:expert-list": ["", "?q=so+huu"],
}
