"""Continuity: how a roundtable or a recommendation builds on, follows up or repeats an earlier one.

A link belongs to the later record, which states it; the earlier record shows it the other way
round ("built on by"). A roundtable may name an earlier one the portal does not hold yet (its
summit's summary not brought in): the link keeps the summit's year and the code, and finds the
roundtable as soon as it is there. The passage that states the link is kept verbatim, tied to
its span in the later record's source document where it has one.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from recommendations.models import Recommendation
from roundtables.models import Roundtable, SourceSpan, code_validator, span_constraints


class Relation(models.TextChoices):
    BUILDS_ON = "builds_on", _("Builds on")
    FOLLOWS_UP = "follows_up", _("Follows up")
    REPEATS = "repeats", _("Repeats")


# How the earlier record reads each link.
REVERSE_LABELS = {
    Relation.BUILDS_ON: _("Built on by"),
    Relation.FOLLOWS_UP: _("Followed up by"),
    Relation.REPEATS: _("Repeated by"),
}


class Link(SourceSpan):
    relation = CharField(_("relation"), max_length=12, choices=Relation.choices, default=Relation.BUILDS_ON)
    source_excerpt = TextField(
        _("passage"),
        blank=True,
        help_text=_("The words of the later record's source that state the link, verbatim."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def reverse_label(self):
        return REVERSE_LABELS[self.relation]

    # The field naming the later record, whose source states the link.
    stated_by = ""

    def tie_to_source(self):
        """Find the passage in the later record's source document and keep its span there.

        The passage may be typed with its line breaks as spaces; it is then kept as the
        document has it. A passage that is not in the document is refused; without a
        document (a record entered by hand) it is kept as typed, with no span.
        """
        record = getattr(self, self.stated_by)
        document = record.source_document if record is not None and record.source_document_id else None
        words = self.source_excerpt.split()
        if not words or document is None:
            self.source_document, self.source_start, self.source_end = None, None, None
            self.source_excerpt = self.source_excerpt.strip()
            return
        found = re.search(r"\s+".join(re.escape(word) for word in words), document.text)
        if found is None:
            raise ValidationError(
                {
                    "source_excerpt": _("This passage is not in %(document)s, the source of the later record.")
                    % {"document": document}
                }
            )
        self.source_document = document
        self.source_start, self.source_end = found.start(), found.end()
        self.source_excerpt = found.group()

    def clean(self):
        if getattr(self, f"{self.stated_by}_id"):
            self.tie_to_source()
        super().clean()


class RoundtableLink(Link):
    """The roundtable `roundtable` builds on, follows up or repeats an earlier roundtable."""

    roundtable = models.ForeignKey(
        Roundtable, on_delete=models.CASCADE, related_name="links", verbose_name=_("roundtable")
    )
    earlier = models.ForeignKey(
        Roundtable,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_links",
        verbose_name=_("earlier roundtable"),
    )
    earlier_year = models.PositiveSmallIntegerField(
        _("earlier summit's year"),
        null=True,
        blank=True,
        help_text=_("For a roundtable the portal does not hold yet: its summit's year and its code."),
    )
    earlier_code = CharField(_("earlier roundtable's code"), max_length=10, blank=True, validators=[code_validator])
    history = HistoricalRecords()
    stated_by = "roundtable"

    class Meta:
        ordering = ["roundtable", "relation", "id"]
        verbose_name = _("roundtable link")
        verbose_name_plural = _("roundtable links")
        constraints = [
            models.CheckConstraint(
                condition=(Q(earlier__isnull=False) & Q(earlier_year__isnull=True) & Q(earlier_code=""))
                | (Q(earlier__isnull=True) & Q(earlier_year__isnull=False) & ~Q(earlier_code="")),
                name="roundtablelink_one_earlier",
            ),
            models.CheckConstraint(condition=~Q(earlier=F("roundtable")), name="roundtablelink_not_itself"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="roundtablelink_relation_known"),
            models.UniqueConstraint(
                fields=["roundtable", "relation", "earlier"],
                condition=Q(earlier__isnull=False),
                name="unique_roundtablelink",
            ),
            models.UniqueConstraint(
                fields=["roundtable", "relation", "earlier_year", "earlier_code"],
                condition=Q(earlier__isnull=True),
                name="unique_roundtablelink_not_held",
            ),
            *span_constraints("roundtablelink"),
        ]

    def __str__(self):
        later = f"RT {self.roundtable.code} ({self.roundtable.summit.year})"
        return f"{later} {self.get_relation_display()} {self.earlier_name}"

    @property
    def earlier_name(self):
        if self.earlier_id:
            return f"RT {self.earlier.code} ({self.earlier.summit.year})"
        return f"RT {self.earlier_code} ({self.earlier_year})"

    def clean(self):
        super().clean()
        if not self.earlier_id and not (self.earlier_year and self.earlier_code):
            raise ValidationError(
                _(
                    "Choose the earlier roundtable, or give its summit's year and its code "
                    "when the portal does not hold it."
                )
            )
        if self.earlier_id and (self.earlier_year or self.earlier_code):
            raise ValidationError(_("Give either the earlier roundtable or its summit's year and code, not both."))
        if not self.roundtable_id:
            return
        if self.earlier_id == self.roundtable_id:
            raise ValidationError({"earlier": _("A roundtable cannot build on itself.")})
        later_year = Roundtable.objects.filter(pk=self.roundtable_id).values_list("summit__year", flat=True).first()
        if self.earlier_id:
            held = Roundtable.objects.filter(pk=self.earlier_id).values_list("summit__year", flat=True).first()
        else:
            held = self.earlier_year
            match = Roundtable.objects.filter(summit__year=self.earlier_year, code=self.earlier_code).first()
            if match is not None:
                raise ValidationError(
                    _("The portal holds %(name)s: choose it as the earlier roundtable.") % {"name": match}
                )
        if later_year is not None and held is not None and held > later_year:
            raise ValidationError(_("The earlier roundtable cannot come from a later summit."))


class RecommendationLink(Link):
    """The recommendation `recommendation` builds on, follows up or repeats an earlier recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="links", verbose_name=_("recommendation")
    )
    earlier = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="later_links",
        verbose_name=_("earlier recommendation"),
    )
    history = HistoricalRecords()
    stated_by = "recommendation"

    class Meta:
        ordering = ["recommendation", "relation", "id"]
        verbose_name = _("recommendation link")
        verbose_name_plural = _("recommendation links")
        constraints = [
            models.CheckConstraint(condition=~Q(earlier=F("recommendation")), name="recommendationlink_not_itself"),
            models.CheckConstraint(condition=Q(relation__in=Relation.values), name="recommendationlink_relation_known"),
            models.UniqueConstraint(fields=["recommendation", "relation", "earlier"], name="unique_recommendationlink"),
            *span_constraints("recommendationlink"),
        ]

    def __str__(self):
        return f"{self.recommendation} {self.get_relation_display()} {self.earlier}"

    def clean(self):
        super().clean()
        if not (self.recommendation_id and self.earlier_id):
            return
        if self.earlier_id == self.recommendation_id:
            raise ValidationError({"earlier": _("A recommendation cannot build on itself.")})
        years = dict(
            Recommendation.objects.filter(pk__in=[self.recommendation_id, self.earlier_id]).values_list(
                "pk", "roundtable__summit__year"
            )
        )
        if years.get(self.earlier_id, 0) > years.get(self.recommendation_id, 10**4):
            raise ValidationError(_("The earlier recommendation cannot come from a later summit."))
