from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from camket.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
