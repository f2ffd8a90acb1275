"""Audit rows as one reader may see them.

An audit row stores text written at the time of the change (``object_repr``, ``before``,
``after``); it may name a record that the reader may not open, e.g. "a public commitment
implements a restricted one". Every page that lists audit rows passes them through
:func:`readable_rows`, which masks the row's label and the values that point at such a record.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from camket.audit.models import AuditEvent


def _commitment_fields(model) -> dict[str, tuple[str, str]]:
    """Snapshot keys of ``model`` that point at a commitment or an obligation.

    key → (target, how): target is "commitment" or "obligation"; how is "pk" for a foreign key
    (the snapshot holds ``<name>_id``) or the value a many-to-many snapshot lists ("code"/"pk").
    """
    from camket.obligations.models import Obligation
    from camket.registry.models import Commitment

    targets = {Commitment: "commitment", Obligation: "obligation"}
    found = {}
    for field in model._meta.get_fields():
        target = targets.get(getattr(field, "related_model", None))
        if target is None or not getattr(field, "concrete", False):
            continue
        if field.many_to_many:
            found[field.name] = (target, "code" if target == "commitment" else "pk")
        elif field.many_to_one or field.one_to_one:
            found[field.attname] = (target, "pk")
    return found


def _model_of(row: AuditEvent):
    label = row.object_key.split(":", 1)[0]
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _references(row: AuditEvent, fields) -> list[tuple[str, str, str, object]]:
    """(snapshot key, target, how, value) for each commitment or obligation the row names."""
    found = []
    for snapshot in (row.before or {}, row.after or {}):
        for key, (target, how) in fields.items():
            value = snapshot.get(key)
            values = value if isinstance(value, list) else [value]
            found += [(key, target, how, _normal(v, how)) for v in values if v not in (None, "")]
    return found


def _normal(value, how: str):
    """Many-to-many snapshots list primary keys as strings; compare them as numbers."""
    if how == "pk" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _visible(references, user) -> set[tuple[str, str, str]]:
    """The (target, how, value) among ``references`` that ``user`` may read."""
    from camket.obligations.models import Obligation
    from camket.registry.models import Commitment

    wanted: dict[tuple[str, str], set] = {}
    for _key, target, how, value in references:
        wanted.setdefault((target, how), set()).add(value)
    visible = set()
    for (target, how), values in wanted.items():
        qs = (Commitment if target == "commitment" else Obligation).objects.visible_to(user)
        lookup = {f"{how}__in": [v for v in values if _is_key(v, how)]}
        visible |= {(target, how, v) for v in qs.filter(**lookup).values_list(how, flat=True)}
    return visible


def _is_key(value, how: str) -> bool:
    return isinstance(value, str) if how == "code" else isinstance(value, int)


def readable_rows(rows, user) -> list[AuditEvent]:
    """``rows`` with what ``user`` may not read masked (in memory; nothing is saved).

    A row naming a commitment (or an obligation of one) that ``user`` may not open loses its
    label, and the values pointing at that record read "hidden"; the rest of the row stays.
    """
    rows = list(rows)
    cache: dict[type, dict] = {}
    per_row = []
    for row in rows:
        model = _model_of(row)
        if model is None:
            per_row.append([])
            continue
        if model not in cache:
            cache[model] = _commitment_fields(model)
        per_row.append(_references(row, cache[model]))
    visible = _visible([r for refs in per_row for r in refs], user)
    hidden_text = _("(a record you may not read)")
    for row, refs in zip(rows, per_row, strict=True):
        hidden_keys = {key for key, target, how, v in refs if (target, how, v) not in visible}
        if not hidden_keys:
            continue
        row.object_repr = hidden_text
        row.before = _mask(row.before, hidden_keys, hidden_text)
        row.after = _mask(row.after, hidden_keys, hidden_text)
    return rows


def _mask(snapshot: dict | None, keys: set[str], text: str) -> dict | None:
    if snapshot is None:
        return None
    return {k: (text if k in keys else v) for k, v in snapshot.items()}


########## What a person reads: a sentence per action, field labels, value labels ##########

# One phrase per audit action code (the code itself never reaches a page).
ACTION_LABELS = {
    "admin.added": _lazy("Added in the administration"),
    "admin.changed": _lazy("Changed in the administration"),
    "admin.deleted": _lazy("Deleted in the administration"),
    "candidate.rejected": _lazy("Candidate rejected"),
    "commitment.created": _lazy("Commitment created"),
    "commitment.demo": _lazy("Commitment added for the demonstration"),
    "commitment.deleted": _lazy("Commitment deleted"),
    "commitment.generated": _lazy("Commitment generated (load test)"),
    "commitment.imported": _lazy("Commitment imported"),
    "commitment.reimported": _lazy("Commitment imported again"),
    "commitment.tota_inserted": _lazy("Treaty text imported from ToTA"),
    "commitment.tota_updated": _lazy("Treaty text updated from ToTA"),
    "commitment.updated": _lazy("Commitment updated"),
    "criterion.added": _lazy("Criterion added to a draft criteria set"),
    "criterion.removed": _lazy("Criterion removed from a draft criteria set"),
    "criterion.updated": _lazy("Criterion of a draft criteria set changed"),
    "cycle.closed": _lazy("Reporting cycle closed"),
    "cycle.opened": _lazy("Reporting cycle opened"),
    "cycle.reports_added": _lazy("Reports added to the reporting cycle"),
    "cycle.sample_created": _lazy("Sample reporting cycle created"),
    "document.added": _lazy("Document added"),
    "document.deleted": _lazy("Document deleted"),
    "event.deleted": _lazy("Event deleted"),
    "event.recorded": _lazy("Event recorded"),
    "expert.engaged": _lazy("Expert engaged (conflict-of-interest check recorded)"),
    "expert.registered": _lazy("Expert registered in the roster"),
    "expert.updated": _lazy("Expert's record changed"),
    "legal_document.inserted": _lazy("Legal document imported"),
    "legal_document.updated": _lazy("Legal document updated"),
    "legislative_action.opened": _lazy("Legislative action opened"),
    "legislative_action.updated": _lazy("Legislative action updated"),
    "link.confirmed": _lazy("Link confirmed"),
    "link.rejected": _lazy("Link rejected"),
    "links.proposed": _lazy("Links proposed"),
    "membership.changed": _lazy("Role changed"),
    "membership.granted": _lazy("Role granted"),
    "membership.revoked": _lazy("Role revoked"),
    "milestone.saved": _lazy("Milestone saved"),
    "notification.read": _lazy("Notification read"),
    "notifications.read": _lazy("Notifications read"),
    "obligation.carried_into": _lazy("Obligation carried into another commitment"),
    "obligation.created": _lazy("Obligation created"),
    "obligation.deleted": _lazy("Obligation deleted"),
    "obligation.generated": _lazy("Obligation generated (load test)"),
    "obligation.imported": _lazy("Obligation imported"),
    "obligation.updated": _lazy("Obligation updated"),
    "partner.created": _lazy("Partner added from the seed list"),
    "partner.updated": _lazy("Partner names updated from the seed list"),
    "plan.approved": _lazy("Plan approved"),
    "plan.commitment_added": _lazy("Commitment added to the plan"),
    "plan.created": _lazy("Plan created"),
    "plan.drafted_at_signature": _lazy("Draft plan made at signature"),
    "plan.generated": _lazy("Plan generated (load test)"),
    "plan.imported": _lazy("Plan imported"),
    "plan.returned": _lazy("Plan returned"),
    "plan.submitted": _lazy("Plan submitted"),
    "plan.updated": _lazy("Plan updated"),
    "provision.added": _lazy("Provision added"),
    "relation.added": _lazy("Relation added"),
    "relation.deleted": _lazy("Relation deleted"),
    "relation.corrected": _lazy("Relation corrected"),
    "relation.imported": _lazy("Relation imported"),
    "report.approved": _lazy("Report approved"),
    "report.evidence_added": _lazy("Evidence added to the report"),
    "report.generated": _lazy("Report generated (load test)"),
    "report.returned": _lazy("Report returned"),
    "report.sample": _lazy("Sample report created"),
    "report.saved": _lazy("Report saved"),
    "report.submitted": _lazy("Report submitted"),
    "task.created": _lazy("Task created"),
    "task.deleted": _lazy("Task deleted"),
    "task.drafted_at_signature": _lazy("Task drafted at signature from the feasibility assessment"),
    "task.from_remedy": _lazy("Task created from a review's remedy"),
    "task.generated": _lazy("Task generated (load test)"),
    "task.imported": _lazy("Task imported"),
    "task.updated": _lazy("Task updated"),
    "urging.sent": _lazy("Urging notice sent"),
    "user.changed": _lazy("Account changed"),
    "user.created": _lazy("Account created"),
    "user.deleted": _lazy("Account deleted"),
    "user.password_changed": _lazy("Password changed"),
    "user.password_disabled": _lazy("Password disabled"),
}


def action_label(action: str) -> str:
    """The phrase for ``action``; an action without one reads as "Change" (never its code)."""
    return str(ACTION_LABELS.get(action, _("Change")))


def _field_of(model, key: str):
    if model is None:
        return None
    for f in model._meta.get_fields():
        if key in (f.name, getattr(f, "attname", None)):
            return f
    return None


# Records a value may be shown by name: lookup tables everyone reads, and commitments and
# obligations, whose keys :func:`readable_rows` has already masked where the reader may not read.
NAMED_RELATED = {
    "agencies.agency",
    "registry.partner",
    "registry.sector",
    "registry.commitment",
    "obligations.obligation",
}


def _affected_groups():
    from camket.registry.models import Commitment

    return Commitment.AffectedGroup.choices


# List fields without choices whose items are stored codes with labels (e.g. "exporters").
LABELLED_LISTS = {"affected_groups": _affected_groups}


def _value_text(field, value, hidden_text: str) -> str:
    """A snapshot value as words: choice labels, related records by name, Có/Không, dates."""
    if value in (None, "", []):
        return "–"
    if value == hidden_text:
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_value_text(field, v, hidden_text) for v in value)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if getattr(field, "name", None) in LABELLED_LISTS and isinstance(value, str):
        return str(dict(LABELLED_LISTS[field.name]()).get(value, value))
    related = getattr(field, "related_model", None) if field is not None else None
    if related is not None and related._meta.label_lower in NAMED_RELATED:
        lookup = "code" if isinstance(value, str) and not value.isdigit() else "pk"
        if lookup == "pk" or any(f.name == "code" for f in related._meta.fields):
            found = related._default_manager.filter(**{lookup: value}).first()
            if found is not None:
                return str(found)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"  # an ISO date from a snapshot
    moment = _iso_moment(value)
    if moment is not None:  # an ISO date-time from a snapshot, in the site's time zone
        return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    return str(value)


def _iso_moment(value):
    """The aware date-time an ISO string with a time and an offset stands for, else None."""
    if not isinstance(value, str) or len(value) < 19 or value[10:11] != "T":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


# Fields whose model gives no translated name, as the history names them.
FIELD_WORDS = {
    "source": _lazy("from commitment"),
    "target": _lazy("to commitment"),
    "commitment": _lazy("commitment"),
    "task": _lazy("task"),
    "user": _lazy("account"),
    "agency": _lazy("agency"),
    "parent": _lazy("part of"),
    "document": _lazy("document"),
    "link": _lazy("link"),
    "obligation": _lazy("obligation"),
    "provision": _lazy("provision"),
}


def _field_label(field, key: str) -> str | None:
    """The translated name of a snapshot key; None for a field a person never edits."""
    name = getattr(field, "name", key.removesuffix("_id"))
    verbose = getattr(field, "verbose_name", None)
    if isinstance(verbose, Promise):
        return str(verbose)
    if name in FIELD_WORDS:
        return str(FIELD_WORDS[name])
    if field is None and key in ("provisions", "count"):
        return str(_("provisions"))
    return None


def changes(row: AuditEvent, model=None) -> list[tuple[str, str, str]]:
    """(field label, before, after) of ``row`` in words, for a page."""
    model = model or _model_of(row)
    hidden_text = _("(a record you may not read)")
    found = []
    for key, before, after in row.changed_fields():
        field = _field_of(model, key)
        label = _field_label(field, key)
        if label is None:
            continue  # an internal field (search columns, checksums, version): not history
        found.append(
            (
                str(label),
                _value_text(field, before, hidden_text),
                _value_text(field, after, hidden_text),
            )
        )
    return found


def described_rows(rows, user) -> list[AuditEvent]:
    """:func:`readable_rows`, each with ``action_text`` and ``changes`` in words for a page."""
    rows = readable_rows(rows, user)
    for row in rows:
        row.action_text = action_label(row.action)
        row.changes = changes(row)
    return rows
