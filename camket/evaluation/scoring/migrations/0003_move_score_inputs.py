"""Move each score's input rows into one shared ``ScoreInput`` per computation and formula.

Scores computed together (same cycle, same ``computed_at`` of their scorecard, same formula,
version, row type and parameters) read the same records, so their rows merge into one
``ScoreInput`` (sorted by id, with the digest ``compute_scorecards`` gives it); each score keeps
``counted`` and ``met`` and gets ``skipped``: the ids of its rows it did not count. Should two
scores of one group disagree on a row, they go to separate inputs. Idempotent: only scores
without a source are moved. Backwards, ``inputs`` and ``params`` are written again from the
shared rows.
"""

import hashlib
import json
from collections import defaultdict

from django.db import migrations

CHUNK = 500


def _digest(formula, version, row_type, params, text):
    head = json.dumps([formula, version, row_type, params], sort_keys=True)
    return hashlib.sha256(f"{head}\n{text}".encode()).hexdigest()


def _groups(Score):
    groups = defaultdict(list)
    pending = Score.objects.filter(source__isnull=True).exclude(formula="").order_by("pk")
    columns = ("pk", "scorecard__cycle_id", "scorecard__computed_at", "formula")
    columns += ("formula_version", "row_type", "params")
    for pk, cycle, at, formula, version, row_type, params in pending.values_list(*columns):
        key = (cycle, at, formula, version, row_type, json.dumps(params, sort_keys=True))
        groups[key].append(pk)
    return groups


def _buckets(Score, pks):
    """[(rows by id, [(score pk, skipped ids)])]: scores whose rows agree share a bucket."""
    buckets = []
    for start in range(0, len(pks), CHUNK):
        scores = Score.objects.filter(pk__in=pks[start : start + CHUNK]).order_by("pk")
        for pk, inputs, counted in scores.values_list("pk", "inputs", "counted"):
            mine = {values[0]: values for values in inputs}
            counted_ids = set(counted)
            skipped = sorted(i for i in mine if i not in counted_ids)
            for rows, members in buckets:
                if all(rows.get(i, values) == values for i, values in mine.items()):
                    rows.update(mine)
                    members.append((pk, skipped))
                    break
            else:
                buckets.append((dict(mine), [(pk, skipped)]))
    return buckets


def forward(apps, schema_editor):
    Score = apps.get_model("scoring", "Score")
    ScoreInput = apps.get_model("scoring", "ScoreInput")
    for key, pks in _groups(Score).items():
        cycle, at, formula, version, row_type, params_text = key
        params = json.loads(params_text)
        for rows, members in _buckets(Score, pks):
            text = json.dumps([rows[i] for i in sorted(rows)], separators=(",", ":"))
            digest = _digest(formula, version or 1, row_type, params, text)
            source, _created = ScoreInput.objects.get_or_create(
                cycle_id=cycle,
                digest=digest,
                defaults={
                    "formula": formula,
                    "formula_version": version or 1,
                    "row_type": row_type,
                    "params": params,
                    "rows": text,
                    "row_count": len(rows),
                    "created_at": at,
                },
            )
            for pk, skipped in members:
                Score.objects.filter(pk=pk).update(source=source, skipped=skipped)


def backward(apps, schema_editor):
    Score = apps.get_model("scoring", "Score")
    ScoreInput = apps.get_model("scoring", "ScoreInput")
    for source in ScoreInput.objects.order_by("pk").iterator():
        rows = {values[0]: values for values in json.loads(source.rows)}
        scores = Score.objects.filter(source=source).order_by("pk")
        for pk, counted, skipped in scores.values_list("pk", "counted", "skipped"):
            inputs = [rows[i] for i in sorted({*counted, *skipped})]
            Score.objects.filter(pk=pk).update(inputs=inputs, params=source.params)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_score_inputs_once_per_cycle")]

    operations = [migrations.RunPython(forward, backward)]
