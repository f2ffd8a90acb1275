"""Candidate obligations from treaty provisions and leaders' statements.

Nothing here creates an obligation: the output is a proposal list that an officer reviews. Every
candidate says which marker, addressee, date phrase and schedule were recognised, in ``reasons``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from lawcore.extraction import rules
from lawcore.extraction.dates import DatePhrase, PhasedSchedule, find_dates, find_schedules
from lawcore.extraction.markers import (
    Force,
    MarkerHit,
    Modality,
    any_marker,
    find_markers,
    find_rejections,
    is_definition,
    is_preamble,
)
from lawcore.extraction.parties import Addressee, find_addressees
from lawcore.extraction.sentences import Sentence, split_sentences
from lawcore.extraction.vietnamese import find_actor, find_task

TREATY = "treaty"
STATEMENT = "statement"

_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
_HEDGE_EN = re.compile(
    r"to\s+the\s+(?:fullest\s+|greatest\s+|maximum\s+)?extent\s+(?:possible|practicable|feasible)|"
    r"where(?:ver)?\s+(?:possible|practicable|feasible)|as\s+far\s+as\s+(?:possible|practicable)",
    re.I,
)
_HEDGE_VI = re.compile(
    r"trong\s+phạm\s+vi\s+có\s+thể|trong\s+chừng\s+mực\s+có\s+thể|ở\s+mức\s+(?:độ\s+)?(?:cao\s+nhất\s+)?có\s+thể|"
    r"(?:khi|nếu)\s+có\s+thể"
)
_NEGATIVE_SUBJECT = re.compile(
    r"\b(?:no|neither)\s+(?:contracting\s+)?(?:party|parties|member\s+states?)\b", re.I
)
# Who can "decide" in a statement ("Hai bên quyết định ..."); in a law "X quyết định" is a power.
_DECIDING_KINDS = frozenset(["viet_nam", "partner", "both_sides", "all_parties", "signatories"])
_JOINT = re.compile(r"^\s*(?:and|và|,)(?:\s+the)?\s*$", re.I)
# A list item that starts like a noun or prepositional phrase completes its lead-in's object
# ("shall provide the other: (b) Two way transpositions", "in writing: (b) in adequate time");
# only an item that starts with a verb is a thing to do of its own.
_EN_NOT_VERB_START = re.compile(
    r"(?:the|a|an|any|such|its|their|his|her|all|each|every|other|another|in|on|at|by|for|with|"
    r"from|of|under|within|between|through|during|after|before|where|when|if|that|which|who|"
    r"whose|no|one|two|three|four|five|joint|mutual|where|whether|as|non|this|these|those)\b|"
    r"\w+(?:tion|sion|ment|ness|ity|ance|ence|ship|ings)\b|[A-Z]|\d",
)
_EN_LABEL = re.compile(r"^\s*(?:[-•*]\s+|\(?(?:[a-zA-Z]|[ivxIVX]{1,4}|\d{1,3})\)\s*)")
# The tail of a lead-in after its marker: items that complete a condition ("shall consider ...
# if an accreditation body ... has determined that the body:") are conditions, not duties.
_EN_CONDITION_TAIL = re.compile(
    r"\b(?:if|when|whenever|unless|provided\s+that|in\s+(?:the\s+)?case|in\s+the\s+event)\b|"
    r"\bwhere\b(?!\s+(?:appropriate|possible|practicable|applicable|necessary|relevant|feasible)\b)",
    re.I,
)
# A statement's programme often lists its items as bare imperatives, the lead-in ("We will:")
# lost in the layout: "Exchange views and best practices on ...;", "- Support the improvement ...".
_STATEMENT_IMPERATIVE = re.compile(
    r"^\s*(?:[-•*]\s+|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s*)?(?P<verb>Exchange|Support|Discuss|"
    r"Promote|Advance|Strengthen|Enhance|Expand|Develop|Deepen|Foster|Facilitate|Build|Explore|"
    r"Continue|Establish|Coordinate|Collaborate|Cooperate|Share|Increase|Pursue|Encourage|"
    r"Implement|Ensure|Launch|Accelerate|Improve|Work|Identify|Align|Leverage|Convene|Provide|"
    r"Mobilize|Mobilise|Invest|Deploy|Prioriti[sz]e|Bolster|Reinforce|Seek|Create|Hold|Conduct|"
    r"Organi[sz]e|Engage|Assist|Help|Address|Combat|Counter|Reduce|Protect|Boost|Intensify|"
    r"Maintain|Uphold|Undertake|Jointly)\s+(?!(?:for|of|to|and|in|on|at|by|from|with|is|are|"
    r"was|were|has|have|will)\b)(?=[a-z“\"(])"
)
_FORCE_NAMES = {
    Force.BINDING: "binding",
    Force.PROHIBITION: "prohibition",
    Force.BEST_EFFORT: "best effort",
    Force.POLITICAL: "political commitment",
    Force.PERMISSION: "right or permission",
}


@dataclass(frozen=True)
class CandidateObligation:
    """A sentence proposed as an obligation (or, with modality ``may``, as a right).

    ``start``/``end`` delimit the sentence in ``nfc(text)`` of the document; ``marker_start`` is
    the marker's offset inside ``sentence``. ``addressee`` is the nearest party named before the
    marker; ``addressees`` lists every one found there. ``reasons`` explains the proposal.
    """

    sentence: str
    start: int
    end: int
    lang: str
    marker: str
    marker_start: int
    modality: Modality
    addressee: Addressee | None
    addressees: tuple[Addressee, ...]
    dates: tuple[DatePhrase, ...]
    schedules: tuple[PhasedSchedule, ...]
    heading: str | None
    reasons: tuple[str, ...]

    @property
    def is_obligation(self) -> bool:
        """True unless the sentence only grants a right or permission ("may")."""
        return self.modality is not Modality.MAY


def detect_language(text: str) -> str:
    """``"vi"`` if the text has Vietnamese letters (ă, ơ, ư, đ, tone marks...), else ``"en"``."""
    sample = text[:2000]
    letters = sum(c.isalpha() for c in sample) or 1
    return "vi" if len(_VI_LETTERS.findall(sample)) / letters > 0.03 else "en"


def _has_actor(sentence: str, hit: MarkerHit) -> bool:
    return any(a.kind != "person" for a in find_addressees(sentence, hit.start))


def _is_decide(hit: MarkerHit, lang: str) -> bool:
    return lang == "vi" and " ".join(hit.text.lower().split()) == "quyết định"


def _decides(sentence: str, hit: MarkerHit) -> bool:
    return any(a.kind in _DECIDING_KINDS for a in find_addressees(sentence, hit.start))


def _usable_markers(sentence: str, lang: str) -> list[MarkerHit]:
    """Markers left once weak ones ("will", "sẽ", "nhất trí") without an actor are dropped.

    Vietnamese "quyết định" needs a party that can commit ("hai bên quyết định"): "Thủ tướng
    Chính phủ quyết định thành lập ..." states a power, not a duty.
    """
    return [
        h
        for h in find_markers(sentence, lang)
        if (not h.needs_actor or _has_actor(sentence, h))
        and not (_is_decide(h, lang) and not _decides(sentence, h))
    ]


def _primary(hits: list[MarkerHit]) -> MarkerHit | None:
    duties = [h for h in hits if h.force is not Force.PERMISSION]
    return (duties or hits or [None])[0]


def _modality(
    sentence: str, lang: str, kind: str, hit: MarkerHit, hits: list[MarkerHit]
) -> tuple[Modality, str | None]:
    """Modality of the sentence and, when it is not the marker's own, why."""
    if hit.force is Force.PERMISSION:
        if lang != "vi" and _NEGATIVE_SUBJECT.search(sentence[: hit.start]):
            return Modality.SHALL_NOT, "negative subject ('Neither Party may')"
        return Modality.MAY, None
    if kind == STATEMENT:
        return Modality.POLITICAL, "a leaders' statement makes political commitments"
    hedge = (_HEDGE_VI if lang == "vi" else _HEDGE_EN).search(
        sentence.lower() if lang == "vi" else sentence
    )
    if hedge:
        return Modality.BEST_EFFORT, f"hedge '{hedge[0]}' makes it best effort"
    if any(h.force is Force.BEST_EFFORT for h in hits):
        return Modality.BEST_EFFORT, None
    if hit.force is Force.PROHIBITION:
        return Modality.SHALL_NOT, None
    if _NEGATIVE_SUBJECT.search(sentence[: hit.start]):
        return Modality.SHALL_NOT, "negative subject ('No Party shall')"
    return (Modality.POLITICAL if hit.force is Force.POLITICAL else Modality.SHALL), None


