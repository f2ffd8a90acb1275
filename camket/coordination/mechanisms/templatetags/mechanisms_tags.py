"""``{% issues_of_task task as issues %}``: the implementation issues a task follows from, as
far as the reader may see them (the issue's own visibility rule)."""

from django import template

from camket.coordination.mechanisms.models import ImplementationIssue

register = template.Library()


@register.simple_tag(takes_context=True)
def issues_of_task(context, task):
    user = context["request"].user
    return ImplementationIssue.objects.visible_to(user).filter(tasks=task).order_by("raised_on")


@register.simple_tag(takes_context=True)
def partner_work(context, commitment):
    """The mechanisms of ``commitment`` and its issues the reader may see (open ones first)."""
    from camket.coordination.mechanisms.actions import may_raise_for
    from camket.coordination.mechanisms.models import Mechanism

    user = context["request"].user
    issues = ImplementationIssue.objects.visible_to(user).filter(commitment=commitment)
    return {
        "mechanisms": Mechanism.objects.visible_to(user).filter(commitments=commitment),
        "issues": sorted(issues, key=lambda i: (not i.is_open, -i.raised_on.toordinal())),
        "may_raise": may_raise_for(user, commitment),
    }
