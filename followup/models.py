"""Follow-up: what a country or an organisation reports having done on a recommendation."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from gfmd_portal.publishing import PublishableQuerySet, Status
from recommendations.models import Progress, Recommendation
from roundtables.models import Country, Organisation

# A follow-up entry reports an action, so "none" is not one of its values.
REPORTED = [choice for choice in Progress if choice != Progress.NONE]
RANK = {choice.value: rank for rank, choice in enumerate(Progress)}


class Kind(models.TextChoices):
    """What kind of action a follow-up entry reports."""

    POLICY = "policy", _("Policy")
    LEGISLATION = "legislation", _("Legislation")
    PROGRAMME = "programme", _("Programme")
    PARTNERSHIP = "partnership", _("Partnership")
    PRACTICE = "practice", _("Practice")
    FUNDING = "funding", _("Funding")
    OTHER = "other", _("Other")


class FollowUpQuerySet(PublishableQuerySet):
    def public(self):
        """Published entries on recommendations visitors may see."""
        return self.filter(
            status=Status.PUBLISHED,
            recommendation__status=Status.PUBLISHED,
            recommendation__roundtable__status=Status.PUBLISHED,
        )

    def for_listing(self):
        return self.select_related("country", "organisation", "recommendation__roundtable__summit")


class FollowUp(models.Model):
    """One action reported on a recommendation: who, when, what kind, how far it has gone."""

    Kind = Kind

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("recommendation")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("reporting country"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("reporting organisation"),
    )
    date = models.DateField(_("date"), help_text=_("When the action was reported or took place."))
    kind = CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    progress = CharField(_("progress"), max_length=10, choices=[(c.value, c.label) for c in REPORTED])
    title = CharField(_("title"), max_length=300)
    description = TextField(_("description"), blank=True)
    evidence_url = models.URLField(
        _("evidence link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An http or https address where the action is documented."),
    )
    status = CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "date", "id"]
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        permissions = [("publish_followup", _("Can publish and unpublish follow-up entries"))]
        constraints = [
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="followup_one_reporter",
            ),
            models.CheckConstraint(
                condition=Q(progress__in=[c.value for c in REPORTED]), name="followup_progress_known"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="followup_kind_known"),
            models.CheckConstraint(condition=~Q(title=""), name="followup_title_not_empty"),
            models.CheckConstraint(
                condition=Q(evidence_url="")
                | Q(evidence_url__istartswith="http://")
                | Q(evidence_url__istartswith="https://"),
                name="followup_evidence_http",
            ),
        ]
        indexes = [
            models.Index(fields=["recommendation", "status", "date"], name="followup_rec_status_date"),
            models.Index(fields=["status", "created_at"], name="followup_status_created"),
        ]

    def __str__(self):
        return f"{self.reporter}: {self.title}"

    def get_absolute_url(self):
        return f"{reverse('recommendations:detail', args=[self.recommendation_id])}#follow-up-{self.pk}"

    @property
    def reporter(self):
        return self.country if self.country_id else self.organisation

    @property
    def reporter_code(self):
        """How the import names the reporter: the country's ISO3 code or the organisation's acronym."""
        if self.country_id:
            return self.country_id
        return self.organisation.acronym if self.organisation_id else ""

    def clean(self):
        if bool(self.country_id) == bool(self.organisation_id):
            raise ValidationError(_("Name either a reporting country or a reporting organisation, not both."))