def _describe_addressee(addressee: Addressee) -> str:
    return f"addressee: {addressee.label} ('{' '.join(addressee.text.split())}')"


def _vi_addressees(sentence: Sentence, found: list[Addressee], end: int | None) -> list[Addressee]:
    """Vietnamese: the actor of the subject ("Bộ Y tế chủ trì") comes first, else the lead-in's.

    An actor read from the lead-in has offsets -1 (it is not in the sentence).
    """
    actor = find_actor(sentence.text, end)
    if actor is not None:
        addressee = Addressee("body", actor.text, actor.text, actor.start, actor.end)
    elif sentence.lead_in and (lead := find_actor(sentence.lead_in)) is not None:
        addressee = Addressee("body", lead.text, lead.text, -1, -1)
    else:
        return found
    if found and found[0].kind in _DECIDING_KINDS - {"viet_nam"}:
        return [*found, addressee]
    rest = (a for a in found if not (a.start < addressee.end and addressee.start < a.end))
    return [addressee, *rest]


def _joint(found: list[Addressee], text: str) -> list[Addressee]:
    """ "The United States and Viet Nam will ...": one joint addressee, not Viet Nam alone."""
    countries = sorted(
        (a for a in found if a.kind in ("viet_nam", "partner")), key=lambda a: a.start
    )
    for first, second in pairwise(countries):
        if _JOINT.match(text[first.end : second.start]):
            both = "viet_nam" in (first.kind, second.kind)
            joint = Addressee(
                "both_sides" if both else "partner",
                f"{first.label} and {second.label}",
                text[first.start : second.end],
                first.start,
                second.end,
            )
            return [joint, *(a for a in found if a not in (first, second))]
    return found


