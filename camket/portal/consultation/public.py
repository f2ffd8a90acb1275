"""What of consultations and feedback the public reads (never more).

Public views read through these functions only. A consultation is public once it has opened,
unless its commitment has since become restricted; it names its commitment only when that
commitment is public (``camket.portal.visibility``): a draft's consultation publishes its own
title, summary, questions, documents and the provisions put to it, not the register's record.
A comment is published once answered, with personal data masked; feedback is published once
answered unless its answer is confidential, masked too, and never with the submitter's name
or e-mail address.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from camket.portal import visibility
from camket.portal.consultation.models import Comment, Consultation, Feedback
from camket.registry.models import Commitment
from lawcore.public_input import mask_personal_data


def masked(text: str) -> str:
    """``text`` as published: e-mail addresses, phone numbers and identity numbers hidden."""
    return mask_personal_data(text, _("[hidden]")).text


def public_consultations(today=None):
    """Consultations the public may read: opened, on a commitment that is not restricted."""
    today = today or timezone.localdate()
    return (
        Consultation.objects.filter(opens_on__lte=today)
        .exclude(commitment__confidentiality=Commitment.Confidentiality.RESTRICTED)
        .select_related("lead_agency")
        .order_by("-opens_on", "-pk")
    )


def public_consultation(pk: int) -> Consultation:
    try:
        return public_consultations().get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404(pk) from None


def public_commitment_of(consultation: Consultation) -> Commitment | None:
    """The consultation's commitment when it is public, else None (the page names no draft)."""
    return visibility.public_commitments().filter(pk=consultation.commitment_id).first()


def published_comments(consultation: Consultation) -> list[Comment]:
    """Answered comments of ``consultation`` with ``text`` and ``reason`` masked."""
    rows = list(consultation.comments.exclude(outcome="").select_related("provision", "question"))
    for comment in rows:
        comment.text = masked(comment.text)
        comment.reason = masked(comment.reason)
    return rows


def published_feedback():
    """Feedback with a published answer, newest first (not yet masked: see :func:`masked`)."""
    return Feedback.objects.published().order_by("-answered_at", "-pk")


def feedback_commitment(feedback: Feedback) -> Commitment | None:
    if feedback.commitment_id is None:
        return None
    return visibility.public_commitments().filter(pk=feedback.commitment_id).first()
