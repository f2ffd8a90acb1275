"""No commitment code to type: a relation's target and the treaty an item was carried into are
picked by search, among the commitments the user may read (issue 11)."""

import pytest
from django.urls import reverse

from camket.audit.models import AuditEvent
from camket.conftest import make_commitment
from camket.monitoring.tests.factories import make_task
from camket.registry.models import CommitmentRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def upgrade(db):
    return make_commitment(
        "vn/treaty/2024/vkfta-protocol",
        short_name="VKFTA-P",
        title_vi="Nghị định thư sửa đổi VKFTA",
    )


@pytest.fixture
def item(statement):
    return make_task(statement).obligations.get()


def test_relation_form_offers_a_picker_not_a_code_box(client, officer_bct, upgrade):
    client.force_login(officer_bct)
    page = client.get(upgrade.get_absolute_url()).content.decode()
    form = page[page.index(reverse("registry:relation-create", args=[upgrade.code])) :]
    form = form[: form.index("</form>")]
    assert 'data-picker="target"' in form and reverse("registry:relation-picker") in form
    assert 'type="search"' in form and "target_code" not in form and "(mã)" not in form


def test_relation_picker_folds_accents_and_lists_only_what_the_user_may_read(
    client, officer_bct, vkfta, restricted_btc
):
    client.force_login(officer_bct)
    url = reverse("registry:relation-picker")
    found = client.get(url, {"q": "han quoc"}).content.decode()
    assert f'value="{vkfta.pk}"' in found and 'type="radio"' in found
    hidden = client.get(url, {"q": "hai quan"}).content.decode()
    assert f'value="{restricted_btc.pk}"' not in hidden
    assert restricted_btc.title_vi not in hidden


def test_relation_to_a_commitment_the_user_may_not_read_is_refused_in_words(
    client, officer_bct, upgrade, restricted_btc
):
    client.force_login(officer_bct)
    response = client.post(
        reverse("registry:relation-create", args=[upgrade.code]),
        {"kind": "amends", "target": restricted_btc.pk},
    )
    assert response.status_code == 400
    assert "Hãy chọn một cam kết mà bạn được phép xem." in response.content.decode()
    assert restricted_btc.title_vi not in response.content.decode()
    assert not CommitmentRelation.objects.exists()
    assert not AuditEvent.objects.filter(action="relation.added").exists()


def test_relation_picker_search_without_script_redraws_the_page_and_saves_nothing(
    client, officer_bct, upgrade, vkfta
):
    client.force_login(officer_bct)
    response = client.post(
        reverse("registry:relation-create", args=[upgrade.code]),
        {"kind": "amends", "q": "vkfta", "commitments_search": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{vkfta.pk}"' in page and 'value="vkfta"' in page  # the match, the query
    assert not CommitmentRelation.objects.exists()


def test_relation_picker_needs_an_editor(client, observer):
    assert client.get(reverse("registry:relation-picker"), {"q": "a"}).status_code == 302
    client.force_login(observer)
    assert client.get(reverse("registry:relation-picker"), {"q": "a"}).status_code == 404


def test_carried_into_form_offers_a_picker_of_treaties_and_agreements_only(
    client, officer_bct, item, vkfta, statement
):
    client.force_login(officer_bct)
    page = client.get(item.get_absolute_url()).content.decode()
    form = page[page.index(reverse("obligations:obligation-carried", args=[item.pk])) :]
    form = form[: form.index("</form>")]
    assert 'data-picker="target"' in form and reverse("obligations:carried-picker") in form
    assert "target_code" not in form and "(mã cam kết)" not in form
    url = reverse("obligations:carried-picker")
    assert f'value="{vkfta.pk}"' in client.get(url, {"q": "han quoc"}).content.decode()
    # A leaders' statement is not what an item is carried into: never offered, refused if posted.
    assert f'value="{statement.pk}"' not in client.get(url, {"q": "tuyen bo"}).content.decode()
    carried = reverse("obligations:obligation-carried", args=[item.pk])
    refused = client.post(carried, {"target": statement.pk, "version": item.version}, follow=True)
    assert "Hãy chọn một điều ước quốc tế hoặc thỏa thuận quốc tế." in refused.content.decode()
    item.refresh_from_db()
    assert item.carried_into is None


def test_carried_into_picker_hides_what_the_user_may_not_read(client, officer_bct, restricted_btc):
    client.force_login(officer_bct)
    url = reverse("obligations:carried-picker")
    hidden = client.get(url, {"q": "hai quan"}).content.decode()
    assert f'value="{restricted_btc.pk}"' not in hidden


def test_carried_into_search_without_script_shows_the_matches_and_saves_nothing(
    client, officer_bct, item, vkfta
):
    client.force_login(officer_bct)
    carried = reverse("obligations:obligation-carried", args=[item.pk])
    response = client.post(
        carried, {"q": "vkfta", "commitments_search": "1", "version": item.version}, follow=True
    )
    assert f'value="{vkfta.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert item.carried_into is None


def test_carried_into_shows_the_current_target_as_chosen(client, officer_bct, item, vkfta):
    client.force_login(officer_bct)
    carried = reverse("obligations:obligation-carried", args=[item.pk])
    client.post(carried, {"target": vkfta.pk, "version": item.version})
    item.refresh_from_db()
    assert item.carried_into == vkfta
    page = client.get(item.get_absolute_url()).content.decode()
    chosen = page[page.index('class="picker-chosen"') :]
    chosen = chosen[: chosen.index("</div>")]
    assert f'value="{vkfta.pk}"' in chosen and "checked" in chosen


def test_carried_into_a_commitment_the_editor_may_not_open_is_kept_not_silently_cleared(
    client, officer_bct, item, restricted_btc, vkfta
):
    # Recorded by someone of the Ministry of Finance, who may open the restricted agreement.
    type(item).objects.filter(pk=item.pk).update(carried_into=restricted_btc)
    item.refresh_from_db()
    client.force_login(officer_bct)
    carried = reverse("obligations:obligation-carried", args=[item.pk])
    for choice in ("", vkfta.pk):  # the form shows nothing chosen: saving must not clear it
        page = client.post(carried, {"target": choice, "version": item.version}, follow=True)
        text = page.content.decode()
        assert "chỉ người được phép mở cam kết đó mới có thể thay đổi" in text
        assert restricted_btc.title_vi not in text and restricted_btc.code not in text
        item.refresh_from_db()
        assert item.carried_into == restricted_btc
