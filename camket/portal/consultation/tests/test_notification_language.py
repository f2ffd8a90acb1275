"""A staff notification reads in its reader's language, not in the language of who acted.

From the audit of issue 14 (item 13 of its findings).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from camket.monitoring.models import Notification
from camket.portal.consultation import actions
from camket.portal.consultation.tests.conftest import feedback_data

pytestmark = pytest.mark.django_db


def test_a_staff_notification_reads_in_the_readers_language_not_the_actors(
    vkfta, coordinator, officer_bct, client, django_capture_on_commit_callbacks
):
    """A coordinator working in English assigns feedback: the ministry officer, on the
    Vietnamese home page, must not read "Feedback to answer by ..." in English."""
    with django_capture_on_commit_callbacks(execute=True):
        feedback = actions.submit_feedback(feedback_data(commitment=vkfta.code)).feedback
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    client.force_login(officer_bct)
    page = client.get("/").content.decode()
    assert feedback.get_absolute_url() in page
    assert "Feedback to answer by" not in page


def test_every_notification_a_visitor_in_english_causes_is_stored_in_vietnamese(
    vkfta, coordinator, officer_bct, django_capture_on_commit_callbacks
):
    """The kind: the public submits in English, the coordinator screens in English; every
    stored text is in the site's language."""
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        feedback = actions.submit_feedback(feedback_data(commitment=vkfta.code)).feedback
        actions.screen_feedback(feedback, acting_user=coordinator, agency="bct")
    texts = list(Notification.objects.values_list("text", flat=True))
    assert len(texts) >= 2
    with translation.override("en"):
        english = {
            actions._("New feedback to screen: %(subject)s").split(":")[0],
            actions._("Feedback to answer by %(date)s: %(subject)s").split(" %")[0],
        }
    for text in texts:
        assert not any(text.startswith(phrase) for phrase in english), text
