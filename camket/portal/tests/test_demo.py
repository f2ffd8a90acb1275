"""The portal's demo: the EVFTA's obligations that concern businesses, once."""

from __future__ import annotations

import io

from django.test import Client

from camket.audit.models import AuditEvent
from camket.portal import demo
from camket.registry.loader import load_file


def test_demo_shows_business_obligations_of_the_evfta_and_a_second_run_changes_nothing(db):
    load_file()
    assert demo.load_demo(io.StringIO()) == {"inserted": 3, "updated": 0, "unchanged": 0}
    audit_rows = AuditEvent.objects.count()
    out = io.StringIO()
    assert demo.load_demo(out) == {"inserted": 0, "updated": 0, "unchanged": 3}
    assert AuditEvent.objects.count() == audit_rows
    assert "unchanged 3" in out.getvalue()
    html = Client().get("/public/commitments/vn/treaty/2019/evfta/").content.decode()
    assert "11.500 tấn cá ngừ" in html and "máy móc, thiết bị" in html
    seafood = Client().get("/public/business/agriculture/", {"partner": "EU"}).content.decode()
    assert "thuế thủy sản" in seafood


def test_demo_adds_nothing_without_the_evfta(db):
    out = io.StringIO()
    assert demo.load_demo(out) == {"inserted": 0, "updated": 0, "unchanged": 0}
    assert "nothing added" in out.getvalue()
