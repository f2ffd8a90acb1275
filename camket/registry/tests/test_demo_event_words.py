"""The demo's events are shown on Vietnamese pages: their notes and places are Vietnamese.

The walk-through of issue 11 found CPTPP's timeline reading "National Assembly ratification"
and "Santiago, Chile" in the Vietnamese UI. Every note must be written in Vietnamese (it holds
Vietnamese letters) and every place names its country as the partner list does (MOFA's names).
"""

from __future__ import annotations

import json
import re

from camket.registry.loader import DEMO_FILE

PARTNERS = DEMO_FILE.parents[1] / "seed" / "partners.json"
# A country that no longer exists is not in today's partner list: its Vietnamese name.
FORMER_COUNTRIES = {"Nam Tư"}

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]", re.I)


def _events():
    for record in json.loads(DEMO_FILE.read_text(encoding="utf-8")):
        for event in record.get("events", []):
            yield record["code"], event


def _partner_names() -> set[str]:
    rows = json.loads(PARTNERS.read_text(encoding="utf-8"))
    return {r["name_vi"] for r in rows} | FORMER_COUNTRIES


def test_every_demo_event_note_is_vietnamese():
    english = [(code, e["note"]) for code, e in _events() if e.get("note")]
    english = [(code, note) for code, note in english if not VIETNAMESE.search(note)]
    assert english == []


def test_every_demo_event_place_names_its_country_in_vietnamese():
    countries = _partner_names()
    places = {(code, e["place"]) for code, e in _events() if e.get("place")}
    wrong = {(code, p) for code, p in places if p.rsplit(",", 1)[-1].strip() not in countries}
    assert len(places) > 20 and wrong == set()
