"""Early warning: which obligations should be raised with the partner before they are missed.

Directive 56-CT/TW asks that difficulties in implementation be resolved through bilateral and
multilateral mechanisms. Raising a problem takes time (a committee meets once or twice a year), so
an obligation of Viet Nam that is due soon and at risk in the latest reports is proposed for
raising *before* its date passes: an extension, a transitional measure, or renegotiation.

The rule is a pure function of plain values (no Django), tested in ``lawcore/tests``:

- **due soon**: the obligation's date is today or within ``horizon_days`` (120 by default) ahead;
  a date already past is not an early warning any more but a missed obligation;
- **at risk**: the latest report of at least one of its tasks says "at risk" or "late", or no
  task reports any progress while less than half of the horizon is left;
- **nothing open yet**: an obligation already raised (an open implementation issue) is not
  proposed again.

What is proposed follows from the situation, most specific first:

- a domestic law still has to change (an open compatibility gap) → a **transitional measure**
  while the law is amended;
- at risk in two successive cycles → **renegotiation** of the schedule;
- otherwise → an **extension** of the time limit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

HORIZON_DAYS = 120

AT_RISK = "at_risk"
LATE = "late"
NOT_STARTED = "not_started"

EXTENSION = "extension"
TRANSITIONAL_MEASURE = "transitional_measure"
RENEGOTIATION = "renegotiation"

# Why an obligation was flagged: stable keys, labelled by the application.
REPORTED_AT_RISK = "reported_at_risk"
REPORTED_LATE = "reported_late"
NO_PROGRESS = "no_progress"


@dataclass(frozen=True)
class ObligationState:
    """What the rule needs to know of one obligation of Viet Nam.

    ``latest_progress``: the progress value of the latest report of each of its tasks (values of
    ``ProgressReport.Progress``); ``previous_progress``: the same for the cycle before.
    """

    key: int | str
    due_on: dt.date | None
    latest_progress: tuple[str, ...] = ()
    previous_progress: tuple[str, ...] = ()
    open_gap: bool = False
    already_raised: bool = False


@dataclass(frozen=True)
class EarlyWarning:
    key: int | str
    due_on: dt.date
    days_left: int
    reasons: tuple[str, ...]
    proposal: str
    alternatives: tuple[str, ...] = field(default_factory=tuple)


def _risk_reasons(state: ObligationState, days_left: int, horizon_days: int) -> list[str]:
    reasons = []
    if AT_RISK in state.latest_progress:
        reasons.append(REPORTED_AT_RISK)
    if LATE in state.latest_progress:
        reasons.append(REPORTED_LATE)
    started = any(p not in ("", NOT_STARTED) for p in state.latest_progress)
    if not started and days_left * 2 < horizon_days:
        reasons.append(NO_PROGRESS)
    return reasons


def propose(state: ObligationState) -> tuple[str, tuple[str, ...]]:
    """The measure to propose for ``state`` and the other measures worth considering."""
    troubled_before = bool({AT_RISK, LATE} & set(state.previous_progress))
    order = []
    if state.open_gap:
        order.append(TRANSITIONAL_MEASURE)
    if troubled_before:
        order.append(RENEGOTIATION)
    order.append(EXTENSION)
    for measure in (TRANSITIONAL_MEASURE, RENEGOTIATION, EXTENSION):
        if measure not in order:
            order.append(measure)
    return order[0], tuple(order[1:])


def warn(
    state: ObligationState, today: dt.date, *, horizon_days: int = HORIZON_DAYS
) -> EarlyWarning | None:
    """A warning for ``state`` if it is due within the horizon, at risk and not yet raised."""
    if state.due_on is None or state.already_raised:
        return None
    days_left = (state.due_on - today).days
    if days_left < 0 or days_left > horizon_days:
        return None
    reasons = _risk_reasons(state, days_left, horizon_days)
    if not reasons:
        return None
    proposal, alternatives = propose(state)
    return EarlyWarning(state.key, state.due_on, days_left, tuple(reasons), proposal, alternatives)


def warnings(states, today: dt.date, *, horizon_days: int = HORIZON_DAYS) -> list[EarlyWarning]:
    """Every warning among ``states``, the nearest date first."""
    found = [w for s in states if (w := warn(s, today, horizon_days=horizon_days))]
    return sorted(found, key=lambda w: (w.due_on, str(w.key)))


def days_open(raised_on: dt.date, closed_on: dt.date | None, today: dt.date) -> int:
    """Days an issue has been (or was) open: from raising to closing, or to today."""
    return max(0, ((closed_on or today) - raised_on).days)
