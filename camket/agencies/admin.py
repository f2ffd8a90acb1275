"""Admin for agencies, roles and accounts; every write goes through ``agencies/actions.py``."""

from __future__ import annotations

import contextvars

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from camket.agencies import actions
from camket.agencies.models import Agency, Membership
from camket.search import FoldedAdminSearch

# Who is acting in the admin's password view: its form is built without the request.
_acting_user: contextvars.ContextVar = contextvars.ContextVar("camket_acting_user", default=None)


@admin.register(Agency)
class AgencyAdmin(FoldedAdminSearch, admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    audited = True  # through agencies.actions
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]

    def save_model(self, request, obj, form, change):
        if change:
            actions.change_role(
                obj, user=obj.user, agency=obj.agency, role=obj.role, acting_user=request.user
            )
        else:
            saved = actions.grant_role(
                user=obj.user, agency=obj.agency, role=obj.role, acting_user=request.user
            )
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        actions.revoke_role(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "agency"):
            actions.revoke_role(membership, acting_user=request.user)


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit=True):
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        return actions.set_password(self.user, password, acting_user=_acting_user.get())


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    audited = True  # through agencies.actions
    change_password_form = AuditedPasswordChangeForm

    def save_model(self, request, obj, form, change):
        groups = form.cleaned_data.get("groups") if "groups" in form.cleaned_data else None
        permissions = form.cleaned_data.get("user_permissions")
        if "user_permissions" not in form.cleaned_data:
            permissions = None
        actions.save_user(obj, acting_user=request.user, groups=groups, permissions=permissions)

    def delete_model(self, request, obj):
        actions.delete_user(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            actions.delete_user(user, acting_user=request.user)

    def user_change_password(self, request, id, form_url=""):
        token = _acting_user.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_user.reset(token)
