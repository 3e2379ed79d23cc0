"""What delegates see of the recommendations: the filterable list and one recommendation in context."""

from django.conf import settings
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from gfmd_portal.i18n import current_language
from gfmd_portal.pagination import lenient_page, page_numbers
from roundtables import source

from . import panel, search
from .citation import citation
from .counting import FacetCounts
from .facets import NAMES
from .filters import RecommendationFilter, Refused, lenient
from .models import Recommendation


class RecommendationListView(FilterView):
    """The filterable list of public recommendations; every state is a URL.

    The FilterSet is bound without the values it refuses (each named above the list), and the
    page is counted and located by the facet counts (counting.py).
    """

    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        return Recommendation.objects.public()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET  # bound even without parameters: the defaults apply
        return kwargs

    def get_filterset(self, filterset_class):
        kwargs = self.get_filterset_kwargs(filterset_class)
        filterset, self.refused, self.query = lenient(filterset_class=filterset_class, **kwargs)
        self.counts = FacetCounts(filterset)
        return filterset

    def paginate_queryset(self, queryset, page_size):
        """A page of the list: counted from the facet counts, its ids located, then its rows fetched.

        Only the page's ids are sorted and sliced; its rows, with everything a row shows, are
        then fetched by id, so wide rows are never sorted.
        """
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        paginator.count = self.counts.total()
        page, self.page_problems = lenient_page(paginator, self.request.GET.get(self.page_kwarg))
        offset = page.start_index() - 1 if paginator.count else 0
        page.object_list = self.rows(self.counts.page_ids(offset, page_size))
        return paginator, page, page.object_list, page.has_other_pages()

    def rows(self, ids):
        """The recommendations of these ids, in this order, with the search's matches marked."""
        terms = self.filterset.terms
        found = Recommendation.objects.filter(id__in=ids).for_listing().order_by()
        if terms:
            found = search.with_headline(found, terms, current_language())
        by_id = {recommendation.pk: recommendation for recommendation in found}
        rows = [by_id[pk] for pk in ids if pk in by_id]
        if terms:
            for recommendation in rows:
                recommendation.shown_text = recommendation.translation("text")
                recommendation.text_parts = search.highlight(
                    recommendation.shown_text.value, terms, getattr(recommendation, "headline", None)
                )
        return rows

    def shown_in_full(self):
        """The facets that `show=` asks to list in full; names it does not know are ignored."""
        return [name for name in NAMES if name in self.request.GET.getlist("show")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset, query, terms = self.filterset, self.query, self.filterset.terms
        total = context["paginator"].count
        in_full = self.shown_in_full()
        facets = panel.panel(filterset, self.counts, query, in_full)
        context.update(
            counts=self.counts,
            query=query,
            terms=terms,
            total=total,
            problems=self.refused + [Refused("page", problem) for problem in self.page_problems],
            facets=facets,
            active_filters=sum(facet.selected_count for facet in facets),
            shown_in_full=in_full,
            chips=panel.chips(filterset, query),
            sort=filterset.sort_order,
            sort_choices=filterset.sort_options,
            feed_url=reverse("recommendations:feed") + (f"?{query.urlencode()}" if query else ""),
            clear_url=reverse("recommendations:list"),
            loosen=panel.loosen(filterset, self.counts, query) if total == 0 and query else [],
            only_common_words=bool(total == 0 and terms and search.only_common_words(terms, filterset.qs.db)),
            page_query=query,
            page_numbers=page_numbers(context["page_obj"]),
        )
        return context


# The alignment app's model, reached through the relation: that app builds on this one.
ALIGNMENT = Recommendation.alignments.rel.related_model


class RecommendationDetailView(DetailView):
    """One recommendation: its text, classification, source passage, permalink and citation."""

    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return (
            Recommendation.objects.public()
            .for_page()
            .prefetch_related(
                Prefetch(
                    "alignments",
                    # Objectives first, by number, then targets in their natural order.
                    queryset=ALIGNMENT.objects.select_related("gcm_objective", "sdg_target").order_by(
                        F("gcm_objective__number").asc(nulls_last=True), "sdg_target__sort_key"
                    ),
                )
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recommendation = self.object
        permalink = self.request.build_absolute_uri(recommendation.get_absolute_url())
        context.update(
            passage=source.passage(recommendation.source_excerpt) if recommendation.source_excerpt else None,
            permalink=permalink,
            citation=citation(recommendation, permalink, timezone.localdate()),
        )
        return context
