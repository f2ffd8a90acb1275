"""How history names agencies: "Bộ X (nay là Bộ Y)" and, for older records, who did the work then.

``Agency.name`` already names a former agency with its successor; these filters answer the
other way round, for a record concluded before a reorganisation that now names the successor.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def formerly(agency, day):
    """The agencies merged into ``agency`` after ``day`` ("trước đây: ..."), or "".

    ``day`` is a date or anything with ``signed_on``/``in_force_on`` (a commitment): the
    earliest of those is the day the record dates from. Nothing when ``day`` is unknown.
    """
    if agency is None:
        return ""
    when = _day(day)
    if when is None:
        return ""
    merged = [f for f in agency.predecessors.all() if f.ended_on and f.ended_on > when]
    if not merged:
        return ""
    return gettext("before %(date)s: %(names)s") % {
        "date": min(f.ended_on for f in merged).strftime("%d/%m/%Y"),
        "names": "; ".join(f.own_name for f in merged),
    }


def _day(value):
    if value is None or hasattr(value, "year"):
        return value
    dates = [getattr(value, name, None) for name in ("signed_on", "in_force_on")]
    found = [d for d in dates if d]
    return min(found) if found else None
