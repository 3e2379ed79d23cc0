"""Editorial alignment of recommendations with the Global Compact's objectives and SDG targets.

Alignment is the editors' reading, not a quote: each link records who made it, when and why,
and is kept apart from the frameworks a recommendation's own text cites.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from gfmd_portal.i18n import Translatable, translations, unofficial_flag


class GcmObjective(Translatable, models.Model):
    """One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title = CharField(_("short title"), max_length=80)
    short_title_fr, short_title_es = translations(short_title)
    title = CharField(_("title"), max_length=250, help_text=_("The official wording."))
    title_fr, title_es = translations(title)
    source_reference = CharField(_("source reference"), max_length=200)

    unofficial_translation = unofficial_flag()

    translated_fields = ("short_title", "title")

    class Meta:
        ordering = ["number"]
        verbose_name = _("Global Compact objective")
        verbose_name_plural = _("Global Compact objectives")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=23), name="gcm_objective_1_to_23"),
        ]

    def __str__(self):
        return f"{self.number}. {self.localized('short_title')}"

    def get_absolute_url(self):
        return reverse("alignment:gcm_objective", args=[self.number])


class SdgGoal(Translatable, models.Model):
    """A Sustainable Development Goal of the 2030 Agenda."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = CharField(_("title"), max_length=250)
    title_fr, title_es = translations(title)

    unofficial_translation = unofficial_flag()

    translated_fields = ("title",)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=17), name="sdg_goal_1_to_17"),
        ]

    def __str__(self):
        return _("SDG %(number)s") % {"number": self.number}


class SdgTarget(Translatable, models.Model):
    """An SDG target that concerns migration, with its official wording."""

    code = CharField(_("code"), max_length=6, unique=True, validators=[RegexValidator(r"^\d{1,2}\.[0-9a-z]{1,2}$")])
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets", verbose_name=_("goal"))
    text = TextField(_("text"), help_text=_("The official wording."))
    text_fr, text_es = translations(text)
    source_reference = CharField(_("source reference"), max_length=200)
    sort_key = CharField(max_length=12, editable=False, db_index=True)

    unofficial_translation = unofficial_flag()

    translated_fields = ("text",)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return _("SDG %(code)s") % {"code": self.code}

    def save(self, *args, **kwargs):
        self.sort_key = self.make_sort_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("alignment:sdg_target", args=[self.code])

    @staticmethod
    def make_sort_key(code):
        """Order 10.2 before 10.7 before 10.c, and 8.8 before 10.7."""
        goal, target = code.split(".")
        return f"{int(goal):02d}.{int(target):03d}" if target.isdigit() else f"{int(goal):02d}.z{target}"


class Alignment(Translatable, models.Model):
    """An editor's link from a recommendation to a GCM objective or an SDG target, with a rationale."""

    recommendation = models.ForeignKey(
        "recommendations.Recommendation",
        on_delete=models.CASCADE,
        related_name="alignments",
        verbose_name=_("recommendation"),
    )
    gcm_objective = models.ForeignKey(
        GcmObjective,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alignments",
        verbose_name=_("GCM objective"),
    )
    sdg_target = models.ForeignKey(
        SdgTarget,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alignments",
        verbose_name=_("SDG target"),
    )
    rationale = CharField(_("rationale"), max_length=300, help_text=_("One line: why this recommendation supports it."))
    rationale_fr, rationale_es = translations(rationale)
    aligned_by = CharField(
        _("aligned by"), max_length=120, blank=True, help_text=_("Left empty, the editor's name is recorded.")
    )
    # A team's name ("the portal's editors") has a French and a Spanish form; a person's is the same in each.
    aligned_by_fr, aligned_by_es = translations(aligned_by)
    aligned_on = models.DateField(_("aligned on"), default=timezone.localdate)
    history = HistoricalRecords()

    translated_fields = ("rationale", "aligned_by")

    class Meta:
        ordering = ["recommendation", "gcm_objective__number", "sdg_target__sort_key"]
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(gcm_objective__isnull=False) & Q(sdg_target__isnull=True))
                | (Q(gcm_objective__isnull=True) & Q(sdg_target__isnull=False)),
                name="alignment_targets_one_objective_or_target",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="alignment_rationale_not_empty"),
            models.UniqueConstraint(
                fields=["recommendation", "gcm_objective"],
                condition=Q(gcm_objective__isnull=False),
                name="unique_gcm_alignment",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "sdg_target"],
                condition=Q(sdg_target__isnull=False),
                name="unique_sdg_alignment",
            ),
        ]
        indexes = [
            models.Index(fields=["gcm_objective", "recommendation"], name="alignment_gcm_rec"),
            models.Index(fields=["sdg_target", "recommendation"], name="alignment_sdg_rec"),
        ]

    def __str__(self):
        return f"{self.recommendation_id} → {self.gcm_objective or self.sdg_target}"

    def clean(self):
        if bool(self.gcm_objective_id) == bool(self.sdg_target_id):
            raise ValidationError(_("Align with either a GCM objective or an SDG target, one per line."))
