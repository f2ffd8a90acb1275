"""Named switches for the rule families added for issue 18, so that a benchmark can measure
them by cross-validation (choose the families on four folds, score on the fifth).

Every family is on by default; :func:`only` turns the others off for the duration of a block.
Not thread-safe: for benchmarks and tests, never for requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

RULES = (
    "vi_tasks",  # actor + verb and verb-first Vietnamese tasks, lists of duties and bans
    "vi_assignments",  # "Cơ quan chủ trì:", "giao Bộ X", "đề nghị/yêu cầu X", "cần + verb"
    "vi_numbered_items",  # "1.", "2." inherit an unnumbered lead-in ("có trách nhiệm sau đây:")
    "en_lead_ins",  # bare "shall:" and "undertake:" lead-ins; only verb items inherit
    "en_exclusions",  # "shall be understood / also apply / take effect / be final ..."
    "en_caps_preamble",  # "SHARING ...", "NOTE ..." clauses are not commitments
    "en_reported",  # "expressed his intention to", "has made commitments on", "readiness to"
    # Statements (batch 4): "Recognizing ..., the leaders agree to", imperative items, "we
    # continue to", "we pledge <noun>"; not "the Philippines' plan to", "met ... to reaffirm".
    "en_statements",
)
_enabled: frozenset[str] = frozenset(RULES)


def on(name: str) -> bool:
    """Whether the rule family ``name`` is applied."""
    return name in _enabled


@contextmanager
def only(names: Iterable[str]) -> Iterator[None]:
    """Apply only the rule families ``names`` inside the block."""
    global _enabled
    previous = _enabled
    _enabled = frozenset(names)
    try:
        yield
    finally:
        _enabled = previous
