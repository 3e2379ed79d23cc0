"""Recommendations: what a roundtable recommended, with its provenance and classification."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gfmd_portal.fields import CharField, TextField
from gfmd_portal.i18n import Translatable, in_language, translations
from gfmd_portal.publishing import PublishableQuerySet, Status
from gfmd_portal.text import excerpt
from roundtables.models import Actor, Framework, Roundtable, RoundtableRole, SourceSpan, Theme, span_constraints


class RecommendationQuerySet(PublishableQuerySet):
    def public(self):
        """Published recommendations of published roundtables: what visitors may see."""
        return self.filter(status=Status.PUBLISHED, roundtable__status=Status.PUBLISHED)

    def for_listing(self):
        """Everything a list row shows, in a fixed number of queries whatever the row count.

        Themes and frameworks come in the alphabetical order of the page's language.
        """
        return self.select_related("roundtable__session__summit").prefetch_related(
            models.Prefetch("themes", queryset=Theme.objects.order_by(Lower(in_language("name")), "slug")),
            models.Prefetch(
                "frameworks", queryset=Framework.objects.order_by(Lower(in_language("short_name")), "slug")
            ),
        )

    def list_rows(self, terms=""):
        """These recommendations as the rows of a list (recommendations/rows.py), in the queryset's order."""
        from .rows import list_rows  # rows.py reads this module's model

        return list_rows(self.values_list("id", flat=True), terms)

    def for_page(self):
        """A recommendation's own page: what a list row shows, and who it addresses and who led its roundtable."""
        return self.for_listing().prefetch_related(
            "actors",
            models.Prefetch(
                "roundtable__roles",
                queryset=RoundtableRole.objects.select_related("country", "organisation"),
            ),
        )


class Progress(models.TextChoices):
    """How far the reported action on a recommendation has gone, from none reported to completed.

    The order of the choices is the order of progress: a recommendation's progress is that of
    its most advanced published follow-up entry.
    """

    NONE = "none", _("No action reported")
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under-way", _("Under way")
    COMPLETED = "completed", _("Completed")


