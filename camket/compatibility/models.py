"""Domestic law and its compatibility with commitments (C6).

LegalDocument/LegalProvision hold the domestic legal corpus (Pháp điển, uploaded texts);
ProvisionLink records an assessment of an obligation or a commitment provision against a domestic
provision (or a gap, with no provision); LegislativeAction is the law-making a gap or conflict
needs; Notification tells an agency that a law its assessments rely on has changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.obligations.models import Obligation
from camket.registry.models import Commitment, Provision
from camket.search import Searchable, SearchText
from camket.versioning import Versioned, VersionedQuerySet


class LegalDocument(Searchable, models.Model):
    """A domestic legal document ("văn bản quy phạm pháp luật"); ``code`` is its number."""

    class Type(models.TextChoices):
        CONSTITUTION = "constitution", pgettext_lazy("legal document type", "Constitution")
        CODE = "code", pgettext_lazy("legal document type", "Code")
        LAW = "law", pgettext_lazy("legal document type", "Law")
        ORDINANCE = "ordinance", pgettext_lazy("legal document type", "Ordinance")
        RESOLUTION = "resolution", pgettext_lazy("legal document type", "Resolution")
        JOINT_RESOLUTION = (
            "joint_resolution",
            pgettext_lazy("legal document type", "Joint resolution"),
        )
        DECREE = "decree", pgettext_lazy("legal document type", "Decree")
        DECISION = "decision", pgettext_lazy("legal document type", "Decision")
        CIRCULAR = "circular", pgettext_lazy("legal document type", "Circular")
        JOINT_CIRCULAR = "joint_circular", pgettext_lazy("legal document type", "Joint circular")
        DIRECTIVE = "directive", pgettext_lazy("legal document type", "Directive")
        ORDER = "order", pgettext_lazy("legal document type", "Order")
        OTHER = "other", pgettext_lazy("legal document type", "Other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", pgettext_lazy("legal document status", "In force")
        AMENDED = "amended", pgettext_lazy("legal document status", "Amended")
        REPLACED = "replaced", pgettext_lazy("legal document status", "Replaced")
        REPEALED = "repealed", pgettext_lazy("legal document status", "Repealed")

    class Source(models.TextChoices):
        PHAPDIEN = "phapdien", _("Pháp điển")
        TEXT = "text", _("Plain text")
        UPLOAD = "upload", _("Uploaded file")

    code = models.CharField(_("number"), max_length=80, unique=True)
    doc_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    serial = models.CharField(_("serial number"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    issuer_code = models.CharField(_("issuer symbol"), max_length=60, blank=True)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expiry_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    amendment_notes = models.JSONField(_("amended by (as cited)"), default=list, blank=True)
    amended_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="amends", verbose_name=_("amended by")
    )
    replaced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    checksum = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "code"]
        indexes = [models.Index(fields=["doc_type", "year"])]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("compatibility:document-detail", args=[self.code])

    def search_text(self) -> SearchText:
        return SearchText([self.code], self.title, self.issuer)


class LegalProvision(models.Model):
    """A unit of a legal document: Phần, Chương, Mục, Điều, Khoản, Điểm.

    ``code`` is stable across imports: the Pháp điển anchor id, or ``<number>:<path>`` for texts.
    ``withdrawn`` marks a provision that a newer import no longer contains but that assessments
    still point to.
    """

    class Level(models.TextChoices):
        PART = "part", _("Part")
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")
        SUBSECTION = "subsection", _("Subsection")
        ARTICLE = "article", _("Article")
        CLAUSE = "clause", _("Clause")
        POINT = "point", _("Point")
        APPENDIX = "appendix", _("Appendix")

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("identifier"), max_length=120, unique=True)
    pd_code = models.CharField(_("Pháp điển code"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)
    heading = models.CharField(_("heading"), max_length=1000, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)
    context = models.CharField(_("context"), max_length=500, blank=True)
    citation = models.TextField(_("official citation"), blank=True)
    amendment_note = models.TextField(_("amendment note"), blank=True)
    is_repealed = models.BooleanField(_("repealed"), default=False)
    withdrawn = models.BooleanField(_("no longer in the current text"), default=False)

    class Meta:
        verbose_name = _("legal provision")
        verbose_name_plural = _("legal provisions")
        ordering = ["document", "order"]
        indexes = [models.Index(fields=["document", "order"])]

    def __str__(self) -> str:
        return f"{self.label} — {self.document.code}"

    @property
    def label(self) -> str:
        level = LEVEL_NAMES.get(self.level, self.level)
        text = f"{level} {self.number}".strip()
        return f"{text}. {self.heading}" if self.heading else text


LEVEL_NAMES = dict(LegalProvision.Level.choices)


class RelatedProvision(models.Model):
    """A "related content" link of the Pháp điển from one provision to another (by code or URL)."""

    source = models.ForeignKey(LegalProvision, on_delete=models.CASCADE, related_name="related")
    target_code = models.CharField(max_length=120, blank=True, db_index=True)
    target_url = models.URLField(max_length=500, blank=True)
    label = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("related provision")
        verbose_name_plural = _("related provisions")

    def __str__(self) -> str:
        return self.label or self.target_code


class ProvisionLinkQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> ProvisionLinkQuerySet:
        """Links whose obligation or commitment provision belongs to a commitment ``user`` reads."""
        visible = Commitment.objects.visible_to(user)
        return self.filter(
            Q(obligation__commitment__in=visible) | Q(provision__commitment__in=visible)
        )

    def of_commitment(self, commitment: Commitment) -> ProvisionLinkQuerySet:
        return self.filter(
            Q(obligation__commitment=commitment) | Q(provision__commitment=commitment)
        )

    def confirmed(self) -> ProvisionLinkQuerySet:
        return self.filter(status=ProvisionLink.Status.CONFIRMED)


class ProvisionLink(Versioned):
    """An assessment of an obligation or commitment provision against domestic law.

    ``legal_provision`` is empty for a gap ("khoảng trống pháp lý"). Engine proposals are stored
    with ``method=engine`` and ``status=proposed`` until a person confirms or rejects them.
    """

    class Method(models.TextChoices):
        ENGINE = "engine", _("Proposed by the engine")
        PERSON = "person", _("Found by a person")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        NEEDS_REVIEW = "needs_review", _("Needs review")

    class Relation(models.TextChoices):
        EQUAL = "equal", _("Equal")
        SUBSET = "subset", _("Domestic law covers less")
        SUPERSET = "superset", _("Domestic law covers more")
        INTERSECT = "intersect", _("Partly overlapping")
        NOT_RELATED = "not_related", _("Not related")

    class Verdict(models.TextChoices):
        COMPATIBLE = "compatible", _("Compatible")
        PARTLY = "partly", _("Partly compatible")
        CONFLICTING = "conflicting", _("Conflicting")
        GAP = "gap", _("Gap: no domestic provision")
        NEEDS_GUIDANCE = "needs_guidance", _("Needs guidance")

    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="legal_links"
    )
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="legal_links"
    )
    legal_provision = models.ForeignKey(
        LegalProvision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="links",
        verbose_name=_("domestic provision"),
    )
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    matched_terms = models.JSONField(_("matched terms"), default=list, blank=True)
    matched_fields = models.JSONField(_("matched fields"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices, blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence URL"), max_length=500, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    review_reason = models.CharField(_("why it needs review"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProvisionLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("provision link")
        verbose_name_plural = _("provision links")
        ordering = ["-assessed_at", "-score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(obligation__isnull=False, provision__isnull=True)
                | Q(obligation__isnull=True, provision__isnull=False),
                name="link_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["obligation", "legal_provision"],
                condition=Q(obligation__isnull=False, legal_provision__isnull=False),
                name="unique_obligation_link",
            ),
            models.UniqueConstraint(
                fields=["provision", "legal_provision"],
                condition=Q(provision__isnull=False, legal_provision__isnull=False),
                name="unique_provision_link",
            ),
        ]
        indexes = [models.Index(fields=["status", "verdict"])]

    def __str__(self) -> str:
        target = self.legal_provision.code if self.legal_provision_id else "gap"
        return f"{self.subject_label} → {target}"

    @property
    def subject_label(self) -> str:
        if self.obligation_id:
            return f"obligation {self.obligation_id}"
        return f"provision {self.provision_id}"

    @property
    def calls_for_law_making(self) -> bool:
        """A confirmed gap or conflict, which may open a legislative action."""
        return self.status == self.Status.CONFIRMED and self.verdict in {
            self.Verdict.GAP,
            self.Verdict.CONFLICTING,
        }

    @property
    def commitment(self) -> Commitment:
        return (self.obligation or self.provision).commitment

    @property
    def responsible_agency_id(self) -> int:
        """The obligation's lead agency, else the commitment's lead agency."""
        if self.obligation_id:
            return self.obligation.responsible_agency_id
        return self.provision.commitment.lead_agency_id


class LegislativeActionQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> LegislativeActionQuerySet:
        """Actions whose assessment ``user`` may read; national roles see all."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(link__in=ProvisionLink.objects.visible_to(user))

    def pending(self) -> LegislativeActionQuerySet:
        return self.filter(
            status__in=[LegislativeAction.Status.PLANNED, LegislativeAction.Status.IN_PROGRESS]
        )


