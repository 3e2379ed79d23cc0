from django.conf import settings
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filters import RecommendationFilter
from .models import Recommendation


class RecommendationListView(FilterView):
    """The filterable list of public recommendations; every state is a URL."""

    filterset_class = RecommendationFilter
    template_name = "recommendations/recommendation_list.html"
    context_object_name = "recommendations"
    paginate_by = settings.PAGE_SIZE
    strict = False

    def get_queryset(self):
        return Recommendation.objects.public().for_listing()


class RecommendationDetailView(DetailView):
    template_name = "recommendations/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return Recommendation.objects.public().for_listing()
