"""The demo's review campaign, funding lines, assistance need and experts: sample-flagged,
written through the actions, and a second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.evaluation.reviews.demo import load_demo
from camket.evaluation.reviews.models import (
    AgencyReview,
    AssistanceNeed,
    Expert,
    FundingLine,
    ReviewCampaign,
)
from camket.monitoring.tests.factories import make_task
from camket.registry.management.commands.createdemo import create_demo_users


@pytest.fixture
def demo_world(db):
    create_demo_users()
    vkfta = make_commitment()
    evfta = make_commitment("vn/treaty/2019/evfta", short_name="EVFTA", partners=("FRA",))
    make_task(vkfta, due_on="2025-06-30")
    make_task(evfta, due_on="2025-06-30")
    return vkfta, evfta


def test_demo_is_sample_flagged_and_idempotent(client, demo_world):
    load_demo(io.StringIO())
    audit = AuditEvent.objects.count()
    counts = [
        m.objects.count()
        for m in (ReviewCampaign, AgencyReview, FundingLine, Expert, AssistanceNeed)
    ]
    load_demo(io.StringIO())
    assert AuditEvent.objects.count() == audit
    assert counts == [
        m.objects.count()
        for m in (ReviewCampaign, AgencyReview, FundingLine, Expert, AssistanceNeed)
    ]
    campaign = ReviewCampaign.objects.get()
    assert campaign.is_sample
    statuses = dict(campaign.reviews.values_list("commitment__code", "status"))
    assert statuses["vn/treaty/2015/vkfta"] == "accepted"
    assert statuses["vn/treaty/2019/evfta"] == "approved"
    assert not FundingLine.objects.filter(is_sample=False).exists()
    assert not Expert.objects.filter(is_sample=False).exists()
    assert Expert.objects.count() == 3 and AssistanceNeed.objects.count() == 1
    # Every page showing the sample says so.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    for url in (
        reverse("reviews:home"),
        campaign.get_absolute_url(),
        reverse("reviews:campaign-synthesis", args=[campaign.pk]),
        reverse("reviews:resources"),
        reverse("reviews:expert-list"),
    ):
        assert "data-review-sample" in client.get(url).content.decode(), url


def test_the_demo_campaign_covers_the_year_of_the_demos_reporting_round(demo_world):
    """The demo's reporting rounds are dated from the day it is made (the sample round is the
    previous half-year): a campaign fixed on 2025 pre-filled every review with empty figures."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from camket.monitoring.demo import create_sample_round

    vkfta, _evfta = demo_world
    coordinator = get_user_model().objects.get(username="dieuphoi")
    sample = create_sample_round(acting_user=coordinator, today=dt.date(2027, 3, 10))
    assert sample.cycle.ends_on == dt.date(2026, 12, 31)
    load_demo(io.StringIO())
    campaign = ReviewCampaign.objects.get()
    assert campaign.starts_on <= sample.cycle.ends_on <= campaign.ends_on
    figures = campaign.reviews.get(commitment=vkfta).figures
    assert figures["tasks"] == 1 and figures["reports"] > 0
    assert figures["pledged"] > 0  # the sample funding lines are of the same year
