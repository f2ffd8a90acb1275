"""docs/glossary.md covers every model of every app, with the Vietnamese name its pages use."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.utils import translation

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def _rows() -> dict[str, str]:
    """model label (``app.Model``) → the Vietnamese cell of its row."""
    rows = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2:
            continue
        for label in re.findall(r"`([a-z_]+\.[A-Z]\w*)`", cells[1]):
            rows[label] = cells[0]
    return rows


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("camket.")]


def test_glossary_names_every_model_with_its_vietnamese_name():
    rows = _rows()
    missing, different = [], []
    with translation.override("vi"):
        for model in _project_models():
            label = f"{model._meta.app_label}.{model.__name__}"
            if label not in rows:
                missing.append(label)
                continue
            vietnamese = str(model._meta.verbose_name)
            # Internal models without a translated name (search index, counts) only need a row.
            translated = re.search("[^\x00-\x7f]", vietnamese)
            if translated and vietnamese.lower() != rows[label].lower():
                different.append(f"{label}: glossary {rows[label]!r}, pages {vietnamese!r}")
    assert not missing, "models missing from docs/glossary.md: " + ", ".join(missing)
    assert not different, "glossary and catalogue disagree:\n" + "\n".join(different)


def test_glossary_lists_no_model_that_does_not_exist():
    known = {f"{m._meta.app_label}.{m.__name__}" for m in _project_models()}
    assert set(_rows()) - known == set()
