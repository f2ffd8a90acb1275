"""Annual reviews of commitments, resources and experts (issue 13, items 4–6; C9, C13).

- A **ReviewCampaign** ("đợt rà soát") is opened by the national coordinator for a period; each
  agency gets one **AgencyReview** ("báo cáo rà soát") per commitment it leads, pre-filled with
  CamKet's own figures. Workflow: draft → submitted → approved (agency leader) → accepted
  (coordinator); the leader or the coordinator may return it with a reason.
- A **Remedy** ("biện pháp khắc phục") of a review becomes a task or a legislative action with
  one click; the remedy keeps the link, the task points back through ``external_key``.
- A **FundingLine** ("nguồn lực") records pledged, disbursed and spent money of a task or a
  commitment per year and source; **AssistanceNeed** ("nhu cầu hỗ trợ") an obligation Viet Nam
  cannot meet without help.
- An **Expert** ("chuyên gia") of the roster, and each **Engagement** of one on a task or a
  review with the conflict-of-interest check it recorded.

Visibility rules are in ``permissions.py``; views fetch through ``access.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.obligations.models import Obligation, Task
from camket.registry.models import Commitment, Partner, Sector
from camket.search import Searchable, SearchText
from camket.versioning import Versioned, VersionedQuerySet


class ReviewCampaign(models.Model):
    """A yearly review opened by the coordinator ("đợt rà soát hằng năm").

    The default deadline is 15 November: Law on Treaties 108/2016/QH13, art. 79(6) (agencies
    report on the conclusion and implementation of treaties to the Ministry of Foreign Affairs
    "chậm nhất vào ngày 15 tháng 11 hàng năm"), and Law on International Agreements
    70/2020/QH14, art. 46(3) (the same date for international agreements). Texts:
    ../shared/data/vn-laws/texts/Luat-dieu-uoc-quoc-te-2016-303284.txt and
    Luat-70-2020-QH14-Thoa-thuan-quoc-te-376557.txt.
    """

    class Template(models.TextChoices):
        TREATIES = "treaties", _("Treaties (Law 108/2016/QH13, art. 79(6))")
        AGREEMENTS = "agreements", _("International agreements (Law 70/2020/QH14, art. 46(3))")
        ALL = "all", _("All commitments, leaders' statements included")

    title = models.CharField(_("title"), max_length=200)
    template = models.CharField(
        _("review template"), max_length=16, choices=Template.choices, default=Template.ALL
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    due_on = models.DateField(_("reviews due on"))
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="review_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:campaign-detail", args=[self.pk])


class ReviewQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ReviewQuerySet:
        """Reviews of the user's agencies; every review for national roles; observers those
        of the commitments they may read. Content is gated further by ``readable_content``."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        mine = Q(agency_id__in=sorted(scope.agency_ids))
        if scope.is_observer:
            mine |= Q(commitment__in=Commitment.objects.visible_to(user))
        return self.filter(mine)


class AgencyReview(Versioned):
    """One agency's review of one commitment it leads, in one campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the leader")
        APPROVED = "approved", _("Approved by the leader")
        ACCEPTED = "accepted", _("Accepted by the coordinator")
        RETURNED = "returned", _("Returned")

    class Cause(models.TextChoices):
        LEGAL = "legal", _("Legal framework")
        RESOURCES = "resources", _("Resources")
        CAPACITY = "capacity", _("Capacity")
        COORDINATION = "coordination", _("Coordination")
        PARTNER = "partner", _("Partner side")
        OTHER = "other", _("Other")

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", _("Continue implementing")
        AMEND = "amend", _("Amend")
        RENEGOTIATE = "renegotiate", _("Renegotiate")
        TERMINATE = "terminate", _("Terminate")
        RAISE = "raise", _("Raise with the partner")

    campaign = models.ForeignKey(
        ReviewCampaign,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("review campaign"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="agency_reviews",
        verbose_name=_("commitment"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="agency_reviews", verbose_name=_("agency")
    )
    figures = models.JSONField(_("CamKet's figures"), default=dict, blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    causes = models.JSONField(_("causes"), default=list, blank=True)
    cause_details = models.TextField(_("causes explained"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    recommendation_reason = models.TextField(_("reason for the recommendation"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    return_comment = models.TextField(_("comment when returned"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency review")
        verbose_name_plural = _("agency reviews")
        ordering = ["campaign", "agency__name_vi", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "commitment"], name="one_review_per_commitment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} ({self.campaign})"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review-detail", args=[self.pk])

    @property
    def cause_labels(self) -> list[str]:
        labels = dict(self.Cause.choices)
        return [str(labels[c]) for c in self.causes if c in labels]


class Remedy(models.Model):
    """A measure a review proposes; it becomes a task or a legislative action in one click."""

    review = models.ForeignKey(
        AgencyReview,
        on_delete=models.CASCADE,
        related_name="remedies",
        verbose_name=_("agency review"),
    )
    text = models.TextField(_("remedy"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    task = models.OneToOneField(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_remedy",
        verbose_name=_("task"),
    )
    legislative_action = models.OneToOneField(
        "compatibility.LegislativeAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_remedy",
        verbose_name=_("legislative action"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_converted(self) -> bool:
        return bool(self.task_id or self.legislative_action_id)


class FundingQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> FundingQuerySet:
        """Lines of tasks ``user`` may read and of commitments ``user`` may read."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(
            Q(task__in=Task.objects.visible_to(user))
            | Q(task__isnull=True, commitment__in=Commitment.objects.visible_to(user))
        )


