"""The step before signing (C10): proposals, their dossier, opinions, impact and feasibility.

A :class:`Proposal` asks to take one step of a commitment's life (negotiate, sign, ratify or
approve, accede, amend, extend). Its checklist is generated from the legal basis by
``lawcore.dossier.checklist`` (Law 108/2016/QH13 as amended by Law 137/2025/QH15; Law
70/2020/QH14); opinions run on working-day clocks (``lawcore.workdays``); the decision of the
competent role is recorded with the snapshot of the dossier it approved. The register's
event-recording action asks :func:`camket.evaluation.gate.approved_stages` which stages a
commitment may take (docs/decisions/0014).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.obligations.models import Obligation, Task
from camket.registry.models import Commitment
from camket.versioning import Versioned, VersionedQuerySet
from lawcore import dossier, gate


class ProposalQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ProposalQuerySet:
        """Proposals ``user`` may read: national roles all; the proposing agency, the
        commitment's lead agency and every agency asked for an opinion theirs, observers any,
        always among the commitments ``user`` may read."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        mine = (
            Q(proposing_agency_id__in=scope.agency_ids)
            | Q(commitment__lead_agency_id__in=scope.agency_ids)
            | Exists(
                OpinionRequest.objects.filter(
                    proposal_id=OuterRef("pk"), agency_id__in=scope.agency_ids
                )
            )
        )
        if scope.is_observer:
            mine = Q(pk__isnull=False)
        if not (scope.agency_ids or scope.is_observer):
            return self.none()
        # Only proposals of commitments the user may read: the page shows the commitment's
        # title and obligations (an agency is asked only if it reads the commitment).
        return self.filter(mine, commitment__in=Commitment.objects.visible_to(user))

    def open(self) -> ProposalQuerySet:
        return self.exclude(status=Proposal.Status.DECIDED)


