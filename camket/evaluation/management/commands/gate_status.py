"""How the register stands against the proposal gate (the closing measure of issue 12).

Prints, over the commitments of the register (reference texts of other countries left out):
how many hold a complete dossier (an approved proposal whose snapshot still matches) for the
step they took or are to take; how many took their gated step before the gate existed
(``lawcore.gate.GATE_START``) and are marked so; how many went through a coordinator's
override; and how many took a gated step after the gate with neither.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from camket.evaluation.gate import approved_stages, overridden_stages
from camket.registry.models import Commitment
from lawcore import gate


class Command(BaseCommand):
    help = "Share of commitments with a complete dossier and those signed before the gate."

    def handle(self, *args, **options):
        counts = {"complete": 0, "before_gate": 0, "overridden": 0, "missing": 0, "none": 0}
        total = 0
        for commitment in Commitment.objects.filter(is_reference=False).prefetch_related("events"):
            total += 1
            counts[_state(commitment)] += 1
        self.stdout.write(f"Commitments in the register: {total}")
        labels = {
            "complete": "with a complete (approved, unchanged) dossier",
            "before_gate": "gated step taken before the gate existed (before "
            f"{gate.GATE_START:%d/%m/%Y}), marked so, no dossier",
            "overridden": "gated step let through by a coordinator's override",
            "missing": "gated step after the gate with neither dossier nor override",
            "none": "no gated step recorded yet and no approved dossier",
        }
        for key, label in labels.items():
            share = 100 * counts[key] / total if total else 0
            self.stdout.write(f"  {counts[key]:>5} ({share:5.1f}%) {label}")


def _state(commitment: Commitment) -> str:
    gated = [
        (e.kind, e.on)
        for e in commitment.events.all()
        if gate.required_stage(e.kind, commitment.kind) is not None
    ]
    approved = approved_stages(commitment)
    if approved and all(
        gate.required_stage(kind, commitment.kind) in approved
        for kind, on in gated
        if not gate.is_before_gate(on)
    ):
        return "complete"
    if not gated:
        return "none"
    after = [(k, on) for k, on in gated if not gate.is_before_gate(on)]
    if not after:
        return "before_gate"
    overrides = overridden_stages(commitment)
    if all(gate.required_stage(k, commitment.kind) in overrides | approved for k, _ in after):
        return "overridden"
    return "missing"
