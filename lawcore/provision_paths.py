"""Stable keys for the provisions of a text, so a re-imported text is matched row by row.

A provision's key is the path of designations from the top of the text down to it, e.g.
``chapter:19/article:19.3``. A level with no number is designated by its heading
(``chapter:~labour``), and one with neither by its level alone; a designation repeated among
siblings gets ``#2``, ``#3``… in document order. Keys depend only on what the text says, not on
identifiers a source database hands out, so they survive a source that renumbers its records.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["PathNode", "path_keys"]

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PathNode:
    """One provision as the key sees it. ``parent`` is the index of an earlier node, or None."""

    parent: int | None
    level: str
    number: str = ""
    heading: str = ""


def _designation(node: PathNode) -> str:
    number = _SPACES.sub(" ", (node.number or "").strip().lower()).rstrip(".")
    if number:
        return f"{node.level}:{number}"
    heading = _SPACES.sub(" ", (node.heading or "").strip().lower())
    return f"{node.level}:~{heading}" if heading else node.level


def path_keys(nodes: Sequence[PathNode]) -> list[str]:
    """The key of each node, in the same order; parents must come before their children.

    >>> path_keys([PathNode(None, "chapter", "1"), PathNode(0, "article", "1.1"),
    ...            PathNode(0, "article"), PathNode(0, "article")])
    ['chapter:1', 'chapter:1/article:1.1', 'chapter:1/article', 'chapter:1/article#2']
    """
    keys: list[str] = []
    seen: Counter[str] = Counter()
    for index, node in enumerate(nodes):
        if node.parent is not None and not 0 <= node.parent < index:
            raise ValueError(f"node {index}: parent {node.parent} does not come before it")
        prefix = f"{keys[node.parent]}/" if node.parent is not None else ""
        base = prefix + _designation(node)
        seen[base] += 1
        keys.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return keys
