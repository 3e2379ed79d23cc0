"""The read-only JSON API (/api/v1/): the public record, with the recommendations list's own filters.

The recommendations are filtered by the list's FilterSet bound with filters.strict() and counted
and paged by its facet counts (recommendations.counting), so a page of the API holds exactly the
rows of the same page of the list, and its records are the export's (recommendations.export).
"""

from django.db.models import Count, Prefetch, Q
from django.http import JsonResponse, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from alignment.models import GcmObjective, SdgTarget
from gfmd_portal.i18n import DEFAULT_LANGUAGE
from gfmd_portal.publishing import Status
from recommendations import panel
from recommendations.counting import FacetCounts
from recommendations.export import orm
from recommendations.export_views import export_language
from recommendations.facets import FACETS, NAMES
from recommendations.filters import PARAMETERS, RefusedFilters, Sort, strict
from recommendations.models import Recommendation
from roundtables.models import Actor, Country, Framework, KeyPoint, Practice, Roundtable, RoundtableRole, Theme

from . import paging, serializers
from .errors import ParameterError, refused
from .serializers import absolute

LANG = OpenApiParameter("lang", str, enum=["en", "fr", "es"], description="Language of the texts (English by default).")
COMMON = ("lang",)


class PortalApiView(APIView):
    """Texts in the language `lang` asks for; a parameter the endpoint does not take is a 400."""

    accepted = ()  # the query parameters of the endpoint, besides lang

    def dispatch(self, request, *args, **kwargs):
        self.language, self.language_problem = export_language(request)
        with translation.override(self.language or translation.get_language() or DEFAULT_LANGUAGE):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                # Rendered here, so lazily translated texts take the request's language.
                response.render()
            return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        errors = {}
        if self.language_problem:
            errors["lang"] = [self.language_problem]
        allowed = {*self.accepted, *COMMON}
        for name in request.query_params:
            if name not in allowed:
                errors[name] = [_("This endpoint has no parameter “%(name)s”.") % {"name": name[:40]}]
        if errors:
            raise ParameterError(errors)


class PortalListView(PortalApiView, generics.ListAPIView):
    pagination_class = paging.ApiPagination
    accepted = (paging.PAGE, paging.PAGE_SIZE)


# ---------------------------------------------------------------- recommendations


def records(ids, request, language):
    """The export records of these public recommendations, in this order, each with its links."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    found = orm.records(Recommendation.objects.filter(id__in=ids).order_by(), base_url, language=language)
    by_id = {record["id"]: record for record in found}
    listed = []
    for pk in ids:
        if pk in by_id:
            record = by_id[pk]
            record["links"] = {
                "self": absolute(request, "api:recommendation", pk),
                "roundtable": absolute(request, "api:roundtable", record["roundtable"]),
            }
            listed.append(record)
    return listed


def facet_values(counts, names):
    """{facet: [{value, label, count, selected}]} over the list, every option in the panel's order."""
    facets = panel.panel(counts.filterset, counts, QueryDict(), in_full=names)
    return {
        facet.name: [
            {"value": option.value, "label": str(option.label), "count": option.count, "selected": option.selected}
            for option in facet.options
            if option.count or option.selected
        ]
        for facet in facets
        if facet.name in names
    }


def facet_names(request):
    """The facets `facets` asks to count: comma-separated and repeatable; an unknown name is a 400."""
    names = [part.strip() for value in request.query_params.getlist("facets") for part in value.split(",")]
    names = list(dict.fromkeys(name for name in names if name))
    unknown = [name for name in names if name not in NAMES]
    if unknown:
        message = _("No facet called “%(value)s”: use %(names)s.")
        raise ParameterError(
            {"facets": [message % {"value": name[:40], "names": ", ".join(NAMES)} for name in unknown]}
        )
    return names


def _filter_parameters():
    described = {"q": "Words to search for, in the text and the source excerpt (every word must match)."}
    found = [OpenApiParameter("q", str, description=described["q"])]
    for facet in FACETS:
        found.append(
            OpenApiParameter(
                facet.name,
                int if facet.name == "year" else str,
                many=facet.multiple,
                explode=True,
                description=f"{facet.label} (repeatable: any of the values)." if facet.multiple else str(facet.label),
            )
        )
    found.append(OpenApiParameter("sort", str, enum=[value for value, _label in Sort.choices]))
    return found


