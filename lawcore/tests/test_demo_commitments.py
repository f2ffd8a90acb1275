"""Checks on the built-in demo register of real commitments (camket/registry/demo/commitments.json).

Plain pytest, no Django: schema keys, unique codes, resolvable relations, valid party codes, the
lifecycle rules of :mod:`lawcore.lifecycle`, and the minimum coverage the demo promises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from lawcore.lifecycle import EVENT_KINDS, Event, check_events

DATA = Path(__file__).resolve().parents[2] / "camket" / "registry" / "demo" / "commitments.json"

REQUIRED = {
    "code",
    "kind",
    "level",
    "scope",
    "title_vi",
    "title_en",
    "short_name",
    "partners",
    "lead_agency",
    "sectors",
    "confidentiality",
    "summary_vi",
    "summary_en",
    "events",
    "sources",
}
OPTIONAL = {"supporting_agencies", "affected_groups", "relations", "wto_rta_id", "tota_id"}
KINDS = {
    "treaty": "treaty",
    "international_agreement": "agreement",
    "leaders_statement": "statement",
}
LEVELS = {"state", "government", "ministry", "province", "party", "national_assembly", "other"}
SCOPES = {"bilateral", "regional", "multilateral"}
ORGS = {
    "ASEAN",
    "EU",
    "EAEU",
    "UN",
    "WTO",
    "ILO",
    "IMO",
    "ICAO",
    "WHO",
    "UNESCO",
    "FAO",
    "IAEA",
    "WIPO",
    "HCCH",
    "EFTA",
}
SECTORS = {
    "trade",
    "customs",
    "investment",
    "services",
    "intellectual_property",
    "labour",
    "environment",
    "climate",
    "human_rights",
    "defence",
    "security",
    "maritime",
    "agriculture",
    "health",
    "education",
    "science_technology",
    "digital",
    "energy",
    "transport",
    "finance",
    "culture",
    "tourism",
    "justice",
    "migration",
    "development_cooperation",
}
GROUPS = {
    "exporters",
    "importers",
    "workers",
    "farmers",
    "investors",
    "consumers",
    "citizens",
    "localities",
}
CENTRAL_AGENCIES = {
    "bqp",
    "bca",
    "bng",
    "bnv",
    "btp",
    "btc",
    "bct",
    "bnnmt",
    "bxd",
    "bvhttdl",
    "bkhcn",
    "bgddt",
    "byt",
    "bdttg",
    "nhnn",
    "ttcp",
    "vpcp",
    "tandtc",
    "vksndtc",
    "ktnn",
    "vpqh",
    "vpctn",
    "mttq",
}
RELATION_KINDS = {
    "amends",
    "protocol_to",
    "supersedes",
    "implements",
    "derived_from",
    "incorporates",
}
# Allow-list of current ISO 3166-1 alpha-3 codes that the demo data may use.
ISO3 = {
    "ARE",
    "ARG",
    "ARM",
    "AUS",
    "BEN",
    "BGD",
    "BLR",
    "BOL",
    "BRA",
    "BRN",
    "CAN",
    "CHL",
    "CHN",
    "CMR",
    "COL",
    "CUB",
    "DZA",
    "ECU",
    "EGY",
    "FRA",
    "GBR",
    "GHA",
    "GIN",
    "GUY",
    "HKG",
    "IDN",
    "IND",
    "IRN",
    "IRQ",
    "ISR",
    "JPN",
    "KAZ",
    "KGZ",
    "KHM",
    "KOR",
    "LAO",
    "LBY",
    "LKA",
    "MAR",
    "MEX",
    "MKD",
    "MMR",
    "MOZ",
    "MYS",
    "NGA",
    "NIC",
    "NZL",
    "PAK",
    "PER",
    "PHL",
    "PRK",
    "ROU",
    "RUS",
    "SDN",
    "SGP",
    "THA",
    "TTO",
    "TUN",
    "TZA",
    "USA",
    "VEN",
    "VNM",
    "ZWE",
}
# The EU Member States (parties to EVIPA with the EU), the United Kingdom (CPTPP) and
# Timor-Leste (ASEAN Charter): SOURCES.md, corrections of November 2026.
ISO3 |= {
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
    "GBR",
    "TLS",
}
FTA_SHORT_NAMES = {
    "AFTA",
    "ATIGA",
    "ACFTA",
    "AKFTA",
    "AJCEP",
    "VJEPA",
    "AIFTA",
    "AANZFTA",
    "VCFTA",
    "VKFTA",
    "VN-EAEU FTA",
    "CPTPP",
    "AHKFTA",
    "EVFTA",
    "UKVFTA",
    "RCEP",
    "VIFTA",
    "VN-UAE CEPA",
}
FTA_COMPANIONS = {"TPP", "AHKIA", "EVIPA"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    if not DATA.exists():
        pytest.fail(f"missing demo data file {DATA}")
    text = DATA.read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text), "demo data must be NFC-normalised"
    data = json.loads(text)
    assert isinstance(data, list) and data
    return data


def test_keys_and_vocabularies(records):
    for r in records:
        code = r.get("code")
        assert set(r) >= REQUIRED, (code, REQUIRED - set(r))
        assert set(r) <= REQUIRED | OPTIONAL, (code, set(r) - REQUIRED - OPTIONAL)
        assert all(v is not None for v in r.values()), code
        assert r["kind"] in KINDS, code
        assert re.fullmatch(rf"vn/{KINDS[r['kind']]}/\d{{4}}/[a-z0-9][a-z0-9-]*", code), code
        assert r["level"] in LEVELS and r["scope"] in SCOPES, code
        assert r["confidentiality"] == "public", code
        assert set(r["sectors"]) <= SECTORS and r["sectors"], code
        assert set(r.get("affected_groups", [])) <= GROUPS, code
        for agency in [r["lead_agency"], *r.get("supporting_agencies", [])]:
            assert agency in CENTRAL_AGENCIES or (
                r["level"] == "province" and re.fullmatch(r"[a-z]+", agency)
            ), (code, agency)
        for text_key in ("title_vi", "title_en", "short_name", "summary_vi", "summary_en"):
            assert isinstance(r[text_key], str) and r[text_key].strip(), (code, text_key)
        for key in ("wto_rta_id", "tota_id"):
            assert key not in r or (isinstance(r[key], int) and r[key] > 0), code


def test_codes_unique(records):
    codes = [r["code"] for r in records]
    assert len(codes) == len(set(codes))


def test_partners_are_iso3_or_organisations(records):
    for r in records:
        assert r["partners"], r["code"]
        for p in r["partners"]:
            assert p in ORGS or p in ISO3, (r["code"], p)
        assert "VNM" not in r["partners"], r["code"]


def test_every_record_cites_an_https_source(records):
    for r in records:
        assert r["sources"], r["code"]
        for s in r["sources"]:
            assert set(s) == {"url", "title"} and s["title"].strip(), r["code"]
            assert s["url"].startswith("https://"), (r["code"], s["url"])


def test_relations_resolve(records):
    codes = {r["code"] for r in records}
    for r in records:
        for rel in r.get("relations", []):
            assert rel["kind"] in RELATION_KINDS, r["code"]
            assert rel["target"] in codes and rel["target"] != r["code"], r["code"]


def test_events_follow_the_lifecycle(records):
    for r in records:
        assert r["events"], r["code"]
        events = []
        for i, e in enumerate(r["events"]):
            assert e["kind"] in EVENT_KINDS, (r["code"], e)
            assert set(e) <= {"kind", "on", "place", "note", "instrument"}, (r["code"], e)
            events.append(Event(e["kind"], dt.date.fromisoformat(e["on"]), ref=i))
        error = check_events(r["kind"], events)
        assert error is None, f"{r['code']}: {error}"


def test_coverage(records):
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    short_names = {r["short_name"] for r in by_kind["treaty"]}
    assert short_names >= FTA_SHORT_NAMES, FTA_SHORT_NAMES - short_names
    fta_names = FTA_SHORT_NAMES | FTA_COMPANIONS
    others = [r for r in by_kind["treaty"] if r["short_name"] not in fta_names]
    assert len(others) >= 20
    statements = [
        r
        for r in by_kind["leaders_statement"]
        if any(e["kind"] == "adoption" and "2023" <= e["on"][:4] <= "2025" for e in r["events"])
    ]
    assert len(statements) >= 10
    assert len(by_kind["international_agreement"]) >= 5
