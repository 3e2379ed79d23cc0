"""The record's structure: summits, sessions, roundtables, who held which role, and reference lists."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from gfmd_portal.i18n import Translatable, translations, unofficial_flag
from gfmd_portal.publishing import PublishableQuerySet, Status


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


class RoundtableQuerySet(PublishableQuerySet):
    def with_roles(self):
        return self.select_related("session__summit").prefetch_related(
            models.Prefetch("roles", queryset=RoundtableRole.objects.select_related("country", "organisation"))
        )


code_validator = RegexValidator(r"^\d+\.\d+$", _("Use the roundtable's code, such as 3.1."))


class Roundtable(Translatable, models.Model):
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


class RoundtableRole(models.Model):
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
        ]
        indexes = [models.Index(fields=["country", "role"], name="role_country_role")]

    def __str__(self):
        return f"{self.holder} · {self.get_role_display()}"

    @property
    def holder(self):
        return self.country or self.organisation

    def clean(self):
        if bool(self.country_id) == bool(self.organisation_id):
            raise ValidationError(_("A role is held by either a country or an organisation, not both or neither."))


class KeyPoint(Translatable, models.Model):
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
        ]

    def __str__(self):
        return f"{self.number}. {self.heading}"


class Practice(Translatable, models.Model):
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
        ]

    def __str__(self):
        return f"{self.title} ({self.country})"
