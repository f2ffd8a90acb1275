"""The gate before negotiating, signing, ratifying, approving or acceding (C10; decision 0014).

The register's event-recording action (``camket.registry.actions.record_event``) asks
:func:`refusal_message`; the rule itself is the pure ``lawcore.gate.gate_refusal`` (which step
needs an approved proposal of which stage, and from which date the gate applies). This module
gives it the facts from the database: the stages whose proposal is approved and unchanged since
approval (:func:`approved_stages`) and the coordinator's written overrides.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from camket.evaluation.models import GateOverride, Proposal


def approved_stages(commitment) -> set[str]:
    """The stages of ``commitment`` with an approved proposal whose dossier still matches the
    snapshot taken at approval (a material change since then does not count)."""
    from camket.evaluation.actions import APPROVALS, changed_items

    stages = set()
    approved = Proposal.objects.filter(
        commitment=commitment, status=Proposal.Status.DECIDED, decision__in=APPROVALS
    )
    for proposal in approved:
        if not changed_items(proposal):
            stages.add(proposal.stage)
    return stages


def overridden_stages(commitment) -> set[str]:
    return set(GateOverride.objects.filter(commitment=commitment).values_list("stage", flat=True))


def refusal(commitment, event_kind: str, on: dt.date):
    """The pure gate's refusal for recording ``event_kind`` on ``on``, or None."""
    from lawcore import gate

    required = gate.required_stage(event_kind, commitment.kind)
    if required is None or gate.is_before_gate(on):
        return None
    return gate.gate_refusal(
        event_kind,
        commitment.kind,
        commitment.level,
        approved_stages(commitment),
        required in overridden_stages(commitment),
        on,
    )


def refusal_message(commitment, event_kind: str, on: dt.date) -> str | None:
    """A Vietnamese sentence naming what is missing, or None when the step may be recorded."""
    from camket.registry.models import CommitmentEvent

    found = refusal(commitment, event_kind, on)
    if found is None:
        return None
    events = dict(CommitmentEvent.Kind.choices)
    article = found.article.label_en() if get_language() == "en" else found.article.label_vi()
    params = {
        "event": events.get(event_kind, event_kind),
        "stage": Proposal.Stage(found.stage).label,
        "article": article or _("a decision recorded in CamKet"),
        "code": commitment.code,
    }
    return (
        _(
            "%(event)s cannot be recorded for %(code)s: there is no approved proposal for the "
            "step “%(stage)s” (%(article)s). Prepare the proposal and have it decided, or ask "
            "the national coordinator to let this step through with a written reason."
        )
        % params
    )
