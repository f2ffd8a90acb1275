"""``camket export-judgements OUT.jsonl``: relevance judgements for lawcore.retrieval.evaluate."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from camket.compatibility.models import RelevanceJudgement


def query_id(text: str) -> str:
    """A stable id for a searched text (the same text is the same query)."""
    return "q-" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def judgement_rows():
    """Every judgement, oldest first, as the dicts ``lawcore.retrieval.evaluate`` reads."""
    rows = RelevanceJudgement.objects.select_related("judged_by").order_by("judged_at", "pk")
    for row in rows.iterator(chunk_size=2000):
        yield {
            "query_id": query_id(row.query_text),
            "query": row.query_text,
            "provision_id": row.provision_code,
            "relevance": row.relevance,
            "suggested": row.suggested,
            "judged_by": row.judged_by.get_username() if row.judged_by else None,
            "judged_at": row.judged_at.isoformat(),
            "source": row.source,
        }


class Command(BaseCommand):
    help = (
        "Write every accepted or rejected domestic provision (relevance judgement) as JSONL, "
        "the format python -m lawcore.retrieval.evaluate reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="output file (JSONL)")

    def handle(self, *args, out: Path, **options):
        if not out.parent.is_dir():
            raise CommandError(f"folder {out.parent} does not exist")
        count = 0
        partial = out.with_name(out.name + ".part")
        with open(partial, "w", encoding="utf-8") as handle:
            for row in judgement_rows():
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        partial.replace(out)
        self.stdout.write(f"{count} judgements written to {out}")
