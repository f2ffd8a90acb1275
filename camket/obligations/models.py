"""From commitment to work: obligations, action plans, tasks and milestones (C2, C3, C13)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.registry.models import Commitment, Partner, Provision, Sector
from camket.search import Searchable, SearchText
from camket.versioning import Versioned, VersionedQuerySet


class ObligationQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ObligationQuerySet:
        """Obligations of the commitments ``user`` may read."""
        return self.filter(commitment__in=Commitment.objects.visible_to(user))

    def with_carried_into_for(self, user) -> ObligationQuerySet:
        """Load ``carried_into`` only where ``user`` may read that commitment (else None)."""
        return self.prefetch_related(
            Prefetch("carried_into", queryset=Commitment.objects.visible_to(user))
        )


class Obligation(Searchable, Versioned):
    """Who must do what by when, drawn from a provision or a statement sentence ("nghĩa vụ")."""

    class Modality(models.TextChoices):
        SHALL = "shall", _("Binding obligation")
        SHALL_NOT = "shall_not", _("Prohibition")
        BEST_EFFORT = "best_effort", _("Best effort")
        POLITICAL = "political", _("Political commitment")
        MAY = "may", _("Right or permission")

    class Addressee(models.TextChoices):
        VIET_NAM = "viet_nam", _("Viet Nam")
        EACH_PARTY = "each_party", _("Each party")
        ALL_PARTIES = "all_parties", _("All parties")
        PARTNER = "partner", _("A named partner")
        BOTH_SIDES = "both_sides", _("Both sides (the leaders)")
        OTHER = "other", _("Other")

    class Response(models.TextChoices):
        NONE = "", _("Not applicable")
        ACCEPTED = "accepted", _("Accepted")
        IMPLEMENTED = "implemented", _("Already implemented")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        NOTED = "noted", _("Noted")

    class Method(models.TextChoices):
        PERSON = "person", _("Entered by a person")
        ASSISTANT = "assistant", _("Proposed by the assistant, confirmed by a person")
        IMPORT = "import", _("Imported")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("commitment"),
    )
    provision = models.ForeignKey(
        Provision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
        verbose_name=_("provision"),
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    source_text = models.TextField(_("source sentence"), blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("obligation"))
    addressee = models.CharField(
        _("addressee"), max_length=16, choices=Addressee.choices, default=Addressee.VIET_NAM
    )
    addressee_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("partner")
    )
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    response = models.CharField(
        _("Viet Nam's response"),
        max_length=24,
        choices=Response.choices,
        blank=True,
        help_text=_("For recommendations received, e.g. in the Universal Periodic Review."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_text = models.CharField(_("time limit as written"), max_length=200, blank=True)
    schedule = models.JSONField(
        _("phased schedule"),
        default=list,
        blank=True,
        help_text=_("Phases, each with a label, an indicative or definitive date and a note."),
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    affected_groups = models.JSONField(_("affected groups"), default=list, blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_obligations",
        verbose_name=_("lead agency"),
    )
    suggested_agencies = models.JSONField(_("suggested lead agencies"), default=list, blank=True)
    carried_into = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_items",
        verbose_name=_("carried into"),
    )
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.PERSON)
    reasons = models.JSONField(_("why it was proposed"), default=list, blank=True)
    external_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["commitment", "source_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "external_key"],
                condition=~Q(external_key=""),
                name="unique_obligation_key",
            )
        ]

    def __str__(self) -> str:
        return self.text[:120]

    def search_text(self) -> SearchText:
        return SearchText([self.number], self.text, f"{self.source_text}\n{self.due_text}")

    def get_absolute_url(self) -> str:
        return reverse("obligations:obligation-detail", args=[self.pk])

    @property
    def responsible_agency_id(self) -> int:
        return self.lead_agency_id or self.commitment.lead_agency_id


class ActionPlan(Searchable, Versioned):
    """An action programme or plan ("chương trình, kế hoạch hành động") of an agency."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Action programme")
        PLAN = "plan", _("Implementation plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PLAN)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("agency")
    )
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="action_plans", verbose_name=_("commitments")
    )
    instrument_number = models.CharField(_("instrument number"), max_length=80, blank=True)
    instrument_on = models.DateField(_("instrument date"), null=True, blank=True)
    source_links = models.JSONField(_("sources"), default=list, blank=True)
    source_note = models.TextField(_("about the source"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    return_comment = models.TextField(_("comment when returned"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def search_text(self) -> SearchText:
        return SearchText(
            [self.code, self.instrument_number], f"{self.title_vi}\n{self.title_en}"
        )

    def get_absolute_url(self) -> str:
        return reverse("obligations:plan-detail", args=[self.code])

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title_vi


class TaskQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> TaskQuerySet:
        """Tasks of plans ``user``'s agency owns, leads or supports; all for national roles.

        Observers read every task except those serving a restricted commitment they are not
        involved in.
        """
        scope = scope_of(user)
        if scope.is_national:
            return self
        # One IN over a union of three indexed lookups: an OR with a correlated EXISTS
        # would make the database scan every task.
        agencies = list(scope.agency_ids)
        ids = (
            Task.objects.filter(lead_agency_id__in=agencies)
            .order_by()
            .values("pk")
            .union(Task.objects.filter(plan__agency_id__in=agencies).order_by().values("pk"))
            .union(
                Task.supporting_agencies.through.objects.filter(agency_id__in=agencies)
                .order_by()
                .values("task_id")
            )
        )
        mine = Q(pk__in=ids)
        if not scope.is_observer:
            return self.filter(mine)
        hidden = Commitment.objects.exclude(pk__in=Commitment.objects.visible_to(user).values("pk"))
        return self.filter(
            mine | ~Exists(Obligation.objects.filter(tasks=OuterRef("pk"), commitment__in=hidden))
        )

    def editable_by(self, user) -> TaskQuerySet:
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(
            Q(lead_agency_id__in=scope.editor_agency_ids)
            | Q(plan__agency_id__in=scope.editor_agency_ids)
        )

    def overdue(self, today) -> TaskQuerySet:
        return self.filter(status__in=Task.OPEN_STATUSES, due_on__lt=today)


class Task(Searchable, Versioned):
    """Concrete work implementing obligations ("nhiệm vụ"), with exactly one lead agency."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Funding(models.TextChoices):
        STATE_BUDGET = "state_budget", _("State budget")
        ODA = "oda", _("ODA and international support")
        ENTERPRISE = "enterprise", _("Enterprise contribution")
        OTHER = "other", _("Other lawful sources")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("action plan")
    )
    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    obligations = models.ManyToManyField(
        Obligation, blank=True, related_name="tasks", verbose_name=_("obligations served")
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead agency")
    )
    supporting_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="supported_tasks", verbose_name=_("supporting agencies")
    )
    # The lead agency as the source instrument names it, when that agency has since been merged
    # (a 2022 decision naming "Bộ Kế hoạch và Đầu tư"): the task is led by the successor and the
    # page still shows whom the instrument named.
    lead_agency_as_named = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead agency named in the instrument"),
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=500, blank=True)
    budget = models.DecimalField(
        _("estimated budget (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=Funding.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    external_key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    # Work not done yet: late when its due date has passed ("quá hạn").
    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "due_on", "pk"]
        indexes = [
            models.Index(fields=["lead_agency", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            # Lists order by (due_on, pk); with this index the first page of overdue tasks is
            # read in order instead of sorting every open task.
            models.Index(fields=["due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "external_key"],
                condition=~Q(external_key=""),
                name="unique_task_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def search_text(self) -> SearchText:
        return SearchText([self.number], self.title, f"{self.description}\n{self.deliverable}")

    def get_absolute_url(self) -> str:
        return reverse("obligations:task-detail", args=[self.pk])

    def is_overdue_on(self, today) -> bool:
        """Open (not started or in progress) with a due date before ``today``."""
        return bool(self.due_on and self.due_on < today and self.status in self.OPEN_STATUSES)

    @property
    def is_overdue(self) -> bool:
        """Overdue today (Asia/Ho_Chi_Minh), the rule of every table, roadmap and count."""
        return self.is_overdue_on(timezone.localdate())


class Milestone(models.Model):
    """A dated step of a task ("mốc")."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class RejectedCandidate(models.Model):
    """A proposal of the extraction assistant that a person turned down; not proposed again."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "key"], name="unique_rejection")
        ]

    def __str__(self) -> str:
        return self.key
