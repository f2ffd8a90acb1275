from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "camket.evaluation.scoring"
    label = "scoring"
    verbose_name = _("Criteria and scorecards")
