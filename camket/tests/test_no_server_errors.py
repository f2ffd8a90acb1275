"""The 500s found in 2026 (issue 10, item 9), each at its cause; the query-string fuzz is
``test_query_fuzz.py``."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.registry import actions as registry_actions
from camket.registry.models import Document

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_search_by_a_signed_in_user_without_membership_finds_nothing(client, vkfta, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user(username="khong-vai-tro"))
    response = client.get(reverse("registry:search"), {"q": "Hàn Quốc"})
    assert response.status_code == 200
    assert vkfta.title_vi not in response.content.decode()


@pytest.mark.parametrize("year", ["0", "10000", str(2**63), "²"])
def test_register_filter_by_an_impossible_year_is_not_an_error(client, coordinator, vkfta, year):
    client.force_login(coordinator)
    assert client.get(reverse("registry:commitment-list"), {"year": year}).status_code == 200


def test_report_list_by_a_cycle_past_64_bits_is_not_an_error(client, coordinator, db):
    client.force_login(coordinator)
    url = reverse("monitoring:report-list")
    assert client.get(url, {"cycle": str(2**63)}).status_code == 200
    assert client.get(url, {"cycle": str(2**63), "export": "xlsx"}).status_code == 200


def test_register_document_added_by_url_only_is_saved_and_audited(client, coordinator, vkfta):
    client.force_login(coordinator)
    response = client.post(
        reverse("registry:document-create", args=[vkfta.code]),
        {
            "title": "Văn bản hiệp định (bản tiếng Việt)",
            "language": "vi",
            "source_url": "https://vbpl.vn/hiep-dinh-vkfta",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(commitment=vkfta)
    assert not document.file and document.source_url == "https://vbpl.vn/hiep-dinh-vkfta"
    assert AuditEvent.objects.filter(action="document.added").exists()


def test_register_document_missing_from_storage_is_a_clear_404(client, coordinator, vkfta):
    document = Document(title="Bản gốc", language="vi")
    document.file.save("ban-goc.pdf", ContentFile(PDF), save=False)
    registry_actions.add_document(vkfta, document, acting_user=coordinator)
    document.file.storage.delete(document.file.name)  # a database restored without its media
    client.force_login(coordinator)
    response = client.get(reverse("registry:document-download", args=[vkfta.code, document.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "ban-goc" in page and "Không tìm thấy tệp" in page
