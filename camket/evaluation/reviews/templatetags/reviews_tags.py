"""Pieces of reviews and resources shown on other apps' pages (one-line includes there)."""

from __future__ import annotations

from django import template

from camket.agencies.permissions import scope_of
from camket.evaluation.reviews.models import AgencyReview, Remedy
from camket.evaluation.reviews.permissions import can_read_review_content
from camket.evaluation.reviews.resources import funding_gap
from camket.monitoring.permissions import leader_agency_ids

register = template.Library()


@register.inclusion_tag("reviews/_dashboard_gap.html", takes_context=True)
def funding_gap_card(context):
    """The pledged vs disbursed gap on the monitoring dashboard, over the lines the reader may
    read."""
    user = context["request"].user
    return {"gap": funding_gap(user)}


@register.inclusion_tag("reviews/_task_origin.html", takes_context=True)
def remedy_origin(context, task):
    """On a task page: the review remedy it came from, when the reader may read that review."""
    user = context["request"].user
    remedy = Remedy.objects.filter(task=task).select_related("review__campaign", "review").first()
    if remedy is None or not can_read_review_content(user, remedy.review):
        return {"remedy": None}
    return {"remedy": remedy}


@register.simple_tag(takes_context=True)
def with_remedy_origins(context, legislative_actions):
    """The legislative actions given, as a list, each with ``remedy_origin``: the review remedy
    it was made from when the reader may read that review, else None. One query for all, so a
    list of actions (the gap list, an assessment) names each one's origin at a fixed cost."""
    user = context["request"].user
    items = list(legislative_actions)
    remedies = Remedy.objects.filter(legislative_action__in=[a.pk for a in items]).select_related(
        "review__campaign"
    )
    readable = {
        remedy.legislative_action_id: remedy
        for remedy in remedies
        if can_read_review_content(user, remedy.review)
    }
    for action in items:
        action.remedy_origin = readable.get(action.pk)
    return items


@register.inclusion_tag("reviews/_home_todo.html", takes_context=True)
def reviews_todo(context):
    """On the home page: the reviews waiting for the reader (to write, approve or accept)."""
    user = context["request"].user
    scope = scope_of(user)
    reviews = AgencyReview.objects.visible_to(user)
    Status = AgencyReview.Status
    to_write = reviews.filter(
        agency_id__in=sorted(scope.editor_agency_ids), status__in=[Status.DRAFT, Status.RETURNED]
    ).count()
    to_approve = reviews.filter(
        agency_id__in=sorted(leader_agency_ids(user)), status=Status.SUBMITTED
    ).count()
    to_accept = reviews.filter(status=Status.APPROVED).count() if scope.is_national else 0
    return {"to_write": to_write, "to_approve": to_approve, "to_accept": to_accept}
