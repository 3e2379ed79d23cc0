"""The follow-up entries of a filtered list as CSV, and an Atom feed of new entries."""

import csv

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from recommendations.export.columns import neutralise
from recommendations.export_views import invalid_filters
from recommendations.feeds import ListFeed, xml_safe
from recommendations.filters import RefusedFilters, strict
from recommendations.models import Recommendation

from .models import FollowUp

COLUMNS = (
    "id",
    "recommendation",
    "roundtable",
    "reporter",
    "date",
    "kind",
    "progress",
    "title",
    "description",
    "evidence_url",
    "url",
)
FEED_SIZE = 50


def entries_of(data):
    """The published entries on the recommendations a list's parameters select, in list order."""
    filterset = strict(data, Recommendation.objects.public())
    return (
        FollowUp.objects.public()
        .filter(recommendation__in=filterset.qs.order_by().values("id"))
        .for_listing()
        .order_by(
            "recommendation__roundtable__summit__year",
            "recommendation__roundtable__code",
            "recommendation__number",
            "date",
            "id",
        )
    )


class _Echo:
    def write(self, value):
        return value


class FollowUpCsvView(View):
    """`/recommendations/follow-ups.csv?<list parameters>`: every published entry of the list's recommendations."""

    def get(self, request):
        try:
            entries = entries_of(request.GET)
        except RefusedFilters as refused:
            return invalid_filters(refused.refused)
        writer = csv.writer(_Echo())
        base = request.build_absolute_uri("/")[:-1]

        def lines():
            yield writer.writerow(COLUMNS)
            for entry in entries.iterator(chunk_size=2000):
                cells = [
                    entry.pk,
                    entry.recommendation_id,
                    entry.recommendation.roundtable.slug,
                    entry.reporter_code,
                    entry.date.isoformat(),
                    entry.kind,
                    entry.progress,
                    entry.title,
                    entry.description,
                    entry.evidence_url,
                    base + entry.get_absolute_url(),
                ]
                yield writer.writerow([neutralise(c) if isinstance(c, str) else c for c in cells])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        name = f"gfmd-follow-ups-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class FollowUpFeed(ListFeed):
    """The newest published follow-up entries, for the list's parameters."""

    def get_object(self, request):
        return entries_of(request.GET)

    def title(self, entries):
        return _("GFMD recommendations: new follow-up entries")

    def link(self, entries):
        return reverse("followup:dashboard")

    def subtitle(self, entries):
        return _("Actions reported by countries and organisations on GFMD roundtable recommendations.")

    def items(self, entries):
        return entries.order_by("-created_at", "-id")[:FEED_SIZE]

    def item_title(self, entry):
        return xml_safe(f"{entry.reporter}: {entry.title} ({entry.get_progress_display()})")

    def item_description(self, entry):
        return xml_safe(entry.description or entry.title)

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_pubdate(self, entry):
        return entry.created_at

    def item_updateddate(self, entry):
        return entry.updated_at
