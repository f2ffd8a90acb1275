"""Schemathesis against the OpenAPI document: no server error, every answer as documented.

Runs in ``make test`` offline: the schema is read from the WSGI application itself, and the
requests go to it in process (no network, no server). Property-based: Hypothesis generates
valid and invalid filters, pages and codes for each operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def unlimited(settings):
    settings.CAMKET_API_RATE_LIMIT = 0  # the 429 answer has its own test (test_api.py)


@schema.parametrize()
@hypothesis_settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_answers_as_its_openapi_document_says(case, world, unlimited):
    case.call_and_validate()