class LegislativeAction(Versioned):
    """Law-making that a gap or conflict calls for: amend, issue or repeal a document."""

    class Kind(models.TextChoices):
        AMEND = "amend", pgettext_lazy("legislative action", "Amend")
        ISSUE = "issue", pgettext_lazy("legislative action", "Issue")
        REPEAL = "repeal", pgettext_lazy("legislative action", "Repeal")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    link = models.ForeignKey(
        ProvisionLink, on_delete=models.CASCADE, related_name="legislative_actions"
    )
    kind = models.CharField(_("kind of law-making"), max_length=8, choices=Kind.choices)
    description = models.TextField(_("what must change"))
    target_document = models.ForeignKey(
        LegalDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_actions",
        verbose_name=_("document to amend or repeal"),
    )
    responsible_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead agency")
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    resulting_document = models.ForeignKey(
        LegalDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resulting_from",
        verbose_name=_("resulting document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LegislativeActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("legislative action")
        verbose_name_plural = _("legislative actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:80]}"


class Notification(models.Model):
    """An in-app message to an agency, e.g. "a law your assessments rely on has changed"."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class RelevanceJudgement(models.Model):
    """A person's decision on a domestic provision for a text: ground truth for the engine.

    Written by every confirmation (relevant, unless judged "not related") and every rejection
    (not relevant) of an assessment, engine suggestion or not; never changed afterwards (a later
    decision on the same pair is a new row, and the latest counts). ``query_text`` is the text the
    engine searched; ``provision_code`` the provision's index id when judged. Exported by
    ``camket export-judgements`` for ``lawcore.retrieval.evaluate``.
    """

    class Relevance(models.IntegerChoices):
        NOT_RELEVANT = 0, _("Not relevant")
        RELEVANT = 1, _("Relevant")

    query_text = models.TextField(_("searched text"))
    source = models.CharField(_("assessed item"), max_length=40)
    legal_provision = models.ForeignKey(
        LegalProvision,
        on_delete=models.PROTECT,
        related_name="judgements",
        verbose_name=_("domestic provision"),
    )
    provision_code = models.CharField(_("identifier"), max_length=120)
    relevance = models.PositiveSmallIntegerField(_("relevance"), choices=Relevance.choices)
    suggested = models.BooleanField(_("suggested by the engine"), default=False)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_at = models.DateTimeField(_("judged at"))

    class Meta:
        verbose_name = _("relevance judgement")
        verbose_name_plural = _("relevance judgements")
        ordering = ["judged_at", "pk"]

    def __str__(self) -> str:
        return f"{self.source} → {self.provision_code}: {self.relevance}"
