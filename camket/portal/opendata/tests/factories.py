"""Plain values of a commitment for the register's actions, in open data tests."""

from __future__ import annotations

import datetime as dt

from camket.registry.actions import CommitmentData, EventData
from camket.registry.models import Commitment


def commitment_data(c: Commitment, **changes) -> CommitmentData:
    """``c`` as a public, signed and in-force commitment of MOIT with Korea, plus ``changes``."""
    values = {
        "code": c.code,
        "kind": c.kind,
        "level": c.level,
        "scope": c.scope,
        "title_vi": c.title_vi,
        "title_en": c.title_en,
        "short_name": c.short_name,
        "lead_agency": "bct",
        "confidentiality": Commitment.Confidentiality.PUBLIC,
        "summary_vi": "",
        "partners": ["KOR"],
        "sectors": ["trade"],
        "supporting_agencies": [],
        "events": [
            EventData("signature", dt.date(2015, 5, 5)),
            EventData("entry_into_force", dt.date(2015, 12, 20)),
        ],
    }
    values.update(changes)
    return CommitmentData(**values)
