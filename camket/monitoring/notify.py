"""In-app notifications and e-mail, sent after the transaction that caused them commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from camket.agencies.models import Membership
from camket.monitoring.models import Notification, ProgressReport, ReportingCycle, UrgingNotice

Role = Membership.Role
STAFF = (Role.OFFICER, Role.LEADER)


def staff_of(agency_ids: Iterable[int], roles=STAFF):
    """Active users holding one of ``roles`` in one of ``agency_ids``."""
    return (
        get_user_model()
        .objects.filter(
            memberships__agency_id__in=list(agency_ids),
            memberships__role__in=roles,
            is_active=True,
        )
        .distinct()
    )


def in_readers_language():
    """Write a notification's text in its readers' language, never in the actor's.

    Texts are stored and e-mailed, so they are built once for their readers: in the site's
    language (Vietnamese), as no reader chooses another. Every text given to :func:`send` is
    built inside this block.
    """
    return translation.override(settings.LANGUAGE_CODE)


def send(users, text: str, url: str = "", *, email_subject: str = "") -> int:
    """Notify ``users`` in the app, and by e-mail when ``email_subject`` is given."""
    users = list(users)
    Notification.objects.bulk_create(Notification(user=u, text=text[:500], url=url) for u in users)
    if email_subject:
        body = f"{text}\n\n{url}" if url else text
        messages = [
            (email_subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email
        ]
        send_mass_mail(messages, fail_silently=True)
    return len(users)


def cycle_opened(cycle_pk: int, agency_ids: list[int]) -> None:
    with in_readers_language():
        cycle = ReportingCycle.objects.get(pk=cycle_pk)
        text = _("Reporting cycle “%(cycle)s” is open; reports are due on %(due)s.") % {
            "cycle": cycle.title,
            "due": cycle.due_on.strftime("%d/%m/%Y"),
        }
        url = reverse("monitoring:report-list") + f"?cycle={cycle.pk}"
        send(staff_of(agency_ids), text, url, email_subject=text)


def report_submitted(report_pk: int) -> None:
    with in_readers_language():
        report = ProgressReport.objects.select_related("task", "commitment").get(pk=report_pk)
        text = _("A report awaits your approval: %(subject)s") % {"subject": report.subject_title}
        send(staff_of([report.agency_id], roles=(Role.LEADER,)), text, report.get_absolute_url())


def report_decided(report_pk: int) -> None:
    with in_readers_language():
        related = ProgressReport.objects.select_related("task", "commitment", "author")
        report = related.get(pk=report_pk)
        if report.status == ProgressReport.Status.RETURNED:
            text = _("Your report was returned: %(subject)s") % {"subject": report.subject_title}
        else:
            text = _("Your report was approved: %(subject)s") % {"subject": report.subject_title}
        if report.author:
            send([report.author], text, report.get_absolute_url())


def urging_sent(notice_pk: int) -> None:
    with in_readers_language():
        notice = UrgingNotice.objects.select_related("agency").get(pk=notice_pk)
        text = _("Urging notice from the national coordinator: %(subject)s") % {
            "subject": notice.subject
        }
        url = reverse("monitoring:agency-detail", args=[notice.agency.code])
        send(staff_of([notice.agency_id]), text, url, email_subject=text)
