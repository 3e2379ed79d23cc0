from dataclasses import dataclass
from itertools import groupby

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.views.generic import TemplateView

from gfmd_portal.i18n import Text, current_language, text_in
from recommendations import facet_index
from recommendations.models import Recommendation
from recommendations.rows import UrlPatterns, with_translations
from roundtables.models import Roundtable
from roundtables.views import recommendations_page

from .models import Alignment, GcmObjective, SdgTarget


def _index():
    return facet_index.index_for(Recommendation.objects.db)


def with_counts(records, facet):
    """The records, each with `count`: its public recommendations, from the facet index (as the
    list's facet counts them), not counted in SQL on each request."""
    counts = _index().value_counts(facet, None)
    records = list(records)
    for record in records:
        record.count = counts.get(record.pk, 0)
    return records


class GcmObjectiveListView(TemplateView):
    """The 23 objectives with how many recommendations support each."""

    template_name = "alignment/gcm_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"] = with_counts(GcmObjective.objects.all(), "gcm")
        return context


class SdgTargetListView(TemplateView):
    template_name = "alignment/sdg_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = with_counts(SdgTarget.objects.select_related("goal"), "sdg")
        return context


@dataclass(frozen=True)
class AlignedTo:
    """What an aligned-recommendations page is about, and how its alignments and the list choose it."""

    record: GcmObjective | SdgTarget
    field: str  # the Alignment field that points at the record
    param: str  # the list's query parameter for it
    value: str  # the value of that parameter


@dataclass(frozen=True)
class RoundtableLink:
    code: str
    title: Text
    url: str


def silent_roundtables(aligned):
    """The published roundtables outside `aligned` (their ids), in summit order: plain rows, with
    one reverse() for all their addresses."""
    language = current_language()
    urls = UrlPatterns()
    rows = (
        Roundtable.objects.published()
        .exclude(pk__in=list(aligned))
        .order_by("summit__year", "code")
        .values("code", "slug", *with_translations("title", language=language))
    )
    return [
        RoundtableLink(row["code"], text_in(row, "title", language), urls("roundtables:detail", row["slug"]))
        for row in rows
    ]


class AlignedRecommendationsView(TemplateView):
    """What the roundtables recommended toward one objective or target, by roundtable, with
    rationales, 20 recommendations a page.

    Counted and paged from the facet index as the list filtered by the objective or target is
    (roundtables.views.recommendations_page), in the same roundtable order; the rationales are
    read for the page's rows only, and the roundtables with nothing aligned from the index.
    """

    template_name = "alignment/aligned_detail.html"

    def get_target(self):
        """The AlignedTo of the page's objective or target."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aligned_to = self.get_target()
        page = recommendations_page(self.request, aligned_to.param, aligned_to.value)
        rows = page["recommendations"]
        rationales = {
            alignment.recommendation_id: alignment
            for alignment in Alignment.objects.filter(
                recommendation_id__in=[row.pk for row in rows], **{aligned_to.field: aligned_to.record}
            )
        }
        # The page's rows by roundtable, in the list's order: [(its first row, [(row, alignment)])].
        groups = []
        for _url, grouped in groupby(rows, key=lambda row: row.roundtable_url):
            grouped = list(grouped)
            groups.append((grouped[0], [(row, rationales.get(row.pk)) for row in grouped]))
        aligned_roundtables = page["listing"].roundtable_counts()
        context.update(
            page,
            target=aligned_to.record,
            groups=groups,
            silent_roundtables=silent_roundtables(aligned_roundtables),
            count=page["paginator"].count,
        )
        return context


class GcmObjectiveDetailView(AlignedRecommendationsView):
    def get_target(self):
        objective = get_object_or_404(GcmObjective, number=self.kwargs["number"])
        return AlignedTo(objective, field="gcm_objective", param="gcm", value=str(objective.number))


class SdgTargetDetailView(AlignedRecommendationsView):
    def get_target(self):
        target = get_object_or_404(SdgTarget.objects.select_related("goal"), code=self.kwargs["code"])
        return AlignedTo(target, field="sdg_target", param="sdg", value=target.code)


# The parts of the facet index the coverage is counted from: the published roundtables, the public
# rows, the objectives' links and their labels.
COVERAGE_PARTS = ("catalog", "rows", "gcm", "labels")
# {(database, language): (the versions of COVERAGE_PARTS, the coverage as rendered)}.
_coverages = {}


class CoverageView(TemplateView):
    """Roundtables by GCM objectives: how many recommendations of each roundtable support each.

    A matrix of every published roundtable by 23 objectives is thousands of cells: rendered once
    per process and language for the facet index's parts it is counted from, and served as it
    was until one of them changes (the same invalidation as every count). A save that changes no
    link, status, roundtable or objective (an edited text) renders nothing again.
    """

    template_name = "alignment/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = _index()
        versions = None if index.versions is None else tuple(index.parts[name].versions for name in COVERAGE_PARTS)
        key = (Recommendation.objects.db, translation.get_language())
        kept = _coverages.get(key)
        if versions is not None and kept is not None and kept[0] == versions:
            context["coverage"] = kept[1]
            return context
        coverage = render_to_string("alignment/_coverage.html", self.coverage(index))
        if versions is not None:
            _coverages[key] = (versions, coverage)
        context["coverage"] = coverage
        return context

    @staticmethod
    def coverage(index):
        """The matrix's context: its objectives, and for each published roundtable its counts."""
        objectives = list(GcmObjective.objects.all())
        # Only what a row shows: the matrix has a row per published roundtable.
        roundtables = list(
            Roundtable.objects.published()
            .select_related("summit")
            .only("code", "slug", "summit__year")
            .order_by("summit__year", "code")
        )
        # From the facet index, as the list's `gcm` facet counts: no count in SQL over the alignments.
        by_objective = index.value_roundtable_counts("gcm")
        rows = [
            (rt, [(objective, by_objective.get(objective.pk, {}).get(rt.pk, 0)) for objective in objectives])
            for rt in roundtables
        ]
        shown = {rt.pk for rt in roundtables}
        covered = {pk for pk, counts in by_objective.items() if not shown.isdisjoint(counts)}
        return {
            "objectives": objectives,
            "rows": rows,
            "covered": [o for o in objectives if o.pk in covered],
            "uncovered": [o for o in objectives if o.pk not in covered],
        }
