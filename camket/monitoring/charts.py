"""Chart specifications for the dashboard: plain dicts that ``charts.js`` draws with ECharts."""

from __future__ import annotations

from dataclasses import asdict

from django.utils.translation import gettext as _

from camket.monitoring.stats import Bucket, Dashboard


def _spec(name: str, title: str, kind: str, buckets: list[Bucket]) -> dict:
    return {
        "name": name,
        "title": title,
        "buckets": buckets,
        "script_id": f"chart-{name}",
        # The chart's text alternative: its figures as a table, referenced by aria-describedby.
        "table_id": f"chart-{name}-table",
        "json": {"type": kind, "items": [asdict(b) for b in buckets]},
    }


def _series(board: Dashboard) -> list[Bucket]:
    """On-time rate per cycle; cycles without a rate yet are left out."""
    return [
        Bucket(str(c.pk), c.title, c.figures.on_time_rate, c.url)
        for c in board.cycles
        if c.figures.on_time_rate is not None
    ]


def chart_specs(board: Dashboard) -> list[dict]:
    return [
        _spec("report-status", _("Reports by status"), "pie", board.report_status),
        _spec("progress", _("Approved reports by progress"), "pie", board.progress),
        _spec("over-time", _("On-time rate by reporting cycle (%)"), "line", _series(board)),
        _spec("kind", _("Commitments by kind"), "pie", board.by_kind),
        _spec("status", _("Commitments by status"), "bar", board.by_status),
        _spec("lead", _("Commitments by lead agency"), "bar", board.by_lead),
        _spec("province", _("Commitments led by provinces"), "bar", board.by_province),
        _spec("partner", _("Commitments by partner"), "bar", board.by_partner),
        _spec("sector", _("Commitments by sector"), "bar", board.by_sector),
        _spec("year", _("Commitments by year signed"), "line", board.by_year),
    ]
