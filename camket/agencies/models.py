"""Agencies of Viet Nam's political system and the users who act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A ministry, province, central body or one of their units ("cơ quan, đơn vị")."""

    class Kind(models.TextChoices):
        PARTY_BODY = "party_body", _("Party body")
        NATIONAL_ASSEMBLY_BODY = "national_assembly_body", _("National Assembly body")
        STATE_BODY = "state_body", _("State body")
        MINISTRY = "ministry", _("Ministry")
        MINISTERIAL_AGENCY = "ministerial_agency", _("Ministerial-level agency")
        GOVERNMENT_AGENCY = "government_agency", _("Government agency")
        COURT = "court", _("Court")
        PROCURACY = "procuracy", _("Procuracy")
        PROVINCE = "province", _("Province or centrally-run city")
        SOCIO_POLITICAL = "socio_political", _("Socio-political organisation")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name_vi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Vietnamese when no English name is known)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_vi


class Membership(models.Model):
    """A user's role in an agency; a user may hold several."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Officer")
        LEADER = "leader", _("Leader")
        COORDINATOR = "coordinator", _("National coordinator")
        OBSERVER = "observer", _("Observer (leadership, inspection)")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency.code} · {self.role}"
