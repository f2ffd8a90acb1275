from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "camket.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        # The admin has discovered every app's admin module by now (it is first in INSTALLED_APPS).
        from camket.audit.admin import audit_every_admin

        audit_every_admin()
