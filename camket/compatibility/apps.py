from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompatibilityConfig(AppConfig):
    name = "camket.compatibility"
    verbose_name = _("Compatibility with domestic law")
