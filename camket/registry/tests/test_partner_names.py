"""Country names as MOFA writes them reach existing databases; lists show names, not codes."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.registry.models import Partner

pytestmark = pytest.mark.django_db

MOFA_FORMS = {
    "AFG": "Áp-ga-ni-xtan",
    "LUX": "Lúc-xăm-bua",
    "ARG": "Ác-hen-ti-na",
    "IRL": "Ai-len",
    "AUT": "Áo",
    "CZE": "Séc",
    "TUR": "Thổ Nhĩ Kỳ",
}


def test_sync_partners_renames_an_old_database_once_and_audits_it():
    Partner.objects.filter(code="LUX").update(name_vi="Lục Xâm Bảo")  # as seeded before
    Partner.objects.filter(code="CZE").update(name_vi="Czechia")
    out = io.StringIO()
    call_command("sync_partners", stdout=out)
    assert "updated 2" in out.getvalue()
    names = dict(Partner.objects.filter(code__in=MOFA_FORMS).values_list("code", "name_vi"))
    assert names == MOFA_FORMS
    assert AuditEvent.objects.filter(action="partner.updated").count() == 2
    again = io.StringIO()
    call_command("sync_partners", stdout=again)
    assert "inserted 0, updated 0" in again.getvalue()


def test_register_list_names_partners_not_iso_codes(client, coordinator, vkfta):
    client.force_login(coordinator)
    page = client.get("/register/").content.decode()
    row = page[page.index(vkfta.title_vi) :]
    row = row[: row.index("</tr>")]
    assert "Hàn Quốc" in row and "KOR" not in row
    chips = client.get("/register/?kind=treaty&partner=KOR").content.decode()
    assert "Loại: Điều ước quốc tế" in chips and "Đối tác: Hàn Quốc" in chips
    assert "kind: treaty" not in chips


SEED = Path(__file__).resolve().parents[1] / "seed" / "partners.json"
# Names from before the phonetic forms (Sino-Vietnamese readings, or calques) that MOFA no longer
# writes for a country, and the English names a copied ISO list brings in.
OLD_FORMS = {
    "A Phú Hãn",
    "Lục Xâm Bảo",
    "Á Căn Đình",
    "Á-căn-đình",
    "Ái Nhĩ Lan",
    "Tích Lan",
    "Băng Đảo",
    "Ba Tư",
    "Hoà Lan",
    "Hòa Lan",
    "Tân Tây Lan",
    "Gia Nã Đại",
    "Mễ Tây Cơ",
    "Phi Luật Tân",
    "Miến Điện",
    "Tân Gia Ba",
    "Úc Đại Lợi",
    "Ý Đại Lợi",
    "Đảo Băng",
    "Nam Tư",
    "Tiệp Khắc",
}


def _countries():
    return [row for row in json.loads(SEED.read_text(encoding="utf-8")) if row["kind"] == "country"]


def test_no_country_in_the_seed_keeps_an_english_name():
    """Vietnamese has no f, j, w or z; and no word of the English name of length 4+ stays as is."""
    english = []
    for row in _countries():
        words = {w.strip(",()").lower() for w in row["name_en"].split() if len(w) >= 4}
        kept = [w for w in row["name_vi"].split() if w.strip(",()").lower() in words]
        if kept or re.search(r"[fjwzFJWZ]", row["name_vi"]):
            english.append((row["code"], row["name_vi"]))
    assert english == []


def test_no_country_in_the_seed_keeps_an_old_sino_vietnamese_form():
    names = {row["code"]: row["name_vi"] for row in _countries()}
    assert {c: n for c, n in names.items() if any(old in n for old in OLD_FORMS)} == {}
    assert len(names) == 249 and len(set(names.values())) == 249  # one name each, none shared


def test_a_database_seeded_with_the_old_list_gets_every_seed_name_from_sync(db):
    Partner.objects.filter(code="GRL").update(name_vi="Đảo Băng")
    Partner.objects.filter(code="SWZ").update(name_vi="Eswatini")
    call_command("sync_partners", stdout=io.StringIO())
    seed = {row["code"]: row["name_vi"] for row in _countries()}
    assert dict(Partner.objects.filter(kind="country").values_list("code", "name_vi")) == seed


def test_createdemo_brings_an_old_database_country_names_in_line(db):
    Partner.objects.filter(code="KWT").update(name_vi="Cu-ouai-thợ")  # as seeded before
    out = io.StringIO()
    call_command("createdemo", "--no-texts", stdout=out)
    assert Partner.objects.get(code="KWT").name_vi == "Cô-oét"
    assert "Partners: inserted 0, updated 1" in out.getvalue()
