"""Importers: law text and Pháp điển, idempotence, number errors, one transaction per document."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from camket.audit.models import AuditEvent
from camket.compatibility.importing import RecordError, parse_number
from camket.compatibility.models import LegalDocument, LegalProvision, RelatedProvision
from camket.compatibility.tests.conftest import LABOUR_TEXT, PHAPDIEN, art


def run(*args, **options):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0, **options)
    return out.getvalue(), err.getvalue()


def test_law_text_import_builds_the_provision_tree(db):
    out, _ = run("import_law_text", str(LABOUR_TEXT))
    assert out.strip() == "inserted 1, updated 0, unchanged 0, failed 0"
    doc = LegalDocument.objects.get(code="45/2019/QH14")
    assert doc.doc_type == LegalDocument.Type.CODE
    assert doc.issuer == "QUỐC HỘI" and doc.issued_on.isoformat() == "2019-11-20"
    assert (doc.serial, doc.year, doc.issuer_code) == ("45", 2019, "QH")
    levels = list(doc.provisions.values_list("level", flat=True))
    assert levels.count("chapter") == 3 and levels.count("article") == 5
    assert levels.count("clause") == 16
    clause = doc.provisions.get(code="45/2019/QH14:d8.k2")
    assert clause.text == "Ngược đãi người lao động, cưỡng bức lao động."
    assert clause.parent.code == "45/2019/QH14:d8"
    assert clause.parent.parent.code == "45/2019/QH14:ci"
    assert AuditEvent.objects.filter(action="legal_document.inserted").count() == 1


def test_second_law_text_import_reports_unchanged(db):
    run("import_law_text", str(LABOUR_TEXT))
    out, _ = run("import_law_text", str(LABOUR_TEXT))
    assert out.strip() == "inserted 0, updated 0, unchanged 1, failed 0"
    assert LegalProvision.objects.count() == 24


def test_law_text_without_number_fails_naming_the_file(db, tmp_path):
    path = tmp_path / "khong-so.txt"
    path.write_text("LUẬT\nĐiều 1. Phạm vi\nLuật này quy định.\n", encoding="utf-8")
    with translation.override("en"):
        _, err = run("import_law_text", str(path))
    assert "khong-so.txt" in err and "No document number" in err
    assert not LegalDocument.objects.exists()


def test_unparseable_number_is_a_translated_error_naming_the_input(db, tmp_path):
    with translation.override("vi"), pytest.raises(RecordError) as error:
        parse_number("45/ABC/XYZ/1")
    assert "45/ABC/XYZ/1" in str(error.value)
    assert "không phải" in str(error.value)
    path = tmp_path / "luat.txt"
    path.write_text(LABOUR_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    _, err = run("import_law_text", str(path), number="số bốn lăm")
    assert "số bốn lăm" in err
    assert not LegalDocument.objects.exists()


def test_phapdien_import_is_idempotent(db):
    out, _ = run("import_phapdien", path=PHAPDIEN, subset=True, workers=1)
    assert out.strip() == "inserted 3, updated 0, unchanged 0, failed 0"
    out, _ = run("import_phapdien", path=PHAPDIEN, subset=True, workers=1)
    assert out.strip() == "inserted 0, updated 0, unchanged 3, failed 0"
    assert LegalProvision.objects.count() == 7


def test_phapdien_keeps_citations_amendments_and_related_links(corpus):
    article = art("170")
    assert article.pd_code == "20.2.LQ.170"
    assert "45/2019/QH14" in article.citation
    assert article.document.effective_on.isoformat() == "2021-01-01"
    assert RelatedProvision.objects.filter(source=article).exists()
    trade = LegalDocument.objects.get(code="36/2005/QH11")
    assert trade.status == LegalDocument.Status.AMENDED
    assert trade.amendment_notes == ["Luật số 05/2017/QH14", "Luật số 44/2019/QH14"]
    assert trade.doc_type == LegalDocument.Type.LAW


def test_phapdien_limit_imports_the_first_articles(db):
    out, _ = run("import_phapdien", path=PHAPDIEN, subset=True, limit=2, workers=1)
    assert out.strip() == "inserted 1, updated 0, unchanged 0, failed 0"
    assert LegalProvision.objects.count() == 2


def _copy_fixture(tmp_path, edit):
    rows = [
        json.loads(line)
        for line in (PHAPDIEN / "subset_treaty_trade_labour.jsonl").read_text("utf-8").splitlines()
    ]
    edit(rows)
    folder = tmp_path / "phapdien"
    folder.mkdir()
    (folder / "subset_treaty_trade_labour.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    (folder / "documents.jsonl").write_text(
        (PHAPDIEN / "documents.jsonl").read_text("utf-8"), encoding="utf-8"
    )
    return folder


def test_bad_row_rolls_back_its_document_only(db, tmp_path):
    def break_second_labour_article(rows):
        rows[1]["text"] = {"not": "text"}

    folder = _copy_fixture(tmp_path, break_second_labour_article)
    with translation.override("en"):
        out, err = run("import_phapdien", path=folder, subset=True, workers=1)
    assert out.strip() == "inserted 2, updated 0, unchanged 0, failed 1"
    assert "45/2019/QH14" in err and "2000200000000001300017000000000000000000" in err
    assert not LegalDocument.objects.filter(code="45/2019/QH14").exists()
    assert not LegalProvision.objects.filter(pd_code__startswith="20.2.").exists()
    assert LegalDocument.objects.filter(code="108/2016/QH13").exists()


def test_unparseable_number_in_phapdien_fails_naming_the_article(db, tmp_path):
    def garble(rows):
        rows[0]["source"]["doc_number"] = "không số"
        rows[0]["source"]["citation_text"] = "(Điều 8 Bộ luật không số)"

    folder = _copy_fixture(tmp_path, garble)
    with translation.override("en"):
        out, err = run("import_phapdien", path=folder, subset=True, workers=1)
    assert "failed 1" in out
    assert "20.2.LQ.8" in err and "“không số” is not a legal document number" in err


def test_phapdien_spelling_slips_are_repaired_and_missing_numbers_read_from_citations():
    from camket.compatibility.phapdien import source_number

    assert source_number({"doc_number": "16/2013/TTLT-BYT-BNN&PTNT"}) == "16/2013/TTLT-BYT-BNNPTNT"
    assert source_number({"doc_number": "235/2009/TTLT/BTC-BGTVT"}) == "235/2009/TTLT-BTC-BGTVT"
    assert source_number({"doc_number": "01/2016/NQ.HĐTP"}) == "01/2016/NQ-HĐTP"
    assert source_number({"doc_number": "''42/2022/TT-BCT"}) == "42/2022/TT-BCT"
    cited = "(Điều 1 Thông tư liên tịch số 22/2012/TTLT-BGTVT-BVHTTDL Quy định về bảo đảm ...)"
    assert source_number({"doc_number": "", "citation_text": cited}) == "22/2012/TTLT-BGTVT-BVHTTDL"
    truncated = {
        "doc_number": "68/2015/TT-",
        "citation_text": "(Điều 2 Thông tư số 68/2015/TT-BTC, có hiệu lực)",
    }
    assert source_number(truncated) == "68/2015/TT-BTC"


def test_missing_data_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No Pháp điển data"):
        run("import_phapdien", path=tmp_path / "absent")
