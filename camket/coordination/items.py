"""Register rows as overlap-engine items, and items back as what a reader may see of them.

``lawcore.overlap`` works on plain ``Item(id, text, lang, meta)``; here the id is
``"<kind>:<pk>"`` (decision 0012). Reading is batched (``values()`` queries, a few per kind) so a
national-scale run does not open 300,000 model instances.

What a reader sees of an item goes through :func:`describe`: the item's own visibility predicate
(``Commitment/Obligation/Task.objects.visible_to``). An item the reader may not open is shown as
"a <kind> led by <agency>": no title, no code, no link, no reasons.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from camket.agencies.models import Agency
from camket.coordination.models import ItemKind
from camket.obligations.models import ActionPlan, Obligation, Task
from camket.registry.models import Commitment
from lawcore.overlap import Item

COMPARED_KINDS = (ItemKind.COMMITMENT, ItemKind.OBLIGATION, ItemKind.TASK)


def key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


MAX_PK = 2**63 - 1  # the largest primary key a database column holds


def split_key(value: str) -> tuple[str, int]:
    """``"task:12"`` -> ``("task", 12)``; ValueError for anything that is not a kind and a
    database-sized positive number (superscripts, signs, NULs, 20 digits included)."""
    kind, _sep, pk = value.partition(":")
    if not (pk.isascii() and pk.isdigit() and len(pk) <= 19) or not 0 < int(pk) <= MAX_PK:
        raise ValueError(value)
    return kind, int(pk)


def _years(*dates) -> list[int] | None:
    years = [d.year for d in dates if d]
    return [min(years), max(years)] if years else None


def commitment_facts() -> dict[int, dict]:
    """Per commitment pk: partners (codes), short name, lead agency code, kind."""
    facts: dict[int, dict] = {}
    rows = Commitment.objects.values_list(
        "pk", "short_name", "lead_agency__code", "kind", "signed_on"
    )
    for pk, short, lead, kind, signed in rows.iterator(chunk_size=5_000):
        facts[pk] = {"short": short, "lead": lead, "kind": kind, "signed": signed, "partners": []}
    through = Commitment.partners.through.objects.values_list("commitment_id", "partner__code")
    for pk, partner in through.iterator(chunk_size=20_000):
        facts[pk]["partners"].append(partner)
    return facts


def _only(qs, pks):
    return qs if pks is None else qs.filter(pk__in=pks)


def commitment_items(facts: dict[int, dict], pks=None) -> Iterator[Item]:
    rows = _only(Commitment.objects.filter(is_reference=False), pks).values_list(
        "pk", "title_vi", "title_en"
    )
    for pk, title_vi, title_en in rows.iterator(chunk_size=5_000):
        f = facts[pk]
        yield Item(
            key(ItemKind.COMMITMENT, pk),
            title_en or title_vi,
            "en" if title_en else "vi",
            {
                "agency": f["lead"],
                "partners": f["partners"],
                "period": _years(f["signed"]),
                "instruments": [f["short"]] if f["short"] else [],
                "commitment": pk,
            },
        )


def obligation_items(facts: dict[int, dict], pks=None) -> Iterator[Item]:
    rows = _only(Obligation.objects.filter(commitment__is_reference=False), pks).values_list(
        "pk", "text", "commitment_id", "lead_agency__code", "due_on"
    )
    for pk, text, commitment, lead, due in rows.iterator(chunk_size=5_000):
        f = facts[commitment]
        yield Item(
            key(ItemKind.OBLIGATION, pk),
            text,
            "",
            {
                "agency": lead or f["lead"],
                "partners": f["partners"],
                "period": _years(due),
                "commitment": commitment,
            },
        )


def task_items(facts: dict[int, dict], pks=None) -> Iterator[Item]:
    served: dict[int, set[int]] = defaultdict(set)
    links = Task.obligations.through.objects.values_list("task_id", "obligation__commitment_id")
    plans = Task.objects.filter(plan__commitments__isnull=False).values_list(
        "pk", "plan__commitments"
    )
    if pks is not None:
        links, plans = links.filter(task_id__in=pks), plans.filter(pk__in=pks)
    # A task serves its obligations' commitments, and its plan's.
    for task, commitment in itertools.chain(links.iterator(chunk_size=20_000), plans.iterator()):
        served[task].add(commitment)
    rows = _only(Task.objects, pks).values_list(
        "pk", "title", "deliverable", "lead_agency__code", "starts_on", "due_on"
    )
    for pk, title, deliverable, lead, starts, due in rows.iterator(chunk_size=5_000):
        commitments = sorted(served.get(pk, ()))
        # The title is the work; descriptions often carry the source's boilerplate.
        yield Item(
            key(ItemKind.TASK, pk),
            title,
            "vi",
            task_meta(
                lead, [facts[c] for c in commitments if c in facts], starts, due, deliverable
            ),
        )


def task_meta(lead: str, commitments: list[dict], starts, due, deliverable: str) -> dict:
    """The engine's ``meta`` of a task (also for a task not saved yet, before saving).

    The commitments a task serves give its partners, not its "instruments": tasks of several
    ministries implementing one agreement share it as context, which says nothing about their
    being the same work (the demo's RCEP focal-point tasks all would pair up). Likewise an
    obligation's commitment is not its instrument: the same UPR recommendation received in two
    cycles must still pair. Named instruments come from the text itself.
    """
    return {
        "agency": lead,
        "partners": sorted({p for c in commitments for p in c["partners"]}),
        "period": _years(starts, due),
        "deliverable": deliverable,
    }


def register_items() -> list[Item]:
    """Every commitment, obligation and task of the register as engine items."""
    facts = commitment_facts()
    return [*commitment_items(facts), *obligation_items(facts), *task_items(facts)]


def comparable(a: Item, b: Item) -> bool:
    """Whether a pair is worth a coordinator's look (before any scoring).

    Same kind only; two tasks only when different agencies lead them (the same agency's plan is
    its own business); two obligations only of different commitments (one treaty's articles are
    its structure, not a duplicate). Commitments and obligations of the same agency stay: a
    promise repeated in a later statement is what the register must see.
    """
    kind_a, kind_b = a.id.split(":", 1)[0], b.id.split(":", 1)[0]
    if kind_a != kind_b:
        return False
    if kind_a == ItemKind.TASK:
        return a.meta.get("agency") != b.meta.get("agency")
    if kind_a == ItemKind.OBLIGATION:
        return a.meta.get("commitment") != b.meta.get("commitment")
    return True


########## What a reader may see of an item ##########

_MODELS = {
    ItemKind.COMMITMENT: Commitment,
    ItemKind.OBLIGATION: Obligation,
    ItemKind.TASK: Task,
}


@dataclass(frozen=True)
class Seen:
    """One item as a reader may see it: ``visible`` False means only kind and lead agency."""

    key: str
    kind: str
    kind_label: str
    agency: Agency | None
    visible: bool
    title: str = ""
    url: str = ""
    context: str = ""  # the commitment or plan it belongs to, only when visible
    exists: bool = True


def kind_label(kind: str, obj=None) -> str:
    is_sentence = kind == ItemKind.OBLIGATION and obj is not None
    if is_sentence and obj.commitment.kind == Commitment.Kind.LEADERS_STATEMENT:
        return _("Statement sentence")
    return str(ItemKind(kind).label) if kind in ItemKind.values else kind


def _lead_of(kind: str, obj) -> Agency | None:
    if kind == ItemKind.OBLIGATION:
        return obj.lead_agency or obj.commitment.lead_agency
    if kind == ItemKind.PLAN:
        return obj.agency
    return obj.lead_agency


def _fetch(kind: str, pks: Iterable[int]) -> dict[int, object]:
    if kind == ItemKind.COMMITMENT:
        qs = Commitment.objects.select_related("lead_agency")
    elif kind == ItemKind.OBLIGATION:
        qs = Obligation.objects.select_related(
            "lead_agency", "commitment", "commitment__lead_agency"
        )
    elif kind == ItemKind.TASK:
        qs = Task.objects.select_related("lead_agency", "plan")
    else:
        qs = ActionPlan.objects.select_related("agency")
    return qs.in_bulk(list(pks))


def _visible_pks(user, kind: str, pks: set[int]) -> set[int]:
    if kind == ItemKind.PLAN:
        from camket.obligations.access import visible_plans

        return set(visible_plans(user).filter(pk__in=pks).values_list("pk", flat=True))
    model = _MODELS[kind]
    return set(model.objects.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


def describe(user, keys: Iterable[str]) -> dict[str, Seen]:
    """What ``user`` may see of each item in ``keys`` (batched: two queries per kind).

    A missing item comes back with ``exists=False``; an item ``user`` may not open comes back
    with ``visible=False`` and nothing but its kind and lead agency.
    """
    by_kind: dict[str, set[int]] = defaultdict(set)
    for value in keys:
        kind, pk = split_key(value)
        by_kind[kind].add(pk)
    seen: dict[str, Seen] = {}
    for kind, pks in by_kind.items():
        rows = _fetch(kind, pks)
        visible = _visible_pks(user, kind, set(rows))
        for pk in pks:
            k = key(kind, pk)
            obj = rows.get(pk)
            if obj is None:
                seen[k] = Seen(k, kind, kind_label(kind), None, False, exists=False)
                continue
            agency = _lead_of(kind, obj)
            if pk not in visible:
                # Neutral label: "Statement sentence" would tell a hidden commitment's kind.
                seen[k] = Seen(k, kind, kind_label(kind), agency, False)
                continue
            label = kind_label(kind, obj)
            seen[k] = Seen(k, kind, label, agency, True, *_title_url_context(kind, obj))
    return seen


def _title_url_context(kind: str, obj) -> tuple[str, str, str]:
    if kind == ItemKind.COMMITMENT:
        return obj.title, obj.get_absolute_url(), obj.short_name or ""
    if kind == ItemKind.OBLIGATION:
        short = obj.commitment.short_name or obj.commitment.title
        return obj.text, obj.get_absolute_url(), short
    if kind == ItemKind.TASK:
        return obj.title, obj.get_absolute_url(), obj.plan.title
    return obj.title, obj.get_absolute_url(), ""
