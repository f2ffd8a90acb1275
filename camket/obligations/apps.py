from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "camket.obligations"
    verbose_name = _("Obligations and action plans")
