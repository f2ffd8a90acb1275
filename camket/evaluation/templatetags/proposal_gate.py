"""``{% load proposal_gate %}``: whether a commitment was concluded before the gate existed."""

from __future__ import annotations

from django import template

from lawcore import gate

register = template.Library()

# The steps by which Viet Nam consents to or adopts a commitment (a ratification without prior
# signature, e.g. an ILO convention, counts: Law 108/2016/QH13 as amended, decision 0013).
CONSENT = {"signature", "ratification", "approval", "accession", "adoption", "acceptance"}


@register.filter
def before_gate(commitment) -> bool:
    """True when the commitment's first consent step is dated before ``lawcore.gate.GATE_START``:
    the register marks it "signed before the gate existed" and holds no dossier for it."""
    days = [e.on for e in commitment.events.all() if e.kind in CONSENT]
    return bool(days) and gate.is_before_gate(min(days))
