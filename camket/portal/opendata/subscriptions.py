"""Subscriptions of the public: the app's actions (double opt-in, unsubscribe, announce, send).

For other parts: call :func:`announce` when something public happens, e.g. the consultation app
when a consultation opens or an answer is published::

    from camket.portal.opendata.subscriptions import EventKind, announce

    announce(EventKind.CONSULTATION_OPENED, commitment, title=consultation.title, url=path)

``commitment`` may be ``None`` (a consultation on a draft plan has no public commitment); a
commitment that is not public (``camket.portal.visibility``) is never announced, and one that
stops being public before the e-mail goes is left out of it. ``url`` is a path of a public page
(``/public/...``) or an absolute URL. Announcing is idempotent per ``key`` (default: kind,
commitment and URL). Call it inside the transaction of the write it reports: the deliveries
roll back with it, and the e-mails for "at once" subscriptions are queued after commit.

Every e-mail carries a one-click unsubscribe link and the ``List-Unsubscribe`` /
``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058). Decision 0018.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from camket.audit.actions import record_audit
from camket.portal import visibility
from camket.portal.opendata.models import Announcement, Delivery, EventKind, Subscription
from camket.registry.models import Commitment, Partner, Sector

__all__ = ["EventKind", "SubscriptionData", "announce", "confirm", "subscribe", "unsubscribe"]

CONFIRM_SALT = "camket.opendata.confirm"
UNSUBSCRIBE_SALT = "camket.opendata.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=7)
LANGUAGES = ("vi", "en")
WEEKLY_GAP = dt.timedelta(days=6, hours=12)


@dataclass
class SubscriptionData:
    """What a subscribe form (or a test) hands to :func:`subscribe`: codes, not objects."""

    email: str
    frequency: str = Subscription.Frequency.IMMEDIATE
    language: str = "vi"
    sectors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    event_kinds: list[str] = field(default_factory=list)


def _checked(data: SubscriptionData) -> tuple[list, list, list]:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(data.email)
    except ValidationError:
        errors["email"] = [_("Enter a valid e-mail address, e.g. ten@example.vn.")]
    if data.frequency not in Subscription.Frequency.values:
        errors["frequency"] = [_("Choose how often to receive e-mails.")]
    if data.language not in LANGUAGES:
        errors["language"] = [_("Choose Vietnamese or English.")]
    unknown = sorted(set(data.event_kinds) - set(EventKind.values))
    if unknown:
        errors["event_kinds"] = [_("Unknown event: %(value)s.") % {"value": ", ".join(unknown)}]
    sectors = list(Sector.objects.filter(code__in=data.sectors))
    partners = list(Partner.objects.filter(code__in=data.partners))
    commitments = list(visibility.public_commitments().filter(code__in=data.commitments))
    for name, wanted, found in (
        ("sectors", data.sectors, sectors),
        ("partners", data.partners, partners),
        ("commitments", data.commitments, commitments),
    ):
        missing = sorted(set(wanted) - {row.code for row in found})
        if missing:
            errors[name] = [_("Not found: %(value)s.") % {"value": ", ".join(missing)}]
    if errors:
        raise ValidationError(errors)
    return sectors, partners, commitments


@transaction.atomic
def subscribe(data: SubscriptionData, *, base_url: str | None = None) -> Subscription:
    """Record a pending subscription and e-mail the confirmation link (double opt-in).

    Nothing is sent to the address but that one e-mail until the link is opened. Raises
    ValidationError (translated, by field) for a bad address, frequency, event or unknown code.
    """
    sectors, partners, commitments = _checked(data)
    subscription = Subscription.objects.create(
        email=data.email.strip().lower(),
        frequency=data.frequency,
        language=data.language,
        event_kinds=sorted(set(data.event_kinds)),
    )
    subscription.sectors.set(sectors)
    subscription.partners.set(partners)
    subscription.commitments.set(commitments)
    record_audit(subscription, "subscription.created", None)
    pk = subscription.pk
    transaction.on_commit(lambda: send_confirmation(pk, base_url=base_url))
    return subscription


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.pk))


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def _absolute(path: str, base_url: str | None = None) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return (base_url or settings.CAMKET_PUBLIC_URL).rstrip("/") + path


def send_confirmation(pk: int, *, base_url: str | None = None) -> None:
    """E-mail the confirmation link of subscription ``pk`` (in the subscriber's language)."""
    subscription = Subscription.objects.filter(pk=pk, confirmed_at=None).first()
    if subscription is None:
        return
    link = reverse("opendata:subscription-confirm", args=[confirm_token(subscription)])
    with translation.override(subscription.language):
        body = render_to_string(
            "opendata/email_confirm.txt",
            {"link": _absolute(link, base_url), "days": CONFIRM_MAX_AGE.days},
        )
        subject = _("Confirm your CamKet subscription")
    EmailMessage(subject, body, to=[subscription.email]).send()


@transaction.atomic
def confirm(token: str) -> Subscription | None:
    """Activate the subscription a confirmation ``token`` names; ``None`` if invalid or expired."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.select_for_update().filter(pk=int(value)).first()
    if subscription is None or subscription.unsubscribed_at is not None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        record_audit(subscription, "subscription.confirmed", None)
    return subscription


def subscription_for_unsubscribe(token: str) -> Subscription | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=int(value)).first()


@transaction.atomic
def unsubscribe(token: str) -> Subscription | None:
    """Stop the subscription an unsubscribe ``token`` names (idempotent); ``None`` if invalid."""
    subscription = subscription_for_unsubscribe(token)
    if subscription is None:
        return None
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
        subscription.deliveries.filter(sent_at=None).delete()
        record_audit(subscription, "subscription.cancelled", None)
    return subscription


########## Announcing ##########


def active_subscriptions():
    return Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at=None)


def matching_subscriptions(kind: str, commitment: Commitment | None):
    """Active subscriptions that want ``kind`` about ``commitment`` (empty choices: all)."""
    rows = active_subscriptions()
    wanted = [
        s.pk for s in rows.only("pk", "event_kinds") if not s.event_kinds or kind in s.event_kinds
    ]
    rows = rows.filter(pk__in=wanted)
    no_topics = Q(sectors=None, partners=None, commitments=None)
    if commitment is None:
        return rows.filter(no_topics).distinct()
    topic = (
        Q(commitments=commitment)
        | Q(sectors__in=commitment.sectors.all())
        | Q(partners__in=commitment.partners.all())
    )
    return rows.filter(no_topics | topic).distinct()


@transaction.atomic
def announce(
    event_kind: str,
    commitment: Commitment | None,
    *,
    title: str,
    url: str,
    key: str | None = None,
) -> Announcement | None:
    """Record a public event and owe it to every matching subscription (see module docstring).

    Returns the announcement, or ``None`` when ``commitment`` is not public. A second call
    with the same key changes nothing and returns the first announcement.
    """
    if event_kind not in EventKind.values:
        raise ValueError(f"unknown event kind {event_kind!r}")
    if commitment is not None and not visibility.is_public(commitment):
        return None
    key = key or f"{event_kind}:{commitment.pk if commitment else '-'}:{url}"[:200]
    existing = Announcement.objects.filter(key=key).first()
    if existing is not None:
        return existing
    announcement = Announcement.objects.create(
        kind=event_kind, commitment=commitment, title=title[:500], url=url[:500], key=key
    )
    owed = Delivery.objects.bulk_create(
        [
            Delivery(subscription_id=pk, announcement=announcement)
            for pk in matching_subscriptions(event_kind, commitment).values_list("pk", flat=True)
        ]
    )
    record_audit(announcement, "announcement.created", None)
    if owed:  # nothing to queue when nobody follows it (the demo load, most imports)
        transaction.on_commit(_enqueue_immediate)
    return announcement


def _enqueue_immediate() -> None:
    from camket.portal.opendata.tasks import send_immediate

    send_immediate.enqueue()


########## Sending ##########


@dataclass
class SendResult:
    emails: int = 0
    announcements: int = 0


def send_pending(frequencies: Iterable[str], *, now: dt.datetime | None = None) -> SendResult:
    """Send what is owed to active subscriptions of ``frequencies``: one e-mail per subscription.

    Announcements whose commitment is no longer public are dropped unsent. Each subscription's
    rows are marked sent in the transaction that sends its e-mail, so a failure leaves them
    owed and a rerun sends nothing twice.
    """
    now = now or timezone.now()
    result = SendResult()
    subscriptions = active_subscriptions().filter(frequency__in=list(frequencies))
    # A weekly digest goes when the last one is at least six and a half days old, so a daily
    # job that runs a little earlier or later each day still sends one a week.
    recent = now - WEEKLY_GAP
    subscriptions = subscriptions.exclude(
        frequency=Subscription.Frequency.WEEKLY, last_digest_at__gt=recent
    )
    owed = Delivery.objects.filter(sent_at=None, subscription__in=subscriptions)
    connection = get_connection()
    for pk in sorted(set(owed.values_list("subscription_id", flat=True))):
        sent = _send_to(pk, now, connection)
        result.emails += 1 if sent else 0
        result.announcements += sent
    return result


def _still_public(deliveries: list[Delivery]) -> list[Delivery]:
    ids = {d.announcement.commitment_id for d in deliveries} - {None}
    public = set(visibility.public_commitments().filter(pk__in=ids).values_list("pk", flat=True))
    return [d for d in deliveries if d.announcement.commitment_id in public | {None}]


@transaction.atomic
def _send_to(pk: int, now: dt.datetime, connection) -> int:
    subscription = Subscription.objects.select_for_update().get(pk=pk)
    rows = list(
        subscription.deliveries.filter(sent_at=None)
        .select_related("announcement")
        .order_by("announcement__created_at", "announcement__pk")
    )
    keep = _still_public(rows)
    dropped = [d.pk for d in rows if d not in keep]
    Delivery.objects.filter(pk__in=dropped).delete()
    if not keep:
        return 0
    _message(subscription, [d.announcement for d in keep], connection).send()
    Delivery.objects.filter(pk__in=[d.pk for d in keep]).update(sent_at=now)
    if subscription.frequency != Subscription.Frequency.IMMEDIATE:
        subscription.last_digest_at = now
        subscription.save(update_fields=["last_digest_at"])
    return len(keep)


def _message(subscription: Subscription, items: list[Announcement], connection) -> EmailMessage:
    unsubscribe_url = _absolute(
        reverse("opendata:subscription-unsubscribe", args=[unsubscribe_token(subscription)])
    )
    with translation.override(subscription.language):
        lines = [
            {"kind": EventKind(a.kind).label, "title": a.title, "url": _absolute(a.url)}
            for a in items
        ]
        body = render_to_string(
            "opendata/email_digest.txt",
            {
                "items": lines,
                "unsubscribe_url": unsubscribe_url,
                "digest": subscription.frequency != Subscription.Frequency.IMMEDIATE,
            },
        )
        if len(items) == 1 and subscription.frequency == Subscription.Frequency.IMMEDIATE:
            subject = _("CamKet: %(title)s") % {"title": items[0].title[:150]}
        else:
            subject = _("CamKet: %(count)s updates on the commitments you follow") % {
                "count": len(items)
            }
    return EmailMessage(
        subject,
        body,
        to=[subscription.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
