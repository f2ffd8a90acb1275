"""The gate before signing: which lifecycle events need an approved proposal, and of which stage.

Public API for the evaluation app (pure; it never reads the database):

- stages of a proposal: :data:`NEGOTIATION`, :data:`CONCLUSION`, :data:`SIGNATURE`,
  :data:`RATIFICATION`, :data:`APPROVAL`, :data:`ACCESSION`, :data:`ADOPTION`,
  :data:`AMENDMENT`, :data:`EXTENSION` (all in :data:`STAGES`);
  ``stages_for(commitment_kind, level) -> tuple[str, ...]``: those a commitment may have;
- ``required_stage(event_kind, commitment_kind) -> str | None``: the approved proposal an event
  needs (None: the event is not gated);
- ``gate_check(event_kind, commitment_kind, level, approved_stages, overridden, event_date,
  gate_start=GATE_START) -> GateCheck``: the outcome (:data:`NOT_GATED`, :data:`BEFORE_GATE`,
  :data:`PASSED`, :data:`OVERRIDDEN` or :data:`REFUSED`), the stage and the legal article;
- ``gate_refusal(...same arguments...) -> Refusal | None``: the refusal alone, for actions;
- ``is_before_gate(event_date, gate_start=GATE_START) -> bool``;
- :class:`Article` (``label_vi()``, ``label_en()``) and :data:`GATE_START`.

The gate holds from :data:`GATE_START`, 01/01/2026: the day Law No. 137/2025/QH15 (passed
10/12/2025) amending the Law on Treaties took effect, and with it the proposing agency's dossiers
this gate checks. An event dated earlier is not refused but marked "before the gate existed":
the historical commitments of the register were concluded under the procedures of their time,
whose dossiers CamKet never held.

Every commitment passes a recorded decision (issue 12: "nothing is exempt"): leaders'
statements and review recommendations with a light dossier (stage :data:`ADOPTION`), whose
article is empty because no statute prescribes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lawcore import lifecycle

GATE_START = dt.date(2026, 1, 1)

NEGOTIATION = "negotiation"
CONCLUSION = "conclusion"
SIGNATURE = "signature"
RATIFICATION = "ratification"
APPROVAL = "approval"
ACCESSION = "accession"
ADOPTION = "adoption"
AMENDMENT = "amendment"
EXTENSION = "extension"
STAGES = (
    NEGOTIATION,
    CONCLUSION,
    SIGNATURE,
    RATIFICATION,
    APPROVAL,
    ACCESSION,
    ADOPTION,
    AMENDMENT,
    EXTENSION,
)

# Outcomes of gate_check.
NOT_GATED = "not_gated"
BEFORE_GATE = "before_gate"
PASSED = "passed"
OVERRIDDEN = "overridden"
REFUSED = "refused"

LAW_ON_TREATIES = "108/2016/QH13"
AMENDING_LAW = "137/2025/QH15"
LAW_ON_AGREEMENTS = "70/2020/QH14"
PUBLIC_DEBT_LAW = "20/2017/QH14"


_LAW_NAMES_VI = {
    "108/2016/QH13": "Luật Điều ước quốc tế",
    "70/2020/QH14": "Luật Thỏa thuận quốc tế",
    "20/2017/QH14": "Luật Quản lý nợ công",
    "137/2025/QH15": "Luật sửa đổi, bổ sung một số điều của Luật Điều ước quốc tế",
}
_PART = re.compile(
    r"^(?P<art>[\d–]+)(?:\((?P<clause>\w+)\))?(?:\((?P<point>\w+)\)(?:-\((?P<to>\w+)\))?)?$"
)


def _part_vi(part: str) -> str:
    """``13(2)`` -> ``khoản 2 Điều 13``; ``27(1)(a)-(b)`` -> ``điểm a–b khoản 1 Điều 27``;
    ``8–11`` -> ``Điều 8 đến Điều 11``."""
    found = _PART.match(part.strip())
    if not found:
        return part
    first, _, last = found["art"].partition("–")
    text = f"Điều {first} đến Điều {last}" if last else f"Điều {first}"
    if found["clause"]:
        text = f"khoản {found['clause']} {text}"
    if found["point"]:
        points = f"{found['point']}–{found['to']}" if found["to"] else found["point"]
        text = f"điểm {points} {text}"
    return text


@dataclass(frozen=True)
class Article:
    """A legal reference: ``articles`` of ``law`` (a document number), as amended by ``amended_by``.

    ``articles`` is written compactly (``13(2), 18``; ``27(1)(a)-(b)``); :meth:`label_vi` writes it
    the Vietnamese way (``khoản 2 Điều 13, Điều 18 Luật Điều ước quốc tế số 108/2016/QH13``).
    ``law`` is empty for a step CamKet requires without a statute (the light dossiers).
    """

    law: str
    articles: str
    amended_by: str = ""

    def label_vi(self) -> str:
        if not self.law:
            return ""
        parts = ", ".join(_part_vi(part) for part in self.articles.split(","))
        name = _LAW_NAMES_VI.get(self.law, "Luật")
        text = f"{parts} {name} số {self.law}"
        if self.amended_by:
            return f"{text} (được sửa đổi, bổ sung bởi Luật số {self.amended_by})"
        return text

    def label_en(self) -> str:
        if not self.law:
            return ""
        text = f"Art. {self.articles}, Law No. {self.law}"
        return f"{text} (as amended by Law No. {self.amended_by})" if self.amended_by else text


# Event kind -> stage of the proposal it needs, per kind of commitment.
_TREATY_GATES = {
    "negotiation_start": NEGOTIATION,
    "negotiation_conclusion": CONCLUSION,
    "signature": SIGNATURE,
    "ratification": RATIFICATION,
    "approval": APPROVAL,
    "accession": ACCESSION,
}
_GATES = {
    lifecycle.TREATY: _TREATY_GATES,
    # Law 70/2020/QH14 regulates the proposal to sign (art. 27-28), not negotiation.
    lifecycle.AGREEMENT: {"signature": SIGNATURE},
    lifecycle.STATEMENT: {"adoption": ADOPTION},
    lifecycle.REVIEW: {"acceptance": ADOPTION},
}

# Articles of the Law on Treaties for each stage (as amended where Law 137/2025/QH15 changed
# them and the amended text could be read: art. 8(1), 9(2), 11, 20(1), 30).
_TREATY_ARTICLES = {
    NEGOTIATION: Article(LAW_ON_TREATIES, "8–11", AMENDING_LAW),
    CONCLUSION: Article(LAW_ON_TREATIES, "10–11", AMENDING_LAW),
    SIGNATURE: Article(LAW_ON_TREATIES, "13–21", AMENDING_LAW),
    RATIFICATION: Article(LAW_ON_TREATIES, "28–31", AMENDING_LAW),
    APPROVAL: Article(LAW_ON_TREATIES, "37–40"),
    ACCESSION: Article(LAW_ON_TREATIES, "41–45"),
    AMENDMENT: Article(LAW_ON_TREATIES, "54"),
    EXTENSION: Article(LAW_ON_TREATIES, "54"),
}

# Law 70/2020/QH14: who decides and consults depends on the name the agreement is signed in.
_AGREEMENT_SIGNATORY_ARTICLES = {
    "state": "8–9",
    "government": "8–9",
    "national_assembly": "12–13",
    "ministry": "16–17",
    "province": "18–19",
}


def article_for(stage: str, commitment_kind: str, level: str | None = None) -> Article:
    """The legal basis of a proposal of ``stage`` for this kind (and level) of commitment."""
    if commitment_kind == lifecycle.TREATY:
        return _TREATY_ARTICLES[stage]
    if commitment_kind == lifecycle.AGREEMENT:
        if stage in {AMENDMENT, EXTENSION}:
            return Article(LAW_ON_AGREEMENTS, "33")
        signatory = _AGREEMENT_SIGNATORY_ARTICLES.get(level or "", "8–24")
        return Article(LAW_ON_AGREEMENTS, f"{signatory}, 27–30")
    return Article("", "")


def stages_for(commitment_kind: str, level: str | None = None) -> tuple[str, ...]:
    """Stages a proposal may have for this kind of commitment (and level of treaty)."""
    if commitment_kind == lifecycle.TREATY:
        if level == lifecycle.STATE:  # a State treaty is ratified, never approved (art. 28, 37)
            return tuple(s for s in STAGES if s not in {ADOPTION, APPROVAL})
        return tuple(s for s in STAGES if s != ADOPTION)
    if commitment_kind == lifecycle.AGREEMENT:
        return (SIGNATURE, AMENDMENT, EXTENSION)
    return (ADOPTION,)


def required_stage(event_kind: str, commitment_kind: str) -> str | None:
    """The stage of approved proposal ``event_kind`` needs, or None if the gate lets it pass."""
    return _GATES.get(commitment_kind, {}).get(event_kind)


def is_before_gate(event_date: dt.date, gate_start: dt.date = GATE_START) -> bool:
    """Whether an event happened before CamKet's gate applied ("before the gate existed")."""
    return event_date < gate_start


