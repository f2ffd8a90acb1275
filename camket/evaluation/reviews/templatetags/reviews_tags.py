"""Pieces of reviews and resources shown on other apps' pages (one-line includes there)."""

from __future__ import annotations

from django import template

from camket.evaluation.reviews.models import Remedy
from camket.evaluation.reviews.permissions import can_read_review_content
from camket.evaluation.reviews.resources import funding_gap

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
