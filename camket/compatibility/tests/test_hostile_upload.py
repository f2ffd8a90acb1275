"""Law texts uploaded as zip bombs or entity-declaring DOCX are refused on the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from camket.compatibility.models import LegalDocument
from lawcore.tests import hostile


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: hostile.docx_bomb(60 << 20), "bom nén"),
        (lambda: hostile.with_entity(hostile.normal_docx(5), "word/document.xml"), "thực thể XML"),
    ],
    ids=["docx-bomb", "xml-entity"],
)
def test_hostile_docx_is_refused_on_the_form(client, coordinator, build, words):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("luat-doc.docx", build())
    response = client.post(reverse("compatibility:document-upload"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“luat-doc.docx”" in page and words in page
    assert not LegalDocument.objects.exists()
