"""Sample data is never shown without saying so, and the banner never shows on real data.

The access sweep's world (every kind of record, every URL pattern, every export) is built with
its reporting cycle flagged as sample data. Every page or export, read as the national
coordinator (who sees everything), that names that cycle must carry the sample-data notice;
every one that does not must not. A new page showing reports gets checked without anyone
remembering to.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from camket.monitoring.models import ReportingCycle
from camket.monitoring.sample import SAMPLE_NOTICE
from camket.tests.test_access_sweep import build_world, plan_requests, response_text


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.django_db
def test_every_page_naming_a_sample_cycle_says_so_and_no_other_does(django_user_model, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    world, users = build_world(django_user_model)
    cycle = ReportingCycle.objects.get()
    cycle.is_sample = True
    cycle.save(update_fields=["is_sample"])
    marker = _flat(cycle.title)
    with translation.override("vi"):
        notice = _flat(str(SAMPLE_NOTICE))[:60]
    requests, _unfilled = plan_requests(world)
    client = Client(raise_request_exception=False)
    client.force_login(users["coordinator"])
    unmarked, needless, sample_pages = [], [], 0
    for name, url in requests:
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _flat(response_text(response))
        shows_sample, says_so = marker in text, notice in text
        sample_pages += shows_sample
        if shows_sample and not says_so:
            unmarked.append(f"{name} {url}")
        elif says_so and not shows_sample:
            needless.append(f"{name} {url}")
    print(f"\nsample banner sweep: {len(requests)} requests, {sample_pages} name the sample cycle")
    assert sample_pages >= 8, "the sweep should reach the cycle's pages, lists and exports"
    assert not unmarked, "pages showing sample data without the notice:\n" + "\n".join(unmarked)
    assert not needless, "pages with the notice but no sample data:\n" + "\n".join(needless)
