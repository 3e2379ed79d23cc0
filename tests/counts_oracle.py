"""Facet counts computed by the ORM, one grouped query per facet: what the index's counts must equal."""

from django.db.models import Count
from django.http import QueryDict

from recommendations.facets import FACETS
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation


def orm_counts(query=""):
    """{facet: {value in the URL: count}} over the list without that facet's filter, and the total."""
    data = QueryDict(query)
    public = Recommendation.objects.public()
    listed = RecommendationFilter(data, queryset=public)
    assert listed.is_valid(), listed.errors
    found = {"total": listed.qs.count()}
    for facet in FACETS:
        without = data.copy()
        without.pop(facet.name, None)
        filterset = RecommendationFilter(without, queryset=public)
        assert filterset.is_valid(), filterset.errors
        ids = filterset.qs.order_by().values("id")
        value = f"{facet.path}__{facet.value_field}" if facet.is_model else facet.path
        grouped = (
            Recommendation.objects.filter(id__in=ids, **{f"{value}__isnull": False})
            .order_by()
            .values(value)
            .annotate(n=Count("id", distinct=True))
        )
        found[facet.name] = {str(row[value]): row["n"] for row in grouped}
    return found
