"""A published answer to feedback is an "answer published" event for subscribers."""

from __future__ import annotations

import pytest

from camket.portal.consultation import actions
from camket.portal.consultation.tests.conftest import feedback_data
from camket.portal.opendata import subscriptions
from camket.portal.opendata.models import Announcement, EventKind

pytestmark = pytest.mark.django_db


def _follow(commitment) -> None:
    subscription = subscriptions.subscribe(
        subscriptions.SubscriptionData(
            email="theodoi@example.vn", commitments=[commitment.code],
            event_kinds=[EventKind.ANSWER_PUBLISHED],
        )
    )  # fmt: skip
    assert subscriptions.confirm(subscriptions.confirm_token(subscription)) is not None


def _assigned(commitment, coordinator, capture):
    with capture(execute=True):
        feedback = actions.submit_feedback(feedback_data(commitment=commitment.code)).feedback
        actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    return feedback


def test_a_published_feedback_answer_reaches_subscribers_of_answers(
    vkfta, coordinator, officer_bct, django_capture_on_commit_callbacks
):
    """Issue 14 item 4: subscribers choose the event "answer published"; an agency's published
    answer to feedback on the commitment (item 6) is one."""
    _follow(vkfta)
    feedback = _assigned(vkfta, coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_feedback(
            feedback, "Đã hướng dẫn khai C/O đúng mã HS.", acting_user=officer_bct
        )
    announcement = Announcement.objects.get(kind=EventKind.ANSWER_PUBLISHED, commitment=vkfta)
    assert announcement.url.endswith(f"#feedback-{feedback.pk}")
    assert announcement.deliveries.count() == 1
    # The announcement names the published subject (masked), never the submitter.
    assert "Lê Thị Mai" not in announcement.title
    # A corrected answer is not announced twice.
    feedback.refresh_from_db()
    actions.answer_feedback(feedback, "Đã hướng dẫn lại.", acting_user=officer_bct)
    assert Announcement.objects.filter(kind=EventKind.ANSWER_PUBLISHED).count() == 1


def test_a_confidential_answer_is_not_announced(
    vkfta, coordinator, officer_bct, django_capture_on_commit_callbacks
):
    _follow(vkfta)
    feedback = _assigned(vkfta, coordinator, django_capture_on_commit_callbacks)
    actions.answer_feedback(
        feedback, "Trả lời riêng.", acting_user=officer_bct, is_confidential=True
    )
    assert not Announcement.objects.filter(kind=EventKind.ANSWER_PUBLISHED).exists()


def test_the_published_answer_is_found_at_the_announced_address(
    client, vkfta, coordinator, officer_bct, django_capture_on_commit_callbacks
):
    feedback = _assigned(vkfta, coordinator, django_capture_on_commit_callbacks)
    actions.answer_feedback(feedback, "Đã hướng dẫn khai C/O.", acting_user=officer_bct)
    announcement = Announcement.objects.get(kind=EventKind.ANSWER_PUBLISHED)
    path, anchor = announcement.url.split("#")
    page = client.get(path).content.decode()
    assert f'id="{anchor}"' in page
