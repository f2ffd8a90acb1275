"""Open data's demo step: announces the public commitments once and writes the files."""

from __future__ import annotations

import io

import pytest

from camket.audit.models import AuditEvent
from camket.portal.opendata import demo, exports
from camket.portal.opendata.models import Announcement, EventKind

pytestmark = pytest.mark.django_db


def test_the_demo_step_is_idempotent_and_public_only(world, settings):
    Announcement.objects.all().delete()
    out = io.StringIO()
    demo.load_demo(out)
    assert "Open data: 2 public commitments" in out.getvalue()
    announced = set(Announcement.objects.values_list("kind", "commitment__code"))
    assert announced == {
        (EventKind.NEW_COMMITMENT, "vn/treaty/2015/vkfta"),
        (EventKind.NEW_COMMITMENT, "vn/treaty/2019/evfta"),
    }
    assert exports.manifest()["rows"] == 2
    before = (Announcement.objects.count(), AuditEvent.objects.count())
    demo.load_demo(io.StringIO())
    assert (Announcement.objects.count(), AuditEvent.objects.count()) == before
