"""The audit trail in the admin (read only), and an audit row for every write made in the admin.

Models with an audited action of their own (roles, accounts) mark their ModelAdmin ``audited``;
every other registered ModelAdmin, third-party ones included, is wrapped at start-up by
:func:`audit_every_admin` so that adding, changing or deleting in ``/admin/`` leaves an
``admin.added`` / ``admin.changed`` / ``admin.deleted`` row.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from camket.audit.actions import record_admin_write, snapshot
from camket.audit.models import AuditEvent

_BEFORE = "_camket_admin_before"


class AuditedAdminMixin:
    """Audit what the admin saves and deletes through this ModelAdmin."""

    audited = True

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(old) if old is not None else None
        super().save_model(request, obj, form, change)
        request.__dict__.setdefault(_BEFORE, {})[(obj._meta.label, obj.pk)] = before

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = request.__dict__.get(_BEFORE, {}).pop((obj._meta.label, obj.pk), None)
        action = "admin.changed" if change else "admin.added"
        record_admin_write(obj, action, request.user, before=before)

    def delete_model(self, request, obj):
        record_admin_write(obj, "admin.deleted", request.user, before=snapshot(obj), deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record_admin_write(
                obj, "admin.deleted", request.user, before=snapshot(obj), deleted=True
            )
        super().delete_queryset(request, queryset)


def audit_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Re-register every ModelAdmin not marked ``audited`` with :class:`AuditedAdminMixin`."""
    for model, model_admin in list(site._registry.items()):
        if getattr(model_admin, "audited", False):
            continue
        base = type(model_admin)
        wrapped = type(f"Audited{base.__name__}", (AuditedAdminMixin, base), {})
        site.unregister(model)
        site.register(model, wrapped)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    audited = True  # read only
    list_display = ["at", "actor_display", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_username", "actor_name", "object_repr"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description=_("by"))
    def actor_display(self, obj: AuditEvent) -> str:
        return obj.actor_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