class Recommendation(Translatable, SourceSpan):
    """One recommendation of a roundtable, kept with the verbatim passage it comes from."""

    class MadeBy(models.TextChoices):
        MEMBER_STATES = "member_states", _("Member states")
        ROUNDTABLE = "roundtable", _("The roundtable")
        PARTICIPANTS = "participants", _("Participants")
        REPORT = "report", _("A report")

    roundtable = models.ForeignKey(
        Roundtable, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("roundtable")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Order within the roundtable, from 1."))
    text = TextField(_("text"), help_text=_("Display text; obvious typos of the source may be corrected."))
    text_fr, text_es = translations(text)
    made_by = CharField(_("made by"), max_length=20, choices=MadeBy.choices, default=MadeBy.ROUNDTABLE)
    source_excerpt = TextField(_("source excerpt"), blank=True, help_text=_("The source passage, verbatim."))
    editorial_note = TextField(_("editorial note"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations", verbose_name=_("themes"))
    frameworks = models.ManyToManyField(
        Framework, blank=True, related_name="recommendations", verbose_name=_("frameworks cited")
    )
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="recommendations", verbose_name=_("actors addressed")
    )
    status = CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Kept by database triggers (recommendations/topics.py) for search; not part of the record.
    topics = TextField(_("names of its themes, frameworks and GCM objectives"), blank=True, default="", editable=False)
    topics_fr, topics_es = translations(topics)
    # Kept by database triggers on the follow-up entries (followup/progress.py); not part of the record.
    progress = CharField(
        _("progress"), max_length=10, choices=Progress.choices, default=Progress.NONE, db_index=True, editable=False
    )
    follow_up_count = models.PositiveIntegerField(_("published follow-up entries"), default=0, editable=False)
    history = HistoricalRecords(
        m2m_fields=[themes, frameworks, actors],
        excluded_fields=["topics", "topics_fr", "topics_es", "progress", "follow_up_count"],
    )

    objects = RecommendationQuerySet.as_manager()

    translated_fields = ("text",)
    # The list's "by roundtable" order, which pages of the earlier apps reach through their relations.
    ROUNDTABLE_ORDER = ("roundtable__summit__year", "roundtable__code", "roundtable_id", "number")

    class Meta:
        ordering = ["roundtable__summit__year", "roundtable__code", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        permissions = [("publish_recommendation", _("Can publish and unpublish recommendations"))]
        constraints = [
            models.UniqueConstraint(fields=["roundtable", "number"], name="unique_recommendation_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_positive"),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_text_not_empty"),
            *span_constraints("recommendation"),
            models.CheckConstraint(condition=Q(progress__in=Progress.values), name="recommendation_progress_known"),
        ]
        indexes = [
            models.Index(fields=["status", "roundtable", "number"], name="rec_status_rt_number"),
            # The list by date of change ("Recently updated"): a page is read from the index in order.
            models.Index(fields=["status", "updated_at", "id"], name="rec_status_updated_id"),
        ]

    def __str__(self):
        return f"{self.roundtable.code}/{self.number}: {excerpt(self.text, 60)}"

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])

    def cited_reports(self):
        """The reports among the frameworks it cites: who made it, when made_by is "a report"."""
        return [framework for framework in self.frameworks.all() if framework.kind == Framework.Kind.REPORT]


class ExportLists(models.Model):
    """A recommendation's list cells of the export, kept ready so that an export joins them
    instead of aggregating every row's links (export/lists.py keeps them in step).

    Each list is stored twice: its cell as writers.csv_line() writes it, and its JSON array,
    which the stored lines (export/line_sql.py) read. A recommendation without any list value
    has no row. Not a foreign key: a deleted recommendation's row is only dropped on the next refresh.
    """

    recommendation = models.OneToOneField(
        Recommendation,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="export_lists",
    )
    themes_csv = models.TextField(default="")
    themes_json = models.TextField(default="[]")
    frameworks_csv = models.TextField(default="")
    frameworks_json = models.TextField(default="[]")
    actors_csv = models.TextField(default="")
    actors_json = models.TextField(default="[]")
    gcm_objectives_csv = models.TextField(default="")
    gcm_objectives_json = models.TextField(default="[]")
    sdg_targets_csv = models.TextField(default="")
    sdg_targets_json = models.TextField(default="[]")

    def __str__(self):
        return f"Export lists of recommendation {self.recommendation_id}"


class ExportListsState(models.Model):
    """What ExportLists holds: the log of changes' position it was brought to, and the versions
    of the lists' reference tables and their values in order (export/lists.py) it was read
    with. One row."""

    position = models.BigIntegerField(null=True)
    versions = models.JSONField(default=dict)
    vocabularies = models.JSONField(default=dict)

    def __str__(self):
        return f"Export lists at position {self.position}"


class ExportLine(models.Model):
    """A recommendation's line of the export in one form (`variant`: its language and format,
    "en.csv"), kept ready so that an export reads one row per recommendation (export/lines.py
    keeps them in step). The line is kept as the text before its address on the portal and the
    text after it: the address depends on the host a request came to. Not a foreign key: a
    deleted recommendation's line is only dropped on the next refresh."""

    pk = models.CompositePrimaryKey("variant", "recommendation")
    variant = models.CharField(max_length=10)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    head = models.TextField()
    tail = models.TextField()

    def __str__(self):
        return f"Export line {self.variant} of recommendation {self.recommendation_id}"


class ExportLinesState(models.Model):
    """What ExportLine holds of one variant: the log of changes' position it was brought to, the
    versions and vocabularies of the lists' reference tables, and every roundtable's cells, as
    they were when its lines were written (export/lines.py)."""

    variant = models.CharField(max_length=10, primary_key=True)
    position = models.BigIntegerField(null=True)
    versions = models.JSONField(default=dict)
    vocabularies = models.JSONField(default=dict)
    roundtables = models.JSONField(default=dict)

    def __str__(self):
        return f"Export lines {self.variant} at position {self.position}"


class FacetIndexSnapshot(models.Model):
    """The facet index's parts as a process last read them, for a new process to start from
    (facet_snapshot.py). One row per format of the index."""

    key = models.CharField(max_length=100, primary_key=True)
    # The lowest position in the log of changes of the parts it holds.
    position = models.BigIntegerField()
    data = models.BinaryField()
    saved_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Facet index snapshot {self.key} at position {self.position}"
