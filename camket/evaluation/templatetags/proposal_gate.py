"""``{% load proposal_gate %}``: whether a commitment was concluded before the gate existed."""

from __future__ import annotations

from django import template

from lawcore import gate

register = template.Library()


@register.filter
def before_gate(commitment) -> bool:
    """True when the commitment was signed (acceded, adopted) before ``lawcore.gate.GATE_START``:
    the register marks it "signed before the gate existed" and holds no dossier for it."""
    signed = getattr(commitment, "signed_on", None)
    return signed is not None and gate.is_before_gate(signed)
