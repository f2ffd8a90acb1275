"""Criteria sets, scorecards with provenance, and indicators (issue 13 items 1–3, C8).

A criteria set ("bộ tiêu chí") is versioned: once approved it is frozen, and a change is a new
version. A scorecard holds one subject's scores (a commitment, agency, province, partner or
sector) in one reporting cycle; each score keeps the ids of the rows its formula read and
points at those rows, stored once per computation with the formula's version and parameters
(``ScoreInput``), so it can be explained and recomputed. Scorecards freeze when their cycle
closes. Formulas: ``lawcore/scoring.py``; decision 0015.
"""

from __future__ import annotations

import base64
import json
import sys
from array import array

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.monitoring.models import ReportingCycle
from camket.registry.models import Commitment
from camket.versioning import Versioned, VersionedQuerySet


class IdListField(models.TextField):
    """A list of record ids, stored as text and read back as a list.

    Written packed: the type code of a little-endian ``array`` (``i``, 32-bit, or ``q``,
    64-bit), then its bytes in base64 (``iAQAAAAIAAAA=`` is ``[1, 2]``). A national cycle
    writes 7.6 million ids: as JSON they took 0.97 s to encode and 54.2 MB, packed 0.39 s and
    40.8 MB (decision 0015). JSON text (``[1,2,3]``), as written before, is still read, and an
    empty list is written so. Plain text rather than PostgreSQL's ``jsonb`` or ``bytea``:
    nothing queries inside these lists, and a text column keeps its compression setting
    (migration 0006) and works alike on both engines.
    """

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return unpack_ids(value)

    def get_prep_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return pack_ids(value)


INT32 = np.iinfo(np.int32)


def pack_ids(ids) -> str:
    """``ids`` (integers, or a NumPy integer array) as the text :class:`IdListField` stores;
    the same text for the same ids either way."""
    if len(ids) == 0:
        return "[]"
    if isinstance(ids, np.ndarray):
        fits = ids.dtype.itemsize <= 4 or INT32.min <= ids.min() <= ids.max() <= INT32.max
        code, dtype = ("i", "<i4") if fits else ("q", "<i8")
        return code + base64.b64encode(ids.astype(dtype, copy=False).tobytes()).decode("ascii")
    for code in ("i", "q"):
        try:
            packed = array(code, ids)
        except OverflowError:
            continue
        if sys.byteorder == "big":
            packed.byteswap()
        return code + base64.b64encode(packed.tobytes()).decode("ascii")
    raise OverflowError("record ids beyond 64 bits")


def unpack_ids(text: str) -> list[int]:
    """The ids :func:`pack_ids` wrote, or a JSON list as written before."""
    if not text or text[0] == "[":
        return json.loads(text or "[]")
    packed = array(text[0])
    packed.frombytes(base64.b64decode(text[1:]))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tolist()


class Subject(models.TextChoices):
    """What a criterion and a scorecard are about."""

    COMMITMENT = "commitment", _("Commitment")
    AGENCY = "agency", _("Agency")
    PROVINCE = "province", _("Province")
    PARTNER = "partner", _("Partner")
    SECTOR = "sector", _("Sector")


class Bilingual:
    @property
    def name(self) -> str:
        english = getattr(self, "name_en", "") or getattr(self, "title_en", "")
        vietnamese = getattr(self, "name_vi", "") or getattr(self, "title_vi", "")
        return english if get_language() == "en" and english else vietnamese


class CriteriaSet(Bilingual, Versioned):
    """A versioned set of criteria; ``approved`` freezes it (a change is a new version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    code = models.SlugField(_("code"), max_length=60)
    number = models.PositiveIntegerField(_("version number"), default=1)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    basis = models.TextField(_("basis"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="one_criteria_set_version")
        ]

    def __str__(self) -> str:
        return f"{self.title_vi} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("scoring:criteria-detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class Criterion(Bilingual, models.Model):
    """One criterion of a set: computed by a named formula, or rated with a written reason."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Method(models.TextChoices):
        COMPUTED = "computed", _("Computed from CamKet's records")
        RATED = "rated", _("Rated by a person (with a written reason)")

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("set")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    subject = models.CharField(_("subject assessed"), max_length=16, choices=Subject.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.FloatField(_("target"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    formula = models.CharField(_("formula"), max_length=60, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest rating"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest rating"), default=5)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "subject", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "subject", "code"], name="one_criterion_code_per_subject"
            )
        ]

    def __str__(self) -> str:
        return self.name_vi

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER


class ScorecardQuerySet(models.QuerySet):
    def visible_to(self, user) -> ScorecardQuerySet:
        """Scorecards ``user`` may read.

        National roles read all. A commitment's scorecard is read by whoever may read the
        commitment. Observers read every other scorecard; agency staff read those of their own
        agencies (partner and sector scorecards add up every agency's work: national roles and
        observers only).
        """
        scope = scope_of(user)
        if scope.is_national:
            return self
        readable = Q(commitment__in=Commitment.objects.visible_to(user))
        if scope.is_observer:
            return self.filter(readable | ~Q(subject=Subject.COMMITMENT))
        if not scope.agency_ids:
            return self.none()
        mine = Q(agency_id__in=scope.agency_ids, subject__in=[Subject.AGENCY, Subject.PROVINCE])
        return self.filter(readable | mine)


