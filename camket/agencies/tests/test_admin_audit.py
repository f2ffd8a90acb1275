"""Roles, flags, groups and passwords changed in /admin/ (or by command) leave audit rows."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from camket.agencies.models import Agency, Membership
from camket.audit.actions import record_audit
from camket.audit.models import AuditEvent
from camket.conftest import make_user

Role = Membership.Role


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="quantri", password="pw-quantri", first_name="Trần", last_name="Quản Trị"
    )


@pytest.fixture
def client_en(client, admin_user):
    client.force_login(admin_user)
    client.cookies["camket_language"] = "en"
    return client


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_granting_a_role_in_the_admin_is_audited(client_en, admin_user, django_user_model):
    user = django_user_model.objects.create_user(username="canbo.bct", password="x")
    bct = Agency.objects.get(code="bct")
    response = client_en.post(
        reverse("admin:agencies_membership_add"),
        {"user": user.pk, "agency": bct.pk, "role": Role.LEADER},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    [event] = events("membership.granted")
    assert event.actor == admin_user and event.actor_username == "quantri"
    assert event.after == {"user": "canbo.bct", "agency": "bct", "role": "leader"}
    assert event.object_key == f"agencies.membership:{membership.pk}"
    assert event.subject_key == f"auth.user:{user.pk}"


def test_changing_and_revoking_a_role_in_the_admin_is_audited(client_en, officer_bct):
    membership = officer_bct.memberships.get()
    btc = Agency.objects.get(code="btc")
    response = client_en.post(
        reverse("admin:agencies_membership_change", args=[membership.pk]),
        {"user": officer_bct.pk, "agency": btc.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 302
    [changed] = events("membership.changed")
    assert changed.before == {"user": "officer_bct", "agency": "bct", "role": "officer"}
    assert changed.after == {"user": "officer_bct", "agency": "btc", "role": "coordinator"}

    response = client_en.post(
        reverse("admin:agencies_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    [revoked] = events("membership.revoked")
    assert revoked.before["role"] == "coordinator" and revoked.actor_username == "quantri"


def test_bulk_deleting_roles_from_the_list_audits_each(client_en, officer_bct, officer_btc):
    ids = list(Membership.objects.values_list("pk", flat=True))
    response = client_en.post(
        reverse("admin:agencies_membership_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Membership.objects.exists()
    assert {e.before["user"] for e in events("membership.revoked")} == {
        "officer_bct",
        "officer_btc",
    }


def test_changing_flags_and_groups_in_the_admin_is_audited(client_en, officer_bct):
    group = Group.objects.create(name="Biên tập")
    response = client_en.post(
        reverse("admin:auth_user_change", args=[officer_bct.pk]),
        {
            "username": "officer_bct",
            "first_name": "Nguyễn",
            "last_name": "Văn An",
            "email": "an@moit.gov.vn",
            "is_active": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = events("user.changed")
    changed = {name: (old, new) for name, old, new in event.changed_fields()}
    assert changed["is_staff"] == (False, True)
    assert changed["groups"] == ([], ["Biên tập"])
    assert changed["first_name"] == ("", "Nguyễn")
    assert "password" not in event.after


def test_resetting_a_password_in_the_admin_is_audited_without_the_password(
    client_en, admin_user, officer_bct
):
    old_hash = officer_bct.password
    response = client_en.post(
        reverse("admin:auth_user_password_change", args=[officer_bct.pk]),
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    officer_bct.refresh_from_db()
    assert officer_bct.check_password("Mat-khau-moi-2026")
    [event] = events("user.password_changed")
    assert event.actor == admin_user
    assert event.object_key == f"auth.user:{officer_bct.pk}"
    row = str(event.before) + str(event.after) + event.object_repr
    assert "Mat-khau-moi-2026" not in row and officer_bct.password not in row
    assert old_hash not in row


def test_disabling_password_sign_in_in_the_admin_is_audited(client_en, officer_bct):
    response = client_en.post(
        reverse("admin:auth_user_password_change", args=[officer_bct.pk]),
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302
    officer_bct.refresh_from_db()
    assert not officer_bct.has_usable_password()
    assert len(events("user.password_disabled")) == 1


def test_adding_a_user_in_the_admin_is_audited(client_en):
    response = client_en.post(
        reverse("admin:auth_user_add"),
        {
            "username": "canbo.moi",
            "usable_password": "true",
            "password1": "Mat-khau-moi-2026",
            "password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    [event] = events("user.created")
    assert event.before is None and event.after["username"] == "canbo.moi"
    assert "Mat-khau" not in str(event.after)


def test_deleting_a_user_keeps_who_they_were_on_their_audit_rows(
    client_en, django_user_model, vkfta
):
    officer = make_user(django_user_model, "canbo.bct", "bct", Role.OFFICER)
    officer.first_name, officer.last_name = "Lê", "Thị Hoa"
    officer.save()
    record_audit(vkfta, "commitment.updated", officer)
    response = client_en.post(reverse("admin:auth_user_delete", args=[officer.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not django_user_model.objects.filter(username="canbo.bct").exists()
    row = AuditEvent.objects.get(action="commitment.updated")
    assert row.actor is None
    assert (row.actor_username, row.actor_label) == ("canbo.bct", "Lê Thị Hoa")
    [deleted] = events("user.deleted")
    assert deleted.before["username"] == "canbo.bct"
    assert deleted.before["memberships"] == [
        {"user": "canbo.bct", "agency": "bct", "role": "officer"}
    ]
    page = client_en.get(reverse("registry:commitment-detail", args=[vkfta.code]))
    assert "Lê Thị Hoa" in page.content.decode()


def test_an_event_without_actor_reads_system(vkfta):
    with translation.override("vi"):
        assert record_audit(vkfta, "commitment.updated", None).actor_label == "hệ thống"


def test_role_commands_are_audited(officer_bct):
    out = StringIO()
    call_command("grant_role", "officer_bct", "hanoi", "leader", stdout=out)
    call_command("revoke_role", "officer_bct", "bct", "officer", stdout=out)
    assert list(officer_bct.memberships.values_list("agency__code", "role")) == [
        ("hanoi", "leader")
    ]
    [granted] = events("membership.granted")
    [revoked] = events("membership.revoked")
    assert granted.after["agency"] == "hanoi" and revoked.before["agency"] == "bct"
    assert granted.actor is None and granted.actor_label == "hệ thống"


def test_changing_ones_own_password_is_audited(client, officer_bct):
    client.force_login(officer_bct)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-officer_bct",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    officer_bct.refresh_from_db()
    assert officer_bct.check_password("Mat-khau-moi-2026")
    [event] = events("user.password_changed")
    assert event.actor == officer_bct and "Mat-khau" not in str(event.after)


def test_a_password_set_through_the_reset_link_is_audited(client, officer_bct):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(officer_bct.pk))
    token = default_token_generator.make_token(officer_bct)
    form_url = client.get(reverse("password_reset_confirm", args=[uid, token]))["Location"]
    response = client.post(
        form_url, {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )
    assert response.status_code == 302
    officer_bct.refresh_from_db()
    assert officer_bct.check_password("Mat-khau-moi-2026")
    [event] = events("user.password_changed")
    assert event.actor == officer_bct


def test_the_audit_list_in_the_admin_names_a_deleted_actor(client_en, django_user_model, vkfta):
    officer = django_user_model.objects.create_user(
        username="canbo.cu", first_name="Đỗ", last_name="Văn Cũ"
    )
    record_audit(vkfta, "commitment.updated", officer)
    officer.delete()
    response = client_en.get(reverse("admin:audit_auditevent_changelist"), {"q": "canbo.cu"})
    assert response.status_code == 200
    assert "Đỗ Văn Cũ" in response.content.decode()
