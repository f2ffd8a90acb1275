"""Create, edit and delete through the staff forms; every write leaves an audit row."""

import pytest
from django.urls import reverse

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.registry.models import Commitment, Partner, Sector


def form_data(**overrides):
    data = {
        "code": "vn/agreement/2026/bct-hop-tac-nang-luong",
        "kind": "international_agreement",
        "level": "ministry",
        "scope": "bilateral",
        "title_vi": "Bản ghi nhớ hợp tác năng lượng",
        "title_en": "Energy cooperation MOU",
        "short_name": "MOU-NL",
        "partners": [Partner.objects.get(code="JPN").pk],
        "lead_agency": Agency.objects.get(code="bct").pk,
        "supporting_agencies": [Agency.objects.get(code="btc").pk],
        "sectors": [Sector.objects.get(code="energy").pk],
        "confidentiality": "internal",
        "summary_vi": "Hợp tác chuyển đổi năng lượng.",
        "summary_en": "",
        "affected_groups_text": "doanh nghiệp năng lượng, địa phương",
        "source_links_text": "https://moit.gov.vn Tin của Bộ Công Thương",
    }
    data.update(overrides)
    return data


def test_officer_creates_commitment_for_own_agency(client, officer_bct):
    client.force_login(officer_bct)
    response = client.post(reverse("registry:commitment-create"), form_data())
    assert response.status_code == 302
    commitment = Commitment.objects.get(code="vn/agreement/2026/bct-hop-tac-nang-luong")
    # A group typed as one of AffectedGroup's labels is stored as its value; others as typed.
    assert commitment.affected_groups == ["doanh nghiệp năng lượng", "localities"]
    assert commitment.affected_group_labels == ["doanh nghiệp năng lượng", "địa phương"]
    assert commitment.source_links == [
        {"url": "https://moit.gov.vn", "title": "Tin của Bộ Công Thương"}
    ]
    assert commitment.status == Commitment.Status.DRAFT
    row = AuditEvent.objects.about(commitment).get()
    assert row.action == "commitment.created" and row.actor == officer_bct
    assert row.after["title_vi"] == "Bản ghi nhớ hợp tác năng lượng"


def test_officer_cannot_create_for_another_agency(client, officer_bct):
    client.force_login(officer_bct)
    data = form_data(lead_agency=Agency.objects.get(code="btc").pk)
    response = client.post(reverse("registry:commitment-create"), data)
    assert response.status_code == 200
    assert "lead_agency" in response.context["form"].errors
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "CPTPP 2018", "vn/treaty/2018/cptpp"),
        ("code", "vn/treaty/2026/nang-luong", "vn/agreement/"),
        ("source_links_text", "moit.gov.vn Tin", "Dòng 1"),
        ("title_vi", "", "Trường này là bắt buộc"),
    ],
)
def test_invalid_input_names_the_field_in_vietnamese(client, officer_bct, field, value, message):
    client.force_login(officer_bct)
    response = client.post(reverse("registry:commitment-create"), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert not Commitment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_lead_cannot_also_support(client, officer_bct):
    client.force_login(officer_bct)
    bct = Agency.objects.get(code="bct").pk
    response = client.post(
        reverse("registry:commitment-create"), form_data(supporting_agencies=[bct])
    )
    assert "supporting_agencies" in response.context["form"].errors


def test_edit_records_before_and_after(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    data = form_data(
        code=vkfta.code, kind="treaty", title_vi="Hiệp định VKFTA (sửa)", version=vkfta.version
    )
    response = client.post(reverse("registry:commitment-edit", args=[vkfta.code]), data)
    assert response.status_code == 302
    row = AuditEvent.objects.about(vkfta).get(action="commitment.updated")
    changed = {name: (before, after) for name, before, after in row.changed_fields()}
    assert changed["title_vi"] == (
        "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc",
        "Hiệp định VKFTA (sửa)",
    )
    vkfta.refresh_from_db()
    assert vkfta.code == "vn/treaty/2015/vkfta"  # the code cannot be edited
    assert vkfta.status == Commitment.Status.IN_FORCE


def test_changing_kind_against_recorded_events_is_refused(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    data = form_data(code=vkfta.code, kind="leaders_statement")
    response = client.post(reverse("registry:commitment-edit", args=[vkfta.code]), data)
    assert response.status_code == 200 and "kind" in response.context["form"].errors


def test_only_coordinator_deletes_and_the_deletion_is_audited(
    client, officer_bct, coordinator, vkfta
):
    url = reverse("registry:commitment-delete", args=[vkfta.code])
    client.force_login(officer_bct)
    assert client.post(url).status_code == 404
    client.force_login(coordinator)
    assert client.post(url).status_code == 302
    assert not Commitment.objects.filter(code=vkfta.code).exists()
    row = AuditEvent.objects.get(action="commitment.deleted")
    assert row.before["code"] == vkfta.code and row.actor == coordinator


def test_audit_rows_cannot_be_changed_or_deleted(vkfta, coordinator):
    from camket.audit.actions import record_audit

    row = record_audit(vkfta, "commitment.viewed", coordinator)
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


def test_relation_added_and_shown_on_both_sides(client, officer_bct, vkfta):
    from camket.conftest import make_commitment

    upgrade = make_commitment(
        "vn/treaty/2024/vkfta-protocol",
        short_name="VKFTA-P",
        title_vi="Nghị định thư sửa đổi VKFTA",
    )
    client.force_login(officer_bct)
    response = client.post(
        reverse("registry:relation-create", args=[upgrade.code]),
        {"kind": "amends", "target": vkfta.pk},
    )
    assert response.status_code == 302
    assert "Nghị định thư sửa đổi VKFTA" in client.get(vkfta.get_absolute_url()).content.decode()
    again = client.post(
        reverse("registry:relation-create", args=[upgrade.code]),
        {"kind": "amends", "target": vkfta.pk},
    )
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action="relation.added").count() == 1


def test_document_upload_rejects_wrong_type(client, officer_bct, vkfta):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_bct)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(
        reverse("registry:document-create", args=[vkfta.code]),
        {"title": "Bản dịch", "language": "vi", "file": bad},
    )
    assert response.status_code == 400
    assert "virus.exe" in response.content.decode()
    assert not vkfta.documents.exists()


def test_document_checksum_and_versions(client, officer_bct, vkfta):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_bct)
    for content in (b"Dieu 1", b"Dieu 1 (sua)"):
        upload = SimpleUploadedFile("vkfta.txt", content, "text/plain")
        client.post(
            reverse("registry:document-create", args=[vkfta.code]),
            {"title": "Văn bản tiếng Việt", "language": "vi", "file": upload},
        )
    latest = vkfta.documents.order_by("-version").first()
    assert latest.version == 2
    assert latest.checksum == hashlib.sha256(b"Dieu 1 (sua)").hexdigest()
