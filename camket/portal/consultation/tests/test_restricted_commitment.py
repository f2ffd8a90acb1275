"""A consultation follows its commitment: when that becomes restricted, readers of the staff side
who may no longer read the commitment do not read the consultation either (hostile report, 7)."""

import datetime as dt

from django.urls import reverse

from camket.portal.consultation.models import Consultation
from camket.registry.actions import CommitmentData, EventData, replace_commitment
from camket.registry.models import Commitment


def _restrict(c, lead="bct"):
    replace_commitment(
        c,
        CommitmentData(
            code=c.code,
            kind=c.kind,
            level=c.level,
            scope=c.scope,
            title_vi=c.title_vi,
            title_en=c.title_en,
            short_name=c.short_name,
            lead_agency=lead,
            confidentiality=Commitment.Confidentiality.RESTRICTED,
            summary_vi="",
            partners=["KOR"],
            sectors=["trade"],
            supporting_agencies=[],
            events=[
                EventData("signature", dt.date(2015, 5, 5)),
                EventData("entry_into_force", dt.date(2015, 12, 20)),
            ],
        ),
        acting_user=None,
    )


def test_observer_does_not_read_the_consultation_of_a_restricted_commitment(
    consultation, observer, client
):
    title = consultation.title
    _restrict(consultation.commitment)
    assert (
        not Commitment.objects.visible_to(observer).filter(pk=consultation.commitment_id).exists()
    )
    client.force_login(observer)
    listed = client.get(reverse("consultation:consultation-list")).content.decode()
    detail = client.get(reverse("consultation:consultation-detail", args=[consultation.pk]))
    assert title not in listed
    assert detail.status_code == 404


def test_every_reader_of_a_consultation_may_read_its_commitment(
    consultation, observer, officer_bct, coordinator
):
    """The kind of problem: no persona reads a consultation whose commitment it may not read."""
    _restrict(consultation.commitment)
    for user in (observer, officer_bct, coordinator):
        for c in Consultation.objects.visible_to(user):
            assert Commitment.objects.visible_to(user).filter(pk=c.commitment_id).exists(), user
    # The lead agency (still involved) and the coordinators keep reading it.
    assert Consultation.objects.visible_to(officer_bct).filter(pk=consultation.pk).exists()
    assert Consultation.objects.visible_to(coordinator).filter(pk=consultation.pk).exists()
