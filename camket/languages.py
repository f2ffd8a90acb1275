"""Each public page has an address per language: ``?lang=en`` (decision 0017).

Vietnamese is the page without the parameter; ``?lang=en`` is its English twin. The middleware
(:mod:`camket.middleware`) honours the parameter for that request and keeps it as the visitor's
choice, so the pages the visitor opens next stay in that language.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

PARAM = "lang"
PUBLIC_PREFIXES = ("/public/",)


def asked(request) -> str:
    """The language the address asks for, or "" when it asks for none we have."""
    value = request.GET.get(PARAM, "")
    return value if value in dict(settings.LANGUAGES) else ""


def address(request, language: str, *, explicit: bool = False) -> str:
    """The current page's absolute address in ``language`` (Vietnamese: no parameter)."""
    pairs = [(k, v) for k, values in request.GET.lists() if k != PARAM for v in values]
    if explicit or language != settings.LANGUAGE_CODE:
        pairs.append((PARAM, language))
    query = urlencode(pairs)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def is_public_page(request) -> bool:
    return request.path.startswith(PUBLIC_PREFIXES) or (
        request.path == "/" and not request.user.is_authenticated
    )


def alternates(request) -> dict:
    """Context processor: the page's language versions, for the head and the language switch.

    ``language_versions`` (public pages only) feeds ``<link rel="alternate" hreflang>`` and the
    canonical link; ``language_links`` lets an anonymous visitor switch by a plain link (no
    form, hence no CSRF token: such a page can be compressed, see ``PublicGZipMiddleware``).
    """
    pairs = [(k, v) for k, values in request.GET.lists() if k != PARAM for v in values]
    context = {"language_next": request.path + (f"?{urlencode(pairs)}" if pairs else "")}
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        context["language_links"] = {
            code: address(request, code, explicit=True) for code, _name in settings.LANGUAGES
        }
    if user is not None and is_public_page(request):
        versions = {code: address(request, code) for code, _name in settings.LANGUAGES}
        context["language_versions"] = versions
        context["canonical_address"] = versions.get(request.LANGUAGE_CODE, "")
    return context
