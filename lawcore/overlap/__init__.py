"""Overlap between commitments, obligations and tasks (issue 15, C7): a Django-free engine.

``find_pairs(items, threshold)`` returns ``Pair(a, b, score, reasons)``; ``reasons.label(code,
lang)`` names a reason in English or Vietnamese. CLI: ``python -m lawcore.overlap``.
"""

from lawcore.overlap.engine import (
    DEFAULT_THRESHOLD,
    Item,
    MinHashLSH,
    Pair,
    compare,
    find_pairs,
    score_pair,
)
from lawcore.overlap.features import Features, action, features, instruments
from lawcore.overlap.reasons import LABELS, label

__all__ = [
    "DEFAULT_THRESHOLD",
    "LABELS",
    "Features",
    "Item",
    "MinHashLSH",
    "Pair",
    "action",
    "compare",
    "features",
    "find_pairs",
    "instruments",
    "label",
    "score_pair",
]
