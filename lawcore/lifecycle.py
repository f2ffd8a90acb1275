"""Lifecycle of an international commitment: which dated events may follow which, and the status.

The rules follow the Law on Treaties No. 108/2016/QH13 (proposal, negotiation, signature,
ratification by the National Assembly or the President, approval by the Government, accession,
provisional application, entry into force, amendment, extension, suspension, termination,
withdrawal) and the Law on International Agreements No. 70/2020/QH14 (agreements are signed and
enter into force but are neither ratified nor acceded to). Leaders' statements are political
commitments: they are adopted, and may later be superseded (terminated).

Status is never stored by hand: :func:`derive_status` replays the events in date order, and
:func:`check_events` says which event, if any, breaks the rules.
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

# Statuses (stored lowercase English; the UI translates them).
DRAFT = "draft"
PROPOSED = "proposed"
NEGOTIATING = "negotiating"
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
ADOPTED = "adopted"

STATUSES = (
    DRAFT,
    PROPOSED,
    NEGOTIATING,
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
    ADOPTED,
)

_BEFORE_SIGNATURE = {DRAFT, PROPOSED, NEGOTIATING, INITIALLED}
_CONSENTED = {SIGNED, RATIFIED, APPROVED, ACCEDED}
_ACTIVE = {IN_FORCE, PROVISIONAL}

# event kind -> (statuses it may follow, status it leads to; None keeps the status)
_TREATY_RULES: dict[str, tuple[set[str], str | None]] = {
    "proposal": ({DRAFT}, PROPOSED),
    "negotiation_start": ({DRAFT, PROPOSED}, NEGOTIATING),
    "initialling": ({DRAFT, PROPOSED, NEGOTIATING}, INITIALLED),
    "signature": (_BEFORE_SIGNATURE, SIGNED),
    # Conventions adopted by an international organisation are ratified without being signed
    # (ILO Constitution, art. 19(5)(d): Viet Nam ratified ILO C98 on 05/07/2019).
    "ratification": ({DRAFT, PROPOSED, NEGOTIATING, SIGNED, PROVISIONAL}, RATIFIED),
    "approval": ({SIGNED, PROVISIONAL}, APPROVED),
    "accession": ({DRAFT, PROPOSED, NEGOTIATING}, ACCEDED),
    "provisional_application": (_CONSENTED, PROVISIONAL),
    "entry_into_force": (_CONSENTED | {PROVISIONAL}, IN_FORCE),
    "amendment": (_CONSENTED | _ACTIVE | {SUSPENDED}, None),
    "extension": (_ACTIVE, None),
    "reservation": (_CONSENTED | _ACTIVE, None),
    "suspension": (_ACTIVE, SUSPENDED),
    "resumption": ({SUSPENDED}, IN_FORCE),
    "withdrawal": (_CONSENTED | _ACTIVE | {SUSPENDED}, WITHDRAWN),
    "termination": (_CONSENTED | _ACTIVE | {SUSPENDED}, TERMINATED),
}

_AGREEMENT_RULES = {
    kind: rule
    for kind, rule in _TREATY_RULES.items()
    if kind not in {"ratification", "accession", "reservation", "initialling"}
}

_STATEMENT_RULES: dict[str, tuple[set[str], str | None]] = {
    "proposal": ({DRAFT}, PROPOSED),
    "negotiation_start": ({DRAFT, PROPOSED}, NEGOTIATING),
    "adoption": ({DRAFT, PROPOSED, NEGOTIATING}, ADOPTED),
    "amendment": ({ADOPTED}, None),
    "termination": ({ADOPTED}, TERMINATED),
}

RULES = {
    TREATY: _TREATY_RULES,
    AGREEMENT: _AGREEMENT_RULES,
    STATEMENT: _STATEMENT_RULES,
    REVIEW: _STATEMENT_RULES,
}

EVENT_KINDS = (
    "proposal",
    "negotiation_start",
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
    "termination",
    "adoption",
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

    ``code`` is stable for translation: ``unknown_kind``, ``not_for_kind`` or ``not_allowed``.
    """

    code: str
    event: Event
    status: str
    commitment_kind: str

    def __str__(self) -> str:
        return (
            f"{self.event.kind} on {self.event.on.isoformat()} is not allowed "
            f"for a {self.commitment_kind} in status {self.status} ({self.code})"
        )


def ordered(events: Iterable[Event]) -> list[Event]:
    """Events in replay order: by date, then by the natural order of steps on one day."""
    return sorted(events, key=lambda e: (e.on, _SAME_DAY_ORDER.get(e.kind, 99)))


def allowed_events(commitment_kind: str, status: str) -> list[str]:
    """Event kinds that may be recorded next for a commitment of this kind in ``status``."""
    rules = RULES[commitment_kind]
    return [kind for kind, (sources, _) in rules.items() if status in sources]


def apply_event(commitment_kind: str, status: str, event: Event) -> str:
    """Return the status after ``event``, or raise :class:`TransitionError`."""
    rules = RULES[commitment_kind]
    if event.kind not in EVENT_KINDS:
        raise TransitionError("unknown_kind", event, status, commitment_kind)
    if event.kind not in rules:
        raise TransitionError("not_for_kind", event, status, commitment_kind)
    sources, target = rules[event.kind]
    if status not in sources:
        raise TransitionError("not_allowed", event, status, commitment_kind)
    return target or status


def derive_status(commitment_kind: str, events: Iterable[Event]) -> str:
    """Replay ``events`` in order from ``draft`` and return the resulting status.

    Raises :class:`TransitionError` for the first event that breaks the rules, e.g. an entry
    into force dated before the signature::

        >>> derive_status(TREATY, [Event("signature", dt.date(2018, 3, 8)),
        ...                        Event("entry_into_force", dt.date(2019, 1, 14))])
        'in_force'
    """
    status = DRAFT
    for event in ordered(events):
        status = apply_event(commitment_kind, status, event)
    return status


def check_events(commitment_kind: str, events: Iterable[Event]) -> TransitionError | None:
    """Like :func:`derive_status` but return the error instead of raising it."""
    try:
        derive_status(commitment_kind, events)
    except TransitionError as error:
        return error
    return None
