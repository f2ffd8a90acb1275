from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "camket.evaluation.reviews"
    label = "reviews"
    verbose_name = _("Reviews, resources and experts")