class Scorecard(models.Model):
    """The scores of one subject in one reporting cycle under one criteria set."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    subject = models.CharField(_("subject assessed"), max_length=16, choices=Subject.choices)
    subject_key = models.CharField(max_length=120)
    label = models.CharField(_("name"), max_length=500)
    commitment = models.ForeignKey(
        Commitment, null=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(Agency, null=True, on_delete=models.CASCADE, related_name="+")
    total = models.FloatField(_("overall score"), null=True)
    computed_on = models.DateField(_("figures as of"))
    computed_at = models.DateTimeField(_("computed at"))
    is_frozen = models.BooleanField(_("frozen"), default=False)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["subject", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "cycle", "subject", "subject_key"],
                name="one_scorecard_per_subject",
            )
        ]
        indexes = [models.Index(fields=["cycle", "subject", "total"])]

    def __str__(self) -> str:
        return f"{self.label} · {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:scorecard-detail", args=[self.pk])


class ScoreInput(models.Model):
    """The rows one formula read for every scorecard of a cycle, stored once.

    Every score of that formula in that computation points here and keeps only the ids of its
    own rows, so a report counted by a commitment, an agency, a province, two partners and a
    sector is serialised once rather than six times. ``rows`` is the JSON list of
    ``lawcore.scoring.row_values`` sorted by id; ``digest`` (SHA-256 of the formula, its version,
    the row type, the parameters and ``rows``) lets an unchanged computation reuse the row. A
    row is never updated: a frozen score keeps explaining itself whatever happens later to the
    records (decision 0015).
    """

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    formula = models.CharField(_("formula"), max_length=60)
    formula_version = models.PositiveSmallIntegerField()
    row_type = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    rows = models.TextField()
    row_count = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "digest"], name="one_score_input_per_digest")
        ]

    def __str__(self) -> str:
        return f"{self.formula} · {self.cycle_id} · {self.row_count}"

    def row_values(self) -> dict[int, list]:
        """{id: the row's stored values}, read from ``rows``."""
        return {values[0]: values for values in json.loads(self.rows)}


class Score(models.Model):
    """One criterion's figure on one scorecard, with what it was computed from.

    A computed score points at the formula's rows of its computation (``source``, shared by every
    score of that formula) and keeps the ids it took from them: ``counted`` and ``met`` (the
    denominator and the numerator) and ``skipped`` (read but not counted, e.g. a report not yet
    due), so the rows of this one score are ``counted`` + ``skipped``. A rated score holds the
    rating and its written reason instead.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.FloatField(_("value"), null=True)
    normalised = models.FloatField(_("score"), null=True)
    numerator = models.FloatField(default=0)
    denominator = models.FloatField(default=0)
    formula = models.CharField(_("formula"), max_length=60, blank=True)
    formula_version = models.PositiveSmallIntegerField(null=True)
    row_type = models.CharField(max_length=40, blank=True)
    source = models.ForeignKey(
        ScoreInput, null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    counted = IdListField(default=list)
    met = IdListField(default=list)
    skipped = IdListField(default=list)
    rating = models.FloatField(_("rating"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class IndicatorQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> IndicatorQuerySet:
        """Indicators of the commitments ``user`` may read."""
        return self.filter(commitment__in=Commitment.objects.visible_to(user))


class Indicator(Bilingual, Versioned):
    """A measure of a commitment's effect with baseline and target ("chỉ số")."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="+", verbose_name=_("commitment")
    )
    code = models.SlugField(_("code"), max_length=80)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=60)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Criterion.Direction.choices,
        default=Criterion.Direction.HIGHER,
    )
    baseline = models.FloatField(_("baseline"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target = models.FloatField(_("target"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    source = models.CharField(_("source of the figures"), max_length=500, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["commitment", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "code"], name="one_indicator_code")
        ]

    def __str__(self) -> str:
        return self.name_vi

    def get_absolute_url(self) -> str:
        return reverse("scoring:indicator-detail", args=[self.pk])


class IndicatorValue(Versioned):
    """The actual value of an indicator in one cycle, its computed status and any override."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        MODERATE = "moderate", _("Moderate progress")
        OFF_TRACK = "off_track", _("Off track")
        WORSENING = "worsening", _("Worsening")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    actual = models.FloatField(_("actual"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    ratio = models.FloatField(null=True)
    override = models.CharField(
        _("status set by hand"), max_length=16, choices=Status.choices, blank=True
    )
    override_reason = models.TextField(_("reason for the status set by hand"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "cycle"], name="one_value_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.actual}"

    @property
    def shown_status(self) -> str:
        return self.override or self.status

    def get_shown_status_display(self) -> str:
        return str(dict(self.Status.choices).get(self.shown_status, ""))