class RecommendationList(PortalApiView):
    """The public recommendations: exactly the rows of the list /recommendations/ for the same parameters.

    Parameters as the list takes them (repeatable ones OR within a facet, AND across facets), in the
    list's order, paged with `page` and `page_size`. `facets=theme,country` adds each facet's counts.
    """

    accepted = (*PARAMETERS, paging.PAGE, paging.PAGE_SIZE, "facets")

    @extend_schema(
        parameters=[
            *_filter_parameters(),
            OpenApiParameter(paging.PAGE, int, description="The page, from 1."),
            OpenApiParameter(paging.PAGE_SIZE, int, description="Rows a page (default 20, at most 500)."),
            OpenApiParameter("facets", str, description=f"Facets to count, comma-separated, of: {', '.join(NAMES)}."),
            LANG,
        ],
        responses=serializers.RecommendationPageSerializer,
        operation_id="recommendations_list",
    )
    def get(self, request):
        # Every refused parameter is named in one answer, not only the first one met.
        errors, found = {}, []
        for read in (paging.page_size, paging.page_number, facet_names, self.filterset):
            try:
                found.append(read(request))
            except ParameterError as error:
                errors.update(error.errors)
        if errors:
            raise ParameterError(errors)
        size, number, names, filterset = found
        counts = FacetCounts(filterset)
        total = counts.total()
        paging.check_page(number, size, total)
        ids = counts.page_ids((number - 1) * size, size) if total else []
        extra = {"facets": facet_values(counts, names)} if names else {}
        return Response(paging.envelope(request, number, size, total, records(ids, request, self.language), **extra))

    @staticmethod
    def filterset(request):
        try:
            return strict(request.query_params, Recommendation.objects.public(), request)
        except RefusedFilters as error:
            raise refused(error.refused) from error


class RecommendationDetail(PortalApiView):
    """One public recommendation, as a row of the list."""

    @extend_schema(
        parameters=[LANG], responses=serializers.RecommendationSerializer, operation_id="recommendations_detail"
    )
    def get(self, request, pk):
        if not Recommendation.objects.public().filter(pk=pk).exists():
            raise NotFound(_("No public recommendation has the id %(id)s.") % {"id": pk})
        return Response(records([pk], request, self.language)[0])


# ---------------------------------------------------------------- roundtables


def _public_count():
    return Count("recommendations", filter=Q(recommendations__status=Status.PUBLISHED))


def _roles():
    return Prefetch("roles", queryset=RoundtableRole.objects.select_related("country", "organisation"))


class RoundtableList(PortalListView):
    """The published roundtables, in the order of the summits and their codes."""

    serializer_class = serializers.RoundtableSerializer

    def get_queryset(self):
        return (
            Roundtable.objects.published()
            .select_related("summit", "session")
            .prefetch_related(_roles())
            .annotate(recommendation_count=_public_count())
            .order_by("summit__year", "code", "id")
        )

    @extend_schema(parameters=[LANG])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RoundtableDetail(PortalApiView, generics.RetrieveAPIView):
    """One published roundtable with its roles, key points, practices and the frameworks it cited."""

    serializer_class = serializers.RoundtableDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Roundtable.objects.published()
            .select_related("summit", "session")
            .prefetch_related(
                _roles(),
                "frameworks",
                Prefetch("key_points", queryset=KeyPoint.objects.order_by("number")),
                Prefetch("practices", queryset=Practice.objects.select_related("country").order_by("number")),
            )
            .annotate(recommendation_count=_public_count())
        )

    @extend_schema(parameters=[LANG])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# ---------------------------------------------------------------- reference lists


def reference_list(model, serializer, doc, ordering=None, related=()):
    """A paged list view of a reference model."""

    class View(PortalListView):
        __doc__ = doc
        serializer_class = serializer

        def get_queryset(self):
            queryset = model._default_manager.select_related(*related) if related else model._default_manager.all()
            return queryset.order_by(*ordering) if ordering else queryset.order_by(*model._meta.ordering, "pk")

        @extend_schema(parameters=[LANG])
        def get(self, request, *args, **kwargs):
            return super().get(request, *args, **kwargs)

    View.__name__ = View.__qualname__ = f"{model.__name__}List"
    return View


CountryList = reference_list(
    Country, serializers.CountrySerializer, "Every ISO 3166-1 country, by its alpha-3 code.", ordering=("iso3",)
)
ThemeList = reference_list(Theme, serializers.ThemeSerializer, "The themes recommendations are tagged with.")
FrameworkList = reference_list(
    Framework, serializers.FrameworkSerializer, "The frameworks and instruments recommendations cite."
)
ActorList = reference_list(Actor, serializers.ActorSerializer, "Those whom recommendations are addressed to.")
GcmList = reference_list(
    GcmObjective, serializers.GcmObjectiveSerializer, "The 23 objectives of the Global Compact for Migration."
)
SdgList = reference_list(
    SdgTarget, serializers.SdgTargetSerializer, "The SDG targets that concern migration.", related=("goal",)
)


def not_found(request, *args, **kwargs):
    """A JSON 404 for any address under /api/ that names no endpoint."""
    return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)
