"""Country names as MOFA writes them reach existing databases; lists show names, not codes."""

import io

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
