"""Template filters of the monitoring pages."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def days_before(due: dt.date, today: dt.date) -> int:
    """How many days ``due`` lies before ``today`` ("chậm N ngày")."""
    return (today - due).days
