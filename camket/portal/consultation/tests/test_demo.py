"""The demo's consultation and feedback: flagged sample data, said so on every page, idempotent."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.portal.consultation import demo
from camket.portal.consultation.models import Comment, Consultation, Feedback

pytestmark = pytest.mark.django_db


def test_the_demo_is_sample_data_said_so_and_loads_once(coordinator):
    make_commitment("vn/treaty/2019/evfta", title_vi="Hiệp định EVFTA", short_name="EVFTA",
                    partners=("BEL",), events=(("signature", "2019-06-30"),))  # fmt: skip
    make_commitment()  # VKFTA
    demo.load_demo(io.StringIO(), acting_user=coordinator)
    counts = (Consultation.objects.count(), Comment.objects.count(), Feedback.objects.count())
    audit = AuditEvent.objects.count()
    assert counts == (1, 2, 3)
    out = io.StringIO()
    demo.load_demo(out, acting_user=coordinator)
    assert (
        Consultation.objects.count(),
        Comment.objects.count(),
        Feedback.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == audit and "created 0" in out.getvalue()
    assert not Consultation.objects.filter(is_sample=False).exists()
    assert not Feedback.objects.filter(is_sample=False).exists()
    consultation = Consultation.objects.get()
    assert consultation.is_open()
    note = "do CamKet soạn để minh họa"
    client = Client()
    for url in (
        reverse("consultation:public-consultation-list"),
        consultation.get_public_url(),
        reverse("consultation:public-feedback-list"),
    ):
        assert note in client.get(url).content.decode(), url
    staff = Client()
    staff.force_login(coordinator)
    for url in (reverse("consultation:queue"), consultation.get_absolute_url()):
        assert note in staff.get(url).content.decode(), url