@dataclass(frozen=True)
class Refusal:
    """Why the gate refuses an event: no approved proposal of ``stage``.

    ``code`` is a stable message key (``missing_proposal``); ``article`` the legal basis.
    """

    code: str
    event_kind: str
    stage: str
    article: Article


@dataclass(frozen=True)
class GateCheck:
    """The gate's answer for one event: ``outcome`` and, when gated, the stage and article."""

    outcome: str
    stage: str | None = None
    article: Article | None = None

    @property
    def allowed(self) -> bool:
        return self.outcome != REFUSED


def gate_check(
    event_kind: str,
    commitment_kind: str,
    level: str | None,
    approved_stages: Iterable[str],
    overridden: bool,
    event_date: dt.date,
    gate_start: dt.date = GATE_START,
) -> GateCheck:
    """Whether ``event_kind`` may be recorded on ``event_date`` for this commitment.

    ``approved_stages``: stages of the commitment's proposals whose decision is "approved" or
    "approved with conditions"; ``overridden``: a coordinator's written override for this event.
    Order of the answers: not gated, before the gate, passed (approved), overridden, refused.
    """
    stage = required_stage(event_kind, commitment_kind)
    if stage is None:
        return GateCheck(NOT_GATED)
    article = article_for(stage, commitment_kind, level)
    if is_before_gate(event_date, gate_start):
        return GateCheck(BEFORE_GATE, stage, article)
    if stage in set(approved_stages):
        return GateCheck(PASSED, stage, article)
    if overridden:
        return GateCheck(OVERRIDDEN, stage, article)
    return GateCheck(REFUSED, stage, article)


def gate_refusal(
    event_kind: str,
    commitment_kind: str,
    level: str | None,
    approved_stages: Iterable[str],
    overridden: bool,
    event_date: dt.date,
    gate_start: dt.date = GATE_START,
) -> Refusal | None:
    """The :class:`Refusal` of :func:`gate_check`, or None when the event may be recorded."""
    check = gate_check(
        event_kind, commitment_kind, level, approved_stages, overridden, event_date, gate_start
    )
    if check.outcome != REFUSED or check.stage is None or check.article is None:
        return None
    return Refusal("missing_proposal", event_kind, check.stage, check.article)