class Proposal(Versioned):
    """A proposal to take one step of a commitment ("đề xuất đàm phán, ký, phê chuẩn ...")."""

    class Stage(models.TextChoices):
        """The stages of ``lawcore.gate`` (one proposal per step the gate holds)."""

        NEGOTIATION = gate.NEGOTIATION, _("Negotiation")
        CONCLUSION = gate.CONCLUSION, _("Conclusion of negotiations")
        SIGNATURE = gate.SIGNATURE, _("Signature")
        RATIFICATION = gate.RATIFICATION, _("Ratification")
        APPROVAL = gate.APPROVAL, _("Approval")
        ACCESSION = gate.ACCESSION, _("Accession")
        ADOPTION = gate.ADOPTION, _("Adoption or acceptance (light dossier)")
        AMENDMENT = gate.AMENDMENT, _("Amendment")
        EXTENSION = gate.EXTENSION, _("Extension")

    class LegalBasis(models.TextChoices):
        """The legal bases of ``lawcore.dossier`` (each with its own checklist)."""

        # Law 108/2016/QH13 as amended by Law 137/2025/QH15.
        TREATY_STATE = dossier.TREATY_STATE, _("Treaty in the name of the State")
        TREATY_GOVERNMENT = dossier.TREATY_GOVERNMENT, _("Treaty in the name of the Government")
        # Law 70/2020/QH14, by signatory.
        AGREEMENT_STATE_GOVERNMENT = (
            dossier.AGREEMENT_STATE_GOVERNMENT,
            _("Agreement in the name of the State or the Government"),
        )
        AGREEMENT_NATIONAL_ASSEMBLY = (
            dossier.AGREEMENT_NATIONAL_ASSEMBLY,
            _("Agreement of a National Assembly body"),
        )
        AGREEMENT_JUDICIAL = (
            dossier.AGREEMENT_JUDICIAL,
            _("Agreement of the President's Office, the Supreme Court or the Procuracy"),
        )
        AGREEMENT_MINISTRY = dossier.AGREEMENT_MINISTRY, _("Agreement of a ministry or agency")
        AGREEMENT_PROVINCE = dossier.AGREEMENT_PROVINCE, _("Agreement of a province")
        AGREEMENT_ORGANISATION = (
            dossier.AGREEMENT_ORGANISATION,
            _("Agreement of a central body of an organisation"),
        )
        LEADERS_STATEMENT = dossier.LEADERS_STATEMENT, _("Leaders' statement (light dossier)")
        REVIEW = dossier.REVIEW, _("Recommendations of an international review (light dossier)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_OPINION = "under_opinion", _("Awaiting opinions")
        RETURNED = "returned", _("Returned for completion")
        DECIDED = "decided", _("Decided")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("commitment")
    )
    stage = models.CharField(_("step proposed"), max_length=24, choices=Stage.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=32, choices=LegalBasis.choices)
    proposing_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("proposing agency"),
    )
    amends_law = models.BooleanField(
        _("requires amending or issuing a law"),
        default=False,
        help_text=_("The National Assembly Standing Committee is then consulted."),
    )
    oda_loan = models.BooleanField(
        _("ODA or concessional loan"),
        default=False,
        help_text=_("The Ministry of Finance gives its opinion under the law on public debt."),
    )
    necessity = models.TextField(_("necessity and purpose"), blank=True)
    expected_in_force_on = models.DateField(_("expected entry into force"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    decision = models.CharField(
        _("decision"), max_length=32, choices=Decision.choices, blank=True, editable=False
    )
    decision_conditions = models.TextField(_("conditions or reasons"), blank=True, editable=False)
    decision_instrument = models.CharField(
        _("decision instrument"), max_length=200, blank=True, editable=False
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_as = models.CharField(_("decided as"), max_length=16, blank=True, editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    affected_groups = models.JSONField(_("affected groups"), default=list, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    draft_plan = models.ForeignKey(
        "obligations.ActionPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.commitment.title}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:proposal-detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.DECIDED and self.decision in {
            self.Decision.APPROVED,
            self.Decision.APPROVED_WITH_CONDITIONS,
        }

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class ChecklistItem(models.Model):
    """One item of the dossier, generated from the legal basis (``lawcore.dossier``)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        ASSESSMENT = "assessment", _("Structured assessment")
        OPINION = "opinion", _("Opinion")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=60)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    article = models.CharField(_("legal basis"), max_length=300, blank=True)
    article_en = models.CharField(max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(default=0)
    note = models.TextField(_("assessment or note"), blank=True)
    file = models.FileField(_("file"), upload_to="proposals/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    satisfied_at = models.DateTimeField(_("satisfied at"), null=True, blank=True)
    # The public consultation (camket.portal.consultation) whose published explanation report
    # satisfies this item, by primary key: the two apps migrate independently (decision 0019).
    consultation_id = models.PositiveIntegerField(
        _("consultation"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "code"], name="unique_checklist_code")
        ]

    def __str__(self) -> str:
        return self.title_vi

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        return self.title_en if get_language() == "en" and self.title_en else self.title_vi

    @property
    def article_label(self) -> str:
        from django.utils.translation import get_language

        return self.article_en if get_language() == "en" and self.article_en else self.article

    @property
    def is_satisfied(self) -> bool:
        return self.satisfied_at is not None


class OpinionRequest(models.Model):
    """An opinion asked of MOFA, MOJ or a consulted body, with its legal clock."""

    class Role(models.TextChoices):
        MOFA = dossier.MOFA, _("Ministry of Foreign Affairs")
        MOJ = dossier.MOJ, _("Ministry of Justice")
        MOF = dossier.MOF, _("Ministry of Finance")
        MOD = dossier.MOD, _("Ministry of National Defence")
        MPS = dossier.MPS, _("Ministry of Public Security")
        NA_STANDING = dossier.NA_STANDING_COMMITTEE, _("National Assembly Standing Committee")
        NA_FOREIGN_AFFAIRS = (
            dossier.NA_FOREIGN_AFFAIRS,
            _("National Assembly committee for foreign affairs"),
        )
        SECTOR_MANAGER = dossier.SECTOR_MANAGER, _("Agency managing the sector")
        CONSULTED = dossier.CONSULTED, _("Consulted body")

    class Stance(models.TextChoices):
        AGREE = "agree", _("Agrees")
        AGREE_WITH_COMMENTS = "agree_with_comments", _("Agrees with comments")
        DISAGREE = "disagree", _("Disagrees")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="opinions")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency asked")
    )
    role = models.CharField(_("asked as"), max_length=32, choices=Role.choices)
    item_code = models.CharField(max_length=60, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("time limit"), null=True, blank=True)
    time_unit = models.CharField(max_length=16, blank=True)  # lawcore.workdays DAYS/WORKING_DAYS
    article = models.CharField(_("legal basis"), max_length=300, blank=True)
    requested_on = models.DateField(_("requested on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    stance = models.CharField(_("stance"), max_length=24, choices=Stance.choices, blank=True)
    text = models.TextField(_("opinion"), blank=True)
    handling = models.TextField(_("how the proposing agency handled it"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "agency"], name="unique_opinion_agency")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.agency.name}"

    def is_overdue(self, today) -> bool:
        return self.answered_on is None and self.due_on is not None and today > self.due_on


class ImpactEntry(models.Model):
    """One fixed dimension of the impact assessment, scored and argued."""

    class Dimension(models.TextChoices):
        ECONOMY = "economy", _("Economy and budget")
        LEGAL = "legal", _("Legal system")
        INSTITUTIONS = "institutions", _("Institutions and capacity")
        SOCIETY = "society", _("Society and affected groups")
        ENVIRONMENT = "environment", _("Environment")
        SECURITY = "security", _("Defence, security and foreign relations")

    class Score(models.IntegerChoices):
        VERY_NEGATIVE = -2, _("Strongly negative")
        NEGATIVE = -1, _("Negative")
        NEUTRAL = 0, _("Neutral")
        POSITIVE = 1, _("Positive")
        VERY_POSITIVE = 2, _("Strongly positive")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="impacts")
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    score = models.SmallIntegerField(_("score"), choices=Score.choices)
    argument = models.TextField(_("argument"))
    cost = models.PositiveBigIntegerField(_("cost (VND)"), null=True, blank=True)
    cost_bearer = models.CharField(_("who bears the cost"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("impact")
        verbose_name_plural = _("impacts")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "dimension"], name="unique_impact")
        ]

    def __str__(self) -> str:
        return self.get_dimension_display()


class Feasibility(models.Model):
    """Whether Viet Nam can meet one obligation, and when, with what ("tính khả thi")."""

    class Category(models.TextChoices):
        A = "a", _("A: ready at entry into force")
        B = "b", _("B: needs time")
        C = "c", _("C: needs time and resources")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="feasibility")
    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="+", verbose_name=_("obligation")
    )
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)
    ready_on = models.DateField(_("ready by"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("resources needed (VND)"), null=True, blank=True)
    funding_source = models.CharField(
        _("source of funds"), max_length=16, choices=Task.Funding.choices, blank=True
    )
    responsible_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible agency")
    )
    laws = models.ManyToManyField(
        "compatibility.LegalDocument",
        blank=True,
        related_name="+",
        verbose_name=_("domestic laws to change"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("feasibility")
        verbose_name_plural = _("feasibility")
        ordering = ["obligation__number", "obligation_id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "obligation"], name="unique_feasibility")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.obligation_id}"


class DossierSnapshot(models.Model):
    """The dossier as approved: a hash of every item, to tell a later material change."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(auto_now_add=True)
    digest = models.CharField(max_length=64)
    items = models.JSONField(default=dict)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return self.digest[:12]


class GateOverride(models.Model):
    """A coordinator lets one step through the gate without an approved proposal, in writing."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="+", verbose_name=_("commitment")
    )
    stage = models.CharField(_("step"), max_length=24, choices=Proposal.Stage.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gate override")
        verbose_name_plural = _("gate overrides")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "stage"], name="unique_gate_override")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.commitment.code}"
