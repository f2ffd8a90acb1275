from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "camket.evaluation"
    label = "evaluation"
    verbose_name = _("Proposals and feasibility")
