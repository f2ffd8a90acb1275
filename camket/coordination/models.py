"""Overlap across agencies (C7): runs of the overlap engine and the candidate pairs they propose.

An item is named by its kind and primary key ("task:12"); the pair is stored with the smaller
key first, once (a unique constraint), so a run that finds it again updates it and a decided pair
keeps its decision for ever (docs/decisions/0020-coordination-overlap.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency


class ItemKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    OBLIGATION = "obligation", _("Obligation")
    TASK = "task", _("Task")
    PLAN = "plan", _("Action plan")


class OverlapRun(models.Model):
    """One run of the overlap engine over the register (nightly or asked for by a coordinator)."""

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly run")
        ON_DEMAND = "on_demand", _("Run by a coordinator")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    # The steps a run goes through, in order; the page shows "step k of len(STEPS)".
    STEPS = ("reading", "features", "candidates", "scoring", "storing")

    trigger = models.CharField(_("started by"), max_length=16, choices=Trigger.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(max_length=16, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    items = models.PositiveIntegerField(_("items compared"), default=0)
    pairs = models.PositiveIntegerField(_("pairs proposed"), default=0)
    created = models.PositiveIntegerField(_("new pairs"), default=0)
    updated = models.PositiveIntegerField(_("pairs updated"), default=0)
    removed = models.PositiveIntegerField(_("pairs no longer proposed"), default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("overlap run")
        verbose_name_plural = _("overlap runs")
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.queued_at:%d/%m/%Y %H:%M}"

    @property
    def step_number(self) -> int:
        """1-based position of the current step (0 before the first one)."""
        return self.STEPS.index(self.step) + 1 if self.step in self.STEPS else 0

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class OverlapCandidate(models.Model):
    """Two items that may be the same work or the same promise, and what a coordinator decided."""

    class State(models.TextChoices):
        OPEN = "open", _("Awaiting a decision")
        DUPLICATE = "duplicate", _("Duplicate")
        RELATED = "related", _("Related")
        DISTINCT = "distinct", _("Distinct")

    DECIDED = (State.DUPLICATE, State.RELATED, State.DISTINCT)

    class Source(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly run")
        ON_DEMAND = "on_demand", _("Run by a coordinator")
        BEFORE_SAVE = "before_save", _("Linked by an officer before saving")

    a_kind = models.CharField(max_length=16, choices=ItemKind.choices)
    a_id = models.PositiveBigIntegerField()
    b_kind = models.CharField(max_length=16, choices=ItemKind.choices)
    b_id = models.PositiveBigIntegerField()
    # Lead agencies when last seen: the queue filters by them without opening each item.
    a_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    b_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField(_("similarity"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    state = models.CharField(
        _("decision"), max_length=16, choices=State.choices, default=State.OPEN
    )
    source = models.CharField(_("found by"), max_length=16, choices=Source.choices)
    note = models.TextField(_("note"), blank=True)
    merged_into = models.ForeignKey(
        "obligations.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shared task"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    last_run = models.ForeignKey(
        OverlapRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("overlap candidate")
        verbose_name_plural = _("overlap candidates")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["a_kind", "a_id", "b_kind", "b_id"], name="unique_overlap_pair"
            )
        ]
        indexes = [models.Index(fields=["state", "score"])]

    def __str__(self) -> str:
        return f"{self.a_key} ~ {self.b_key}"

    @property
    def a_key(self) -> str:
        return f"{self.a_kind}:{self.a_id}"

    @property
    def b_key(self) -> str:
        return f"{self.b_kind}:{self.b_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
