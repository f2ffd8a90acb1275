"""The HTML of the pages that hold several forms: every id once, every reference to an id resolved.

Screen readers name a field by its <label for=...> and read its help text through
aria-describedby: a repeated id or a reference to a missing one silently loses both. The browser
tests run axe-core on the pages they visit; this checks the same kind of fault on the server's
HTML, without a browser, on the pages where forms share a page.
"""

from __future__ import annotations

import re
from collections import Counter

from django.urls import reverse

from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.obligations.assistant import proposals
from camket.obligations.models import Obligation

ID = re.compile(r'\sid="([^"]+)"')
REFERENCE = re.compile(r'\s(?:for|aria-describedby|aria-labelledby)="([^"]+)"')


def id_problems(html: str) -> list[str]:
    ids = Counter(ID.findall(html))
    problems = [f"id {name!r} {count} times" for name, count in ids.items() if count > 1]
    for value in REFERENCE.findall(html):
        problems += [
            f"reference to missing id {name!r}" for name in value.split() if name not in ids
        ]
    return problems


def test_form_pages_have_unique_ids_and_resolved_references(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    client.post(
        reverse("obligations:assistant-text", args=[vkfta.code]),
        {
            "text": "Viet Nam shall eliminate customs duties on goods in staging category B "
            "in 5 equal annual instalments. Korea shall notify the Joint Committee within "
            "90 days after the entry into force of this Agreement.",
            "language": "en",
        },
    )
    assert proposals(vkfta)[1] >= 2  # the assistant page repeats its proposal form
    task = make_task(vkfta, plan_code="kh-bct-vkfta")
    (report, *_) = open_reports(make_cycle("bct"))
    for url in (
        reverse("obligations:assistant", args=[vkfta.code]),
        vkfta.get_absolute_url(),
        reverse("obligations:task-detail", args=[task.pk]),
        reverse("monitoring:report-detail", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert id_problems(response.content.decode()) == [], url


def test_a_proposal_is_accepted_from_the_fields_its_prefixed_form_posts(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    client.post(
        reverse("obligations:assistant-text", args=[vkfta.code]),
        {
            "text": "Viet Nam shall eliminate customs duties on goods in staging category B "
            "in 5 equal annual instalments. Korea shall notify the Joint Committee within "
            "90 days after the entry into force of this Agreement.",
            "language": "en",
        },
    )
    page = client.get(reverse("obligations:assistant", args=[vkfta.code]))
    proposal, form = page.context["rows"][1]
    assert form.prefix == "proposal-2"
    data = {form.add_prefix(name): form.initial.get(name) for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data[form.add_prefix("lead_agency")] = officer_bct.memberships.get().agency.pk
    data["form_prefix"] = form.prefix
    response = client.post(reverse("obligations:assistant-accept", args=[vkfta.code]), data)
    assert response.status_code == 302
    obligation = Obligation.objects.get()
    assert obligation.external_key == proposal.key
    assert obligation.lead_agency.code == "bct"
