"""Public code reads the register only through ``camket/portal/visibility.py`` (issue 14, item 2).

The rule, checked on the source of every module and template of ``camket/portal`` (the portal,
open data, consultation and whatever is added there later):

* a model of the register or of the work on it (commitments and what hangs off them: events,
  documents, provisions, relations, obligations, plans, tasks, reports, assessments, laws linked
  to them…) is never queried through its manager, except through the staff scopes
  ``.objects.visible_to(user)`` / ``.objects.editable_by(user)`` (an anonymous visitor gets
  nothing from them). Reference tables that carry no confidentiality (partners, sectors,
  agencies) may be read directly;
* a commitment's related records are not read off the commitment (``commitment.events``,
  ``c.documents``…) in Python or in a template: those go through ``visibility`` too, which keeps
  the internal steps, notes, working files and links to private records out (its partners and
  sectors are public with it).

``visibility.py`` itself, ``actions.py`` (writes), ``demo.py``, migrations and tests are exempt.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps

PORTAL = Path(__file__).resolve().parents[1]
EXEMPT = {"visibility.py", "actions.py", "demo.py"}
GUARDED_APPS = (
    "registry",
    "obligations",
    "compatibility",
    "monitoring",
    "evaluation",
    "coordination",
)
REFERENCE_TABLES = {"Partner", "Sector"}  # public names, no confidentiality
STAFF_SCOPES = {"visible_to", "editable_by"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
RELATED = {
    "events",
    "documents",
    "provisions",
    "obligations",
    "relations_out",
    "relations_in",
    "carried_items",
    "supporting_agencies",
    "legal_links",
}
TEMPLATE_RULE = re.compile(
    r"\b(?:commitment|c|other)\.(?:" + "|".join(sorted(RELATED)) + r")\b", re.IGNORECASE
)


def guarded_models() -> set[str]:
    """Models of the register and of the work on it whose rows are about a commitment: the
    commitment itself and every model whose relations lead to it within three steps."""
    from camket.registry.models import Commitment

    def reaches(model, depth: int) -> bool:
        if model is Commitment:
            return True
        if depth == 0:
            return False
        targets = {
            f.related_model for f in model._meta.get_fields() if f.concrete and f.is_relation
        }
        return any(reaches(t, depth - 1) for t in targets if t is not None and t is not model)

    names = set()
    for config in apps.get_app_configs():
        parts = config.name.split(".")
        if parts[0] == "camket" and len(parts) > 1 and parts[1] in GUARDED_APPS:
            names |= {m.__name__ for m in config.get_models() if reaches(m, 3)}
    return names - REFERENCE_TABLES


def _receiver_is_a_commitment(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in {"commitment", "c"}
    return isinstance(node, ast.Attribute) and node.attr == "commitment"


def violations(source: str, models: set[str]) -> list[str]:
    """Each place in ``source`` that reads the register around the public predicate."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        if node.attr in MANAGERS and isinstance(value, ast.Name) and value.id in models:
            parent = parents.get(node)
            scoped = isinstance(parent, ast.Attribute) and parent.attr in STAFF_SCOPES
            if not scoped:
                found.append((node.lineno, node.col_offset, f"{value.id}.{node.attr}"))
        elif node.attr in RELATED and _receiver_is_a_commitment(value):
            found.append((node.lineno, node.col_offset, ast.unparse(node)))
    return [f"line {line}: {text}" for line, _col, text in sorted(found)]


def public_modules() -> list[Path]:
    return [
        path
        for path in sorted(PORTAL.rglob("*.py"))
        if path.name not in EXEMPT
        and not {"tests", "migrations"} & set(path.relative_to(PORTAL).parts)
    ]


def test_public_code_reads_commitments_only_through_the_visibility_predicate():
    models = guarded_models()
    assert {"Commitment", "CommitmentEvent", "Obligation", "ProvisionLink"} <= models
    modules = public_modules()
    assert PORTAL / "views.py" in modules
    found = {
        str(path.relative_to(PORTAL)): v
        for path in modules
        if (v := violations(path.read_text(encoding="utf-8"), models))
    }
    assert not found, (
        "Read these through camket.portal.visibility (or a staff scope, visible_to(user)):\n"
        + "\n".join(f"{path}: {', '.join(items)}" for path, items in found.items())
    )


def test_public_templates_do_not_read_a_commitments_related_records():
    found = [
        f"{path.relative_to(PORTAL)}: {match.group(0)}"
        for path in sorted(PORTAL.rglob("templates/**/*"))
        if path.is_file()
        for match in TEMPLATE_RULE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Pass these from the view, read through visibility:\n" + "\n".join(found)


def test_the_rule_catches_each_way_around_the_predicate():
    models = guarded_models()
    bad = """
from camket.registry.models import Commitment, CommitmentEvent
def view(request, code):
    commitment = Commitment.objects.get(code=code)
    events = CommitmentEvent._default_manager.filter(commitment=commitment)
    return commitment.events.all(), commitment.relations_out.all(), row.commitment.documents
"""
    assert [v.split(": ", 1)[1] for v in violations(bad, models)] == [
        "Commitment.objects",
        "CommitmentEvent._default_manager",
        "commitment.events",
        "commitment.relations_out",
        "row.commitment.documents",
    ]
    good = """
from camket.portal import visibility
from camket.registry.models import Commitment, Sector
def view(request, code):
    mine = Commitment.objects.visible_to(request.user)
    return visibility.public_events(visibility.public_commitment(code)), Sector.objects.all()
"""
    assert violations(good, models) == []
    assert TEMPLATE_RULE.search("{% for e in commitment.events.all %}")
    assert not TEMPLATE_RULE.search("{% for e in events %}{{ consultation.documents }}")
