"""Subscriptions of the public (no account) and the announcements they receive (C12).

A ``Subscription`` is an e-mail address that chose topics (sectors, partners, commitments) and
kinds of event; it receives nothing until the address is confirmed (double opt-in). An
``Announcement`` is one public event (a new commitment, an entry into force, a consultation
opened, an answer published); ``announce`` fans it out into ``Delivery`` rows, one per matching
confirmed subscription, which the task worker sends at once or gathers into daily or weekly
digests. Writes go through ``subscriptions.py`` (the app's actions).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from camket.registry.models import Commitment, Partner, Sector


class EventKind(models.TextChoices):
    NEW_COMMITMENT = "new_commitment", _("New commitment published")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    CONSULTATION_OPENED = "consultation_opened", _("Consultation opened")
    ANSWER_PUBLISHED = "answer_published", _("Answer published")


class Subscription(models.Model):
    """An e-mail address following topics of the public register ("đăng ký nhận tin")."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    email = models.EmailField(_("e-mail address"))
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    # Empty topics or kinds mean "all of them".
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True)
    commitments = models.ManyToManyField(Commitment, verbose_name=_("commitments"), blank=True)
    event_kinds = models.JSONField(_("events"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return masked_email(self.email)

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Announcement(models.Model):
    """One public event that subscribers may hear about; ``key`` makes announcing idempotent."""

    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("link"), max_length=500)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """An announcement owed to one subscription; ``sent_at`` is set when its e-mail went out."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "announcement"], name="one_delivery_per_subscription"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "subscription"])]

    def __str__(self) -> str:
        return f"{self.subscription} {self.announcement}"


def masked_email(email: str) -> str:
    """``nguyen.van.a@example.vn`` → ``n***@example.vn``: what the audit trail keeps."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class PublicVersion(models.Model):
    """The version of everything public: a new random token on each write that may change it.

    One row. The public record cache (``camket.portal.opendata.cache``) keys every record by
    this token, so a write seen by one server process reaches every other at its next request.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("version of the public data")
        verbose_name_plural = _("versions of the public data")

    def __str__(self) -> str:
        return self.token
