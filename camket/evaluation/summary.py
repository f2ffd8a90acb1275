"""What a proposal's feasibility adds up to, and what makes it infeasible (issue 12, item 3).

Read-only: shares of A/B/C, the domestic laws to change, the resources needed and the flags:
an obligation not categorised; a C without an amount or a source; a law to change with no
legislative action planned; a deadline (the B/C date, or the expected entry into force for A)
before the law can change (the pending legislative action's deadline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from camket.compatibility.models import LegalDocument, LegislativeAction, ProvisionLink
from camket.evaluation.actions import obligations_assessed
from camket.evaluation.models import Feasibility, Proposal

NEEDS_LAW = [
    ProvisionLink.Verdict.CONFLICTING,
    ProvisionLink.Verdict.GAP,
    ProvisionLink.Verdict.PARTLY,
    ProvisionLink.Verdict.NEEDS_GUIDANCE,
]


@dataclass
class Summary:
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    shares: dict[str, int] = field(default_factory=dict)  # whole percent by category
    laws: list[LegalDocument] = field(default_factory=list)
    resources: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.flags


def laws_for_obligation(obligation_id: int) -> list[LegalDocument]:
    """Domestic documents the compatibility links (C6) say must change for this obligation:
    those of confirmed conflicting, gap, partial or needs-guidance links and their actions."""
    links = ProvisionLink.objects.filter(
        obligation_id=obligation_id,
        status__in=[ProvisionLink.Status.CONFIRMED, ProvisionLink.Status.NEEDS_REVIEW],
        verdict__in=NEEDS_LAW,
    )
    by_provision = LegalDocument.objects.filter(provisions__links__in=links)
    by_action = LegalDocument.objects.filter(planned_actions__link__in=links)
    return list((by_provision | by_action).distinct().order_by("code"))


def law_change_dates(codes) -> dict[str, dt.date | None]:
    """For each document code, the latest deadline of its pending legislative actions (None when
    an action has no deadline); codes without any pending action are absent."""
    found: dict[str, dt.date | None] = {}
    actions = LegislativeAction.objects.pending().filter(target_document__code__in=codes)
    for code, due in actions.values_list("target_document__code", "due_on"):
        if code in found and (found[code] is None or due is None):
            found[code] = None
            continue
        found[code] = max(filter(None, [found.get(code), due]), default=None)
    return found


def summarise(proposal: Proposal) -> Summary:
    rows = list(proposal.feasibility.select_related("obligation").prefetch_related("laws"))
    summary = Summary(total=len(rows))
    labels = dict(Feasibility.Category.choices)
    for category in Feasibility.Category.values:
        summary.counts[category] = sum(1 for r in rows if r.category == category)
        summary.shares[category] = round(100 * summary.counts[category] / len(rows)) if rows else 0
    laws = {law.code: law for r in rows for law in r.laws.all()}
    summary.laws = [laws[c] for c in sorted(laws)]
    summary.resources = sum(r.amount or 0 for r in rows if r.category == "c")
    missing = obligations_assessed(proposal).exclude(pk__in=[r.obligation_id for r in rows]).count()
    if missing:
        summary.flags.append(
            _("%(count)s obligations have no feasibility category.") % {"count": missing}
        )
    changes = law_change_dates(list(laws))
    for r in rows:
        ref = r.obligation.number or r.obligation.text[:60]
        if r.category == "c" and not (r.amount and r.funding_source):
            summary.flags.append(
                _("Obligation %(ref)s is in category C without resources.") % {"ref": ref}
            )
        deadline = r.ready_on or proposal.expected_in_force_on
        for law in r.laws.all():
            if law.code not in changes:
                summary.flags.append(
                    _(
                        "Obligation %(ref)s needs %(law)s changed, but no legislative action is "
                        "planned."
                    )
                    % {"ref": ref, "law": law.code}
                )
                continue
            when = changes[law.code]
            if deadline and (when is None or when > deadline):
                summary.flags.append(
                    _(
                        "Obligation %(ref)s (%(category)s) is due on %(deadline)s, before %(law)s "
                        "can change (%(when)s)."
                    )
                    % {
                        "ref": ref,
                        "category": labels[r.category],
                        "law": law.code,
                        "deadline": deadline.strftime("%d/%m/%Y"),
                        "when": when.strftime("%d/%m/%Y") if when else _("no deadline set"),
                    }
                )
    return summary
