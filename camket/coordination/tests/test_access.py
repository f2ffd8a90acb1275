"""Nobody learns more of an item they may not open than that it exists and which agency leads it:
in the before-save panel, the queue, a pair's page and the matrix (issue 15, item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from camket.coordination import actions
from camket.coordination.models import OverlapCandidate, OverlapRun
from camket.coordination.tests.conftest import plan_of
from camket.obligations.models import Task

pytestmark = pytest.mark.django_db


def run_now(threshold=0.5):
    """A run with a low threshold: the two tasks name different partners (KOR, LAO)."""
    run = actions.start_run(trigger=OverlapRun.Trigger.NIGHTLY)
    return actions.execute_run(run, threshold=threshold)


def own_task(restricted_pair):
    """bct's task with the same title, serving no obligation yet (no partner, no instrument)."""
    from camket.obligations.actions import TaskData, create_task

    plan = restricted_pair["public_plan"]
    title = restricted_pair["secret_title"]
    return create_task(TaskData(plan=plan.pk, title=title, lead_agency="bct"), acting_user=None)


def panel(page: str) -> str:
    """The before-save panel of ``page`` ("" when there is none)."""
    start = page.find('id="similar"')
    return page[start : page.index("</section>", start)] if start >= 0 else ""


def post_task(client, plan, title, **extra):
    data = {"title": title, "lead_agency": plan.agency.pk, "status": "not_started", **extra}
    return client.post(reverse("obligations:task-create", args=[plan.code]), data)


def test_before_save_a_restricted_task_shows_only_its_lead_agency(
    restricted_pair, officer_bct, client
):
    client.force_login(officer_bct)
    plan = restricted_pair["public_plan"]
    response = post_task(client, plan, restricted_pair["secret_title"].replace(" zqsecretq", ""))
    page = response.content.decode()
    assert response.status_code == 200 and 'id="similar"' in page
    assert "Nhiệm vụ do Bộ Tài chính chủ trì" in page
    assert "zqsecretq" not in page and "HQ-MAT" not in page and "Thỏa thuận mật" not in page
    hidden = restricted_pair["btc"]
    assert hidden.get_absolute_url() not in page
    assert not Task.objects.filter(plan=plan).exists()  # nothing saved yet


def test_saving_again_with_the_same_text_adds_the_task(restricted_pair, officer_bct, client):
    client.force_login(officer_bct)
    plan = restricted_pair["public_plan"]
    title = restricted_pair["secret_title"].replace(" zqsecretq", "")
    page = post_task(client, plan, title).content.decode()
    stamp = page.split('name="similar_seen" value="', 1)[1].split('"', 1)[0]
    response = post_task(client, plan, title, similar_seen=stamp)
    assert response.status_code == 302 and Task.objects.filter(plan=plan, title=title).exists()


def test_a_changed_text_is_checked_again(restricted_pair, officer_bct, client):
    client.force_login(officer_bct)
    plan = restricted_pair["public_plan"]
    title = restricted_pair["secret_title"].replace(" zqsecretq", "")
    page = post_task(client, plan, title).content.decode()
    stamp = page.split('name="similar_seen" value="', 1)[1].split('"', 1)[0]
    again = post_task(client, plan, title + " với Campuchia", similar_seen=stamp)
    assert again.status_code == 200 and 'id="similar"' in again.content.decode()


def test_before_save_shows_the_title_of_an_item_the_officer_may_open(
    two_ministries, officer_btc, client
):
    """Tasks of the officer's own agency are never shown (only other agencies'); a coordinator,
    who may open everything, sees the other agency's task by title and link."""
    client.force_login(officer_btc)
    plan = plan_of("btc", [two_ministries["vkfta"]])
    page = post_task(client, plan, two_ministries["bct"].title).content.decode()
    assert "Nhiệm vụ do Bộ Công Thương chủ trì" in page
    assert two_ministries["bct"].get_absolute_url() not in page


def test_before_save_of_a_coordinator_names_and_links_the_task(two_ministries, coordinator, client):
    client.force_login(coordinator)
    plan = plan_of("btc", [two_ministries["vkfta"]])
    page = panel(post_task(client, plan, two_ministries["bct"].title).content.decode())
    bct = two_ministries["bct"]
    assert bct.get_absolute_url() in page and bct.title in page
    assert two_ministries["btc"].get_absolute_url() not in page  # same agency: not shown


def test_nothing_similar_saves_at_once(two_ministries, officer_bct, client):
    client.force_login(officer_bct)
    plan = plan_of("bct", [two_ministries["vkfta"]])
    response = post_task(client, plan, "Tổ chức đoàn công tác khảo sát cảng biển")
    assert response.status_code == 302


