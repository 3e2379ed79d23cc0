from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from recommendations.models import Recommendation

from .models import Country, Framework, Practice, Roundtable, Status, Summit, Theme


class HomeView(TemplateView):
    """The summit, its sessions and roundtables, and recommendations counted by theme."""

    template_name = "roundtables/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summits"] = Summit.objects.select_related("host_country").prefetch_related(
            Prefetch(
                "roundtables",
                queryset=Roundtable.objects.published().with_roles().order_by("code"),
                to_attr="public_roundtables",
            ),
            "sessions",
        )
        public = Recommendation.objects.public()
        context["recommendation_count"] = public.count()
        context["themes"] = (
            Theme.objects.annotate(count=Count("recommendations", filter=Q(recommendations__in=public)))
            .filter(count__gt=0)
            .order_by("-count", "name")
        )
        return context


class RoundtableListView(ListView):
    template_name = "roundtables/roundtable_list.html"
    context_object_name = "roundtables"

    def get_queryset(self):
        return (
            Roundtable.objects.published()
            .with_roles()
            .annotate(recommendation_count=Count("recommendations", filter=Q(recommendations__status=Status.PUBLISHED)))
        )


class RoundtableDetailView(DetailView):
    template_name = "roundtables/roundtable_detail.html"
    context_object_name = "roundtable"

    def get_queryset(self):
        return (
            Roundtable.objects.published()
            .with_roles()
            .prefetch_related(
                "frameworks",
                "key_points",
                Prefetch("practices", queryset=Practice.objects.select_related("country")),
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.published().prefetch_related("themes").order_by("number"),
                ),
            )
        )


class CountryDetailView(DetailView):
    """What a country co-chaired, reported on, and the practices from it."""

    template_name = "roundtables/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        return get_object_or_404(Country, iso3=self.kwargs["iso3"].upper())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        context["roles"] = country.roles.filter(roundtable__status=Status.PUBLISHED).select_related(
            "roundtable__summit"
        )
        context["practices"] = country.practices.filter(roundtable__status=Status.PUBLISHED).select_related(
            "roundtable__summit"
        )
        return context


class ThemeDetailView(DetailView):
    template_name = "roundtables/theme_detail.html"
    context_object_name = "theme"
    model = Theme

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = (
            Recommendation.objects.public().filter(themes=self.object).select_related("roundtable__summit")
        )
        return context


class FrameworkDetailView(DetailView):
    template_name = "roundtables/framework_detail.html"
    context_object_name = "framework"
    model = Framework

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = (
            Recommendation.objects.public().filter(frameworks=self.object).select_related("roundtable__summit")
        )
        context["roundtables"] = self.object.roundtables.published().select_related("summit")
        return context
