"""What a reader sees of a formula ("show formula"), and the SVG chart of a scorecard.

The formulas themselves live in ``lawcore/scoring.py``; these are their definitions in words,
in the reader's language, kept beside the records each one counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lawcore import scoring

FORMULA_TEXT = {
    "reports_on_time": (
        _("Progress reports submitted on time"),
        _(
            "100 × (reports first submitted on or before their due date) ÷ (reports submitted, "
            "plus reports whose due date has passed). A report not yet due and not yet "
            "submitted is not counted."
        ),
    ),
    "tasks_on_time": (
        _("Tasks completed by their due date"),
        _(
            "100 × (tasks completed on or before their due date) ÷ (tasks completed, plus open "
            "tasks whose due date has passed), over tasks due by the end of the period. "
            "Cancelled tasks and tasks without a due date are not counted. A task is completed "
            "on the first submission of a report saying so, else on its last change."
        ),
    ),
    "obligations_covered": (
        _("Viet Nam's obligations covered by a task"),
        _(
            "100 × (obligations of Viet Nam served by at least one task) ÷ (obligations of "
            "Viet Nam: addressed to Viet Nam or to every party, rights and permissions left out)."
        ),
    ),
    "gaps_closed": (
        _("Compatibility gaps and conflicts closed"),
        _(
            "100 × (confirmed gaps and conflicts with domestic law closed by a legislative "
            "action done, on the issue date of the resulting document) ÷ (confirmed gaps and "
            "conflicts)."
        ),
    ),
    "legislative_actions_on_time": (
        _("Legislative actions done on time"),
        _(
            "100 × (legislative actions whose resulting document was issued by the deadline) ÷ "
            "(actions done, plus open actions past their deadline), over actions due by the end "
            "of the period."
        ),
    ),
    "plan_in_time": (
        _("Implementation plan within the legal time"),
        _(
            "100 × (treaties in force with an implementation plan dated no later than 15 days "
            "after entry into force) ÷ (treaties with a plan, plus treaties whose 15 days have "
            "run out). Law on Treaties 108/2016/QH13, article 76(2): the plan is submitted "
            "within 15 days of the notice that the treaty entered into force; CamKet counts "
            "from entry into force."
        ),
    ),
    "budget_absorption": (
        _("Budget absorption"),
        _("100 × Σ disbursed ÷ Σ planned, over the funding lines with a planned amount."),
    ),
    "feedback_answered_on_time": (
        _("Feedback answered on time"),
        _("100 × (feedback answered by its deadline) ÷ (feedback answered or past its deadline)."),
    ),
    "feasibility_progress": (
        _("Progress against the feasibility category"),
        _(
            "100 × (obligations implemented by the date their feasibility category at signing "
            "promised) ÷ (obligations implemented, plus those past that date), over the "
            "obligations of the approved signature proposal promised by the end of the period. "
            "Category A: the date given, else the commitment's entry into force; B and C: the "
            "date given. An obligation is implemented when a task serving it is completed."
        ),
    ),
}
assert set(FORMULA_TEXT) == set(scoring.FORMULAS)

NORMALISE_TEXT = _(
    "Score: value ÷ target × 100, at most 100 (lower is better: 100 up to the target, 0 at "
    "twice the target). Overall score: mean of the criteria's scores weighted by their "
    "weights; a criterion with nothing to count is left out."
)
RANKING_CAVEATS = [
    _(
        "A ranking compares figures, not circumstances: a subject with few records moves a lot "
        "with one late item."
    ),
    _("Subjects with nothing to count on a criterion are scored on the others only."),
    _("Figures of an open reporting cycle change as records change; a closed cycle's are frozen."),
    _("Rated criteria rest on a person's judgement, written down with its reason."),
]


def formula_title(name: str) -> str:
    return str(FORMULA_TEXT.get(name, ("", ""))[0])


def formula_text(name: str) -> str:
    return str(FORMULA_TEXT.get(name, ("", ""))[1])


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    width: str  # SVG lengths are written with a dot, whatever the page's language
    value_label: str
    css: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot: int
    bars: list[Bar]
    ticks: list[tuple[str, str]]


LABEL_CHARS = 34


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(items: list[tuple[str, float | None]], *, width: int = 680) -> Chart:
    """Horizontal bars of scores from 0 to 100, drawn by the template as SVG (no script).

    Lengths are strings with a dot: the template would write a float the Vietnamese way
    ("12,5"), which SVG does not read.
    """
    left, row = 250, 28
    plot = width - left - 50
    bars = []
    for index, (label, value) in enumerate(items):
        shown = 0.0 if value is None else max(0.0, min(100.0, value))
        css = "bar-none" if value is None else ("bar-good" if shown >= 80 else "bar")
        text = "–" if value is None else f"{value:.1f}".replace(".", ",")
        length = f"{plot * shown / 100:.1f}"
        bars.append(Bar(_short(label), index * row + 10, length, text, css))
    ticks = [(f"{left + plot * t / 100:.1f}", str(t)) for t in (0, 25, 50, 75, 100)]
    return Chart(width, len(items) * row + 40, left, plot, bars, ticks)
