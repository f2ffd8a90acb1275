"""How views fetch reviews, funding lines and experts: the same 404 for "missing" and "not
yours"."""

from __future__ import annotations

from django.http import Http404

from camket.agencies.permissions import scope_of
from camket.evaluation.reviews import permissions
from camket.evaluation.reviews.models import (
    AgencyReview,
    Expert,
    FundingLine,
    Remedy,
    ReviewCampaign,
)


def access_campaign(user, pk: int) -> ReviewCampaign:
    """National roles and observers see every campaign; an agency those holding its reviews."""
    scope = scope_of(user)
    campaigns = ReviewCampaign.objects.all()
    if not (scope.is_national or scope.is_observer):
        campaigns = campaigns.filter(reviews__agency_id__in=sorted(scope.agency_ids)).distinct()
    try:
        return campaigns.get(pk=pk)
    except ReviewCampaign.DoesNotExist:
        raise Http404(pk) from None


def visible_campaigns(user):
    scope = scope_of(user)
    campaigns = ReviewCampaign.objects.all()
    if not (scope.is_national or scope.is_observer):
        campaigns = campaigns.filter(reviews__agency_id__in=sorted(scope.agency_ids)).distinct()
    return campaigns


def access_review(user, pk: int) -> AgencyReview:
    """A review ``user`` may see; its content is shown only where ``can_read_review_content``."""
    try:
        return (
            AgencyReview.objects.visible_to(user)
            .select_related("campaign", "commitment", "agency")
            .get(pk=pk)
        )
    except AgencyReview.DoesNotExist:
        raise Http404(pk) from None


def access_remedy(user, pk: int) -> Remedy:
    """A remedy of a review whose content ``user`` may read."""
    remedy = Remedy.objects.filter(pk=pk).select_related("review").first()
    if remedy is None:
        raise Http404(pk)
    review = access_review(user, remedy.review_id)
    if not permissions.can_read_review_content(user, review):
        raise Http404(pk)
    return remedy


def access_funding_for_edit(user, pk: int) -> FundingLine:
    line = (
        FundingLine.objects.visible_to(user)
        .select_related("commitment", "task")
        .filter(pk=pk)
        .first()
    )
    if line is None or not permissions.can_edit_funding(user, line):
        raise Http404(pk)
    return line


def access_expert(user, pk: int) -> Expert:
    try:
        return Expert.objects.visible_to(user).select_related("agency").get(pk=pk)
    except Expert.DoesNotExist:
        raise Http404(pk) from None
