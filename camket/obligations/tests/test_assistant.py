"""The extraction assistant and the statement → action programme flow."""

from django.urls import reverse

from camket.agencies.models import Agency
from camket.audit.models import AuditEvent
from camket.obligations import actions
from camket.obligations.assistant import proposals
from camket.obligations.models import ActionPlan, Obligation, Task


def test_statement_sentences_are_proposed_with_reasons(statement):
    found, total = proposals(statement)
    assert total == 2
    first = found[0]
    assert first.candidate.marker.lower().startswith("agreed")
    assert first.agencies and first.agencies[0][0].code == "bkhcn"
    assert found[1].due_on.isoformat() == "2026-12-31"


def accept(client, statement, proposal, agency_code):
    return client.post(
        reverse("obligations:assistant-accept", args=[statement.code]),
        {
            "key": proposal.key,
            "provision": proposal.provision.pk,
            "source_start": proposal.candidate.start,
            "source_text": proposal.candidate.sentence,
            "text": proposal.candidate.sentence,
            "modality": "political",
            "addressee": "both_sides",
            "lead_agency": Agency.objects.get(code=agency_code).pk,
            "sectors": "education",
        },
    )


def test_accepting_creates_an_obligation_and_hides_the_proposal(client, officer_bct, statement):
    client.force_login(officer_bct)
    found, _ = proposals(statement)
    assert accept(client, statement, found[0], "bkhcn").status_code == 302
    obligation = Obligation.objects.get()
    assert obligation.method == Obligation.Method.ASSISTANT
    assert obligation.external_key == found[0].key
    assert proposals(statement)[1] == 1
    assert AuditEvent.objects.filter(action="obligation.created").count() == 1


def test_rejecting_hides_the_proposal_without_an_obligation(client, officer_bct, statement):
    client.force_login(officer_bct)
    found, _ = proposals(statement)
    client.post(
        reverse("obligations:assistant-reject", args=[statement.code]), {"key": found[1].key}
    )
    assert proposals(statement)[1] == 1 and not Obligation.objects.exists()


def test_other_agency_cannot_use_the_assistant(client, officer_btc, statement):
    client.force_login(officer_btc)
    assert client.get(reverse("obligations:assistant", args=[statement.code])).status_code == 404
    found, _ = proposals(statement)
    assert accept(client, statement, found[0], "bkhcn").status_code == 404
    assert not Obligation.objects.exists()


def test_pasted_text_feeds_the_assistant(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    client.post(
        reverse("obligations:assistant-text", args=[vkfta.code]),
        {
            "text": "Mỗi Bên phải công bố các quy định về xuất xứ hàng hóa trong thời hạn 05 năm.",
            "language": "vi",
        },
    )
    found, total = proposals(vkfta)
    assert total == 1 and found[0].candidate.marker == "phải"


def test_statement_items_become_a_programme_with_traceability(
    client, officer_bct, coordinator, statement
):
    client.force_login(officer_bct)
    found, _ = proposals(statement)
    accept(client, statement, found[0], "bkhcn")
    accept(client, statement, found[1], "bgddt")
    items = list(statement.obligations.values_list("pk", flat=True))
    response = client.post(
        reverse("obligations:programme-create", args=[statement.code]),
        {
            "title_vi": "Chương trình hành động thực hiện Tuyên bố chung",
            "agency": Agency.objects.get(code="bct").pk,
            "items": items,
        },
    )
    plan = ActionPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    assert set(plan.tasks.values_list("lead_agency__code", flat=True)) == {"bkhcn", "bgddt"}
    task = plan.tasks.get(lead_agency__code="bgddt")
    page = client.get(task.get_absolute_url()).content.decode()
    assert "educational exchanges" in page  # task → statement sentence
    work = client.get(reverse("obligations:commitment-work", args=[statement.code]))
    assert task.title[:40] in work.content.decode()  # statement → its tasks
    client.post(reverse("obligations:plan-transition", args=[plan.code, "submit"]))
    client.post(reverse("obligations:plan-transition", args=[plan.code, "approve"]))
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED  # an officer cannot approve
    client.force_login(coordinator)
    client.post(reverse("obligations:plan-transition", args=[plan.code, "approve"]))
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED and plan.approved_by == coordinator


def test_programme_needs_a_confirmed_lead_for_every_item(officer_bct, statement):
    import pytest
    from django.core.exceptions import ValidationError

    item = Obligation.objects.create(commitment=statement, text="Hợp tác", modality="political")
    with pytest.raises(ValidationError):
        actions.create_programme_from_items(
            statement, [item], agency=statement.lead_agency, title_vi="CT", acting_user=officer_bct
        )
    assert not Task.objects.exists()


def test_item_carried_into_a_treaty(client, officer_bct, statement, vkfta):
    client.force_login(officer_bct)
    item = Obligation.objects.create(commitment=statement, text="FTA", modality="political")
    client.post(
        reverse("obligations:obligation-carried", args=[item.pk]), {"target": vkfta.pk}
    )
    item.refresh_from_db()
    assert item.carried_into == vkfta


def test_phased_schedule_is_kept_when_accepting(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    client.post(
        reverse("obligations:assistant-text", args=[vkfta.code]),
        {
            "text": "Viet Nam shall eliminate customs duties on goods in staging category B "
            "in 5 equal annual instalments.",
            "language": "en",
        },
    )
    proposal = proposals(vkfta)[0][0]
    page = client.get(reverse("obligations:assistant", args=[vkfta.code]))
    form = page.context["rows"][0][1]
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["lead_agency"] = Agency.objects.get(code="btc").pk
    client.post(reverse("obligations:assistant-accept", args=[vkfta.code]), data)
    obligation = Obligation.objects.get(external_key=proposal.key)
    assert [phase["reading"] for phase in obligation.schedule] == [
        "staging category B",
        "5 annual instalments",
    ]
