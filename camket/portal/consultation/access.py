"""Who may do what with consultations and feedback, and how staff views fetch them.

- Consultations: national roles and observers read all; an agency's staff read those their agency
  leads; the lead agency's officers and leaders (and coordinators) open, answer and report.
- Feedback holds personal data: national roles (who screen it) and the staff of the agency it
  is assigned to read it; that agency's officers and leaders answer it; coordinators screen,
  assign and may answer or close anything.

"Missing" and "not yours" are the same 404.
"""

from __future__ import annotations

from django.http import Http404

from camket.agencies.permissions import scope_of
from camket.portal.consultation.models import Consultation, Feedback


def can_open_consultation(user) -> bool:
    scope = scope_of(user)
    return scope.is_national or bool(scope.editor_agency_ids)


def can_edit_consultation(user, consultation: Consultation) -> bool:
    scope = scope_of(user)
    return scope.is_national or consultation.lead_agency_id in scope.editor_agency_ids


def can_screen_feedback(user) -> bool:
    return scope_of(user).is_national


def can_answer_feedback(user, feedback: Feedback) -> bool:
    scope = scope_of(user)
    if feedback.status not in (Feedback.Status.ASSIGNED, Feedback.Status.ANSWERED):
        return False
    return scope.is_national or feedback.assigned_agency_id in scope.editor_agency_ids


def can_close_feedback(user, feedback: Feedback) -> bool:
    return feedback.status == Feedback.Status.ANSWERED and can_answer_feedback(user, feedback)


def access_consultation(user, pk: int) -> Consultation:
    """The consultation ``pk`` if ``user`` may read it on the staff side, else Http404."""
    try:
        return (
            Consultation.objects.visible_to(user)
            .select_related("commitment", "lead_agency", "plan")
            .get(pk=pk)
        )
    except Consultation.DoesNotExist:
        raise Http404(pk) from None


def access_feedback(user, pk: int) -> Feedback:
    """The feedback ``pk`` if ``user`` may read it, else Http404."""
    try:
        return (
            Feedback.objects.visible_to(user)
            .select_related("commitment", "assigned_agency")
            .get(pk=pk)
        )
    except Feedback.DoesNotExist:
        raise Http404(pk) from None
