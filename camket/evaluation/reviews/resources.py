"""Resources (C13) as plain rows, for pages, dashboards and the scoring formulas.

For ``camket.evaluation.scoring`` (issue 13, item 1, budget absorption): :func:`funding_rows`
returns ``lawcore.scoring.FundingRow`` values (id, planned = pledged, disbursed) for the lines a
user may read, ready for ``lawcore.scoring.budget_absorption``::

    from camket.evaluation.reviews.resources import funding_rows
    budget_absorption(funding_rows(user, commitment_ids=[...], years=(2025, 2025)))

:func:`funding_gap` sums pledged, disbursed and spent and the gap between pledged and
disbursed, by source, for the resources page and the monitoring dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from camket.evaluation.reviews.models import FundingLine
from lawcore.scoring import FundingRow


def visible_lines(user, *, commitment_ids=None, agency_ids=None, years=None):
    lines = FundingLine.objects.visible_to(user)
    if commitment_ids is not None:
        lines = lines.filter(commitment_id__in=list(commitment_ids))
    if agency_ids is not None:
        lines = lines.filter(commitment__lead_agency_id__in=list(agency_ids))
    if years is not None:
        lines = lines.filter(year__gte=years[0], year__lte=years[1])
    return lines


def funding_rows(user, *, commitment_ids=None, agency_ids=None, years=None) -> list[FundingRow]:
    """One ``FundingRow`` per funding line ``user`` may read (pledged counts as planned)."""
    lines = visible_lines(user, commitment_ids=commitment_ids, agency_ids=agency_ids, years=years)
    return [
        FundingRow(id=pk, planned=pledged, disbursed=disbursed)
        for pk, pledged, disbursed in lines.values_list("pk", "pledged", "disbursed").order_by("pk")
    ]


@dataclass(frozen=True)
class GapRow:
    source: str
    label: str
    pledged: Decimal
    disbursed: Decimal
    spent: Decimal

    @property
    def gap(self) -> Decimal:
        return self.pledged - self.disbursed

    @property
    def disbursed_share(self) -> float | None:
        if not self.pledged:
            return None
        return round(float(100 * self.disbursed / self.pledged), 1)


@dataclass(frozen=True)
class FundingGap:
    rows: list[GapRow]
    total: GapRow
    has_sample: bool


def funding_gap(user, **filters) -> FundingGap:
    """Pledged, disbursed, spent and the gap by source over the lines ``user`` may read."""
    lines = visible_lines(user, **filters)
    sums = {
        row["source"]: row
        for row in lines.values("source")
        .annotate(pledged=Sum("pledged"), disbursed=Sum("disbursed"), spent=Sum("spent"))
        .order_by()
    }
    rows = []
    for code, label in FundingLine.Source.choices:
        row = sums.get(code)
        if row:
            rows.append(GapRow(code, str(label), row["pledged"], row["disbursed"], row["spent"]))
    zero = Decimal(0)
    total = GapRow(
        "",
        "",
        sum((r.pledged for r in rows), zero),
        sum((r.disbursed for r in rows), zero),
        sum((r.spent for r in rows), zero),
    )
    return FundingGap(rows, total, lines.filter(is_sample=True).exists())
