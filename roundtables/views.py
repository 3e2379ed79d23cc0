"""Pages for the summit, its roundtables, and the countries, themes and frameworks they name."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView

from gfmd_portal.i18n import column
from gfmd_portal.pagination import lenient_page, page_numbers
from gfmd_portal.publishing import Status

from .counting import public_counts, public_listing
from .models import Country, Framework, Practice, Roundtable, Summit, Theme


def _list_url(**params):
    return reverse("recommendations:list") + "?" + urlencode(params)


def _counted(roundtables, counts=None):
    """The roundtables, each with recommendation_count: its public recommendations, from the facet index."""
    counts = (counts or public_counts()).roundtables
    roundtables = list(roundtables)
    for roundtable in roundtables:
        roundtable.recommendation_count = counts.get(roundtable.pk, 0)
    return roundtables


class HomeView(TemplateView):
    """The latest summit with its sessions and roundtables, the earlier summits in a line each, and
    recommendations counted by theme.

    The counts come from roundtables.counting (the facet index once the recommendations app
    has registered it), so the page costs the same queries whatever the number of rows.
    """

    template_name = "roundtables/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = public_counts()
        published = Roundtable.objects.published().filter(summit=OuterRef("pk"))
        held = list(Summit.objects.filter(Exists(published)).select_related("host_country"))  # latest first
        latest, earlier = held[:1], held[1:]
        prefetch_related_objects(
            latest,
            Prefetch(
                "sessions__roundtables",
                queryset=Roundtable.objects.published().with_roles().order_by("code"),
                to_attr="public_roundtables",
            ),
        )
        for summit in latest:
            for session in summit.sessions.all():
                session.public_roundtables = _counted(session.public_roundtables, counts)
        context["summits"] = latest
        # Earlier summits in one line each: the record grows by a summit a year, the page does not.
        of_summit = {}
        for summit_id, roundtable_id in Roundtable.objects.published().values_list("summit_id", "id"):
            of_summit.setdefault(summit_id, []).append(roundtable_id)
        for summit in earlier:
            summit.roundtable_count = len(of_summit.get(summit.pk, []))
            summit.recommendation_count = sum(counts.roundtables.get(pk, 0) for pk in of_summit.get(summit.pk, []))
        context["earlier_summits"] = earlier
        context["recommendation_count"] = counts.total
        themes = list(Theme.objects.filter(pk__in=list(counts.themes)).order_by(column("name"), "name"))
        for theme in themes:
            theme.count = counts.themes[theme.pk]
        # Most recommendations first; a stable sort keeps the names' order among equal counts.
        context["themes"] = sorted(themes, key=lambda theme: -theme.count)
        return context


class RoundtableListView(ListView):
    """Every published roundtable with its co-chairs, rapporteurs and how many recommendations it made."""

    template_name = "roundtables/roundtable_list.html"
    context_object_name = "roundtables"
    # Pages of whole cards: a summit has a few dozen roundtables, the record a summit a year.
    PER_PAGE = 30

    def get_queryset(self):
        return Roundtable.objects.published().order_by("-summit__year", "code", "id")

    def paginate_queryset(self, queryset, page_size):
        """A page of roundtables, its cards (roles, counts) read for that page only; a page past the end
        shows the last one, with a note."""
        paginator = Paginator(queryset.values_list("id", flat=True), self.PER_PAGE, allow_empty_first_page=True)
        page, self.page_problems = lenient_page(paginator, self.request.GET.get("page"))
        ids = list(page.object_list)
        cards = Roundtable.objects.filter(pk__in=ids).with_roles().order_by("-summit__year", "code", "id")
        page.object_list = _counted(cards)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_paginate_by(self, queryset):
        return self.PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            problems=self.page_problems, page_query=QueryDict(), page_numbers=page_numbers(context["page_obj"])
        )
        return context


class RoundtableDetailView(DetailView):
    """One roundtable: its people, summary, key points, practices, frameworks and recommendations."""

    template_name = "roundtables/roundtable_detail.html"
    context_object_name = "roundtable"

    def get_queryset(self):
        return (
            Roundtable.objects.published()
            .with_roles()
            .select_related("session")
            .prefetch_related(
                "frameworks",
                "key_points",
                Prefetch("practices", queryset=Practice.objects.select_related("country")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(recommendations_page(self.request, "roundtable", self.object.slug))
        return context


class CountryDetailView(DetailView):
    """What a country co-chaired, reported on, and the practices from it.

    Recommendations are counted per roundtable by roundtables.counting, without a count in SQL.
    """

    template_name = "roundtables/country_detail.html"
    context_object_name = "country"

    def get(self, request, *args, **kwargs):
        iso3 = kwargs["iso3"]
        if iso3 != iso3.upper():
            return redirect("roundtables:country", iso3.upper(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country, iso3=self.kwargs["iso3"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        counts = public_counts()
        roles = list(
            country.roles.filter(roundtable__status=Status.PUBLISHED)
            .select_related("roundtable__summit")
            .order_by("-roundtable__summit__year", "roundtable__code")
        )
        for role in roles:
            role.recommendation_count = counts.roundtables.get(role.roundtable_id, 0)
        context["roles"] = roles
        context["practices"] = (
            country.practices.filter(roundtable__status=Status.PUBLISHED)
            .select_related("roundtable__summit")
            .order_by("-roundtable__summit__year", "roundtable__code", "number")
        )
        # Only published roundtables have public recommendations: the roles listed are all there is to count.
        context["recommendation_count"] = counts.of_roundtables(role.roundtable_id for role in roles)
        context["list_url"] = _list_url(country=country.iso3)
        return context


def recommendations_page(request, facet, value):
    """The context of one page of the recommendations with `?facet=value` (a roundtable's, a
    theme's, a framework's, a GCM objective's or SDG target's), counted and paged by
    roundtables.counting (the facet index) as the list filtered by the value is, in the same
    roundtable order; `listing` counts it by roundtable."""
    listing = public_listing(facet, value)
    if listing is None:  # deleted since it was read
        raise Http404
    paginator = Paginator([], settings.PAGE_SIZE, allow_empty_first_page=True)
    paginator.count = listing.total()
    page, problems = lenient_page(paginator, request.GET.get("page"))
    offset = page.start_index() - 1 if paginator.count else 0
    page.object_list = listing.rows(offset, settings.PAGE_SIZE)
    return {
        "page_obj": page,
        "paginator": paginator,
        "recommendations": page.object_list,
        "problems": problems,
        "page_query": QueryDict(),
        "page_numbers": page_numbers(page),
        "list_url": _list_url(**{facet: value}),
        "listing": listing,
    }


class _RecommendationsOf(DetailView):
    """A theme's or framework's page: its description and its recommendations, a page at a time.

    Counted and paged by roundtables.counting (the facet index) as the list filtered by the
    value is, in the same roundtable order: the count costs no query that grows with the rows.
    """

    parameter = ""  # the list's query parameter: the facet ("theme", "framework")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(recommendations_page(self.request, self.parameter, self.object.slug))
        return context


class ThemeDetailView(_RecommendationsOf):
    template_name = "roundtables/theme_detail.html"
    context_object_name = "theme"
    model = Theme
    parameter = "theme"


class FrameworkDetailView(_RecommendationsOf):
    template_name = "roundtables/framework_detail.html"
    context_object_name = "framework"
    model = Framework
    parameter = "framework"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roundtables"] = self.object.roundtables.published().select_related("summit")
        return context
