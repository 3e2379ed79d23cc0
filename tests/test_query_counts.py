"""Lists and pages take the same number of queries with 1 recommendation as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import facet_index
from recommendations.models import Recommendation
from roundtables.models import Actor, Framework, KeyPoint, Practice, RoundtableRole

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(db):
    """A roundtable with roles, a key point, a practice, and helpers to add fully classified recommendations."""
    roundtable = factories.roundtable(summary="What was said.")
    factories.role(roundtable, "PHL")
    factories.role(roundtable, "MAR", RoundtableRole.Role.RAPPORTEUR)
    KeyPoint.objects.create(roundtable=roundtable, number=1, heading="Point", text="Text", source_excerpt="x")
    Practice.objects.create(
        roundtable=roundtable,
        number=1,
        country=factories.country("ARG"),
        title="P",
        description="D",
        source_excerpt="x",
    )
    themes = [factories.theme("labour"), factories.theme("climate")]
    framework = Framework.objects.create(
        slug="sdgs", name="SDGs full", short_name="SDGs", kind="agenda", description=""
    )
    actor = Actor.objects.create(slug="states", name="States")
    roundtable.frameworks.add(framework)

    def add(count):
        start = Recommendation.objects.count()
        recs = Recommendation.objects.bulk_create(
            Recommendation(roundtable=roundtable, number=n, text=f"Recommendation {n} on labour", status="published")
            for n in range(start + 1, start + count + 1)
        )
        Recommendation.themes.through.objects.bulk_create(
            Recommendation.themes.through(recommendation=rec, theme=theme) for rec in recs for theme in themes
        )
        Recommendation.frameworks.through.objects.bulk_create(
            Recommendation.frameworks.through(recommendation=rec, framework=framework) for rec in recs
        )
        Recommendation.actors.through.objects.bulk_create(
            Recommendation.actors.through(recommendation=rec, actor=actor) for rec in recs
        )

    return add


def queries(client, path):
    """Queries of a page as a new process answers it (the list builds its whole facet index), then once more."""
    facet_index.clear()
    counted = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        counted.append(len(captured.captured_queries))
    return tuple(counted)


PATHS = [
    "/en/",
    "/en/roundtables/",
    "/en/roundtables/2016-3-1/",
    "/en/recommendations/",
    "/en/recommendations/?theme=labour&country=PHL&framework=sdgs&actor=states&year=2016",
    "/en/recommendations/?q=labour&theme=labour&theme=climate",
    "/en/recommendations/?sort=-updated&page=2",
    "/en/recommendations/?show=theme&show=country&theme=labour",
    "/en/recommendations/feed/?theme=labour",
    "/en/countries/PHL/",
    "/en/themes/labour/",
    "/en/frameworks/sdgs/",
]


@pytest.mark.parametrize("path", PATHS)
def test_same_number_of_queries_with_1_and_50_recommendations(client, setting, path):
    setting(1)
    with_one = queries(client, path)
    setting(49)
    assert queries(client, path) == with_one


def test_same_number_of_queries_for_a_recommendation_page(client, setting):
    setting(1)
    first = Recommendation.objects.get()
    with_one = queries(client, first.get_absolute_url())
    setting(49)
    assert queries(client, first.get_absolute_url()) == with_one
    assert queries(client, Recommendation.objects.order_by("-number").first().get_absolute_url()) == with_one
