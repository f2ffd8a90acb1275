"""Before an officer saves a new task, obligation or commitment: similar items of other agencies.

The create views of ``camket/obligations`` and ``camket/registry`` call :func:`similar_step` once
their form is valid. When the new text resembles items that other agencies lead, the view shows
the form again with the five most similar (``coordination/_similar.html``) instead of saving; the
form then carries ``similar_seen`` (a fingerprint of the text it was checked with), so the next
submit of the same text saves. Changing the text checks again.

Each item passes the same visibility predicate as the record itself (``items.describe``): an item
the officer may not open shows only that it exists and which agency leads it.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Q

from camket.coordination import items as I
from camket.coordination.models import ItemKind
from camket.obligations.models import Obligation, Task
from camket.registry.models import Commitment
from lawcore.overlap import Item, compare
from lawcore.text import folded_words

SHOWN = 5
# A pair under this score is not worth interrupting a save for (decision 0020).
MIN_SCORE = 0.5
# How many rows sharing a word pair with the new text are scored; the newest first.
POOL = 600
FIELD = "similar_seen"


@dataclass
class SimilarPanel:
    fingerprint: str
    entries: list[tuple[I.Seen, float, tuple[str, ...]]] = field(default_factory=list)
    plan_code: str = ""  # set for a task: where "link to it instead" records the link
    link_tokens: list[str] = field(default_factory=list)  # signed targets, one per entry


LINK_SALT = "camket.coordination.link-instead"


def sign_target(user, plan_code: str, target: str) -> str:
    """The value of a "link to it instead" form: ``target`` signed for this user and plan, so
    that the link accepts only the items the panel offered (no probing of other keys)."""
    return signing.dumps(target, salt=f"{LINK_SALT}:{user.pk}:{plan_code}")


def unsign_target(user, plan_code: str, token: str) -> str:
    """The item key signed by :func:`sign_target`; ``signing.BadSignature`` when forged."""
    return signing.loads(token, salt=f"{LINK_SALT}:{user.pk}:{plan_code}")


def fingerprint(kind: str, text: str) -> str:
    words = " ".join(folded_words(text))
    return hashlib.sha256(f"{kind}\n{words}".encode()).hexdigest()[:16]


def _word_pairs(text: str, limit: int = 8) -> list[str]:
    """The folded word pairs of ``text`` that say most (longest first): the pool's filter."""
    words = folded_words(text)
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return sorted(pairs, key=lambda p: (-len(p), p))[:limit]


def _pool(kind: str, text: str, agency_id: int, exclude_commitment: int | None):
    pairs = _word_pairs(text)
    if not pairs:
        return []
    sharing = Q()
    for pair in pairs:
        sharing |= Q(search_title__contains=pair)
    if kind == ItemKind.TASK:
        qs = Task.objects.exclude(lead_agency_id=agency_id)
    elif kind == ItemKind.OBLIGATION:
        qs = Obligation.objects.exclude(
            Q(lead_agency_id=agency_id)
            | Q(lead_agency__isnull=True, commitment__lead_agency_id=agency_id)
        ).exclude(commitment__is_reference=True)
        if exclude_commitment:
            qs = qs.exclude(commitment_id=exclude_commitment)
    else:
        qs = Commitment.objects.exclude(lead_agency_id=agency_id).exclude(is_reference=True)
    return list(qs.filter(sharing).order_by("-pk").values_list("pk", flat=True)[:POOL])


def _pool_items(kind: str, pks: list[int]) -> list[Item]:
    """The pool's rows as engine items, read the way the nightly run reads them."""
    facts = I.commitment_facts()
    source = {
        ItemKind.TASK: I.task_items,
        ItemKind.OBLIGATION: I.obligation_items,
        ItemKind.COMMITMENT: I.commitment_items,
    }[kind]
    return list(source(facts, pks))


def similar_step(
    user,
    post,
    *,
    kind: str,
    text: str,
    agency_id: int | None,
    meta: dict,
    exclude_commitment: int | None = None,
) -> SimilarPanel | None:
    """The panel to show before saving, or None when the view may save now.

    None when ``post`` carries the fingerprint of this very text (the officer saw the panel and
    saves anyway), when no agency is named, or when nothing of another agency is similar enough.
    """
    stamp = fingerprint(kind, text)
    if post.get(FIELD) == stamp or agency_id is None:
        return None
    pks = _pool(kind, text, agency_id, exclude_commitment)
    if not pks:
        return None
    new = Item("new:0", text, "", meta)
    scored = [(compare(new, item), item) for item in _pool_items(kind, pks)]
    best = sorted(
        (pair for pair in scored if pair[0].score >= MIN_SCORE),
        key=lambda pair: (-pair[0].score, pair[1].id),
    )[:SHOWN]
    if not best:
        return None
    seen = I.describe(user, [item.id for _pair, item in best])
    entries = [(seen[item.id], pair.score, pair.reasons) for pair, item in best]
    return SimilarPanel(stamp, [e for e in entries if e[0].exists])


########## The three create forms call these ##########


def for_task(user, post, data, plan) -> SimilarPanel | None:
    """The panel for a new task (``obligations.actions.TaskData``) of ``plan``."""
    from camket.agencies.models import Agency

    agency = Agency.objects.filter(code=data.lead_agency).first()
    commitments = set(
        Obligation.objects.filter(pk__in=data.obligations).values_list("commitment_id", flat=True)
    )
    facts = I.commitment_facts() if commitments else {}
    meta = I.task_meta(
        data.lead_agency,
        [facts[c] for c in commitments if c in facts],
        data.starts_on,
        data.due_on,
        data.deliverable,
    )
    text = data.title
    panel = similar_step(
        user, post, kind=ItemKind.TASK, text=text, agency_id=getattr(agency, "pk", None), meta=meta
    )
    if panel:
        panel.plan_code = plan.code
        panel.link_tokens = [
            sign_target(user, plan.code, seen.key) for seen, _score, _reasons in panel.entries
        ]
    return panel


def for_obligation(user, post, data, commitment) -> SimilarPanel | None:
    """The panel for a new obligation (``ObligationData``) of ``commitment``."""
    from camket.agencies.models import Agency

    lead = data.lead_agency or commitment.lead_agency.code
    agency = Agency.objects.filter(code=lead).first()
    partners = list(commitment.partners.values_list("code", flat=True))
    meta = {
        "agency": lead,
        "partners": partners,
        "period": [data.due_on.year] * 2 if data.due_on else None,
    }
    return similar_step(
        user,
        post,
        kind=ItemKind.OBLIGATION,
        text=data.text,
        agency_id=getattr(agency, "pk", None),
        meta=meta,
        exclude_commitment=commitment.pk,
    )


def for_commitment(user, post, data) -> SimilarPanel | None:
    """The panel for a new commitment (``registry.actions.CommitmentData``)."""
    from camket.agencies.models import Agency

    agency = Agency.objects.filter(code=data.lead_agency).first()
    meta = {
        "agency": data.lead_agency,
        "partners": list(data.partners),
        "instruments": [data.short_name] if data.short_name else [],
    }
    text = data.title_en or data.title_vi
    return similar_step(
        user,
        post,
        kind=ItemKind.COMMITMENT,
        text=text,
        agency_id=getattr(agency, "pk", None),
        meta=meta,
    )
