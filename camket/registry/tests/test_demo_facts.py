"""Facts of the demo register corrected against public sources (SOURCES.md), the former
agencies of the 2025 reorganisation, and a re-import of the corrected file."""

import copy
import datetime as dt
import json

import pytest
from django.test import Client

from camket.agencies.models import Agency
from camket.compatibility.models import ProvisionLink
from camket.obligations import actions
from camket.obligations.models import Obligation
from camket.registry.loader import DEMO_FILE, load_file, load_records
from camket.registry.models import Commitment, CommitmentRelation

D = dt.date.fromisoformat
RECORDS = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
# SOURCES.md, "Counting rule": the FTAs of the demo.
FTAS = {
    "vn/treaty/2009/atiga",
    "vn/treaty/2004/acfta",
    "vn/treaty/2006/akfta",
    "vn/treaty/2008/ajcep",
    "vn/treaty/2008/vjepa",
    "vn/treaty/2009/aifta",
    "vn/treaty/2009/aanzfta",
    "vn/treaty/2011/vcfta",
    "vn/treaty/2015/vkfta",
    "vn/treaty/2015/vn-eaeu-fta",
    "vn/treaty/2018/cptpp",
    "vn/treaty/2017/ahkfta",
    "vn/treaty/2019/evfta",
    "vn/treaty/2020/ukvfta",
    "vn/treaty/2020/rcep",
    "vn/treaty/2023/vifta",
    "vn/treaty/2024/vn-uae-cepa",
}


def events(code):
    return list(Commitment.objects.get(code=code).events.values_list("kind", "on"))


@pytest.fixture
def demo(db):
    load_file()


def test_corrected_dates_and_kinds_of_events(demo):
    assert ("signature", D("2008-04-14")) in events("vn/treaty/2008/ajcep")
    assert events("vn/treaty/2019/ilo-c098")[0] == ("ratification", D("2019-07-05"))
    c105 = Commitment.objects.get(code="vn/treaty/2020/ilo-c105")
    assert c105.status == "in_force" and not c105.events.filter(kind="accession").exists()
    cept = Commitment.objects.get(code="vn/treaty/1995/afta-cept")
    assert cept.status == "superseded"  # replaced by ATIGA (decision 0013)
    assert ("supersession", D("2010-05-17")) in events(cept.code)
    assert CommitmentRelation.objects.filter(
        source__code="vn/treaty/2009/atiga", target=cept, kind="supersedes"
    ).exists()


def test_corrected_parties_titles_and_sources(demo):
    def partners(code):
        return set(Commitment.objects.get(code=code).partners.values_list("code", flat=True))

    assert "GBR" in partners("vn/treaty/2018/cptpp")
    assert "TLS" in partners("vn/treaty/2007/asean-charter")
    evipa = partners("vn/treaty/2019/evipa")
    assert "EU" in evipa and {"DEU", "FRA", "SWE", "HRV"} <= evipa and len(evipa) == 28
    russia = Commitment.objects.get(code="vn/statement/2024/vn-ru-joint-statement")
    assert "30 năm ký Hiệp ước về những nguyên tắc cơ bản" in russia.title_vi
    evfta = Commitment.objects.get(code="vn/treaty/2019/evfta")
    assert not [s for s in evfta.source_links if "baoapbac" in s["url"]]
    assert CommitmentRelation.objects.filter(
        source__code="vn/treaty/2018/cptpp", target__code="vn/treaty/2016/tpp", kind="incorporates"
    ).exists()


def test_the_count_of_ftas_follows_the_stated_rule():
    by_code = {r["code"]: r for r in RECORDS}
    assert set(by_code) >= FTAS and len(FTAS) == 17
    assert all(by_code[code]["kind"] == "treaty" for code in FTAS)
    in_force = [
        c for c in FTAS if any(e["kind"] == "entry_into_force" for e in by_code[c]["events"])
    ]
    assert len(in_force) == 16


@pytest.mark.django_db
def test_units_and_former_agencies_are_seeded_with_their_basis():
    treaty_department = Agency.objects.get(code="bng-vulpdu")
    assert (treaty_department.kind, treaty_department.parent.code) == ("unit", "bng")
    social_security = Agency.objects.get(code="bhxh")
    assert (social_security.kind, social_security.parent.code) == ("unit", "btc")
    merged = {
        "bnnptnt": "bnnmt",
        "btnmt": "bnnmt",
        "bkhdt": "btc",
        "btttt": "bkhcn",
        "bldtbxh": "bnv",
        "bgtvt": "bxd",
        "ubdt": "bdttg",
    }
    for code, successor in merged.items():
        former = Agency.objects.get(code=code)
        assert former.successor.code == successor and former.ended_on == D("2025-03-01")
        assert "176/2025/QH15" in former.legal_basis and not former.is_active
    parts = Agency.objects.get(code="bldtbxh").partial_successors.values_list("code", flat=True)
    assert set(parts) == {"bgddt", "byt"}
    assert Agency.objects.get(code="btttt").name == (
        "Bộ Thông tin và Truyền thông (nay là Bộ Khoa học và Công nghệ)"
    )


def test_a_pre_2025_commitment_page_names_the_merged_ministries(demo, coordinator):
    client = Client()
    client.force_login(coordinator)
    page = client.get(Commitment.objects.get(code="vn/treaty/1992/unfccc").get_absolute_url())
    lead = page.content.decode().split('id="lead-agency">')[1].split("</dd>")[0]
    assert "Bộ Nông nghiệp và Môi trường" in lead
    assert "trước ngày 01/03/2025" in lead and "Bộ Tài nguyên và Môi trường" in lead
    recent = client.get(Commitment.objects.get(code="vn/treaty/2025/apostille").get_absolute_url())
    assert "trước ngày 01/03/2025" not in recent.content.decode()


def test_reimporting_the_corrected_file_updates_rows_and_keeps_assessments(db):
    old = copy.deepcopy(RECORDS)
    ajcep = next(r for r in old if r["code"] == "vn/treaty/2008/ajcep")
    ajcep["events"][0]["on"] = "2008-03-26"  # the record as it was before the correction
    cptpp = next(r for r in old if r["code"] == "vn/treaty/2018/cptpp")
    cptpp["relations"] = [{"kind": "derived_from", "target": "vn/treaty/2016/tpp"}]
    load_records(old)
    commitment = Commitment.objects.get(code="vn/treaty/2008/ajcep")
    obligation = actions.create_obligation(
        actions.ObligationData(
            commitment=commitment.pk, text="Each Party shall publish.", modality="shall"
        ),
        acting_user=None,
    )
    link = ProvisionLink.objects.create(
        obligation=obligation, method="person", status="confirmed", verdict="gap"
    )
    summary = load_file()
    assert (summary.updated, summary.inserted) == (1, 0)  # relations are not counted
    assert ("signature", D("2008-04-14")) in events("vn/treaty/2008/ajcep")
    kinds = CommitmentRelation.objects.filter(
        source__code="vn/treaty/2018/cptpp", target__code="vn/treaty/2016/tpp"
    ).values_list("kind", flat=True)
    assert list(kinds) == ["incorporates"]
    assert Obligation.objects.filter(pk=obligation.pk).exists()
    assert ProvisionLink.objects.filter(pk=link.pk).exists()
    assert load_file().updated == 0
