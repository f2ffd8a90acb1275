"""Vietnamese first: the UI language comes from the user's choice (cookie), never the browser."""

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Activate the language chosen with the switch, else ``LANGUAGE_CODE`` (Vietnamese).

    Django's ``LocaleMiddleware`` would follow the browser's Accept-Language header, which on
    most official machines says English; staff expect Vietnamese unless they switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
