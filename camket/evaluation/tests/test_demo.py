"""The demo's sample proposal on the real VN-EFTA negotiation, and the gate status measure."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.evaluation import demo
from camket.evaluation.models import Proposal


@pytest.mark.django_db
def test_the_demo_proposal_is_sample_data_and_a_second_run_changes_nothing(coordinator, client):
    proposal = demo.load_demo(io.StringIO())
    audit_rows = AuditEvent.objects.count()
    again = demo.load_demo(io.StringIO())
    assert again.pk == proposal.pk and Proposal.objects.count() == 1
    assert AuditEvent.objects.count() == audit_rows
    assert proposal.is_sample and proposal.status == Proposal.Status.UNDER_OPINION
    assert proposal.opinions.filter(answered_on__isnull=False).count() == 1
    assert all(o.text.startswith(demo.SAMPLE) for o in proposal.commitment.obligations.all())
    client.force_login(coordinator)
    for name in ("proposal-detail", "feasibility"):
        page = client.get(reverse(f"evaluation:{name}", args=[proposal.pk])).content.decode()
        assert "Đề xuất mẫu" in page
    queue = client.get(reverse("evaluation:proposal-list")).content.decode()
    assert "Đề xuất mẫu" in queue


@pytest.mark.django_db
def test_gate_status_counts_historical_commitments_as_signed_before_the_gate():
    make_commitment()  # signed 05/05/2015
    make_commitment("vn/treaty/2026/moi", short_name="MOI", events=())
    out = io.StringIO()
    call_command("gate_status", stdout=out)
    text = out.getvalue()
    assert "Commitments in the register: 2" in text
    assert "    1 ( 50.0%) gated step taken before the gate existed" in text
    assert "    0 (  0.0%) with a complete" in text


@pytest.mark.django_db
def test_the_gate_page_marks_a_historical_signature(vkfta, coordinator, client):
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:commitment-gate", args=[vkfta.code])).content.decode()
    assert "Ký trước khi có bước kiểm soát" in page and "05/05/2015" in page
    register = client.get(vkfta.get_absolute_url()).content.decode()
    assert 'id="before-gate">Ký trước khi có bước kiểm soát' in register
    new = make_commitment("vn/treaty/2026/moi", short_name="MOI", events=())
    assert 'id="before-gate"' not in client.get(new.get_absolute_url()).content.decode()
