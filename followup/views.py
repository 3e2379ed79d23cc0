"""The follow-up dashboard: how many recommendations have a reported action, and where."""

from django.db.models import Count, Min
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gfmd_portal.i18n import current_language
from recommendations import filters
from recommendations.counting import FacetCounts
from recommendations.facets import BY_NAME, Order
from recommendations.models import Progress, Recommendation
from recommendations.panel import list_url

from .models import REPORTED, FollowUp

ACTED = [choice.value for choice in REPORTED]
# Bars of the longest charts beyond this many are left out; the list holds them all.
CHART_ROWS = 15


def _bars(rows):
    """Each row with its share as a percentage of its total: the width of its bar."""
    for row in rows:
        row["percent"] = round(100 * row["count"] / row["total"], 1) if row["total"] else 0
    return rows


def _chart(key, title, rows):
    return {"key": key, "title": title, "rows": _bars(rows)}


class DashboardView(TemplateView):
    template_name = "followup/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Recommendation.objects.public()
        acted_query = QueryDict(mutable=True)
        acted_query.setlist("progress", ACTED)
        acted = FacetCounts(filters.strict(acted_query, public))
        everything = FacetCounts(filters.strict(QueryDict(), public))
        total = everything.total()
        by_progress = acted.counts("progress")
        progress_rows = [
            {
                "label": choice.label,
                "value": choice.value,
                "count": by_progress.get(choice.value, 0),
                "total": total,
                "url": list_url(QueryDict(), progress=[choice.value]),
            }
            for choice in Progress
        ]
        charts = [_chart("progress", _("By progress"), progress_rows)]
        for name, title in (
            ("roundtable", _("By roundtable")),
            ("theme", _("By theme")),
            ("gcm", _("By Global Compact objective")),
            ("country", _("By country")),
        ):
            charts.append(_chart(name, title, self._facet_rows(name, acted, everything)))
        context.update(
            total=total,
            acted_total=acted.total(),
            acted_url=list_url(acted_query),
            charts=charts,
            years=_chart("year", _("Over time"), self._years(total)),
        )
        return context

    def _facet_rows(self, name, acted, everything):
        """The chart's rows of a facet: its values ordered, then the first CHART_ROWS of them.

        A facet may have thousands of values (roundtables, countries): only the rows shown get a link.
        """
        facet = BY_NAME[name]
        names = acted.index.labels(acted.using, current_language())[name]
        counts, totals = acted.counts(name), everything.counts(name)
        template = str(facet.option_label) if facet.option_label else None  # translated once, not per value
        rows = []
        for key, total in totals.items():
            if key not in names:
                continue
            value, position = names[key].value, names[key].position
            label = facet.format_label(value, names[key].texts[: len(facet.label_fields)], template)
            rows.append(
                {"label": label, "value": value, "count": counts.get(key, 0), "total": total, "position": position}
            )
        if facet.order is Order.NATURAL:
            rows.sort(key=lambda row: row["position"])
        else:
            rows.sort(key=lambda row: (-row["count"], -row["total"], row["label"].casefold()))
        rows = rows[:CHART_ROWS]
        for row in rows:
            query = QueryDict(mutable=True)
            query.setlist(name, [row["value"]])
            query.setlist("progress", ACTED)
            row["url"] = list_url(query)
        return rows

    def _years(self, total):
        """Per year: recommendations whose first action was reported that year, and the entries of the year."""
        entries = FollowUp.objects.public()
        firsts = entries.values("recommendation").annotate(first=Min("date")).values_list("first", flat=True)
        first_by_year = {}
        for first in firsts:
            first_by_year[first.year] = first_by_year.get(first.year, 0) + 1
        per_year = dict(
            entries.annotate(year=ExtractYear("date")).values("year").annotate(n=Count("id")).values_list("year", "n")
        )
        rows, running = [], 0
        acted = QueryDict(mutable=True)
        acted.setlist("progress", ACTED)
        for year in sorted(set(first_by_year) | set(per_year)):
            running += first_by_year.get(year, 0)
            rows.append(
                {
                    "label": str(year),
                    "value": str(year),
                    "count": running,
                    "new": first_by_year.get(year, 0),
                    "entries": per_year.get(year, 0),
                    "total": total,
                    "url": list_url(acted),
                }
            )
        return rows
