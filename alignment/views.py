from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from recommendations import facet_index
from recommendations.models import Recommendation
from roundtables.models import Roundtable

from .models import Alignment, GcmObjective, SdgTarget


def public_alignments():
    return Alignment.objects.filter(recommendation__in=Recommendation.objects.public())


class GcmObjectiveListView(TemplateView):
    """The 23 objectives with how many recommendations support each."""

    template_name = "alignment/gcm_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objectives"] = GcmObjective.objects.annotate(
            count=Count("alignments", filter=Q(alignments__in=public_alignments()))
        )
        return context


class SdgTargetListView(TemplateView):
    template_name = "alignment/sdg_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = SdgTarget.objects.select_related("goal").annotate(
            count=Count("alignments", filter=Q(alignments__in=public_alignments()))
        )
        return context


@dataclass(frozen=True)
class AlignedTo:
    """What an aligned-recommendations page is about, and how its alignments and the list choose it."""

    record: GcmObjective | SdgTarget
    field: str  # the Alignment field that points at the record
    param: str  # the list's query parameter for it
    value: int | str  # the value of that parameter


class AlignedRecommendationsView(TemplateView):
    """What the roundtables recommended toward one objective or target, by roundtable, with rationales."""

    template_name = "alignment/aligned_detail.html"

    def get_target(self):
        """The AlignedTo of the page's objective or target."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        aligned_to = self.get_target()
        alignments = (
            public_alignments()
            .filter(**{aligned_to.field: aligned_to.record})
            .select_related("recommendation__roundtable__summit")
            .order_by(
                "recommendation__roundtable__summit__year", "recommendation__roundtable__code", "recommendation__number"
            )
        )
        groups = {}
        for alignment in alignments:
            groups.setdefault(alignment.recommendation.roundtable, []).append(alignment)
        context.update(
            target=aligned_to.record,
            groups=list(groups.items()),
            silent_roundtables=Roundtable.objects.published().exclude(pk__in=[rt.pk for rt in groups]),
            list_query=f"{aligned_to.param}={aligned_to.value}",
            count=len(alignments),
        )
        return context


class GcmObjectiveDetailView(AlignedRecommendationsView):
    def get_target(self):
        objective = get_object_or_404(GcmObjective, number=self.kwargs["number"])
        return AlignedTo(objective, field="gcm_objective", param="gcm", value=objective.number)


class SdgTargetDetailView(AlignedRecommendationsView):
    def get_target(self):
        target = get_object_or_404(SdgTarget, code=self.kwargs["code"])
        return AlignedTo(target, field="sdg_target", param="sdg", value=target.code)


class CoverageView(TemplateView):
    """Roundtables by GCM objectives: how many recommendations of each roundtable support each objective."""

    template_name = "alignment/coverage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        objectives = list(GcmObjective.objects.all())
        # Only what a row shows: the matrix has a row per published roundtable.
        roundtables = list(
            Roundtable.objects.published()
            .select_related("summit")
            .only("code", "slug", "summit__year")
            .order_by("summit__year", "code")
        )
        # From the facet index, as the list's `gcm` facet counts: no count in SQL over the alignments.
        by_objective = facet_index.index_for(Recommendation.objects.db).value_roundtable_counts("gcm")
        rows = [
            (rt, [(objective, by_objective.get(objective.pk, {}).get(rt.pk, 0)) for objective in objectives])
            for rt in roundtables
        ]
        shown = {rt.pk for rt in roundtables}
        covered = {pk for pk, counts in by_objective.items() if not shown.isdisjoint(counts)}
        context.update(
            objectives=objectives,
            rows=rows,
            covered=[o for o in objectives if o.pk in covered],
            uncovered=[o for o in objectives if o.pk not in covered],
        )
        return context
