"""The commitments a task serves: one rule for scoring, annual reviews and the dormant list.

A task serves the commitments of the obligations it implements. A task tied to no obligation
serves the commitments of its plan: a plan adopted for a commitment (Decision 328/QĐ-TTg's
tasks for RCEP) names no obligation per task, yet each of its tasks is work on that commitment.
A task tied to an obligation does not also serve the other commitments its plan covers.

The rule is written once, as two routes from a task to a commitment (:func:`routes`), so that
grouped queries (a review's figures, the dormant list), filters (:func:`serving`) and the
scorecards' mapping (:func:`task_commitments`) count the same tasks for the same commitment.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from camket.obligations.models import Task


def routes(prefix: str = "") -> tuple[tuple[str, Q], ...]:
    """The two ways from a task to a commitment it serves, as ``(lookup, condition)`` pairs.

    ``lookup`` reaches the commitment from the model being queried (``prefix`` is the path to
    the task, e.g. ``"task__"`` from a progress report); ``condition`` must hold in the same
    ``filter()`` call. Use each route in its own query: a task takes one route or the other,
    so counts from the two add up without counting a task twice.
    """
    return (
        (f"{prefix}obligations__commitment", Q()),
        (f"{prefix}plan__commitments", Q(**{f"{prefix}obligations__isnull": True})),
    )


def serving(commitment_ids, prefix: str = "") -> Q:
    """Condition on tasks (at ``prefix``) that serve one of ``commitment_ids``; the query
    spans many-valued relations, so add ``.distinct()``."""
    ids = list(commitment_ids)
    condition = Q(pk__in=[])
    for lookup, when in routes(prefix):
        condition |= when & Q(**{f"{lookup}__in": ids})
    return condition


def task_commitments() -> dict[int, tuple[int, ...]]:
    """``{task id: (commitment ids, sorted)}`` for every task serving a commitment."""
    served: dict[int, set[int]] = defaultdict(set)
    for lookup, when in routes():
        rows = (
            Task.objects.filter(when, **{f"{lookup}__isnull": False})
            .order_by()
            .values_list("pk", lookup)
        )
        for task_id, commitment_id in rows.iterator(chunk_size=20_000):
            served[task_id].add(commitment_id)
    return {task: tuple(sorted(ids)) for task, ids in served.items()}
