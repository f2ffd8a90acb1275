"""Staff queues of comments and feedback, their reminders, and plain rows for the criteria.

Queues read through ``visible_to`` / ``editable_by``. Reminders use the project's notification
mechanism (``camket.monitoring.notify``) and its ``Reminder`` table, which never sends the same
(subject, kind) twice: 7 days before an answer is due, and once it is overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.agencies.permissions import scope_of
from camket.monitoring import notify
from camket.monitoring.models import Reminder
from camket.portal.consultation.models import Consultation, Feedback

SOON = dt.timedelta(days=7)
ANSWER_AFTER_CLOSE = dt.timedelta(days=30)
"""Comments are to be answered within 30 days of the consultation's close (decision 0019)."""


@dataclass
class Queue:
    """What one staff member has to handle: consultations with unanswered comments, feedback
    to screen (coordinators) and feedback to answer (their agency)."""

    consultations: list = field(default_factory=list)
    to_screen: list = field(default_factory=list)
    to_answer: list = field(default_factory=list)

    @property
    def total(self) -> int:
        open_comments = sum(c.open_comments for c in self.consultations)
        return open_comments + len(self.to_screen) + len(self.to_answer)

    @property
    def shows_sample(self) -> bool:
        rows = [*self.consultations, *self.to_screen, *self.to_answer]
        return any(getattr(r, "is_sample", False) for r in rows)


def comments_due_on(consultation: Consultation) -> dt.date:
    return consultation.closes_on + ANSWER_AFTER_CLOSE


def consultation_queue(user):
    """Consultations ``user`` answers for that still have unanswered comments or no report."""
    return (
        Consultation.objects.editable_by(user)
        .filter(report_published_at__isnull=True)
        .annotate(
            open_comments=Count("comments", filter=Q(comments__outcome="")),
            all_comments=Count("comments"),
            first_comment=Min("comments__submitted_at", filter=Q(comments__outcome="")),
        )
        .select_related("lead_agency")
        .order_by("closes_on", "pk")
    )


def feedback_to_screen(user):
    if not scope_of(user).is_national:
        return Feedback.objects.none()
    return Feedback.objects.filter(status=Feedback.Status.RECEIVED).order_by(
        "screening_due_on", "pk"
    )


def feedback_to_answer(user):
    scope = scope_of(user)
    rows = Feedback.objects.filter(status=Feedback.Status.ASSIGNED)
    if not scope.is_national:
        rows = rows.filter(assigned_agency_id__in=scope.editor_agency_ids)
    return rows.select_related("assigned_agency").order_by("answer_due_on", "pk")


def build_queue(user, limit: int | None = None) -> Queue:
    def cut(rows):
        return list(rows[:limit] if limit else rows)

    return Queue(
        consultations=cut(consultation_queue(user)),
        to_screen=cut(feedback_to_screen(user)),
        to_answer=cut(feedback_to_answer(user)),
    )


def queue_count(user) -> int:
    """Items waiting for ``user`` (the home page's link says how many)."""
    if not scope_of(user).agency_ids:
        return 0
    open_comments = (
        Consultation.objects.editable_by(user)
        .filter(report_published_at__isnull=True, comments__outcome="")
        .count()
    )
    return open_comments + feedback_to_screen(user).count() + feedback_to_answer(user).count()


########## Reminders ##########


def _remind(key: str, kind: str, agency_id: int, due_on: dt.date, today: dt.date) -> bool:
    """Record the reminder; False when it was already sent (the unique constraint decides)."""
    _row, created = Reminder.objects.get_or_create(
        subject_key=key,
        kind=kind,
        defaults={"agency_id": agency_id, "due_on": due_on, "sent_on": today},
    )
    return created