class FundingLine(Versioned):
    """Money for a task or a commitment in one year from one source ("nguồn lực", C13).

    Amounts are in Vietnamese đồng. The key (commitment, task, source, year) makes the XLSX
    import idempotent: a second import of the same file changes nothing.
    """

    class Source(models.TextChoices):
        STATE_BUDGET = "state_budget", _("State budget")
        ODA = "oda", _("ODA and concessional loans")
        PARTNER = "partner", _("Partner support")
        ENTERPRISE = "enterprise", _("Enterprises")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("commitment"),
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("task"),
    )
    source = models.CharField(_("funding source"), max_length=16, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    pledged = models.DecimalField(_("pledged (VND)"), max_digits=18, decimal_places=0, default=0)
    disbursed = models.DecimalField(
        _("disbursed (VND)"), max_digits=18, decimal_places=0, default=0
    )
    spent = models.DecimalField(_("spent (VND)"), max_digits=18, decimal_places=0, default=0)
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source of the figures"), max_length=500, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["-year", "commitment", "task", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "task", "source", "year"], name="one_funding_line_per_key"
            ),
            models.UniqueConstraint(
                fields=["commitment", "source", "year"],
                condition=Q(task__isnull=True),
                name="one_commitment_funding_line_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}"

    @property
    def gap(self):
        """Pledged but not yet disbursed."""
        return self.pledged - self.disbursed

    @property
    def agency_id(self) -> int:
        return self.task.lead_agency_id if self.task_id else self.commitment.lead_agency_id


class AssistanceNeedQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> AssistanceNeedQuerySet:
        if scope_of(user).is_national:
            return self
        return self.filter(obligation__commitment__in=Commitment.objects.visible_to(user))


class AssistanceNeed(Versioned):
    """An obligation Viet Nam can meet only with assistance ("cần hỗ trợ"; category C of the
    feasibility assessment at signing)."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        TECHNICAL = "technical", _("Technical assistance")
        CAPACITY = "capacity", _("Capacity building")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Support found")
        CLOSED = "closed", _("Closed")

    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        related_name="assistance_needs",
        verbose_name=_("obligation"),
    )
    kind = models.CharField(_("kind of assistance"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("what is needed"))
    estimated_amount = models.DecimalField(
        _("estimated amount (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssistanceNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assistance need")
        verbose_name_plural = _("assistance needs")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.description[:80]


class ExpertQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ExpertQuerySet:
        """The roster is staff-only: national roles and members of an agency; nobody else."""
        scope = scope_of(user)
        if scope.is_national or scope.agency_ids:
            return self
        return self.none()


class Expert(Searchable, Versioned):
    """An expert of the roster ("danh sách chuyên gia"), internal or external.

    Personal data: the roster is shown to staff only; the e-mail address and the declared
    interests only to national roles and to the agency that registered the expert.
    """

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal (civil servant)")
        EXTERNAL = "external", _("External")

    name = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(_("kind of expert"), max_length=16, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name=_("registered by"),
    )
    fields_of_expertise = models.TextField(
        _("fields of expertise"), help_text=_("One field a line, e.g. “Sở hữu trí tuệ”.")
    )
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="experts", verbose_name=_("commitments worked on")
    )
    interest_partners = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("declared interests: partners")
    )
    interest_sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("declared interests: sectors")
    )
    interest_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", verbose_name=_("declared interests: agencies")
    )
    interests_note = models.TextField(_("declared interests explained"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> SearchText:
        return SearchText([], self.fields_of_expertise, f"{self.name}\n{self.languages}")

    def get_absolute_url(self) -> str:
        return reverse("reviews:expert-detail", args=[self.pk])

    @property
    def field_list(self) -> list[str]:
        return [f.strip() for f in self.fields_of_expertise.splitlines() if f.strip()]


class Engagement(models.Model):
    """An expert engaged on a task or a review, with the conflict check made at that moment."""

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("expert")
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("task"),
    )
    review = models.ForeignKey(
        AgencyReview,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="engagements",
        verbose_name=_("agency review"),
    )
    role = models.CharField(_("role"), max_length=200)
    conflicts = models.JSONField(_("conflicts found"), default=list, blank=True)
    justification = models.TextField(_("why engaged despite the conflict"), blank=True)
    engaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    engaged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-engaged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False, review__isnull=True)
                | Q(task__isnull=True, review__isnull=False),
                name="engagement_on_task_or_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} — {self.role}"
