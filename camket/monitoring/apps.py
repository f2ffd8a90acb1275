from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "camket.monitoring"
    verbose_name = _("Monitoring and statistics")

    def ready(self) -> None:
        from camket.monitoring import counts

        counts.connect()
