"""Every write made in /admin/ leaves an audit row, secrets masked, whatever the model."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent


@pytest.fixture
def admin_client_en(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="quantri", password="pw-quantri")
    client.force_login(user)
    client.cookies["camket_language"] = "en"
    return client


def test_every_model_admin_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not getattr(model_admin, "audited", False)
    ]
    assert unaudited == []


def test_changing_an_agency_in_the_admin_is_audited(admin_client_en):
    agency = Agency.objects.get(code="bct")
    response = admin_client_en.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        {
            "code": "bct",
            "name_vi": "Bộ Công Thương (đổi tên)",
            "name_en": agency.name_en,
            "abbreviation": agency.abbreviation,
            "kind": agency.kind,
            "parent": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    [event] = AuditEvent.objects.filter(action="admin.changed")
    assert event.actor_username == "quantri"
    assert [(name, new) for name, _old, new in event.changed_fields()] == [
        ("name_vi", "Bộ Công Thương (đổi tên)")
    ]


def test_adding_a_group_with_permissions_in_the_admin_is_audited(admin_client_en):
    permission = Permission.objects.get(codename="change_membership")
    response = admin_client_en.post(
        reverse("admin:auth_group_add"),
        {"name": "Quản trị vai trò", "permissions": [permission.pk]},
    )
    assert response.status_code == 302
    group = Group.objects.get(name="Quản trị vai trò")
    [event] = AuditEvent.objects.filter(action="admin.added")
    assert event.object_key == f"auth.group:{group.pk}"
    assert event.before is None and event.after["permissions"] == [str(permission.pk)]


def test_deleting_a_second_factor_in_the_admin_is_audited_without_its_key(
    admin_client_en, officer_bct
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=officer_bct, name="Điện thoại")
    response = admin_client_en.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    [event] = AuditEvent.objects.filter(action="admin.deleted")
    assert event.before["name"] == "Điện thoại"
    assert event.before["key"] == "(hidden)"
    assert device.key not in str(event.before)
