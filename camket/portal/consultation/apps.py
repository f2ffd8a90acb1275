from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "camket.portal.consultation"
    label = "consultation"
    verbose_name = _("Consultation and feedback")
