from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "camket.portal.opendata"
    label = "opendata"
    verbose_name = _("Open data and subscriptions")

    def ready(self) -> None:
        from camket.portal.opendata import cache

        cache.connect()  # the public record cache follows every write (decision 0018)