def _build(
    sentence: Sentence,
    lang: str,
    kind: str,
    hit: MarkerHit,
    hits: list[MarkerHit],
    inherited: bool,
    task_reason: str | None = None,
) -> CandidateObligation:
    text = sentence.text
    modality, why = _modality(text, lang, kind, hit, hits)
    marker_start = -1 if inherited else hit.start
    if inherited and sentence.lead_in:
        # The duty holder of a list item is the lead-in's subject ("The Committee shall: (a) ...").
        found = [
            Addressee(a.kind, a.label, a.text, -1, -1)
            for a in _joint(find_addressees(sentence.lead_in, hit.start), sentence.lead_in)
        ]
    else:
        found = _joint(find_addressees(text, hit.start), text)
    if lang == "vi":
        found = _vi_addressees(sentence, found, None if inherited or hit.start <= 0 else hit.start)
    addressees = tuple(found)
    dates = tuple(find_dates(text, lang))
    schedules = tuple(find_schedules(text, lang))
    reasons = [f"marker '{hit.text}' ({_FORCE_NAMES[hit.force]})"]
    if inherited:
        reasons[0] += f" inherited from the lead-in '{sentence.lead_in}'"
    if task_reason:
        reasons[0] = f"task: {task_reason}"
    if why:
        reasons.append(why)
    reasons.extend(_describe_addressee(a) for a in addressees[:1])
    reasons.extend(f"date: {d.describe()}" for d in dates)
    reasons.extend(f"schedule: {s.describe()} ('{s.text}')" for s in schedules)
    reasons.extend(find_rejections(text, lang))
    return CandidateObligation(
        sentence=text,
        start=sentence.start,
        end=sentence.end,
        lang=lang,
        marker=hit.text,
        marker_start=marker_start,
        modality=modality,
        addressee=addressees[0] if addressees else None,
        addressees=addressees,
        dates=dates,
        schedules=schedules,
        heading=sentence.heading,
        reasons=tuple(reasons),
    )


def _skip(text: str, lang: str) -> bool:
    return is_preamble(text, lang) or is_definition(text, lang)


