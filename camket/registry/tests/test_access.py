"""Every scoped page: another agency gets 404, anonymous users go to the login page."""

import pytest
from django.urls import reverse

from camket.registry.models import Commitment

READ_PAGES = ["registry:commitment-detail"]
EDIT_PAGES = ["registry:commitment-edit"]
POST_ACTIONS = [
    "registry:event-create",
    "registry:document-create",
    "registry:relation-create",
    "registry:commitment-delete",
]


def url(name, commitment):
    return reverse(name, args=[commitment.code])


@pytest.mark.parametrize("name", READ_PAGES + EDIT_PAGES + POST_ACTIONS)
def test_anonymous_is_sent_to_login(client, restricted_btc, name):
    response = client.get(url(name, restricted_btc))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["registry:commitment-list", "registry:search", "registry:commitment-create"]
)
def test_anonymous_lists_redirect_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", READ_PAGES + EDIT_PAGES)
def test_other_agency_gets_404_on_restricted(client, officer_bct, restricted_btc, name):
    client.force_login(officer_bct)
    assert client.get(url(name, restricted_btc)).status_code == 404


@pytest.mark.parametrize("name", POST_ACTIONS)
def test_other_agency_cannot_post_to_restricted(client, officer_bct, restricted_btc, name):
    client.force_login(officer_bct)
    assert client.post(url(name, restricted_btc), {}).status_code == 404
    assert Commitment.objects.filter(pk=restricted_btc.pk).exists()


def test_other_agency_gets_404_on_internal(client, officer_bct, internal_btc):
    client.force_login(officer_bct)
    assert client.get(url("registry:commitment-detail", internal_btc)).status_code == 404


def test_missing_and_forbidden_look_the_same(client, officer_bct, restricted_btc):
    client.force_login(officer_bct)
    missing = client.get(reverse("registry:commitment-detail", args=["vn/treaty/1900/none"]))
    forbidden = client.get(url("registry:commitment-detail", restricted_btc))
    assert missing.status_code == forbidden.status_code == 404


@pytest.mark.parametrize("persona", ["officer_btc", "officer_hanoi", "coordinator"])
def test_lead_supporting_and_coordinator_see_restricted(client, request, restricted_btc, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("registry:commitment-detail", restricted_btc))
    assert response.status_code == 200
    assert "Thỏa thuận hợp tác về hải quan" in response.content.decode()


def test_observer_reads_internal_but_not_restricted(client, observer, internal_btc, restricted_btc):
    client.force_login(observer)
    assert client.get(url("registry:commitment-detail", internal_btc)).status_code == 200
    assert client.get(url("registry:commitment-detail", restricted_btc)).status_code == 404


def test_supporting_agency_reads_but_cannot_edit(client, officer_hanoi, restricted_btc):
    client.force_login(officer_hanoi)
    assert client.get(url("registry:commitment-edit", restricted_btc)).status_code == 404


def test_public_record_is_readable_by_all_staff_but_editable_by_lead_only(
    client, officer_btc, officer_bct, vkfta
):
    client.force_login(officer_btc)
    assert client.get(url("registry:commitment-detail", vkfta)).status_code == 200
    assert client.get(url("registry:commitment-edit", vkfta)).status_code == 404
    client.force_login(officer_bct)
    assert client.get(url("registry:commitment-edit", vkfta)).status_code == 200


def test_list_hides_other_agencies_internal_and_restricted(
    client, officer_bct, vkfta, internal_btc, restricted_btc
):
    client.force_login(officer_bct)
    body = client.get(reverse("registry:commitment-list")).content.decode()
    assert vkfta.title_vi in body
    assert internal_btc.title_vi not in body
    assert restricted_btc.title_vi not in body


def test_document_download_is_scoped(client, officer_btc, officer_bct, restricted_btc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_btc)
    upload = SimpleUploadedFile("hiep-dinh.txt", "Điều 1. Phạm vi".encode(), "text/plain")
    response = client.post(
        reverse("registry:document-create", args=[restricted_btc.code]),
        {"title": "Bản tiếng Việt", "language": "vi", "is_official": "on", "file": upload},
    )
    assert response.status_code == 302
    document = restricted_btc.documents.get()
    download = reverse("registry:document-download", args=[restricted_btc.code, document.pk])
    assert client.get(download).status_code == 200
    client.force_login(officer_bct)
    assert client.get(download).status_code == 404


def test_list_page_query_count_does_not_grow_with_rows(
    client, coordinator, db, django_assert_max_num_queries
):
    from camket.conftest import make_commitment

    for i in range(30):
        make_commitment(f"vn/treaty/2010/t{i}", short_name=f"T{i}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("registry:commitment-list")).status_code == 200


def test_pages_are_vietnamese_by_default_even_for_english_browsers(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    body = client.get(vkfta.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Diễn biến" in body and "Timeline" not in body


def test_language_switch_to_english_sticks(client, officer_bct, vkfta):
    client.force_login(officer_bct)
    client.post(reverse("set_language"), {"language": "en", "next": vkfta.get_absolute_url()})
    body = client.get(vkfta.get_absolute_url()).content.decode()
    assert "Timeline" in body and "Viet Nam - Korea Free Trade Agreement" in body
