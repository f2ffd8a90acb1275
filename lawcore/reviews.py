"""Rules of the annual review, as functions over plain data (issue 13, items 4 and 6).

- :func:`interest_conflicts`: an expert's declared interests against what a task or review is
  about (its commitment's partners and sectors, the agencies involved).
- :func:`dormant_subjects`: commitments with no task and no report over the last two cycles.
- :func:`share`: a percentage of the pre-filled figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DORMANT_CYCLES = 2


@dataclass(frozen=True)
class Interests:
    """Codes of partners, sectors and agencies: declared by an expert, or those a piece of
    work is about."""

    partners: frozenset[str] = field(default_factory=frozenset)
    sectors: frozenset[str] = field(default_factory=frozenset)
    agencies: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Conflict:
    kind: str  # "partner" | "sector" | "agency"
    code: str


def interest_conflicts(declared: Interests, work: Interests) -> list[Conflict]:
    """Every declared interest that the work is about, sorted by kind then code.

    Example: an expert who declared an interest in partner ``kr`` and sector ``thuong-mai``,
    engaged on a task of a commitment with partners {kr, jp} and sectors {nong-nghiep}:
    ``[Conflict("partner", "kr")]``. An empty list means no conflict was found.
    """
    found = [
        Conflict(kind, code)
        for kind, mine, theirs in (
            ("agency", declared.agencies, work.agencies),
            ("partner", declared.partners, work.partners),
            ("sector", declared.sectors, work.sectors),
        )
        for code in sorted(mine & theirs)
    ]
    return found


@dataclass(frozen=True)
class Cycle:
    key: int
    starts_on: dt.date
    ends_on: dt.date


@dataclass
class Activity:
    """What happened on one commitment: the cycles it was reported in, and the dates its tasks
    were created or fell due."""

    reported_in: set[int] = field(default_factory=set)
    task_dates: list[dt.date] = field(default_factory=list)


def _active_in(activity: Activity, cycle: Cycle) -> bool:
    if cycle.key in activity.reported_in:
        return True
    return any(cycle.starts_on <= day <= cycle.ends_on for day in activity.task_dates)


def dormant_subjects(
    subjects: Iterable[int], activity: Mapping[int, Activity], cycles: Iterable[Cycle]
) -> list[int]:
    """Subjects with no report and no task created or due in each of the last two cycles.

    ``cycles`` may come in any order; the two latest by end date count. With fewer than two
    cycles nothing is dormant yet (there is no "two cycles" to judge by). Example: cycles
    H1 and H2 2025; commitment 7 reported in H1 only → active; commitment 9 with one task
    created in 2023 and no report → dormant.
    """
    latest = sorted(cycles, key=lambda c: (c.ends_on, c.key))[-DORMANT_CYCLES:]
    if len(latest) < DORMANT_CYCLES:
        return []
    empty = Activity()
    return [
        subject
        for subject in subjects
        if not any(_active_in(activity.get(subject, empty), cycle) for cycle in latest)
    ]


def share(part: int, whole: int) -> float | None:
    """``part / whole`` as a percentage with one decimal, or None when ``whole`` is 0."""
    if not whole:
        return None
    return round(100 * part / whole, 1)