def test_a_new_obligation_gets_the_same_step(restricted_pair, officer_bct, client):
    """An obligation of Finance's public agreement is named; of its restricted one, only the
    lead agency."""
    from camket.conftest import make_commitment
    from camket.coordination.tests.conftest import obligation_of

    text = "Các Bên thiết lập cơ chế trao đổi dữ liệu hải quan điện tử trước năm 2027"
    public_btc = make_commitment("vn/agreement/2025/btc-cong-khai", lead="btc", short_name="BTC-CK")
    seen = obligation_of(public_btc, text)
    hidden = obligation_of(restricted_pair["hidden"], text + " zqsecretq")
    client.force_login(officer_bct)
    url = reverse("obligations:obligation-create", args=[restricted_pair["public"].code])
    data = {"text": text, "modality": "shall", "addressee": "viet_nam"}
    page = client.post(url, data).content.decode()
    assert seen.get_absolute_url() in panel(page) and "Nghĩa vụ · Bộ Tài chính" in panel(page)
    assert hidden.get_absolute_url() not in page and "zqsecretq" not in page
    stamp = page.split('name="similar_seen" value="', 1)[1].split('"', 1)[0]
    assert client.post(url, {**data, "similar_seen": stamp}).status_code == 302


def test_the_queue_shows_a_hidden_side_as_its_lead_agency_only(
    restricted_pair, officer_bct, officer_hanoi, client
):
    own_task(restricted_pair)
    run_now()
    pair = OverlapCandidate.objects.get(a_kind="task", b_kind="task")
    client.force_login(officer_bct)
    for url in (reverse("coordination:queue"), reverse("coordination:candidate", args=[pair.pk])):
        page = client.get(url).content.decode()
        assert "Nhiệm vụ do Bộ Tài chính chủ trì" in page, url
        secret_title = restricted_pair["secret_title"]
        assert page.count("zqsecretq") == 1, url  # bct's own task only
        assert restricted_pair["btc"].get_absolute_url() not in page
        assert "Cùng một" not in page  # no reasons when one side is hidden
    client.force_login(officer_hanoi)  # neither side's agency
    assert client.get(reverse("coordination:candidate", args=[pair.pk])).status_code == 404
    assert secret_title not in client.get(reverse("coordination:queue")).content.decode()


def test_a_coordinator_sees_both_sides_and_the_reasons(restricted_pair, coordinator, client):
    own_task(restricted_pair)
    run_now()
    pair = OverlapCandidate.objects.get(a_kind="task", b_kind="task")
    client.force_login(coordinator)
    page = client.get(reverse("coordination:candidate", args=[pair.pk])).content.decode()
    assert page.count("zqsecretq") == 2 and 'id="decide"' in page and 'id="merge"' in page
    assert "shared_" not in page and "same_action" not in page  # labels, never codes


def test_runs_are_for_national_roles(coordinator, officer_bct, observer, client):
    run = actions.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=coordinator)
    for user in (officer_bct, observer):
        client.force_login(user)
        assert client.get(reverse("coordination:run", args=[run.pk])).status_code == 404


def test_a_new_commitment_gets_the_same_step(officer_bct, client):
    """Another agency's public MOU is named; its restricted one shows only its lead agency."""
    from camket.conftest import make_commitment
    from camket.registry.models import Commitment
    from camket.registry.tests.test_forms_and_audit import form_data

    kind = Commitment.Kind.INTERNATIONAL_AGREEMENT
    seen = make_commitment(
        "vn/agreement/2025/byt-nang-luong", kind=kind, lead="byt", short_name="MOU-Y",
        title_vi="Bản ghi nhớ hợp tác năng lượng", title_en="Energy cooperation MOU",
        partners=("JPN",), events=(("signature", "2025-01-01"),),
    )  # fmt: skip
    make_commitment(
        "vn/agreement/2025/btc-nang-luong", kind=kind, lead="btc", short_name="zqsecretq",
        title_vi="Bản ghi nhớ mật zqsecretq", title_en="Energy cooperation MOU zqsecretq",
        partners=("JPN",), confidentiality=Commitment.Confidentiality.RESTRICTED,
        events=(("signature", "2025-01-01"),),
    )  # fmt: skip
    client.force_login(officer_bct)
    url = reverse("registry:commitment-create")
    page = client.post(url, form_data()).content.decode()
    shown = panel(page)
    assert seen.get_absolute_url() in shown and "Cam kết · Bộ Y tế" in shown
    assert "Cam kết do Bộ Tài chính chủ trì" in shown and "zqsecretq" not in page
    stamp = page.split('name="similar_seen" value="', 1)[1].split('"', 1)[0]
    assert client.post(url, {**form_data(), "similar_seen": stamp}).status_code == 302
