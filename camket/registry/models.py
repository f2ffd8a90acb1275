"""The register: commitments, their dated events, documents, provisions and relations (C1)."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from camket.agencies.models import Agency
from camket.agencies.permissions import scope_of
from camket.search import Searchable, SearchText
from camket.versioning import Versioned, VersionedQuerySet
from lawcore import lifecycle


class BilingualName(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_vi


class Sector(BilingualName):
    """A field of cooperation ("lĩnh vực")."""

    class Meta(BilingualName.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Partner(BilingualName):
    """A foreign party: a country (ISO 3166-1 alpha-3) or an international organisation."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country or territory")
        ORGANISATION = "organisation", _("International organisation")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta(BilingualName.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


class CommitmentQuerySet(VersionedQuerySet):
    def visible_to(self, user) -> CommitmentQuerySet:
        """Commitments ``user`` may read (see ``camket.agencies.permissions``)."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        if not scope.agency_ids and not scope.is_observer:
            return self.none()
        involved = Q(lead_agency_id__in=scope.agency_ids) | Exists(
            Commitment.supporting_agencies.through.objects.filter(
                commitment_id=OuterRef("pk"), agency_id__in=scope.agency_ids
            )
        )
        readable = Q(confidentiality=Commitment.Confidentiality.PUBLIC)
        if scope.is_observer:
            readable |= Q(confidentiality=Commitment.Confidentiality.INTERNAL)
        return self.filter(readable | involved)

    def editable_by(self, user) -> CommitmentQuerySet:
        """Commitments ``user`` may change: all for coordinators, else those their agency leads."""
        scope = scope_of(user)
        if scope.is_national:
            return self
        return self.filter(lead_agency_id__in=scope.editor_agency_ids)

    def published(self) -> CommitmentQuerySet:
        return self.filter(confidentiality=Commitment.Confidentiality.PUBLIC)


class Commitment(Searchable, Versioned):
    """A treaty, an international agreement or a leaders' statement ("cam kết quốc tế")."""

    class AffectedGroup(models.TextChoices):
        """Who a commitment touches ("đối tượng chịu tác động"), as the demo stores it."""

        CITIZENS = "citizens", _("citizens")
        CONSUMERS = "consumers", _("consumers")
        EXPORTERS = "exporters", _("exporters")
        FARMERS = "farmers", _("farmers")
        IMPORTERS = "importers", _("importers")
        INVESTORS = "investors", _("investors")
        LOCALITIES = "localities", _("localities")
        WORKERS = "workers", _("workers")

    class Kind(models.TextChoices):
        TREATY = lifecycle.TREATY, _("Treaty")
        INTERNATIONAL_AGREEMENT = (
            lifecycle.AGREEMENT,
            pgettext_lazy(
                # Translators: "thỏa thuận quốc tế" in the sense of Law No. 70/2020/QH14.
                "commitment kind",
                "International agreement",
            ),
        )
        LEADERS_STATEMENT = lifecycle.STATEMENT, _("Leaders' statement")
        INTERNATIONAL_REVIEW = (
            lifecycle.REVIEW,
            _("Recommendations received (international review)"),
        )

    class Level(models.TextChoices):
        STATE = "state", _("State")
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry or agency")
        PROVINCE = "province", _("Province")
        PARTY = "party", _("Party")
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
        OTHER = "other", _("Other")

    class Scope(models.TextChoices):
        BILATERAL = "bilateral", _("Bilateral")
        REGIONAL = "regional", _("Regional")
        MULTILATERAL = "multilateral", _("Multilateral")

    class Status(models.TextChoices):
        DRAFT = lifecycle.DRAFT, _("Draft")
        PROPOSED = lifecycle.PROPOSED, _("Proposed")
        NEGOTIATING = lifecycle.NEGOTIATING, _("Under negotiation")
        NEGOTIATION_CONCLUDED = lifecycle.NEGOTIATION_CONCLUDED, _("Negotiations concluded")
        INITIALLED = lifecycle.INITIALLED, _("Initialled")
        SIGNED = lifecycle.SIGNED, _("Signed")
        RATIFIED = lifecycle.RATIFIED, _("Ratified")
        APPROVED = lifecycle.APPROVED, _("Approved")
        ACCEDED = lifecycle.ACCEDED, _("Acceded")
        PROVISIONAL = lifecycle.PROVISIONAL, _("Provisionally applied")
        IN_FORCE = lifecycle.IN_FORCE, _("In force")
        SUSPENDED = lifecycle.SUSPENDED, _("Suspended")
        TERMINATED = lifecycle.TERMINATED, _("Terminated")
        WITHDRAWN = lifecycle.WITHDRAWN, _("Withdrawn")
        RENOUNCED = lifecycle.RENOUNCED, _("Renounced")
        SUPERSEDED = lifecycle.SUPERSEDED, _("Superseded")
        ADOPTED = lifecycle.ADOPTED, _("Adopted")
        # Recommendations received in a review ("thông qua, chấp thuận"), never "ra tuyên bố".
        ACCEPTED = lifecycle.ACCEPTED, _("Adopted and accepted")

    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal")
        RESTRICTED = "restricted", _("Restricted")

    code = models.CharField(_("code"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("concluded in the name of"), max_length=32, choices=Level.choices)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_commitments",
    )
    supporting_agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("supporting agencies"),
        blank=True,
        related_name="supported_commitments",
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    summary_vi = models.TextField(_("plain-language summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("plain-language summary (English)"), blank=True)
    # Stored as AffectedGroup values where one fits, else as typed (see affected_group_labels).
    affected_groups = models.JSONField(_("affected groups"), default=list, blank=True)
    source_links = models.JSONField(_("sources"), default=list, blank=True)
    wto_rta_id = models.PositiveIntegerField(_("WTO RTA ID"), null=True, blank=True, unique=True)
    tota_id = models.CharField(_("ToTA identifier"), max_length=20, blank=True)
    is_reference = models.BooleanField(
        _("reference text (Viet Nam is not a party)"),
        default=False,
        help_text=_("Agreements of other countries kept for comparison, e.g. from ToTA."),
    )
    tota_checksum = models.CharField(max_length=64, blank=True, editable=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    in_force_on = models.DateField(_("in force since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-signed_on", "code"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["lead_agency", "status"]),
            models.Index(fields=["tota_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    def search_text(self) -> SearchText:
        names = [self.short_name, self.code, self.code.rsplit("/", 1)[-1]]
        if self.wto_rta_id:
            names.append(str(self.wto_rta_id))
        return SearchText(
            names, f"{self.title_vi}\n{self.title_en}", f"{self.summary_vi}\n{self.summary_en}"
        )

    def get_absolute_url(self) -> str:
        return reverse("registry:commitment-detail", args=[self.code])

    @property
    def title(self) -> str:
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title_vi

    @property
    def summary(self) -> str:
        if get_language() == "en" and self.summary_en:
            return self.summary_en
        return self.summary_vi

    @property
    def affected_group_labels(self) -> list[str]:
        """The affected groups in the reader's language (a value typed by hand stays as typed)."""
        return affected_group_labels(self.affected_groups)

    def lifecycle_events(self) -> list[lifecycle.Event]:
        return [lifecycle.Event(e.kind, e.on, e.pk) for e in self.events.all()]


class CommitmentEvent(models.Model):
    """A dated step in a commitment's life; the status is derived from these."""

    Kind = models.TextChoices(
        "Kind",
        [
            ("PROPOSAL", ("proposal", _("Proposal"))),
            ("NEGOTIATION_START", ("negotiation_start", _("Start of negotiation"))),
            (
                "NEGOTIATION_CONCLUSION",
                ("negotiation_conclusion", _("Conclusion of negotiations")),
            ),
            ("INITIALLING", ("initialling", _("Initialling"))),
            ("SIGNATURE", ("signature", _("Signature"))),
            ("RATIFICATION", ("ratification", _("Ratification"))),
            ("APPROVAL", ("approval", _("Approval"))),
            ("ACCESSION", ("accession", _("Accession"))),
            ("PROVISIONAL_APPLICATION", ("provisional_application", _("Provisional application"))),
            ("ENTRY_INTO_FORCE", ("entry_into_force", _("Entry into force"))),
            ("AMENDMENT", ("amendment", _("Amendment"))),
            ("EXTENSION", ("extension", _("Extension"))),
            ("RESERVATION", ("reservation", _("Reservation"))),
            ("SUSPENSION", ("suspension", _("Suspension"))),
            ("RESUMPTION", ("resumption", _("Resumption"))),
            ("WITHDRAWAL", ("withdrawal", _("Withdrawal"))),
            ("RENUNCIATION", ("renunciation", _("Renunciation"))),
            ("TERMINATION", ("termination", _("Termination"))),
            ("SUPERSESSION", ("supersession", _("Replaced by a later commitment"))),
            ("ADOPTION", ("adoption", _("Adoption"))),
            (
                "ACCEPTANCE",
                ("acceptance", _("Adoption and acceptance of recommendations")),
            ),
        ],
    )

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    instrument = models.CharField(_("instrument"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%d/%m/%Y}"


class CommitmentRelation(models.Model):
    """A typed link between two commitments, read as "source <kind> target"."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("amends")
        PROTOCOL_TO = "protocol_to", _("is a protocol to")
        SUPERSEDES = "supersedes", _("supersedes")
        IMPLEMENTS = "implements", _("implements")
        DERIVED_FROM = "derived_from", _("is derived from the statement")
        # The CPTPP (art. 1) incorporates the provisions of the TPP, with some suspended.
        INCORPORATES = "incorporates", _("incorporates the provisions of")

    source = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_relation"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="no_self_relation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} {self.get_kind_display()} {self.target.code}"


class Document(models.Model):
    """A file of a commitment: a language version, a scan, an annex ("văn bản")."""

    class Language(models.TextChoices):
        VI = "vi", _("Vietnamese")
        EN = "en", _("English")
        FR = "fr", _("French")
        ZH = "zh", _("Chinese")
        OTHER = "other", _("Other")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    is_official = models.BooleanField(_("official text"), default=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["language", "-version"]

    def __str__(self) -> str:
        return self.title


class Provision(models.Model):
    """A unit of a commitment's text: part, chapter, section, article, paragraph, point."""

    class Level(models.TextChoices):
        PREAMBLE = "preamble", _("Preamble")
        PART = "part", _("Part")
        CHAPTER = "chapter", _("Chapter")
        SECTION = "section", _("Section")
        ARTICLE = "article", _("Article")
        PARAGRAPH = "paragraph", _("Paragraph")
        POINT = "point", _("Point")
        ANNEX = "annex", _("Annex")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="provisions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    number = models.CharField(_("number"), max_length=40, blank=True)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    order = models.PositiveIntegerField(_("order"), default=0)
    external_id = models.CharField(max_length=40, blank=True)
    withdrawn = models.BooleanField(
        _("no longer in the current text"),
        default=False,
        help_text=_("Kept because obligations or assessments point at it."),
    )

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["order"]
        indexes = [models.Index(fields=["commitment", "order"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        parts = [str(_PROVISION_LEVELS.get(self.level, self.level)), self.number]
        text = " ".join(p for p in parts if p)
        return f"{text}: {self.heading}" if self.heading else text


_PROVISION_LEVELS = dict(Provision.Level.choices)


class SearchEntry(models.Model):
    """One searchable row per commitment or provision, with a diacritic-folded copy.

    SQLite indexes ``folded`` in the FTS5 table ``registry_search_fts``; PostgreSQL in a GIN
    index over ``to_tsvector('simple', folded)`` (migrations 0002).
    """

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField()
    body = models.TextField(blank=True)
    folded = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["commitment"])]

    def __str__(self) -> str:
        return self.title


def affected_group_labels(values) -> list[str]:
    labels = dict(Commitment.AffectedGroup.choices)
    return [str(labels.get(v, v)) for v in values or []]


def affected_group_values(text: str) -> list[str]:
    """Comma-separated groups as typed in a form: a label or value of AffectedGroup is stored
    as its value, anything else as typed."""
    by_label = {}
    for value, label in Commitment.AffectedGroup.choices:
        by_label[value] = value
        by_label[str(label).casefold()] = value
    groups = [g.strip() for g in text.split(",") if g.strip()]
    return [by_label.get(g.casefold(), g) for g in groups]
