import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from camket.monitoring import actions
from camket.monitoring.evidence import check_upload, sniff

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_sniffing_recognises_the_allowed_types():
    assert sniff(PDF) == "pdf"
    assert sniff(PNG) == "png"
    assert sniff(b"\xff\xd8\xff\xe0JFIF") == "jpeg"
    assert sniff(docx_bytes()) == "docx"
    assert sniff("Báo cáo tiến độ".encode()) == "text"
    assert sniff(b"MZ\x90\x00\x03") is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("bao-cao.pdf", PNG), ("anh.png", PDF), ("bang.xlsx", docx_bytes()), ("chay.exe", b"MZ")],
)
def test_mismatched_or_unknown_files_are_refused(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content))
    assert name in str(error.value)


def test_size_limit(settings):
    settings.CAMKET_MAX_EVIDENCE_BYTES = 10
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("a.txt", b"x" * 11))


def test_evidence_is_stored_with_its_sha256(bct_report, officer_bct):
    import hashlib

    evidence = actions.add_evidence(
        bct_report, SimpleUploadedFile("ket-qua.pdf", PDF), acting_user=officer_bct
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.read() == PDF


def test_upload_page_shows_a_clear_error(client, bct_report, officer_bct):
    client.force_login(officer_bct)
    url = reverse("monitoring:evidence-upload", args=[bct_report.pk])
    response = client.post(url, {"file": SimpleUploadedFile("gia.pdf", b"MZ not a pdf")})
    assert response.status_code == 400
    assert "gia.pdf" in response.content.decode()
    assert not bct_report.evidence.exists()


def test_zip_bomb_evidence_is_refused_naming_the_file():
    from lawcore.tests import hostile

    with pytest.raises(ValidationError) as error:
        check_upload(
            SimpleUploadedFile("bang-tinh.xlsx", hostile.xlsx_shared_strings_bomb(60 << 20))
        )
    assert "bang-tinh.xlsx" in str(error.value) and error.value.code == "hostile"


def test_evidence_missing_from_storage_is_a_clear_404(client, bct_report, officer_bct):
    evidence = actions.add_evidence(
        bct_report, SimpleUploadedFile("bien-ban.pdf", PDF), acting_user=officer_bct
    )
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(officer_bct)
    url = reverse("monitoring:evidence-download", args=[bct_report.pk, evidence.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "bien-ban.pdf" in response.content.decode()
