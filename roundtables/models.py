"""The record's structure: summits, sessions, roundtables, who held which role, and reference lists."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from gfmd_portal.i18n import Translatable, translations, unofficial_flag
from gfmd_portal.publishing import PublishableQuerySet, Status

from .source import Passage, fold


class Provenance(models.TextChoices):
    """Whether a record's facts come from the source document or were added by the editors."""

    SOURCE = "source", _("From the source document")
    EDITORIAL = "editorial", _("Editorial (not in the source document)")


iso3_validator = RegexValidator(r"^[A-Z]{3}$", _("Use the three-letter ISO 3166-1 alpha-3 code."))


class Country(Translatable, models.Model):
    """A country, keyed by its ISO 3166-1 alpha-3 code."""

    iso3 = CharField(_("ISO 3166-1 alpha-3"), max_length=3, primary_key=True, validators=[iso3_validator])
    name = CharField(_("name"), max_length=100, unique=True)
    name_fr, name_es = translations(name)

    translated_fields = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_upper_alpha3"),
        ]

    def __str__(self):
        return self.localized("name")

    def get_absolute_url(self):
        return reverse("roundtables:country", args=[self.iso3])


class Organisation(Translatable, models.Model):
    """An international organisation, civil-society group or other non-state body."""

    slug = models.SlugField(_("slug"), unique=True)
    name = CharField(_("name"), max_length=200)
    name_fr, name_es = translations(name)
    acronym = CharField(_("acronym"), max_length=30, blank=True)
    description = TextField(_("description"), blank=True)
    description_fr, description_es = translations(description)

    translated_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        name = self.localized("name")
        return f"{name} ({self.acronym})" if self.acronym else name


class Theme(Translatable, models.Model):
    """A subject in the portal's taxonomy, assigned to recommendations by the editors."""

    slug = models.SlugField(_("slug"), unique=True)
    name = CharField(_("name"), max_length=120, unique=True)
    name_fr, name_es = translations(name)
    description = TextField(_("description"))
    description_fr, description_es = translations(description)

    unofficial_translation = unofficial_flag()

    translated_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roundtables:theme", args=[self.slug])


class Framework(Translatable, models.Model):
    """A framework, instrument, initiative or report that a roundtable cited."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        DECLARATION = "declaration", _("Declaration")
        CONVENTION = "convention", _("Convention")
        COMPACT = "compact", _("Compact")
        FRAMEWORK = "framework", _("Framework")
        GUIDELINES = "guidelines", _("Guidelines")
        INITIATIVE = "initiative", _("Initiative")
        REPORT = "report", _("Report")

    slug = models.SlugField(_("slug"), unique=True)
    name = CharField(_("name"), max_length=250, unique=True)
    name_fr, name_es = translations(name)
    short_name = CharField(_("short name"), max_length=80)
    short_name_fr, short_name_es = translations(short_name)
    kind = CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = TextField(_("description"))
    description_fr, description_es = translations(description)
    source_excerpt = TextField(
        _("source excerpt"), blank=True, help_text=_("How the source document cites it, verbatim.")
    )
    aliases = TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names a summary may cite it by, one a line, in any language."),
    )

    unofficial_translation = unofficial_flag()

    translated_fields = ("name", "short_name", "description")

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("roundtables:framework", args=[self.slug])

    def names(self):
        """Every name a summary may use for it: names in three languages, the verbatim citation, the aliases."""
        names = [self.name, self.name_fr, self.name_es, self.short_name, self.short_name_fr, self.short_name_es]
        names += [self.source_excerpt, *self.aliases.splitlines()]
        return [name.strip() for name in names if name and name.strip()]


class Actor(Translatable, models.Model):
    """Who a recommendation addresses: states, IOM, the GFMD, civil society, ..."""

    slug = models.SlugField(_("slug"), unique=True)
    name = CharField(_("name"), max_length=120, unique=True)
    name_fr, name_es = translations(name)
    description = TextField(_("description"), blank=True)
    description_fr, description_es = translations(description)

    unofficial_translation = unofficial_flag()

    translated_fields = ("name", "description")

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class Summit(Translatable, models.Model):
    """A GFMD summit, the meeting a set of roundtables belongs to."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = CharField(_("title"), max_length=200)
    title_fr, title_es = translations(title)
    city = CharField(_("city"), max_length=100)
    city_fr, city_es = translations(city)
    host_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="summits_hosted", verbose_name=_("host country")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    provenance = CharField(_("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.EDITORIAL)
    editorial_note = TextField(
        _("editorial note"), blank=True, help_text=_("Where facts not in the source document come from.")
    )

    unofficial_translation = unofficial_flag()

    translated_fields = ("title", "city")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="summit_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The summit cannot end before it starts.")})


