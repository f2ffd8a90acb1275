"""Obligations for the demo: the extraction assistant's proposals, accepted as an officer would.

For a few commitments a ministry implements, the assistant (``obligations.assistant``) reads
the provisions that assign work to a Party's administration (contact points, publication,
notification) and its first proposals there are recorded through the action behind the
assistant's "Chấp nhận" button (``actions.create_obligation`` with the proposal's values, so
each obligation keeps its provision, source sentence, reasons and the method "proposed by
the assistant, confirmed by a person"). The set is bounded (``PER_COMMITMENT``) so that
``createdemo`` stays fast, and fixed (independent of what was accepted before), so a second
run adds nothing.
"""

from __future__ import annotations

from django.db.models import Q

from camket.obligations import actions, assistant
from camket.registry.models import Commitment

# Commitments Viet Nam implements through its ministries, with a full text in the register:
# the CPTPP (the TPP text it incorporates), and bilateral FTAs with Korea, the EAEU and Japan.
COMMITMENTS = (
    "vn/treaty/2018/cptpp",
    "vn/treaty/2015/vkfta",
    "vn/treaty/2015/vn-eaeu-fta",
    "vn/treaty/2008/vjepa",
)
# Provisions (by their own heading or their article's) that give an administration work.
HEADINGS = ("contact point", "publication", "notification", "enquiry point")
PER_COMMITMENT = 20


def demo_provisions(commitment: Commitment):
    wanted = Q()
    for word in HEADINGS:
        wanted |= Q(heading__icontains=word) | Q(parent__heading__icontains=word)
    return commitment.provisions.exclude(text="").filter(wanted).order_by("order")


def accept_demo_proposals(*, acting_user) -> dict[str, int]:
    """Accept the demo's proposals not yet recorded; return how many per commitment code."""
    added: dict[str, int] = {}
    for commitment in Commitment.objects.filter(code__in=COMMITMENTS).order_by("code"):
        taken = set(
            commitment.obligations.exclude(external_key="").values_list("external_key", flat=True)
        )
        chosen = assistant.proposals_in(
            demo_provisions(commitment), commitment, limit=PER_COMMITMENT
        )
        count = 0
        for proposal in chosen:
            if proposal.key in taken:
                continue
            data = assistant.proposed_data(commitment, proposal)
            actions.create_obligation(data, acting_user=acting_user)
            count += 1
        added[commitment.code] = count
    return added
