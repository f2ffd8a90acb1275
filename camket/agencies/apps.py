from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "camket.agencies"
    verbose_name = _("Agencies")

    def ready(self):
        # Project-wide hooks: deployment checks (`manage.py check --deploy`) and the login signal
        # that decides whether a session still owes a second factor.
        from camket import security, twofactor  # noqa: F401
