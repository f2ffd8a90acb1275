import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camket.settings")
application = get_wsgi_application()

from camket.security import refuse_weak_secret_key  # noqa: E402 (needs the settings loaded)

refuse_weak_secret_key()
