"""Change alerts: a domestic document changed, so the assessments relying on it need review.

Called inside the import transaction. Confirmed links to the document's provisions become
``needs_review``; each responsible agency (the obligation's lead agency, else the commitment's)
gets one in-app :class:`Notification`, and its officers and leaders an e-mail once the
transaction commits.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from camket.agencies.models import Membership
from camket.compatibility.models import LegalDocument, Notification, ProvisionLink
from camket.portal.opendata.cache import public_changed

TEXT = "text"
EXPIRY = "expiry"


def reason_label(reason: str) -> str:
    labels = {
        LegalDocument.Status.AMENDED: _("amended"),
        LegalDocument.Status.REPLACED: _("replaced"),
        LegalDocument.Status.REPEALED: _("repealed"),
        EXPIRY: _("given an expiry date"),
        TEXT: _("changed"),
    }
    return labels.get(reason, labels[TEXT])


def document_changed(document: LegalDocument, reason: str) -> int:
    """Flag confirmed links to ``document`` for review and notify agencies; return the count."""
    links = list(
        ProvisionLink.objects.confirmed()
        .filter(legal_provision__document=document)
        .select_related("obligation__commitment", "provision__commitment")
    )
    if not links:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        why = _("%(number)s was %(change)s") % {
            "number": document.code,
            "change": reason_label(reason),
        }
        ProvisionLink.objects.filter(pk__in=[link.pk for link in links]).update(
            status=ProvisionLink.Status.NEEDS_REVIEW, review_reason=why[:500]
        )
        public_changed()  # no longer confirmed: not an implementing law on the public pages
        _notify(document, why, links)
    return len(links)


def commitment_text_changed(why: str, reasons: dict[int, str]) -> int:
    """Flag confirmed assessments that hang on changed commitment provisions; return the count.

    ``reasons`` maps a :class:`~camket.registry.models.Provision` id to why it needs review
    (already in the site language). An assessment hangs on a provision when it assesses the
    provision itself or an obligation drawn from it. Each responsible agency gets one in-app
    notification headed ``why`` and its officers and leaders an e-mail after commit.
    """
    links = list(
        ProvisionLink.objects.confirmed()
        .filter(Q(provision__in=reasons) | Q(obligation__provision__in=reasons))
        .select_related("obligation__commitment", "provision__commitment")
    )
    by_reason: dict[str, list[int]] = defaultdict(list)
    for link in links:
        by_reason[reasons[link.provision_id or link.obligation.provision_id]].append(link.pk)
    for reason, ids in by_reason.items():
        ProvisionLink.objects.filter(pk__in=ids).update(
            status=ProvisionLink.Status.NEEDS_REVIEW, review_reason=reason[:500]
        )
        public_changed()  # no longer confirmed: not an implementing law on the public pages
    if links:
        with translation.override(settings.LANGUAGE_CODE):
            _notify(None, why, links, subject=_("CamKet: the text of a commitment has changed"))
    return len(links)


def _notify(
    document: LegalDocument | None, why: str, links: list[ProvisionLink], subject: str = ""
) -> None:
    by_agency: dict[int, int] = defaultdict(int)
    for link in links:
        by_agency[link.responsible_agency_id] += 1
    url = reverse("compatibility:review-list")
    notices = [
        Notification(agency_id=agency_id, text=_message(why, count), link=url)
        for agency_id, count in sorted(by_agency.items())
    ]
    Notification.objects.bulk_create(notices)
    ids = [n.pk for n in notices if n.pk]
    transaction.on_commit(lambda: send_emails(ids, subject))


def _message(why: str, count: int) -> str:
    return ngettext(
        "%(why)s: %(count)d confirmed assessment needs review.",
        "%(why)s: %(count)d confirmed assessments need review.",
        count,
    ) % {"why": why, "count": count}


def send_emails(notification_ids: list[int], subject: str = "") -> int:
    """E-mail each notification to the officers and leaders of its agency; return messages sent."""
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = subject or _("CamKet: a domestic legal document has changed")
        for notice in Notification.objects.filter(pk__in=notification_ids):
            recipients = sorted(
                set(
                    Membership.objects.filter(
                        agency_id=notice.agency_id,
                        role__in=[Membership.Role.OFFICER, Membership.Role.LEADER],
                    )
                    .exclude(user__email="")
                    .values_list("user__email", flat=True)
                )
            )
            if recipients:
                body = f"{notice.text}\n\n{notice.link}"
                messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=True) if messages else 0
