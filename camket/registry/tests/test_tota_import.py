"""`camket import-tota`: good files, bad files, attacks, idempotence, matching."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.conftest import make_commitment
from camket.registry.models import Commitment, Provision, SearchEntry
from lawcore.shared_data import shared_data_path, skip_reason

DATA = Path(__file__).parent / "data"
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE treaty [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<treaty><meta><name>&lol3;</name><treaty_identifier>666</treaty_identifier></meta><body/></treaty>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE treaty [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<treaty><meta><name>&secret;</name><treaty_identifier>667</treaty_identifier></meta><body/></treaty>
"""


def run_import(*paths) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_tota", *map(str, paths), stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_good_file_creates_commitment_with_provisions():
    out, _ = run_import(DATA / "tpp_excerpt.xml")
    assert "inserted 1" in out
    commitment = Commitment.objects.get(tota_id="9449")
    assert commitment.status == Commitment.Status.SIGNED
    assert commitment.code == "vn/treaty/2016/trans-pacific-partnership-tpp"
    assert not commitment.is_reference
    assert set(commitment.partners.values_list("code", flat=True)) == {"AUS", "JPN"}
    article = commitment.provisions.get(external_id="1901")
    assert (article.level, article.number, article.heading) == ("article", "19.3", "Labour Rights")
    assert article.parent.heading == "Labour"
    assert commitment.provisions.filter(level=Provision.Level.PREAMBLE).exists()


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so():
    run_import(DATA / "tpp_excerpt.xml")
    counts = (Provision.objects.count(), SearchEntry.objects.count())
    out, _ = run_import(DATA / "tpp_excerpt.xml")
    assert "unchanged 1" in out and "Nothing changed" in out
    assert (Provision.objects.count(), SearchEntry.objects.count()) == counts


@pytest.mark.django_db
def test_existing_record_is_matched_not_duplicated():
    existing = make_commitment("vn/treaty/2016/tpp", title_vi="Hiệp định TPP", short_name="TPP")
    existing.tota_id = "9449"
    existing.save()
    out, _ = run_import(DATA / "tpp_excerpt.xml")
    assert "updated 1" in out
    assert Commitment.objects.filter(tota_id="9449").count() == 1
    existing.refresh_from_db()
    assert existing.title_vi == "Hiệp định TPP"  # curated metadata is kept
    assert existing.provisions.filter(level="article").count() == 3


@pytest.mark.django_db
def test_malformed_file_is_named_with_line_and_skipped(tmp_path):
    bad = tmp_path / "pta_bad.xml"
    bad.write_text("<treaty>\n<meta>\n<name>x</name>\n</treaty>", encoding="utf-8")
    out, err = run_import(bad, DATA / "tpp_excerpt.xml")
    assert "pta_bad.xml" in err and "line" in err
    assert "inserted 1" in out and "failed 1" in out
    assert Commitment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_refused_without_touching_the_database(tmp_path, payload):
    attack = tmp_path / "pta_attack.xml"
    attack.write_text(payload, encoding="utf-8")
    out, err = run_import(attack)
    assert "pta_attack.xml" in err and "failed 1" in out
    assert not Commitment.objects.exists()
    assert "root:" not in out + err


@pytest.mark.django_db
def test_non_party_agreement_is_a_reference_text(tmp_path):
    text = (DATA / "tpp_excerpt.xml").read_text(encoding="utf-8")
    text = text.replace('<partyisocode n="3">VNM</partyisocode>', "")
    (tmp_path / "pta_ref.xml").write_text(text, encoding="utf-8")
    run_import(tmp_path / "pta_ref.xml")
    commitment = Commitment.objects.get(tota_id="9449")
    assert commitment.is_reference and commitment.code == "ref/tota/9449"


@pytest.mark.django_db
@pytest.mark.shared_data
def test_real_korea_viet_nam_file_imports():
    path = shared_data_path("tota", "xml", "pta_401.xml")
    if path is None:
        pytest.skip(skip_reason("tota", "xml", "pta_401.xml"))
    out, _ = run_import(path)
    assert "inserted 1" in out
    commitment = Commitment.objects.get(tota_id="401")
    assert commitment.wto_rta_id == 709
    assert commitment.status == Commitment.Status.IN_FORCE
    assert commitment.provisions.filter(level="article").count() > 150
