"""Lifecycle of an international commitment: which dated events may follow which, and the status.

The rules follow the Law on Treaties No. 108/2016/QH13 as amended by Law No. 137/2025/QH15
(proposal, negotiation, conclusion of negotiations, signature, ratification by the National
Assembly or the President, approval by the Government, accession, provisional application, entry
into force, amendment, extension, suspension, termination, withdrawal, renunciation) and the Law on
International Agreements No. 70/2020/QH14 (agreements are signed and take effect but are never
ratified, approved, acceded to or provisionally applied). Leaders' statements are political
commitments: they are adopted, and may later be superseded. Recommendations received in an
international review are adopted and accepted ("thông qua", "chấp thuận").

The level (State or Government treaty) and scope (bilateral or not) narrow the rules when given:
a State treaty is never approved; a bilateral treaty is signed before it is ratified.

Status is never stored by hand: :func:`derive_status` replays the events in date order, and
:func:`check_events` says which event, if any, breaks the rules. Which of these events also
need an approved proposal (the gate before signing) is :mod:`lawcore.gate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

TREATY = "treaty"
AGREEMENT = "international_agreement"
STATEMENT = "leaders_statement"
# Recommendations Viet Nam received and answered in an international review (e.g. the UN
# Universal Periodic Review): political commitments, adopted with the review's outcome.
REVIEW = "international_review"

# Names in which a treaty is concluded (``Commitment.level``): Law 108/2016/QH13, art. 4.
STATE = "state"
GOVERNMENT = "government"

# Scope of a commitment (``Commitment.scope``): a bilateral treaty is consented to by signature
# first; only a multilateral (or regional) one can be ratified or acceded to without it.
BILATERAL = "bilateral"

# Statuses (stored lowercase English; the UI translates them).
DRAFT = "draft"
PROPOSED = "proposed"
NEGOTIATING = "negotiating"
NEGOTIATION_CONCLUDED = "negotiation_concluded"
INITIALLED = "initialled"
SIGNED = "signed"
RATIFIED = "ratified"
APPROVED = "approved"
ACCEDED = "acceded"
PROVISIONAL = "provisionally_applied"
IN_FORCE = "in_force"
SUSPENDED = "suspended"
TERMINATED = "terminated"
WITHDRAWN = "withdrawn"
RENOUNCED = "renounced"
SUPERSEDED = "superseded"
ADOPTED = "adopted"
ACCEPTED = "accepted"

STATUSES = (
    DRAFT,
    PROPOSED,
    NEGOTIATING,
    NEGOTIATION_CONCLUDED,
    INITIALLED,
    SIGNED,
    RATIFIED,
    APPROVED,
    ACCEDED,
    PROVISIONAL,
    IN_FORCE,
    SUSPENDED,
    TERMINATED,
    WITHDRAWN,
    RENOUNCED,
    SUPERSEDED,
    ADOPTED,
    ACCEPTED,
)

_BEFORE_SIGNATURE = {DRAFT, PROPOSED, NEGOTIATING, NEGOTIATION_CONCLUDED, INITIALLED}
_CONSENTED = {SIGNED, RATIFIED, APPROVED, ACCEDED}
_ACTIVE = {IN_FORCE, PROVISIONAL}
_ENDED = {TERMINATED, WITHDRAWN, RENOUNCED, SUPERSEDED}

CONCLUDED_STATUSES = frozenset(_CONSENTED | _ACTIVE | {SUSPENDED, ADOPTED, ACCEPTED} | _ENDED)
"""Statuses from the signature (adoption, acceptance) on: the commitment has been concluded.

