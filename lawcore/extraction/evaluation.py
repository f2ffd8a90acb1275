"""Scoring the extractor on a labelled set in document mode, as the app calls it.

Each labelled row (see ``lawcore/tests/data/obligations_v2/README.md``) is rebuilt as the document
it came from, as far as the row knows it: its heading, its lead-in and its text, one a line. The
row is predicted an obligation when :func:`extract_obligations` proposes an obligation (not a
permission) inside the row's own text. Used by the tests and by ``bench.bench_extraction``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lawcore.extraction.core import CandidateObligation, extract_obligations
from lawcore.text import fold, nfc


def load_rows(path: Path) -> list[dict]:
    """Rows of a JSON-lines file of labelled sentences."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def document(row: dict) -> tuple[str, int]:
    """The row as a document (heading, lead-in, text) and the offset where its text starts."""
    prefix = ""
    if row.get("heading"):
        prefix += row["heading"] + "\n\n"
    if row.get("lead_in"):
        prefix += row["lead_in"] + "\n"
    return nfc(prefix + row["text"]), len(nfc(prefix))


def predict(row: dict) -> list[CandidateObligation]:
    """Obligation candidates the extractor proposes inside the row's text."""
    text, offset = document(row)
    return [
        c
        for c in extract_obligations(text, row["lang"], kind=row["kind"])
        if c.end > offset and c.is_obligation
    ]


def _words(text: str) -> set[str]:
    return {w for w in fold(nfc(text).lower()).replace(",", " ").split() if len(w) > 1}


def addressee_ok(row: dict, candidate: CandidateObligation) -> bool:
    """English: the addressee kind matches; Vietnamese: the actor's words overlap the label's."""
    found = candidate.addressee
    if found is None:
        return False
    if row["lang"] != "vi":
        return found.kind == row["addressee"]
    label, got = _words(row["addressee"]), _words(found.text)
    return len(label & got) >= max(1, min(len(label), len(got)) // 2)


def deadline_ok(row: dict, candidates: list[CandidateObligation]) -> bool:
    """A date phrase of a candidate overlaps the labelled deadline phrase."""
    wanted = fold(nfc(row["deadline"]).lower())
    for candidate in candidates:
        for phrase in candidate.dates:
            got = fold(nfc(phrase.text).lower())
            if got and (got in wanted or wanted in got or _words(got) & _words(wanted) - {"ngay"}):
                return True
    return False


@dataclass
class Scores:
    """Confusion counts and the addressee/deadline/modality tallies of one group of rows."""

    rows: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    modality_ok: int = 0
    addressees: int = 0
    addressees_ok: int = 0
    deadlines: int = 0
    deadlines_ok: int = 0
    errors: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:<34} n={self.rows:>3} P={self.precision:.3f} R={self.recall:.3f} "
            f"F1={self.f1:.3f} modality={self.modality_ok}/{self.tp} "
            f"addressee={self.addressees_ok}/{self.addressees} "
            f"deadline={self.deadlines_ok}/{self.deadlines}"
        )


def score(rows: Iterable[dict], known: dict[int, list] | None = None) -> Scores:
    """Precision, recall, modality, addressee and deadline tallies over ``rows``.

    ``known`` maps a row id to its candidates when they were computed already.
    """
    result = Scores()
    for row in rows:
        result.rows += 1
        candidates = known[row["id"]] if known is not None else predict(row)
        predicted = bool(candidates)
        if predicted and row["is_obligation"]:
            result.tp += 1
            result.modality_ok += candidates[0].modality == row["modality"]
            if row.get("addressee"):
                result.addressees += 1
                result.addressees_ok += addressee_ok(row, candidates[0])
        elif predicted:
            result.fp += 1
            result.errors.append(("FP", row))
        elif row["is_obligation"]:
            result.fn += 1
            result.errors.append(("FN", row))
        if row["is_obligation"] and row.get("deadline"):
            result.deadlines += 1
            result.deadlines_ok += deadline_ok(row, candidates)
    return result


def group(row: dict) -> str:
    """Reporting group: language and kind of source."""
    source = row["source"]
    if row["lang"] == "en":
        return "en treaties" if row["kind"] == "treaty" else "en statements"
    if source.startswith("vn-laws"):
        return "vi laws"
    if source.startswith("vn-phapdien"):
        return "vi decrees/decisions/directives"
    if source.startswith("directive-56"):
        return "vi Directive 56"
    return "vi Decision 328 rows"


def tuned_on(row: dict) -> bool:
    """Whether the rules were tuned looking at ``row``: folds 0-2 of the first draw and batch 4
    (statements drawn as tuning data); batches 2 and 3 were drawn later and never tuned on."""
    if row.get("batch") == 4:
        return True
    return row.get("batch") is None and row["id"] % 5 < 3


def language(row: dict) -> str:
    """The three groups the issue sets its goal for: English treaties, statements, Vietnamese."""
    return "vi" if row["lang"] == "vi" else group(row)


def by(
    rows: list[dict], key: Callable[[dict], str], predicted: dict[int, list] | None = None
) -> dict[str, Scores]:
    """Scores of each group of ``rows`` under ``key``."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return {name: score(members, predicted) for name, members in sorted(groups.items())}
