"""``{% issues_of_task task as issues %}``: the implementation issues a task follows from, as
far as the reader may see them (the issue's own visibility rule)."""

from django import template

from camket.coordination.mechanisms.models import ImplementationIssue

register = template.Library()


@register.simple_tag(takes_context=True)
def issues_of_task(context, task):
    user = context["request"].user
    return ImplementationIssue.objects.visible_to(user).filter(tasks=task).order_by("raised_on")