The one definition of "signed or later", e.g. for what a public page may list."""

ENDED_STATUSES = frozenset(_ENDED)
"""Statuses of a commitment that no longer binds: terminated, withdrawn from, renounced or
superseded (the concluded statuses it cannot leave)."""

# event kind -> (statuses it may follow, status it leads to; None keeps the status)
_TREATY_RULES: dict[str, tuple[set[str], str | None]] = {
    "proposal": ({DRAFT}, PROPOSED),
    "negotiation_start": ({DRAFT, PROPOSED}, NEGOTIATING),
    # The President (State) or the Prime Minister (Government) decides the conclusion of
    # negotiations (Law 108/2016/QH13, art. 10); the proposal carries the draft text showing how
    # they would conclude (art. 11(2), as amended by Law 137/2025/QH15, art. 1).
    "negotiation_conclusion": ({NEGOTIATING}, NEGOTIATION_CONCLUDED),
    "initialling": ({DRAFT, PROPOSED, NEGOTIATING, NEGOTIATION_CONCLUDED}, INITIALLED),
    "signature": (_BEFORE_SIGNATURE, SIGNED),
    # Conventions adopted by an international organisation are ratified without being signed
    # (ILO Constitution, art. 19(5)(d): Viet Nam ratified ILO C98 on 05/07/2019). A bilateral
    # treaty has no such text to ratify: see _bilateral_needs_signature.
    "ratification": (_BEFORE_SIGNATURE | {SIGNED, PROVISIONAL}, RATIFIED),
    # Approval is the Government's act for a Government treaty (Law 108/2016/QH13, art. 2(9),
    # 37, 38): a State treaty is ratified, never approved (art. 28(2)).
    "approval": ({SIGNED, PROVISIONAL}, APPROVED),
    # Accession: to a multilateral treaty Viet Nam did not sign (art. 2(10)).
    "accession": ({DRAFT, PROPOSED, NEGOTIATING, NEGOTIATION_CONCLUDED}, ACCEDED),
    "provisional_application": (_CONSENTED, PROVISIONAL),
    "entry_into_force": (_CONSENTED | {PROVISIONAL}, IN_FORCE),
    "amendment": (_CONSENTED | _ACTIVE | {SUSPENDED}, None),
    "extension": (_ACTIVE, None),
    "reservation": (_CONSENTED | _ACTIVE, None),
    "suspension": (_ACTIVE, SUSPENDED),
    "resumption": ({SUSPENDED}, IN_FORCE),
    "withdrawal": (_CONSENTED | _ACTIVE | {SUSPENDED}, WITHDRAWN),
    # Renunciation ("từ bỏ"): renouncing the consent to be bound (art. 2(18), 55).
    "renunciation": (_CONSENTED | _ACTIVE | {SUSPENDED}, RENOUNCED),
    "termination": (_CONSENTED | _ACTIVE | {SUSPENDED}, TERMINATED),
    # Replaced by a later treaty between the same parties (e.g. AFTA-CEPT by ATIGA on
    # 17/05/2010); the register links the two with a "supersedes" relation.
    "supersession": (_CONSENTED | _ACTIVE | {SUSPENDED}, SUPERSEDED),
}

# Law 70/2020/QH14: an agreement is signed (art. 2(5)-(6)) and takes effect as it provides
# (art. 32); it is amended, extended (art. 33), terminated, withdrawn from or suspended (art. 34).
# It is never ratified, approved, acceded to, provisionally applied or reserved: those are acts
# of the Law on Treaties (Law 108/2016/QH13, art. 2(8)-(10), 47, 53).
_AGREEMENT_RULES: dict[str, tuple[set[str], str | None]] = {
    "proposal": ({DRAFT}, PROPOSED),
    "negotiation_start": ({DRAFT, PROPOSED}, NEGOTIATING),
    "signature": ({DRAFT, PROPOSED, NEGOTIATING}, SIGNED),
    "entry_into_force": ({SIGNED}, IN_FORCE),
    "amendment": ({SIGNED, IN_FORCE, SUSPENDED}, None),
    "extension": ({IN_FORCE}, None),
    "suspension": ({IN_FORCE}, SUSPENDED),
    "resumption": ({SUSPENDED}, IN_FORCE),
    "withdrawal": ({SIGNED, IN_FORCE, SUSPENDED}, WITHDRAWN),
    "termination": ({SIGNED, IN_FORCE, SUSPENDED}, TERMINATED),
    "supersession": ({SIGNED, IN_FORCE, SUSPENDED}, SUPERSEDED),
}

_STATEMENT_RULES: dict[str, tuple[set[str], str | None]] = {
    "proposal": ({DRAFT}, PROPOSED),
    "negotiation_start": ({DRAFT, PROPOSED}, NEGOTIATING),
    "adoption": ({DRAFT, PROPOSED, NEGOTIATING}, ADOPTED),
    "amendment": ({ADOPTED}, None),
    "termination": ({ADOPTED}, TERMINATED),
    "supersession": ({ADOPTED}, SUPERSEDED),
}

# Recommendations received in a review are adopted with the outcome and accepted by Viet Nam
# ("thông qua", "chấp thuận"), not issued as a statement ("ra tuyên bố"): their own event.
_REVIEW_RULES: dict[str, tuple[set[str], str | None]] = {
    "acceptance": ({DRAFT}, ACCEPTED),
    "amendment": ({ACCEPTED}, None),
    "termination": ({ACCEPTED}, TERMINATED),
    "supersession": ({ACCEPTED}, SUPERSEDED),
}

RULES = {
    TREATY: _TREATY_RULES,
    AGREEMENT: _AGREEMENT_RULES,
    STATEMENT: _STATEMENT_RULES,
    REVIEW: _REVIEW_RULES,
}

# Events that conclude a commitment (signature, ratification or accession without signature,
# adoption, acceptance) and events that end it (termination, withdrawal, renunciation,
# supersession), read from the rules: dated steps into and out of ``CONCLUDED_STATUSES``.
CONCLUDING_EVENTS = frozenset(
    kind
    for rules in RULES.values()
    for kind, (sources, target) in rules.items()
    if target in CONCLUDED_STATUSES and sources & _BEFORE_SIGNATURE
)
ENDING_EVENTS = frozenset(
    kind for rules in RULES.values() for kind, (_s, target) in rules.items() if target in _ENDED
)

# Event kinds a treaty concluded in one name may not have (Law 108/2016/QH13, art. 28, 37-38).
_NOT_FOR_LEVEL = {STATE: {"approval"}}

EVENT_KINDS = (
    "proposal",
    "negotiation_start",
    "negotiation_conclusion",
    "initialling",
    "signature",
    "ratification",
    "approval",
    "accession",
    "provisional_application",
    "entry_into_force",
    "amendment",
    "extension",
    "reservation",
    "suspension",
    "resumption",
    "withdrawal",
    "renunciation",
    "termination",
    "supersession",
    "adoption",
    "acceptance",
)

# Replay order for events on the same day: signature before ratification before entry into force.
_SAME_DAY_ORDER = {kind: index for index, kind in enumerate(EVENT_KINDS)}


@dataclass(frozen=True)
class Event:
    """A dated lifecycle event as plain data (``kind`` is one of :data:`EVENT_KINDS`)."""

    kind: str
    on: dt.date
    ref: object = None  # the caller's handle (a pk, a row number) to name the event in errors


@dataclass(frozen=True)
class TransitionError(Exception):
    """An event that may not happen in the state the commitment is in.

    ``code`` is stable for translation: ``unknown_kind``, ``not_for_kind``, ``not_for_level``
    (e.g. approval of a State treaty), ``needs_signature`` (a bilateral treaty ratified before
    it was signed) or ``not_allowed``.
    """

    code: str
    event: Event
    status: str
    commitment_kind: str
    level: str | None = None

    def __str__(self) -> str:
        return (
            f"{self.event.kind} on {self.event.on.isoformat()} is not allowed "
            f"for a {self.commitment_kind} in status {self.status} ({self.code})"
        )


def ordered(events: Iterable[Event]) -> list[Event]:
    """Events in replay order: by date, then by the natural order of steps on one day."""
    return sorted(events, key=lambda e: (e.on, _SAME_DAY_ORDER.get(e.kind, 99)))


def _refusal(
    commitment_kind: str, status: str, kind: str, level: str | None, scope: str | None
) -> str | None:
    """Why ``kind`` may not follow ``status`` (a TransitionError code), or None if it may.

    ``level`` and ``scope`` of None mean "not known": only the rules of the kind apply.
    """
    rules = RULES[commitment_kind]
    if kind not in EVENT_KINDS:
        return "unknown_kind"
    if kind not in rules:
        return "not_for_kind"
    if commitment_kind == TREATY and kind in _NOT_FOR_LEVEL.get(level or "", ()):
        return "not_for_level"
    sources, _target = rules[kind]
    if status not in sources:
        return "not_allowed"
    if (
        commitment_kind == TREATY
        and scope == BILATERAL
        and kind in {"ratification", "accession"}
        and status in _BEFORE_SIGNATURE
    ):
        return "needs_signature"
    return None


def event_kinds_for(commitment_kind: str, level: str | None = None) -> list[str]:
    """Event kinds a commitment of this kind (and treaty level) may ever have, in step order."""
    rules = RULES[commitment_kind]
    banned = _NOT_FOR_LEVEL.get(level or "", set()) if commitment_kind == TREATY else set()
    return [kind for kind in EVENT_KINDS if kind in rules and kind not in banned]


def allowed_events(
    commitment_kind: str, status: str, *, level: str | None = None, scope: str | None = None
) -> list[str]:
    """Event kinds that may be recorded next for a commitment of this kind in ``status``."""
    return [
        kind
        for kind in RULES[commitment_kind]
        if _refusal(commitment_kind, status, kind, level, scope) is None
    ]


def apply_event(
    commitment_kind: str,
    status: str,
    event: Event,
    *,
    level: str | None = None,
    scope: str | None = None,
) -> str:
    """Return the status after ``event``, or raise :class:`TransitionError`."""
    code = _refusal(commitment_kind, status, event.kind, level, scope)
    if code is not None:
        raise TransitionError(code, event, status, commitment_kind, level)
    target = RULES[commitment_kind][event.kind][1]
    return target or status


def derive_status(
    commitment_kind: str,
    events: Iterable[Event],
    *,
    level: str | None = None,
    scope: str | None = None,
) -> str:
    """Replay ``events`` in order from ``draft`` and return the resulting status.

    Raises :class:`TransitionError` for the first event that breaks the rules, e.g. an entry
    into force dated before the signature::

        >>> derive_status(TREATY, [Event("signature", dt.date(2018, 3, 8)),
        ...                        Event("entry_into_force", dt.date(2019, 1, 14))])
        'in_force'
    """
    status = DRAFT
    for event in ordered(events):
        status = apply_event(commitment_kind, status, event, level=level, scope=scope)
    return status


def check_events(
    commitment_kind: str,
    events: Iterable[Event],
    *,
    level: str | None = None,
    scope: str | None = None,
) -> TransitionError | None:
    """Like :func:`derive_status` but return the error instead of raising it."""
    try:
        derive_status(commitment_kind, events, level=level, scope=scope)
    except TransitionError as error:
        return error
    return None
