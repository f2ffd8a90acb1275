"""Schemathesis against the OpenAPI document: no server error, every answer as documented.

Runs in ``make test`` offline: the schema is read from the WSGI application itself, and the
requests go to it in process (no network, no server). Property-based: Hypothesis generates
valid and invalid filters, pages and codes for each operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def unlimited(settings):
    """No rate limit (the 429 answer has its own test, test_api.py), and the test's database
    connection kept open across requests: Django's WSGI handler closes it when a request ends,
    which Django's own test client prevents the same way (PostgreSQL would lose the test's
    transaction)."""
    settings.CAMKET_API_RATE_LIMIT = 0
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_answers_as_its_openapi_document_says(case, world, unlimited):
    # In process there is no HTTP client to undo gzip, as a browser or curl would; the
    # compressed answers have their own tests (portal/tests/test_phone_and_language.py).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
