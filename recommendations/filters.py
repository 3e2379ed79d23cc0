"""The one FilterSet behind the recommendations list, its feeds and its exports."""

import django_filters
from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _

from roundtables.models import Actor, Country, Framework, Roundtable, RoundtableRole, Theme

from .models import Recommendation


class SubqueryMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """OR within a facet, as `<field> IN (subquery)` so M2M joins never duplicate rows."""

    def __init__(self, *args, subquery, **kwargs):
        self.subquery = subquery
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": self.subquery(value)})


class Sort(TextChoices):
    ROUNDTABLE = "roundtable", _("Roundtable order")
    NEWEST = "-updated", _("Recently updated")
    OLDEST = "updated", _("Least recently updated")


SORT_ORDERS = {
    Sort.ROUNDTABLE: ("roundtable__summit__year", "roundtable__code", "number"),
    Sort.NEWEST: ("-updated_at", "-id"),
    Sort.OLDEST: ("updated_at", "id"),
}


class RecommendationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    roundtable = django_filters.ModelMultipleChoiceFilter(
        label=_("Roundtable"),
        field_name="roundtable",
        to_field_name="slug",
        queryset=Roundtable.objects.published(),
    )
    theme = SubqueryMultipleChoiceFilter(
        label=_("Theme"),
        field_name="id",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        subquery=lambda themes: Recommendation.themes.through.objects.filter(theme__in=themes).values(
            "recommendation_id"
        ),
    )
    country = SubqueryMultipleChoiceFilter(
        label=_("Country"),
        field_name="roundtable_id",
        to_field_name="iso3",
        queryset=Country.objects.all(),
        subquery=lambda countries: RoundtableRole.objects.filter(country__in=countries).values("roundtable_id"),
    )
    framework = SubqueryMultipleChoiceFilter(
        label=_("Framework"),
        field_name="id",
        to_field_name="slug",
        queryset=Framework.objects.all(),
        subquery=lambda frameworks: Recommendation.frameworks.through.objects.filter(framework__in=frameworks).values(
            "recommendation_id"
        ),
    )
    actor = SubqueryMultipleChoiceFilter(
        label=_("Actor"),
        field_name="id",
        to_field_name="slug",
        queryset=Actor.objects.all(),
        subquery=lambda actors: Recommendation.actors.through.objects.filter(actor__in=actors).values(
            "recommendation_id"
        ),
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="roundtable__summit__year", min_value=1900, max_value=2999
    )
    sort = django_filters.ChoiceFilter(label=_("Sort"), choices=Sort.choices, method="filter_sort", empty_label=None)

    class Meta:
        model = Recommendation
        fields = ["q", "roundtable", "theme", "country", "framework", "actor", "year", "sort"]

    def filter_q(self, queryset, name, value):
        """Every word must appear in the text or the source excerpt (case-insensitive)."""
        for word in value.split():
            queryset = queryset.filter(Q(text__icontains=word) | Q(source_excerpt__icontains=word))
        return queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[Sort(value)])