def classify(sentence: Sentence, lang: str, kind: str = TREATY) -> CandidateObligation | None:
    """Propose ``sentence`` as a candidate, or return ``None`` when it carries no marker.

    A list item without a marker of its own inherits the marker of its lead-in ("Each Party
    shall: (a) publish ..."). Preambles and definitions are never candidates.
    """
    if _skip(sentence.text, lang):
        return None
    hits = _usable_markers(sentence.text, lang) if any_marker(sentence.text, lang) else []
    hit = _primary(hits)
    if hit is not None:
        return _build(sentence, lang, kind, hit, hits, inherited=False)
    if lang == "vi":
        if rules.on("vi_tasks"):
            return _vi_task(sentence, kind)
    elif kind == STATEMENT and (item := _statement_item(sentence)) is not None:
        return item
    elif rules.on("en_lead_ins") and not _en_action_item(sentence.text):
        return None
    if sentence.lead_in and not _skip(sentence.lead_in, lang):
        lead_hits = _usable_markers(sentence.lead_in, lang)
        lead_hit = _primary(lead_hits)
        if (
            lead_hit is None
            and lang != "vi"
            and rules.on("en_lead_ins")
            and sentence.outer_lead_in
            and _en_action_item(sentence.lead_in)
        ):
            # A nested list: its lead-in is an item to do of an outer duty list.
            sentence = replace(sentence, lead_in=sentence.outer_lead_in, outer_lead_in=None)
            return classify(sentence, lang, kind)
        if (
            lead_hit is not None
            and lang != "vi"
            and rules.on("en_lead_ins")
            and _EN_CONDITION_TAIL.search(sentence.lead_in[lead_hit.end :])
        ):
            return None
        if lead_hit is not None:
            return _build(sentence, lang, kind, lead_hit, lead_hits, inherited=True)
    return None


def _vi_task(sentence: Sentence, kind: str) -> CandidateObligation | None:
    """A Vietnamese task without a modal verb (an actor and a verb, or a verb-first item)."""
    if not rules.on("vi_tasks"):
        return None
    task = find_task(sentence.text, sentence.heading, sentence.lead_in)
    if task is None:
        return None
    force = Force.PROHIBITION if task.prohibited else Force.BINDING
    hit = MarkerHit(task.verb, task.start, task.end, force)
    return _build(sentence, "vi", kind, hit, [hit], inherited=False, task_reason=task.reason)


def _statement_item(sentence: Sentence) -> CandidateObligation | None:
    """An English statement's item that opens with a bare imperative ("Exchange views on ...")."""
    verb = _STATEMENT_IMPERATIVE.match(sentence.text)
    if not rules.on("en_statements") or verb is None or len(sentence.text.split()) < 8:
        return None
    # The note reads "marker 'Exchange' (political commitment)", as the app shows markers.
    hit = MarkerHit(verb["verb"], verb.start("verb"), verb.end("verb"), Force.POLITICAL)
    return _build(sentence, "en", STATEMENT, hit, [hit], inherited=False)


def _en_action_item(text: str) -> bool:
    """True when a list item starts with a verb ("(c) be independent", "(i) promote ...")."""
    label = _EN_LABEL.match(text)
    rest = text[label.end() :] if label else text
    return _EN_NOT_VERB_START.match(rest) is None


def classify_sentence(
    text: str, lang: str | None = None, *, kind: str = TREATY
) -> CandidateObligation | None:
    """Classify one stand-alone sentence (offsets 0..len); ``None`` when it has no marker."""
    language = lang or detect_language(text)
    return classify(Sentence(" ".join(text.split()), 0, len(text)), language, kind)


def extract_obligations(
    text: str, lang: str | None = None, *, kind: str = TREATY, include_permissions: bool = True
) -> list[CandidateObligation]:
    """Propose candidate obligations for a provision's or a statement's text.

    ``kind`` is ``"treaty"`` (binding, prohibition, best-effort, permission) or ``"statement"``
    (every commitment is political). ``lang`` is detected when omitted. Permissions ("may") are
    returned with modality ``may`` unless ``include_permissions`` is false. Offsets refer to
    ``nfc(text)``.
    """
    language = lang or detect_language(text)
    candidates = []
    for sentence in split_sentences(text):
        candidate = classify(sentence, language, kind)
        if candidate is not None and (include_permissions or candidate.is_obligation):
            candidates.append(candidate)
    return candidates
