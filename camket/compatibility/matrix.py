"""Read models of the compatibility pages: the matrix of a commitment, findings by agency.

Coverage of a commitment = obligations with at least one *confirmed* link (a gap recorded by a
person counts: it was assessed) ÷ all its obligations. Links flagged ``needs_review`` after a law
changed do not count until a person confirms them again. Example: 4 obligations, 3 with a
confirmed link → 75 %.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.obligations.models import Obligation
from camket.registry.models import Commitment

Verdict = ProvisionLink.Verdict
FINDING_VERDICTS = (Verdict.GAP, Verdict.CONFLICTING, Verdict.NEEDS_GUIDANCE)


@dataclass
class MatrixRow:
    obligation: Obligation
    counts: dict[str, int] = field(default_factory=dict)
    needs_review: int = 0
    proposed: int = 0

    @property
    def covered(self) -> bool:
        return sum(self.counts.values()) > 0

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(value, 0) for value in Verdict.values]


@dataclass
class Matrix:
    rows: list[MatrixRow]
    totals: dict[str, int]

    @property
    def covered(self) -> int:
        return sum(row.covered for row in self.rows)

    @property
    def coverage(self) -> float:
        """Share of obligations with at least one confirmed link, 0.0–1.0 (0 when none)."""
        return self.covered / len(self.rows) if self.rows else 0.0

    @property
    def coverage_percent(self) -> int:
        return round(self.coverage * 100)

    @property
    def total_cells(self) -> list[int]:
        return [self.totals.get(value, 0) for value in Verdict.values]


def commitment_matrix(commitment: Commitment) -> Matrix:
    """Obligations × verdicts of confirmed links, from two queries."""
    obligations = list(commitment.obligations.select_related("lead_agency").order_by("pk"))
    rows = {o.pk: MatrixRow(o) for o in obligations}
    totals: dict[str, int] = defaultdict(int)
    links = ProvisionLink.objects.filter(obligation__commitment=commitment).values_list(
        "obligation_id", "status", "verdict"
    )
    for obligation_id, status, verdict in links:
        row = rows[obligation_id]
        if status == ProvisionLink.Status.CONFIRMED:
            row.counts[verdict] = row.counts.get(verdict, 0) + 1
            totals[verdict] += 1
        elif status == ProvisionLink.Status.NEEDS_REVIEW:
            row.needs_review += 1
        elif status == ProvisionLink.Status.PROPOSED:
            row.proposed += 1
    return Matrix(list(rows.values()), dict(totals))


def _with_agency(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        agency_id=Coalesce(
            F("obligation__lead_agency_id"),
            F("obligation__commitment__lead_agency_id"),
            F("provision__commitment__lead_agency_id"),
        )
    )


def _scoped(qs: QuerySet, user, agency: Agency | None) -> QuerySet:
    """Non-national users see their own agencies' items; ``agency`` narrows further."""
    scope = scope_of(user)
    if agency is not None:
        qs = qs.filter(agency_id=agency.pk)
    elif not scope.is_national and not scope.is_observer:
        qs = qs.filter(agency_id__in=scope.agency_ids)
    return qs


def findings(user, agency: Agency | None = None) -> dict[Agency, list[ProvisionLink]]:
    """Confirmed gaps, conflicts and needs-guidance links ``user`` may read, by agency."""
    qs = _with_agency(
        ProvisionLink.objects.visible_to(user)
        .confirmed()
        .filter(verdict__in=FINDING_VERDICTS)
        .select_related(
            "obligation__commitment", "provision__commitment", "legal_provision__document"
        )
        .prefetch_related("legislative_actions")
    )
    return _group(_scoped(qs, user, agency).order_by("agency_id", "pk"))


def pending_actions(user, agency: Agency | None = None) -> dict[Agency, list[LegislativeAction]]:
    """Planned or in-progress legislative actions ``user`` may read, by responsible agency."""
    qs = (
        LegislativeAction.objects.visible_to(user)
        .pending()
        .annotate(agency_id=F("responsible_agency_id"))
        .select_related("target_document", "link__obligation__commitment")
    )
    return _group(_scoped(qs, user, agency).order_by("agency_id", "due_on", "pk"))


def to_review(user) -> QuerySet:
    """Links flagged ``needs_review`` that ``user``'s agencies (or a coordinator) must look at."""
    qs = _with_agency(
        ProvisionLink.objects.visible_to(user).filter(status=ProvisionLink.Status.NEEDS_REVIEW)
    ).select_related("obligation__commitment", "provision__commitment", "legal_provision__document")
    return _scoped(qs, user, None).order_by("pk")


def _group(items) -> dict[Agency, list]:
    items = list(items)
    agencies = Agency.objects.in_bulk({item.agency_id for item in items})
    grouped: dict[Agency, list] = {}
    for item in items:
        grouped.setdefault(agencies[item.agency_id], []).append(item)
    return grouped
