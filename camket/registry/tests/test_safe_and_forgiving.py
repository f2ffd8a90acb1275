"""Removals ask first (without script), forms mark what is required and use date pickers."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse

import camket
from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.registry import actions
from camket.registry.models import CommitmentRelation, Document


@pytest.fixture
def records(db, coordinator, vkfta):
    other = make_commitment("vn/treaty/2020/evfta", short_name="EVFTA", title_vi="Hiệp định EVFTA")
    relation = actions.add_relation(
        CommitmentRelation(source=vkfta, target=other, kind=CommitmentRelation.Kind.AMENDS),
        acting_user=coordinator,
    )
    document = actions.add_document(
        vkfta,
        Document(title="Văn bản tiếng Việt", language="vi", source_url="https://example.org/vk"),
        acting_user=coordinator,
    )
    event = vkfta.events.get(kind="entry_into_force")
    return {
        "event-delete": (event, "event.deleted", vkfta.events),
        "document-delete": (document, "document.deleted", vkfta.documents),
        "relation-delete": (relation, "relation.deleted", vkfta.relations_out),
    }


@pytest.mark.parametrize("name", ["event-delete", "document-delete", "relation-delete"])
def test_removal_asks_on_a_page_then_removes_on_post_with_an_audit_row(
    client, coordinator, vkfta, records, name
):
    record, action, related = records[name]
    url = reverse(f"registry:{name}", args=[vkfta.code, record.pk])
    client.force_login(coordinator)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<form method="post">' in html and "Hủy" in html
    assert related.filter(pk=record.pk).exists()
    assert client.post(url).status_code == 302
    assert not related.filter(pk=record.pk).exists()
    assert AuditEvent.objects.filter(action=action).count() == 1


def test_commitment_page_links_to_the_confirmation_instead_of_posting(client, coordinator, records):
    client.force_login(coordinator)
    event = records["event-delete"][0]
    page = client.get(event.commitment.get_absolute_url()).content.decode()
    confirm = reverse("registry:event-delete", args=[event.commitment.code, event.pk])
    assert f'href="{confirm}"' in page
    assert f'action="{confirm}"' not in page


def test_officer_of_another_agency_gets_404_on_the_confirmation(client, officer_btc, records):
    client.force_login(officer_btc)
    document = records["document-delete"][0]
    url = reverse("registry:document-delete", args=[document.commitment.code, document.pk])
    assert client.get(url).status_code == 404


def test_long_pasted_text_is_checked_by_post(client, observer):
    client.force_login(observer)
    url = reverse("compatibility:check")
    form = client.get(url).content.decode()
    text = "Quyền thành lập công đoàn và thương lượng tập thể của người lao động. " * 60
    response = client.post(url, {"text": text})
    assert re.search(r'<form method="post"[^>]*>', form)
    assert len(text) > 1600 and response.status_code == 200
    assert 'id="suggestions"' in response.content.decode()


def _project_forms():
    for module in pkgutil.walk_packages(camket.__path__, "camket."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    stack, seen = [forms.BaseForm], set()
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("camket.") and sub not in seen:
                seen.add(sub)
                yield sub


def test_every_date_field_of_every_form_uses_the_browser_date_picker():
    found = {
        f"{form.__module__}.{form.__name__}.{name}": field.widget.input_type
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField)
    }
    assert len(found) >= 10
    assert {k: v for k, v in found.items() if v != "date"} == {}


def test_required_fields_are_marked_for_eyes_and_screen_readers(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("registry:commitment-create")).content.decode()
    title = re.search(
        r"<textarea[^>]*id=\"id_title_vi\"[^>]*>|<input[^>]*id=\"id_title_vi\"[^>]*>", page
    )
    code = re.search(r"<input[^>]*id=\"id_code\"[^>]*>", page)
    assert title and 'aria-required="true"' in title.group(0)
    assert code and "aria-required" not in code.group(0)
    label = re.search(r'<label for="id_title_vi">.*?</label>', page, re.S).group(0)
    assert 'class="required"' in label
