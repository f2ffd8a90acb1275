"""Fixed-window request limits per client address, kept in Django's cache.

``over_limit(scope, address, limit, window)`` counts one request and returns the seconds until
the window ends when the count passed ``limit`` (else ``None``). The counts live in the cache
``shared`` (``CACHES``: a table of the database), so every server process and machine adds to
one count per address. Decision 0018.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext as _

from camket.security import client_ip


def over_limit(scope: str, address: str, limit: int, window: int) -> int | None:
    """Count a request of ``address`` in ``scope``; the Retry-After seconds when over ``limit``."""
    if limit <= 0:
        return None
    now = time.time()
    slot = int(now // window)
    key = f"opendata:rate:{scope}:{address}:{slot}"
    cache = caches["shared"]
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 1)
            count = 1
    if count <= limit:
        return None
    return max(1, int((slot + 1) * window - now) + 1)


def limited(request, scope: str, limit: int, window: int) -> HttpResponse | None:
    """A 429 answer (plain text, translated, Retry-After) when ``request`` is over the limit."""
    retry = over_limit(scope, client_ip(request), limit, window)
    if retry is None:
        return None
    message = _("Too many requests from your address. Try again in %(seconds)s seconds.") % {
        "seconds": retry
    }
    response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry)
    return response
