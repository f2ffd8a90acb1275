"""Vietnamese first: the UI language comes from the address or the user's choice, never the browser.

Also: compression of the responses that carry no secret (``PublicGZipMiddleware``).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation

from camket import languages


class LanguageMiddleware:
    """Activate the language of the address (``?lang=en``), else the one chosen with the switch
    (cookie), else ``LANGUAGE_CODE`` (Vietnamese). A language asked by the address is kept in
    the cookie, so the pages opened next from a shared English link stay in English.

    Django's ``LocaleMiddleware`` would follow the browser's Accept-Language header, which on
    most official machines says English; staff expect Vietnamese unless they switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        asked = languages.asked(request)
        language = asked or (chosen if chosen in self.supported else settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        if asked and asked != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                asked,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress only what carries no secret, so BREACH has nothing to guess (decision 0017).

    BREACH recovers a secret from the compressed size of a response that also reflects text an
    attacker chose. A response is compressed only when nobody is logged in (no personal or
    internal data) and no CSRF token was rendered into it (Django sends the token's cookie
    with every response that used the token): public pages, the open-data API, feeds and the
    sitemap qualify; forms and every staff page are sent as they are.
    """

    def process_request(self, request):
        """``If-None-Match`` compares weakly (RFC 9110, 13.1.2): a client echoing the weak ETag
        of a compressed answer (``W/"…"``) still gets 304 from views that compare strong ones."""
        held = request.META.get("HTTP_IF_NONE_MATCH")
        if held:
            tags = (tag.strip().removeprefix("W/") for tag in held.split(","))
            request.META["HTTP_IF_NONE_MATCH"] = ", ".join(tags)

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        if _token_used(request, response):
            return response
        return super().process_response(request, response)


def _token_used(request, response) -> bool:
    """Whether a CSRF token was rendered into ``response`` (cookie (re)sent, or a form field)."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    if settings.CSRF_COOKIE_NAME in response.cookies:
        return True
    return not response.streaming and b"csrfmiddlewaretoken" in response.content