def run_reminders(today: dt.date | None = None) -> int:
    """Remind agencies of feedback to answer and comments to answer, 7 days before the due
    date and once overdue; remind coordinators of feedback not screened in time. Returns the
    number of reminders sent; running it twice a day sends nothing more."""
    today = today or timezone.localdate()
    _announce_opened(today)
    sent = 0
    by_agency: dict[int, list[str]] = defaultdict(list)
    for feedback in Feedback.objects.filter(status=Feedback.Status.ASSIGNED).exclude(
        answer_due_on=None
    ):
        kind = _due_kind(feedback.answer_due_on, today)
        if kind and _remind(
            f"feedback:{feedback.pk}", kind, feedback.assigned_agency_id,
            feedback.answer_due_on, today,
        ):  # fmt: skip
            by_agency[feedback.assigned_agency_id].append(_line(kind, feedback.subject))
    pending = Consultation.objects.filter(
        report_published_at__isnull=True, closes_on__lt=today, comments__outcome=""
    ).distinct()
    for consultation in pending:
        due = comments_due_on(consultation)
        kind = _due_kind(due, today)
        if kind and _remind(
            f"consultation:{consultation.pk}", kind, consultation.lead_agency_id, due, today
        ):
            by_agency[consultation.lead_agency_id].append(_line(kind, consultation.title))
    url = reverse("consultation:queue")
    for agency_id, lines in by_agency.items():
        with notify.in_readers_language():
            items = "; ".join(lines)
            text = _("Public comments and feedback to answer: %(items)s") % {"items": items}
        notify.send(notify.staff_of([agency_id]), text, url, email_subject=text[:150])
        sent += len(lines)
    late = Feedback.objects.filter(status=Feedback.Status.RECEIVED, screening_due_on__lt=today)
    late = [
        f
        for f in late
        if _remind(
            f"feedback-screening:{f.pk}",
            Reminder.Kind.OVERDUE,
            _coordination_agency(),
            f.screening_due_on,
            today,
        )
    ]
    if late:
        from camket.portal.consultation.actions import coordinators

        with notify.in_readers_language():
            text = _("%(count)d feedback items were not screened in time.") % {"count": len(late)}
        notify.send(coordinators(), text, url, email_subject=text)
        sent += len(late)
    return sent


def _announce_opened(today: dt.date) -> None:
    """Announce consultations that opened since they were created (announce is idempotent)."""
    from camket.portal.consultation.actions import announce
    from camket.portal.opendata.models import EventKind

    for consultation in Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today):
        announce(consultation, EventKind.CONSULTATION_OPENED, today=today)


def _coordination_agency() -> int:
    from camket.agencies.models import Agency, Membership

    agency = Agency.objects.filter(memberships__role=Membership.Role.COORDINATOR).first()
    return (agency or Agency.objects.order_by("pk").first()).pk


def _due_kind(due_on: dt.date, today: dt.date) -> str | None:
    if due_on < today:
        return Reminder.Kind.OVERDUE
    if due_on - today <= SOON:
        return Reminder.Kind.DAYS_7
    return None


def _line(kind: str, title: str) -> str:
    with notify.in_readers_language():  # a line of a notification's text
        if kind == Reminder.Kind.OVERDUE:
            return _("overdue: %(title)s") % {"title": title}
        return _("due within 7 days: %(title)s") % {"title": title}


########## Plain rows for the criteria (camket.evaluation.scoring) ##########


@dataclass(frozen=True)
class FeedbackRow:
    """One assigned feedback item as the criteria count it (no text, no personal data).

    It has the attributes of ``lawcore.scoring.DueRow`` (``id``, ``due_on``, ``done_on``,
    ``cancelled``), so the rows go straight into ``feedback_answered_on_time``.
    """

    id: int
    agency: str  # code of the agency that had to answer
    agency_id: int
    assigned_on: dt.date
    due_on: dt.date  # the answer's deadline
    done_on: dt.date | None  # the day it was first answered
    cancelled: bool = False

    @property
    def on_time(self) -> bool:
        """Answered on or before the deadline (False while unanswered)."""
        return self.done_on is not None and self.done_on <= self.due_on


def feedback_rows(period) -> list[FeedbackRow]:
    """Feedback whose answer fell due in ``period``, one plain row each, by due date.

    ``period`` is a (first day, last day) pair of dates, or anything with ``starts_on`` and
    ``ends_on`` (a reporting cycle). For the criterion "feedback answered within its deadline"
    of camket.evaluation.scoring (``lawcore.scoring.feedback_answered_on_time(rows, today=...)``
    takes these rows as they are): on time = first answered on or before the deadline
    (``lawcore.public_input.ANSWER_DAYS`` after assignment). Refused and sample feedback are
    left out.
    """
    first, last = (period.starts_on, period.ends_on) if hasattr(period, "starts_on") else period
    rows = (
        Feedback.objects.filter(answer_due_on__gte=first, answer_due_on__lte=last, is_sample=False)
        .exclude(status=Feedback.Status.REJECTED)
        .select_related("assigned_agency")
        .order_by("answer_due_on", "pk")
    )
    return [
        FeedbackRow(
            id=f.pk,
            agency=f.assigned_agency.code,
            agency_id=f.assigned_agency_id,
            assigned_on=timezone.localtime(f.assigned_at).date(),
            due_on=f.answer_due_on,
            done_on=timezone.localtime(f.answered_at).date() if f.answered_at else None,
        )
        for f in rows
    ]
