"""Load commitment records (the built-in demo data, or any file of the same shape).

A record is the JSON object documented in ``demo/SOURCES.md``. Loading is idempotent: a record
whose stored form already equals the file is left alone and counted as unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from camket.agencies.models import Agency
from camket.audit.actions import record_audit, snapshot
from camket.registry.actions import refresh_status
from camket.registry.models import Commitment, CommitmentEvent, CommitmentRelation, Partner, Sector
from camket.registry.search import reindex_commitment
from lawcore import lifecycle
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


def _apply(commitment: Commitment, data: dict, lookups: tuple[dict, dict, dict]) -> None:
    agencies, partners, sectors = lookups
    for name in (*SCALAR_FIELDS, "affected_groups", "source_links", "wto_rta_id", "tota_id"):
        setattr(commitment, name, data[name])
    commitment.lead_agency = agencies[data["lead_agency"]]
    events = [dict(e, on=dt.date.fromisoformat(e["on"])) for e in data["events"]]
    refresh_status(commitment, [lifecycle.Event(e["kind"], e["on"]) for e in events])
    commitment.save()
    commitment.partners.set([partners[c] for c in data["partners"]])
    commitment.sectors.set([sectors[c] for c in data["sectors"]])
    commitment.supporting_agencies.set([agencies[c] for c in data["supporting_agencies"]])
    commitment.events.all().delete()
    CommitmentEvent.objects.bulk_create(CommitmentEvent(commitment=commitment, **e) for e in events)


def _check_references(data: dict, code: str, lookups: tuple[dict, dict, dict]) -> None:
    agencies, partners, sectors = lookups
    wanted = [("lead_agency", data["lead_agency"], agencies)]
    wanted += [("supporting_agencies", c, agencies) for c in data["supporting_agencies"]]
    wanted += [("partners", c, partners) for c in data["partners"]]
    wanted += [("sectors", c, sectors) for c in data["sectors"]]
    for field_name, value, known in wanted:
        if value not in known:
            raise ValidationError(f"{code}: unknown {field_name} code {value!r}")


def load_record(record: dict, lookups: tuple[dict, dict, dict], acting_user=None) -> str:
    """Insert or update one record; return "inserted", "updated" or "unchanged"."""
    data = _normalised(record)
    _check_references(data, record["code"], lookups)
    commitment = Commitment.objects.filter(code=record["code"]).first()
    if commitment is not None and _as_record(commitment) == data:
        return "unchanged"
    before = snapshot(commitment) if commitment else None
    commitment = commitment or Commitment(code=record["code"])
    _apply(commitment, data, lookups)
    reindex_commitment(commitment, provisions=False)
    action = "commitment.imported" if before is None else "commitment.reimported"
    record_audit(commitment, action, acting_user, before=before, after=snapshot(commitment))
    return "inserted" if before is None else "updated"


def _load_relations(records: list[dict]) -> None:
    codes = {
        c.code: c
        for c in Commitment.objects.filter(
            code__in={r["code"] for r in records}
            | {rel["target"] for r in records for rel in r.get("relations", [])}
        )
    }
    for record in records:
        for rel in record.get("relations", []):
            if rel["target"] not in codes:
                raise ValidationError(f"{record['code']}: relation to unknown {rel['target']}")
            CommitmentRelation.objects.get_or_create(
                source=codes[record["code"]], target=codes[rel["target"]], kind=rel["kind"]
            )


@transaction.atomic
def load_records(records: list[dict], acting_user=None, progress=None) -> LoadSummary:
    """Load ``records`` in one transaction; any invalid record rolls back the whole file."""
    lookups = (
        {a.code: a for a in Agency.objects.all()},
        {p.code: p for p in Partner.objects.all()},
        {s.code: s for s in Sector.objects.all()},
    )
    summary = LoadSummary()
    for record in records:
        outcome = load_record(record, lookups, acting_user)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        if progress:
            progress(record)
    _load_relations(records)
    return summary


def load_file(path: Path = DEMO_FILE, acting_user=None, progress=None) -> LoadSummary:
    records = json.loads(path.read_text(encoding="utf-8"))
    return load_records(records, acting_user, progress)
