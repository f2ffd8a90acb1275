"""The demo's overlap run: the engine over the demo's real commitments, obligations and tasks.

The pairs come from the demo's own sourced records (UPR recommendations repeated across review
cycles, promises repeated in later joint statements, tasks of Decision 328/QĐ-TTg and other plans
led by different ministries); no pair is invented and no decision is taken for a coordinator, so
the queue opens with real candidates awaiting a decision. Idempotent: once a run has finished,
``createdemo`` leaves the candidates as they are.
"""

from __future__ import annotations

from camket.coordination import actions
from camket.coordination.models import OverlapCandidate, OverlapRun


def load_demo(stdout) -> OverlapRun | None:
    """Run the overlap check once over the demo data (through the app's actions)."""
    done = OverlapRun.objects.filter(status=OverlapRun.Status.DONE).first()
    if done is not None:
        stdout.write(f"Overlap check: already run; {OverlapCandidate.objects.count()} pairs kept")
        return None
    run = actions.execute_run(actions.start_run(trigger=OverlapRun.Trigger.NIGHTLY))
    by_kind = {
        kind: OverlapCandidate.objects.filter(a_kind=kind, b_kind=kind).count()
        for kind in ("commitment", "obligation", "task")
    }
    stdout.write(
        f"Overlap check: {run.items} items compared, {run.pairs} pairs "
        f"(commitments {by_kind['commitment']}, obligations {by_kind['obligation']}, "
        f"tasks {by_kind['task']})"
    )
    return run
