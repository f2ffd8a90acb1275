"""Who may do what with reviews, resources and experts (roles: ``camket.agencies.permissions``).

- the national coordinator opens campaigns, accepts or returns approved reviews and reads the
  national synthesis;
- an agency's officers and leaders write its reviews and remedies and submit them; only its
  leaders approve or return them;
- the review's content (achievements, shortcomings, causes, remedies) is read by its agency at
  every stage, by national roles and observers once the leader has approved it;
- funding lines are written by national roles and by the lead agency of the task or commitment;
- the expert roster is staff-only; e-mail and declared interests are read by national roles
  and the registering agency.
"""

from __future__ import annotations

from django.db.models import Q

from camket.agencies.permissions import scope_of
from camket.evaluation.reviews.models import AgencyReview, Expert, FundingLine
from camket.monitoring.permissions import leader_agency_ids

Status = AgencyReview.Status

# verb → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED),
    "approve": (frozenset({Status.SUBMITTED}), Status.APPROVED),
    "return": (frozenset({Status.SUBMITTED, Status.APPROVED}), Status.RETURNED),
    "accept": (frozenset({Status.APPROVED}), Status.ACCEPTED),
}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
DECIDED = frozenset({Status.APPROVED, Status.ACCEPTED})


def can_open_campaign(user) -> bool:
    return scope_of(user).is_national


def can_read_synthesis(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or scope.is_observer


def can_edit_review(user, review: AgencyReview) -> bool:
    return review.status in EDITABLE and review.agency_id in scope_of(user).editor_agency_ids


def can_submit_review(user, review: AgencyReview) -> bool:
    return can_edit_review(user, review)


def can_approve_review(user, review: AgencyReview) -> bool:
    return review.status == Status.SUBMITTED and review.agency_id in leader_agency_ids(user)


def can_return_review(user, review: AgencyReview) -> bool:
    """The leader returns a submitted review; the coordinator an approved one."""
    if review.status == Status.SUBMITTED:
        return review.agency_id in leader_agency_ids(user)
    return review.status == Status.APPROVED and scope_of(user).is_national


def can_accept_review(user, review: AgencyReview) -> bool:
    return review.status == Status.APPROVED and scope_of(user).is_national


PREDICATES = {
    "submit": can_submit_review,
    "approve": can_approve_review,
    "return": can_return_review,
    "accept": can_accept_review,
}


def can_read_review_content(user, review: AgencyReview) -> bool:
    scope = scope_of(user)
    if review.agency_id in scope.agency_ids:
        return True
    return review.status in DECIDED and (scope.is_national or scope.is_observer)


def readable_content(user) -> Q:
    """:func:`can_read_review_content` as a filter over reviews."""
    scope = scope_of(user)
    readable = Q(agency_id__in=sorted(scope.agency_ids))
    if scope.is_national or scope.is_observer:
        readable |= Q(status__in=sorted(DECIDED))
    return readable


def can_write_remedy(user, review: AgencyReview) -> bool:
    return can_edit_review(user, review)


def can_convert_remedy(user, review: AgencyReview) -> bool:
    """Turning a remedy into work: the agency's editors, while the review is theirs to edit
    or once it is approved; national roles once approved."""
    scope = scope_of(user)
    if review.agency_id in scope.editor_agency_ids:
        return True
    return scope.is_national and review.status in DECIDED


def can_edit_funding(user, line: FundingLine) -> bool:
    scope = scope_of(user)
    return scope.is_national or line.agency_id in scope.editor_agency_ids


def can_add_funding(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.editor_agency_ids)


def can_read_roster(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.agency_ids)


def can_register_expert(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.editor_agency_ids)


def can_read_expert_private(user, expert: Expert) -> bool:
    scope = scope_of(user)
    return scope.is_national or expert.agency_id in scope.agency_ids


def can_edit_expert(user, expert: Expert) -> bool:
    scope = scope_of(user)
    return scope.is_national or expert.agency_id in scope.editor_agency_ids
