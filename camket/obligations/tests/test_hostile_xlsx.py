"""Hostile and odd task workbooks: refused with a message naming the file, or read in full."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from camket.agencies.models import Agency
from camket.obligations import xlsx
from camket.obligations.models import ActionPlan
from camket.obligations.tests.test_xlsx import GOOD, workbook
from lawcore.tests import hostile


@pytest.fixture
def plan(db):
    return ActionPlan.objects.create(
        code="kh-bct-evfta",
        title_vi="Kế hoạch thực hiện EVFTA",
        agency=Agency.objects.get(code="bct"),
    )


def post(client, plan, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    url = reverse("obligations:plan-import", args=[plan.code])
    return client.post(url, {"file": upload}, follow=True)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda: hostile.xlsx_shared_strings_bomb(60 << 20), "bom nén"),
        (lambda: hostile.lying_xlsx_bomb(60 << 20), "không khớp"),
        (lambda: hostile.xlsx_with_entity(workbook(GOOD)), "thực thể XML"),
        (lambda: hostile.utf16_member(workbook(GOOD), "xl/workbook.xml"), "UTF-8"),
    ],
    ids=["shared-strings-bomb", "lying-header", "xml-entity", "utf16"],
)
def test_hostile_workbook_is_refused_naming_the_file(client, plan, officer_bct, build, words):
    client.force_login(officer_bct)
    response = post(client, plan, "nhiem-vu-doc.xlsx", build())
    assert response.status_code == 200
    page = response.content.decode()
    assert "“nhiem-vu-doc.xlsx”" in page and words in page
    assert not plan.tasks.exists()


def test_stale_dimension_still_imports_every_row(plan, officer_bct):
    """Tools that write ``<dimension ref="A1">`` once and append rows must not lose the rows."""
    for ref in ("A1", "A1:K1"):
        data = hostile.stale_dimension(workbook(GOOD), ref)
        result = xlsx.import_tasks(plan, data, acting_user=officer_bct, name="cu.xlsx")
        assert result.errors == []
        assert result.inserted + result.unchanged == 2
    assert set(plan.tasks.values_list("external_key", flat=True)) == {"NV-01", "NV-02"}
