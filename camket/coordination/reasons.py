"""Reason codes of the overlap engine as translated labels (never the code on a page).

The English labels of ``lawcore.overlap.reasons.LABELS`` are written out here as msgids so that
``makemessages`` finds them; the app's catalogue carries the Vietnamese ones of the same table
(``test_reasons.py`` checks both against ``LABELS``).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lawcore.overlap import reasons as R

MSGIDS = {
    R.SHARED_INSTRUMENT: _("Same named instrument"),
    R.DIFFERENT_INSTRUMENT: _("Different named instruments"),
    R.SAME_ACTION: _("Same action"),
    R.DIFFERENT_ACTION: _("Different actions"),
    R.DIFFERENT_STRENGTH: _("One only asks to consider it"),
    R.SHARED_PARTNER: _("Same partner"),
    R.DIFFERENT_PARTNER: _("Different partners"),
    R.SHARED_PERIOD: _("Overlapping period"),
    R.NEAR_IDENTICAL: _("Near-identical wording"),
    R.SIMILAR_WORDING: _("Similar wording"),
    R.SAME_DELIVERABLE: _("Same deliverable"),
}


def reason_labels(codes) -> list[str]:
    """Labels of ``codes`` in the active language; an unknown code reads "Other reason"."""
    return [str(MSGIDS[c]) if c in MSGIDS else gettext("Other reason") for c in codes]
