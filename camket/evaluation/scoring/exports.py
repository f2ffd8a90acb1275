"""XLSX exports of scorecards and rankings (through ``camket.spreadsheet``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from camket.downloads import file_response
from camket.evaluation.scoring.models import Subject
from camket.spreadsheet import DATE, DECIMAL, INTEGER, Column, Sheet, workbook_bytes, yes_no


def xlsx_response(title: str, sheets: list[Sheet]):
    return file_response(workbook_bytes(sheets), title, "xlsx")


def ranking_sheet(cards, subject: str) -> Sheet:
    columns = [
        Column(_("Rank"), INTEGER),
        Column(str(dict(Subject.choices)[subject]), width=60),
        Column(_("Overall score"), DECIMAL),
        Column(_("Figures as of"), DATE),
        Column(_("Frozen")),
    ]
    rows = (
        (rank, card.label, card.total, card.computed_on, yes_no(card.is_frozen))
        for rank, card in enumerate(cards.iterator(chunk_size=2000), start=1)
    )
    return Sheet(_("Ranking"), columns, rows)


def scorecard_sheets(card, rows: list[dict]) -> list[Sheet]:
    columns = [
        Column(_("Criterion"), width=50),
        Column(_("Weight"), DECIMAL),
        Column(_("Target"), DECIMAL),
        Column(_("Value (%)"), DECIMAL),
        Column(_("Counted as met"), DECIMAL),
        Column(_("Counted"), DECIMAL),
        Column(_("Score"), DECIMAL),
        Column(_("Rating"), DECIMAL),
        Column(_("Reason"), width=50),
        Column(_("Formula"), width=80),
    ]
    data = []
    for row in rows:
        c, s = row["criterion"], row["score"]
        data.append(
            (
                c.name,
                c.weight,
                c.target,
                s.value if s else None,
                s.numerator if s and s.formula else None,
                s.denominator if s and s.formula else None,
                s.normalised if s else None,
                s.rating if s else None,
                s.reason if s else "",
                row["formula_text"],
            )
        )
    head = Sheet(
        _("Scorecard"),
        [
            Column(_("Name"), width=60),
            Column(_("Period"), width=40),
            Column(_("Overall score"), DECIMAL),
        ],
        [(card.label, card.cycle.title, card.total)],
    )
    return [head, Sheet(_("Criteria"), columns, data)]
