"""Subscriptions: double opt-in, one-click unsubscribe, announcements, digests (mail outbox)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from camket.agencies.models import Membership
from camket.conftest import make_commitment, make_user
from camket.portal.opendata import subscriptions
from camket.portal.opendata.models import Announcement, Delivery, EventKind, Subscription
from camket.portal.opendata.subscriptions import SubscriptionData, announce, send_pending
from camket.portal.opendata.tasks import daily_opendata
from camket.registry.actions import record_event
from camket.registry.models import Commitment, CommitmentEvent

pytestmark = pytest.mark.django_db
Frequency = Subscription.Frequency


def link_in(message, name: str) -> str:
    found = re.search(
        rf"https://camket\.example\.vn(/public/subscriptions/{name}/[^/\s]+/)", message.body
    )
    assert found, message.body
    return found.group(1)


def subscribed(email="doanh.nghiep@example.vn", confirm=True, **values) -> Subscription:
    """A subscription made through the action, confirmed through the e-mailed link."""
    with_outbox = len(mail.outbox)
    subscription = subscriptions.subscribe(SubscriptionData(email=email, **values))
    subscriptions.send_confirmation(subscription.pk)  # what on_commit runs after a real request
    if confirm:
        message = mail.outbox[with_outbox]
        response = Client().post(link_in(message, "confirm"))
        assert response.status_code == 200
        subscription.refresh_from_db()
        assert subscription.is_active
    return subscription


def test_the_form_sends_one_confirmation_and_nothing_before_it_is_opened(
    world, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/public/subscriptions/",
            {
                "email": "Thuy.San@Example.vn",
                "frequency": "immediate",
                "language": "vi",
                "sectors": ["trade"],
                "event_kinds": ["entry_into_force"],
            },
        )
    assert response.status_code == 302 and response["Location"] == "/public/subscriptions/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thuy.san@example.vn"]
    assert "Xác nhận" in message.subject
    subscription = Subscription.objects.get()
    assert not subscription.is_active
    # Announced before confirmation: nothing is owed to an unconfirmed address.
    with django_capture_on_commit_callbacks(execute=True):
        announce(EventKind.ENTRY_INTO_FORCE, world["evfta"], title="EVFTA", url="/public/x/")
    assert Delivery.objects.count() == 0 and len(mail.outbox) == 1
    # Opening the link shows a button (a mail scanner's GET confirms nothing); pressing confirms.
    link = link_in(message, "confirm")
    assert client.get(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    client.post(link)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_a_bad_address_is_refused_by_name(world):
    response = Client().post(
        "/public/subscriptions/",
        {"email": "khong-phai-email", "frequency": "daily", "language": "vi"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert Subscription.objects.count() == 0 and mail.outbox == []


def test_a_forged_or_expired_confirmation_does_nothing(world, settings):
    subscription = subscribed(confirm=False)
    token = subscriptions.confirm_token(subscription)
    assert subscriptions.confirm(token[:-2] + "xx") is None
    later = timezone.now() + dt.timedelta(days=8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        assert subscriptions.confirm(token) is None
    assert subscriptions.confirm(token) == subscription


def test_subscribe_requests_are_rate_limited_per_address(world, settings):
    settings.CAMKET_SUBSCRIBE_RATE_LIMIT = 2
    client = Client()
    data = {"email": "a@example.vn", "frequency": "daily", "language": "vi"}
    assert [client.post("/public/subscriptions/", data).status_code for _ in range(2)] == [302, 302]
    refused = client.post("/public/subscriptions/", data)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Subscription.objects.count() == 2


def test_entry_into_force_reaches_followers_at_once_with_one_click_unsubscribe(
    world, coordinator, django_capture_on_commit_callbacks
):
    follower = subscribed(sectors=["trade"], event_kinds=["entry_into_force"])
    other_sector = subscribed(email="y-te@example.vn", sectors=["health"])
    mail.outbox.clear()
    signed = make_commitment(
        "vn/treaty/2024/hiep-dinh-moi",
        title_vi="Hiệp định thương mại mới",
        short_name="HDM",
        events=(("signature", "2024-01-10"),),
    )
    assert (
        Delivery.objects.filter(subscription=follower).count() == 0
    )  # wants entry into force only
    with django_capture_on_commit_callbacks(execute=True):
        record_event(
            signed,
            CommitmentEvent(kind=CommitmentEvent.Kind.ENTRY_INTO_FORCE, on=dt.date(2025, 1, 1)),
            acting_user=coordinator,
        )
    assert [m.to for m in mail.outbox] == [[follower.email]]
    message = mail.outbox[0]
    assert "Hiệp định thương mại mới" in message.body and "Có hiệu lực" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(
        r"<https://camket\.example\.vn(.+)>", message.extra_headers["List-Unsubscribe"]
    )
    assert unsubscribe and Delivery.objects.filter(subscription=other_sector).count() == 0
    # RFC 8058: the mail client POSTs without a session or CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.group(1), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    follower.refresh_from_db()
    assert follower.unsubscribed_at is not None
    announce(EventKind.ENTRY_INTO_FORCE, world["evfta"], title="EVFTA", url="/x/", key="again")
    assert not Delivery.objects.filter(subscription=follower, sent_at=None).exists()


def test_a_new_public_commitment_is_announced_once_and_a_restricted_one_never(world):
    Announcement.objects.all().delete()
    public = make_commitment(
        "vn/treaty/2025/cong-khai", title_vi="Hiệp định công khai", short_name="CK"
    )
    make_commitment(
        "vn/treaty/2025/mat",
        title_vi="Hiệp định mật",
        short_name="MAT2",
        confidentiality=Commitment.Confidentiality.RESTRICTED,
    )
    make_commitment("vn/treaty/2025/du-thao", title_vi="Dự thảo", short_name="DT2", events=())
    assert list(Announcement.objects.values_list("kind", "commitment")) == [
        (EventKind.NEW_COMMITMENT, public.pk)
    ]
    assert announce(EventKind.NEW_COMMITMENT, world["restricted"], title="x", url="/x/") is None
    assert (
        subscriptions.announce(
            EventKind.NEW_COMMITMENT,
            public,
            title="Hiệp định công khai",
            url="/public/c/",
            key=f"new_commitment:{public.pk}",
        ).pk
        == Announcement.objects.get().pk
    )


def test_daily_and_weekly_digests_gather_announcements(world):
    daily = subscribed(email="ngay@example.vn", frequency=Frequency.DAILY)
    weekly = subscribed(email="tuan@example.vn", frequency=Frequency.WEEKLY, language="en")
    mail.outbox.clear()
    for title in ("Tham vấn thứ nhất", "Tham vấn thứ hai"):
        announce(
            EventKind.CONSULTATION_OPENED,
            world["vkfta"],
            title=title,
            url=f"/public/consultations/{title}/",
        )
    assert mail.outbox == []  # immediate sending skips digest subscribers
    now = timezone.now()
    result = send_pending([Frequency.DAILY, Frequency.WEEKLY], now=now)
    assert (result.emails, result.announcements) == (2, 4)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Tham vấn thứ nhất" in by_address[daily.email].body
    assert "Tham vấn thứ hai" in by_address[daily.email].body
    assert "Consultation opened" in by_address[weekly.email].body  # the subscriber's language
    # A day later: the daily subscriber gets the new one; the weekly one waits for its week.
    announce(EventKind.ANSWER_PUBLISHED, world["vkfta"], title="Trả lời", url="/public/answers/1/")
    mail.outbox.clear()
    result = send_pending([Frequency.DAILY, Frequency.WEEKLY], now=now + dt.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [[daily.email]]
    mail.outbox.clear()
    send_pending([Frequency.WEEKLY], now=now + dt.timedelta(days=7))
    assert [m.to for m in mail.outbox] == [[weekly.email]]


def test_an_announcement_whose_commitment_stopped_being_public_is_not_sent(world):
    subscribed(frequency=Frequency.DAILY)
    mail.outbox.clear()
    vkfta = world["vkfta"]
    announce(EventKind.ANSWER_PUBLISHED, vkfta, title="VKFTA trả lời", url="/x/")
    Commitment.objects.filter(pk=vkfta.pk).update(
        confidentiality=Commitment.Confidentiality.RESTRICTED
    )
    assert send_pending([Frequency.DAILY]).emails == 0
    assert mail.outbox == [] and Delivery.objects.count() == 0


def test_the_daily_job_writes_files_and_sends_digests(world, settings):
    subscribed(frequency=Frequency.DAILY)
    announce(
        EventKind.CONSULTATION_OPENED,
        None,
        title="Tham vấn kế hoạch",
        url="/public/consultations/1/",
    )
    mail.outbox.clear()
    result = daily_opendata.call("2026-05-31", False)
    assert result == {"today": "2026-05-31", "rows": 2, "emails": 1, "announcements": 1}
    assert (settings.CAMKET_OPENDATA_DIR / "commitments.csv").exists()
    assert len(mail.outbox) == 1


def test_the_daily_job_queues_itself_with_the_database_backend(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    daily_opendata.call("2026-05-31", True)
    queued = DBTaskResult.objects.get()
    assert timezone.localtime(queued.run_after).isoformat() == "2026-06-01T05:00:00+07:00"


def test_staff_need_no_account_to_subscribe_and_staff_pages_stay_closed(world, django_user_model):
    make_user(django_user_model, "canbo", "bct", Membership.Role.OFFICER)
    assert Client().get("/public/subscriptions/").status_code == 200
    assert (
        Client().get("/public/subscriptions/?commitment=vn/treaty/2019/evfta").context["followed"]
    )
    hidden = Client().get("/public/subscriptions/?commitment=" + world["restricted"].code)
    assert hidden.context["followed"] == []
    assert "Thỏa thuận mat-restricted-zz" not in hidden.content.decode()
