"""Load commitment records (the built-in demo data, or any file of the same shape).

A record is the JSON object documented in ``demo/SOURCES.md``. Loading is idempotent: a record
whose stored form already equals the file is left alone and counted as unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from camket.registry.actions import (
    CommitmentData,
    EventData,
    Lookups,
    create_commitment,
    delete_relation,
    relate_commitments,
    replace_commitment,
)
from camket.registry.models import Commitment, CommitmentRelation
from lawcore.text import nfc

DEMO_FILE = Path(__file__).parent / "demo" / "commitments.json"
SCALAR_FIELDS = (
    "kind",
    "level",
    "scope",
    "title_vi",
    "title_en",
    "short_name",
    "confidentiality",
    "summary_vi",
    "summary_en",
)


@dataclass
class LoadSummary:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _event_rows(events: list[dict]) -> list[dict]:
    rows = [
        {
            "kind": e["kind"],
            "on": str(e["on"]),
            "place": e.get("place", ""),
            "instrument": e.get("instrument", ""),
            "note": e.get("note", ""),
        }
        for e in events
    ]
    return sorted(rows, key=lambda e: (e["on"], e["kind"]))


def _normalised(record: dict) -> dict:
    """The comparable content of a record, as the file gives it."""
    data = {name: nfc(record.get(name, "")) for name in SCALAR_FIELDS}
    data["confidentiality"] = record.get("confidentiality", "public")
    data.update(
        lead_agency=record["lead_agency"],
        supporting_agencies=sorted(record.get("supporting_agencies", [])),
        partners=sorted(record.get("partners", [])),
        sectors=sorted(record.get("sectors", [])),
        affected_groups=record.get("affected_groups", []),
        source_links=record.get("sources", []),
        wto_rta_id=record.get("wto_rta_id"),
        tota_id=str(record.get("tota_id", "") or ""),
        events=_event_rows(record.get("events", [])),
    )
    return data


def _as_record(commitment: Commitment) -> dict:
    """The comparable content of a stored commitment, in the shape of :func:`_normalised`."""
    data = {name: getattr(commitment, name) for name in SCALAR_FIELDS}
    data.update(
        lead_agency=commitment.lead_agency.code,
        supporting_agencies=sorted(a.code for a in commitment.supporting_agencies.all()),
        partners=sorted(p.code for p in commitment.partners.all()),
        sectors=sorted(s.code for s in commitment.sectors.all()),
        affected_groups=commitment.affected_groups,
        source_links=commitment.source_links,
        wto_rta_id=commitment.wto_rta_id,
        tota_id=commitment.tota_id,
        events=_event_rows(commitment.events.values("kind", "on", "place", "instrument", "note")),
    )
    return data


def _data(code: str, data: dict) -> CommitmentData:
    """The normalised record as the values the commitment actions take."""
    values = {name: data[name] for name in (*SCALAR_FIELDS, "affected_groups", "source_links")}
    return CommitmentData(
        code=code,
        **values,
        lead_agency=data["lead_agency"],
        supporting_agencies=data["supporting_agencies"],
        partners=data["partners"],
        sectors=data["sectors"],
        wto_rta_id=data["wto_rta_id"],
        tota_id=data["tota_id"],
        events=[EventData(**dict(e, on=dt.date.fromisoformat(e["on"]))) for e in data["events"]],
    )


def load_record(record: dict, lookups: Lookups, acting_user=None) -> str:
    """Insert or update one record through the commitment actions; return the outcome.

    Returns "inserted", "updated" or "unchanged"; an invalid record raises ValidationError
    (translated, naming the record's code).
    """
    data = _normalised(record)
    commitment = Commitment.objects.filter(code=record["code"]).first()
    if commitment is not None and _as_record(commitment) == data:
        return "unchanged"
    values = _data(record["code"], data)
    if commitment is None:
        create_commitment(
            values, acting_user=acting_user, action="commitment.imported", lookups=lookups
        )
        return "inserted"
    replace_commitment(commitment, values, acting_user=acting_user, lookups=lookups)
    return "updated"


def _load_relations(records: list[dict], acting_user=None) -> None:
    for record in records:
        for rel in record.get("relations", []):
            relate_commitments(record["code"], rel["target"], rel["kind"], acting_user=acting_user)
            _drop_other_kinds(record["code"], rel["target"], rel["kind"], acting_user)


def _drop_other_kinds(source: str, target: str, kind: str, acting_user) -> None:
    """The file states how ``source`` relates to ``target``: a relation of another kind between
    the two, loaded from an earlier version of the file, is corrected (deleted, audited)."""
    pair = CommitmentRelation.objects.filter(source__code=source, target__code=target)
    stale = pair.exclude(kind=kind)
    for relation in stale.select_related("source"):
        delete_relation(
            relation, acting_user=acting_user, action="relation.corrected", after={"kind": kind}
        )


@transaction.atomic
def load_records(records: list[dict], acting_user=None, progress=None) -> LoadSummary:
    """Load ``records`` in one transaction; any invalid record rolls back the whole file."""
    lookups = Lookups.load()
    summary = LoadSummary()
    for record in records:
        outcome = load_record(record, lookups, acting_user)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if progress:
            progress(record)
    _load_relations(records, acting_user)
    return summary


def load_file(path: Path = DEMO_FILE, acting_user=None, progress=None) -> LoadSummary:
    records = json.loads(path.read_text(encoding="utf-8"))
    return load_records(records, acting_user, progress)
