"""Agencies of Viet Nam's political system and the users who act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
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
        UNIT = "unit", _("Unit of an agency")
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
    # A former agency ("cơ quan cũ"), e.g. a ministry merged in the 2025 reorganisation: kept so
    # that history (a 2022 decision, a 2019 treaty) still names it, with where its work went.
    # Former agencies are inactive: no new work is assigned to them (decision 0011).
    ended_on = models.DateField(_("ceased to exist on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The agency that took over its functions and its open work."),
    )
    partial_successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors of some functions"),
        symmetrical=False,
        blank=True,
        related_name="partial_predecessors",
    )
    succession_note = models.CharField(_("what went where"), max_length=500, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name_vi"]

    def __str__(self) -> str:
        return self.name

    @property
    def own_name(self) -> str:
        """The name in the active language (Vietnamese when no English name is known)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_vi

    @property
    def name(self) -> str:
        """The name as pages show it: a former agency with its successor, "Bộ X (nay là Bộ Y)".

        The one helper every page and export uses to name an agency, so that history (a
        decision of 2022, a treaty of 2019) names the agency of its day and says who holds the
        work now.
        """
        if self.successor_id is None:
            return self.own_name
        return gettext("%(former)s (now %(successor)s)") % {
            "former": self.own_name,
            "successor": self.successor.name,
        }

    @property
    def is_former(self) -> bool:
        return self.ended_on is not None or self.successor_id is not None

    def current(self) -> Agency:
        """The agency holding this one's work today (itself when it still exists)."""
        agency, seen = self, set()
        while agency.successor_id is not None and agency.pk not in seen:
            seen.add(agency.pk)
            agency = agency.successor
        return agency


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


def former_agency_problems(codes) -> dict[str, str]:
    """A translated message for each code in ``codes`` naming a former agency (no new work).

    Former agencies keep their records for history, but new work (a plan, a task, an
    obligation's lead) goes to the successor, which the message names.
    """
    wanted = [code for code in codes if code]
    if not wanted:
        return {}
    found = Agency.objects.filter(code__in=wanted, successor__isnull=False).select_related(
        "successor"
    )
    return {
        agency.code: gettext(
            "%(agency)s no longer exists (since %(date)s); assign the work to %(successor)s."
        )
        % {
            "agency": agency.own_name,
            "date": agency.ended_on.strftime("%d/%m/%Y") if agency.ended_on else "2025",
            "successor": agency.current().own_name,
        }
        for agency in found
    }


def agencies_for_work(instance=None, *fields: str) -> models.QuerySet:
    """The agencies a picker offers for work: active ones only (a former agency goes to its
    successor), plus the former ones an existing ``instance`` already names in ``fields``, so
    that an edit form still shows them and saving keeps them."""
    kept: set[int] = set()
    if instance is not None and instance.pk:
        for name in fields:
            field = instance._meta.get_field(name)
            if field.many_to_many:
                kept.update(getattr(instance, name).values_list("pk", flat=True))
            elif (pk := getattr(instance, field.attname)) is not None:
                kept.add(pk)
    return Agency.objects.filter(models.Q(is_active=True) | models.Q(pk__in=kept))
