"""Upload of DOCX/HTML/text legal documents; legal document pages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.compatibility import retrieval
from camket.compatibility.models import LegalDocument
from camket.compatibility.tests.conftest import LABOUR_TEXT

UPLOAD = "compatibility:document-upload"


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_coordinator_uploads_a_docx_and_it_becomes_searchable(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("bo-luat-lao-dong.docx", docx_bytes(LABOUR_TEXT.read_text("utf-8")))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(UPLOAD), {"file": upload})
    assert response.status_code == 302
    document = LegalDocument.objects.get(code="45/2019/QH14")
    assert document.source == "upload" and document.provisions.filter(level="article").count() == 5
    assert response.url == document.get_absolute_url()
    assert AuditEvent.objects.filter(action="legal_document.inserted", actor=coordinator).exists()
    hits = retrieval.suggest("mức lương tối thiểu theo vùng")
    assert hits[0].provision.code == "45/2019/QH14:d91"
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Mức lương tối thiểu" in page and "20/11/2019" in page


def test_upload_of_html_with_a_given_number(client, coordinator):
    client.force_login(coordinator)
    html = (
        "<html><body><p>LUẬT</p><p>ĐIỀU ƯỚC QUỐC TẾ</p>"
        "<p>Điều 1. Phạm vi điều chỉnh</p><p>Luật này quy định về việc ký kết điều ước quốc tế.</p>"
        "</body></html>"
    ).encode()
    upload = SimpleUploadedFile("dieu-uoc.html", html)
    response = client.post(
        reverse(UPLOAD), {"file": upload, "number": "108/2016/QH13", "doc_type": "Luật"}
    )
    assert response.status_code == 302
    assert LegalDocument.objects.get().doc_type == "law"


def test_unparseable_number_in_upload_is_shown_on_the_form(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("luat.txt", LABOUR_TEXT.read_bytes())
    response = client.post(reverse(UPLOAD), {"file": upload, "number": "abc/xyz"})
    assert response.status_code == 200
    assert "“abc/xyz” không phải là số ký hiệu văn bản" in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_scanned_pdf_without_text_is_refused_naming_the_file(client, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(reverse(UPLOAD), {"file": upload})
    assert response.status_code == 200 and "scan.pdf" in response.content.decode()


def test_only_coordinators_upload(client, officer_bct, observer):
    for user in (officer_bct, observer):
        client.force_login(user)
        assert client.get(reverse(UPLOAD)).status_code == 404


def test_document_list_filters_by_number_and_type(client, observer, corpus):
    client.force_login(observer)
    page = client.get(reverse("compatibility:document-list"), {"q": "108/2016"}).content.decode()
    assert "108/2016/QH13" in page and "45/2019/QH14" not in page
    page = client.get(reverse("compatibility:document-list"), {"type": "code"}).content.decode()
    assert "45/2019/QH14" in page and "108/2016/QH13" not in page


def test_missing_document_is_404(client, observer, db):
    client.force_login(observer)
    url = reverse("compatibility:document-detail", args=["1/2000/QH10"])
    assert client.get(url).status_code == 404