class RoundtableSession(Translatable, models.Model):
    """A set of roundtables on one subject within a summit (e.g. session 3)."""

    summit = models.ForeignKey(Summit, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("summit"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = CharField(_("title"), max_length=250)
    title_fr, title_es = translations(title)
    introduction = TextField(_("introduction"), blank=True)
    introduction_fr, introduction_es = translations(introduction)
    source_excerpt = TextField(_("source excerpt"), blank=True)

    unofficial_translation = unofficial_flag()

    translated_fields = ("title", "introduction")

    class Meta:
        ordering = ["summit", "number"]
        verbose_name = _("roundtable session")
        verbose_name_plural = _("roundtable sessions")
        constraints = [
            models.UniqueConstraint(fields=["summit", "number"], name="unique_session_number_per_summit"),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
        ]

    def __str__(self):
        return f"{self.summit.year} · Session {self.number}: {self.title}"


class SourceDocument(models.Model):
    """A rapporteurs' summary as uploaded: the file, its extracted text and where it belongs.

    Every record made from it keeps a link to it and the [start, end) span of its excerpt in
    `text`, whose line breaks are LF.
    """

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        IMPORTED = "imported", _("Drafts created")

    file_name = CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), editable=False)
    text = TextField(_("extracted text"), editable=False)
    sha256 = CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    summit = models.ForeignKey(
        Summit, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("summit")
    )
    session = models.ForeignKey(
        RoundtableSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("session"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    state = CharField(_("state"), max_length=10, choices=State.choices, default=State.IN_REVIEW)
    # What the parser proposed and what the reviewer decided, item by item (see ingest/review.py).
    proposals = models.JSONField(_("proposals"), default=dict, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["data", "text"])

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_hex"),
        ]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("admin:roundtables_sourcedocument_change", args=[self.pk])


def span_constraints(model_name):
    """The database's half of the span rule: no span without a document, and a span as long as the excerpt."""
    return [
        models.CheckConstraint(
            condition=Q(source_document__isnull=True, source_start__isnull=True, source_end__isnull=True)
            | Q(
                source_document__isnull=False,
                source_start__isnull=False,
                source_end__isnull=False,
                source_start__gte=0,
                source_end=F("source_start") + Length("source_excerpt"),
            ),
            name=f"{model_name}_span_fits_excerpt",
        ),
    ]


class SourceSpan(models.Model):
    """Where a record's source_excerpt is in its source document: text[start:end] == source_excerpt."""

    source_document = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("source document"),
    )
    source_start = models.PositiveIntegerField(_("excerpt starts at"), null=True, blank=True)
    source_end = models.PositiveIntegerField(_("excerpt ends at"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean_span(self):
        """Refuse a span that is not exactly the excerpt in the document's text."""
        spans = (self.source_document_id, self.source_start, self.source_end)
        if all(value is None for value in spans):
            return
        if any(value is None for value in spans):
            raise ValidationError(_("A source span needs its document, its start and its end."))
        text = SourceDocument.objects.filter(pk=self.source_document_id).values_list("text", flat=True).first() or ""
        start, end = self.source_start, self.source_end
        if not (0 <= start <= end <= len(text)) or text[start:end] != self.source_excerpt:
            raise ValidationError(
                {
                    "source_excerpt": _(
                        "The excerpt must be the passage at characters %(start)d to %(end)d of %(document)s, "
                        "verbatim; to quote another passage, remove the link to the document first."
                    )
                    % {"start": start, "end": end, "document": self.source_document}
                }
            )

    def clean(self):
        super().clean()
        self.clean_span()

    def source_passage(self, context=320):
        """The Passage around the span in its document, whitespace folded; None without a span."""
        if self.source_document_id is None:
            return None
        text = SourceDocument.objects.filter(pk=self.source_document_id).values_list("text", flat=True).first()
        if text is None or text[self.source_start : self.source_end] != self.source_excerpt:
            return None
        return passage_around(text, self.source_start, self.source_end, context)


def passage_around(text, start, end, context=320):
    """The Passage of text[start:end] with up to `context` characters each side, cut at words."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else start
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space > end else right
    before, excerpt, after = text[left:start], text[start:end], text[end:right]

    def keep_edges(part):
        folded = fold(part)
        return (" " if part[:1].isspace() else "") + folded + (" " if part[-1:].isspace() and folded else "")

    return Passage(
        ("… " if left > 0 else "") + keep_edges(before).lstrip(),
        fold(excerpt),
        keep_edges(after).rstrip() + (" …" if right < len(text) else ""),
    )


class RoundtableQuerySet(PublishableQuerySet):
    def with_roles(self):
        return self.select_related("session__summit").prefetch_related(
            models.Prefetch("roles", queryset=RoundtableRole.objects.select_related("country", "organisation"))
        )


code_validator = RegexValidator(r"^\d+\.\d+$", _("Use the roundtable's code, such as 3.1."))


class Roundtable(Translatable, SourceSpan):
    """One roundtable (e.g. 3.1) of a session."""

    session = models.ForeignKey(
        RoundtableSession, on_delete=models.PROTECT, related_name="roundtables", verbose_name=_("session")
    )
    # Copied from the session so the database itself can refuse a second "3.1" in one summit.
    summit = models.ForeignKey(
        Summit, on_delete=models.PROTECT, related_name="roundtables", editable=False, verbose_name=_("summit")
    )
    code = CharField(_("code"), max_length=10, validators=[code_validator])
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in addresses, e.g. 2016-3-1."))
    title = CharField(_("title"), max_length=250)
    title_fr, title_es = translations(title)
    summary = TextField(_("summary"), blank=True)
    summary_fr, summary_es = translations(summary)
    source_excerpt = TextField(_("source excerpt"), blank=True)
    frameworks = models.ManyToManyField(
        Framework, blank=True, related_name="roundtables", verbose_name=_("frameworks cited")
    )
    status = CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = RoundtableQuerySet.as_manager()

    unofficial_translation = unofficial_flag()

    translated_fields = ("title", "summary")

    class Meta:
        ordering = ["summit__year", "code"]
        verbose_name = _("roundtable")
        verbose_name_plural = _("roundtables")
        permissions = [("publish_roundtable", _("Can publish and unpublish roundtables"))]
        constraints = [
            models.UniqueConstraint(fields=["summit", "code"], name="unique_roundtable_code_per_summit"),
            *span_constraints("roundtable"),
        ]
        indexes = [models.Index(fields=["status", "code"], name="roundtable_status_code")]

    def __str__(self):
        return f"RT {self.code} ({self.summit.year}): {self.title}" if self.summit_id else self.title

    def save(self, *args, **kwargs):
        self.summit_id = self.session.summit_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("roundtables:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.session_id and self.code and self.session.number != int(self.code.split(".")[0]):
            raise ValidationError({"code": _("The code must start with the session number.")})

    def _roles(self, role):
        # Works from prefetched roles without further queries.
        return [r for r in self.roles.all() if r.role == role]

    @property
    def co_chairs(self):
        return self._roles(RoundtableRole.Role.CO_CHAIR)

    @property
    def rapporteurs(self):
        return self._roles(RoundtableRole.Role.RAPPORTEUR)


class RoundtableRole(SourceSpan):
    """A country or organisation holding a role in a roundtable."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", _("Co-chair")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        COORDINATOR = "coordinator", _("Coordinator")
        TEAM_MEMBER = "team_member", _("Team member")
        NON_STATE_PARTNER = "non_state_partner", _("Non-state partner")

    roundtable = models.ForeignKey(
        Roundtable, on_delete=models.CASCADE, related_name="roles", verbose_name=_("roundtable")
    )
    role = CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="roles", verbose_name=_("country")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("organisation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    source_excerpt = TextField(_("source excerpt"), blank=True)

    class Meta:
        ordering = ["roundtable", "role", "order"]
        verbose_name = _("roundtable role")
        verbose_name_plural = _("roundtable roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="role_holder_is_country_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["roundtable", "country"],
                condition=Q(country__isnull=False),
                name="one_role_per_country_per_roundtable",
            ),
            models.UniqueConstraint(
                fields=["roundtable", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_role_per_organisation_per_roundtable",
            ),
            *span_constraints("roundtablerole"),
        ]
        indexes = [models.Index(fields=["country", "role"], name="role_country_role")]

    def __str__(self):
        return f"{self.holder} · {self.get_role_display()}"

    @property
    def holder(self):
        return self.country or self.organisation

    def clean(self):
        super().clean()
        if bool(self.country_id) == bool(self.organisation_id):
            raise ValidationError(_("A role is held by either a country or an organisation, not both or neither."))


class KeyPoint(Translatable, SourceSpan):
    """A numbered key point of a roundtable's discussion."""

    roundtable = models.ForeignKey(
        Roundtable, on_delete=models.CASCADE, related_name="key_points", verbose_name=_("roundtable")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    heading = CharField(_("heading"), max_length=200)
    heading_fr, heading_es = translations(heading)
    text = TextField(_("text"))
    text_fr, text_es = translations(text)
    source_excerpt = TextField(_("source excerpt"))
    history = HistoricalRecords()

    translated_fields = ("heading", "text")

    class Meta:
        ordering = ["roundtable", "number"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")
        constraints = [
            models.UniqueConstraint(fields=["roundtable", "number"], name="unique_key_point_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="key_point_number_positive"),
            *span_constraints("keypoint"),
        ]

    def __str__(self):
        return f"{self.number}. {self.heading}"


class Practice(Translatable, SourceSpan):
    """An example of practice a roundtable highlighted, from one country."""

    roundtable = models.ForeignKey(
        Roundtable, on_delete=models.CASCADE, related_name="practices", verbose_name=_("roundtable")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="practices", verbose_name=_("country"))
    title = CharField(_("title"), max_length=200)
    title_fr, title_es = translations(title)
    description = TextField(_("description"))
    description_fr, description_es = translations(description)
    source_excerpt = TextField(_("source excerpt"))
    history = HistoricalRecords()

    translated_fields = ("title", "description")

    class Meta:
        ordering = ["roundtable", "number"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            models.UniqueConstraint(fields=["roundtable", "number"], name="unique_practice_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="practice_number_positive"),
            *span_constraints("practice"),
        ]

    def __str__(self):
        return f"{self.title} ({self.country})"
