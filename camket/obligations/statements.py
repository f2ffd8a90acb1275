"""Full texts of leaders' statements from the public joint-statements data set.

The statements are matched on their source URL (the register cites the White House page, the
data set carries the same URL), and stored as a provision the extraction assistant reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from camket.obligations.assistant import add_full_text
from camket.registry.models import Commitment


def load_statement_texts(path: Path, *, acting_user=None) -> int:
    """Attach the text to every statement citing the same URL and still without text."""
    by_url = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_url[row["source_url"].rstrip("/")] = row["text"]
    added = 0
    statements = Commitment.objects.filter(kind=Commitment.Kind.LEADERS_STATEMENT)
    for statement in statements:
        if statement.provisions.exists():
            continue
        urls = [s.get("url", "").rstrip("/") for s in statement.source_links]
        text = next((by_url[u] for u in urls if u in by_url), None)
        if text:
            add_full_text(statement, text, "en", acting_user=acting_user)
            added += 1
    return added
