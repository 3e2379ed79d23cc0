"""What the API returns for each kind of record. Texts are in the request's language (`lang`)."""

from django.urls import reverse
from rest_framework import serializers

from recommendations.export.columns import COLUMNS, LIST_COLUMNS
from roundtables.models import RoundtableRole


class Localized(serializers.CharField):
    """A translated text of the object, in the request's language (English where not translated)."""

    def __init__(self, field, **kwargs):
        self.text_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return value.localized(self.text_field)


class PageUrl(serializers.URLField):
    """The object's page on the portal, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


def absolute(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


# ---------------------------------------------------------------- recommendations (the export's record)

_INTEGERS = {"id", "year", "session", "number"}


class RecommendationLinksSerializer(serializers.Serializer):
    self = serializers.URLField(help_text="This recommendation in the API.")
    roundtable = serializers.URLField(help_text="Its roundtable in the API.")


def _record_field(name):
    if name in LIST_COLUMNS:
        return serializers.ListField(child=serializers.CharField())
    if name in _INTEGERS:
        return serializers.IntegerField()
    return serializers.CharField()


# The export's columns, in its order, then the links: the schema of what views.records() returns.
RecommendationSerializer = type(
    "RecommendationSerializer",
    (serializers.Serializer,),
    {
        **{name: _record_field(name) for name in COLUMNS},
        "links": RecommendationLinksSerializer(),
        "__doc__": "A recommendation: the columns of the CSV export (lists as arrays), then links.",
    },
)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="The value as the facet's parameter takes it.")
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text="Recommendations of the list with this value, its own facet not applied."
    )
    selected = serializers.BooleanField()


class RecommendationPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RecommendationSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True), required=False, help_text="Only when `facets` names some."
    )


# ---------------------------------------------------------------- roundtables


def _names(roles):
    return [str(role.holder) for role in roles]


class RoundtableSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    code = serializers.CharField()
    title = Localized("title")
    summary = Localized("summary")
    year = serializers.IntegerField(source="summit.year")
    summit = serializers.IntegerField(source="summit.number", help_text="The summit's number.")
    session = serializers.IntegerField(source="session.number")
    co_chairs = serializers.SerializerMethodField()
    rapporteurs = serializers.SerializerMethodField()
    recommendation_count = serializers.IntegerField(help_text="Its public recommendations.")
    url = PageUrl()
    links = serializers.SerializerMethodField()

    def get_co_chairs(self, roundtable) -> list[str]:
        return _names(roundtable.co_chairs)

    def get_rapporteurs(self, roundtable) -> list[str]:
        return _names(roundtable.rapporteurs)

    def get_links(self, roundtable) -> dict[str, str]:
        request = self.context["request"]
        return {
            "self": absolute(request, "api:roundtable", roundtable.slug),
            "recommendations": absolute(request, "api:recommendations") + f"?roundtable={roundtable.slug}",
        }


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=RoundtableRole.Role.choices)
    country = serializers.CharField(source="country_id", allow_null=True, help_text="ISO 3166-1 alpha-3 code.")
    organisation = serializers.CharField(source="organisation.slug", allow_null=True, default=None)
    name = serializers.SerializerMethodField()
    order = serializers.IntegerField()

    def get_name(self, role) -> str:
        return str(role.holder)


class KeyPointSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    heading = Localized("heading")
    text = Localized("text")
    source_excerpt = serializers.CharField()


class PracticeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    country = serializers.CharField(source="country_id", help_text="ISO 3166-1 alpha-3 code.")
    country_name = serializers.CharField(source="country")
    title = Localized("title")
    description = Localized("description")
    source_excerpt = serializers.CharField()


class RoundtableDetailSerializer(RoundtableSerializer):
    source_excerpt = serializers.CharField()
    frameworks = serializers.SerializerMethodField(help_text="Slugs of the frameworks the roundtable cited.")
    roles = RoleSerializer(many=True)
    key_points = KeyPointSerializer(many=True)
    practices = PracticeSerializer(many=True)

    def get_frameworks(self, roundtable) -> list[str]:
        return [framework.slug for framework in roundtable.frameworks.all()]


# ---------------------------------------------------------------- reference lists


class CountrySerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = Localized("name")
    url = PageUrl()


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = Localized("name")
    description = Localized("description")
    url = PageUrl()


class FrameworkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    short_name = Localized("short_name")
    name = Localized("name")
    kind = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    description = Localized("description")
    url = PageUrl()


class ActorSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = Localized("name")
    description = Localized("description")


class GcmObjectiveSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    short_title = Localized("short_title")
    title = Localized("title")
    url = PageUrl()


class SdgTargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    goal = serializers.IntegerField(source="goal.number")
    text = Localized("text")
    url = PageUrl()
