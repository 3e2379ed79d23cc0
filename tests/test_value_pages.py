"""Theme, framework and country pages: the ORM's rows and counts, from the facet index, at a constant cost."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Framework, Roundtable, RoundtableRole

from . import factories

pytestmark = pytest.mark.django_db

SIZE = settings.PAGE_SIZE


def framework(slug):
    return Framework.objects.get_or_create(
        slug=slug, defaults={"name": f"{slug} in full", "short_name": slug.upper(), "kind": "agenda"}
    )[0]


@pytest.fixture(scope="module")
def record_module(module_transaction):
    return build_record()


@pytest.fixture
def record(record_module, db):
    return record_module


def build_record():
    """Four roundtables in two summits (one a draft), drafts among the rows, several themes and frameworks.

    Created out of the list's order. The labour theme and the sdgs framework have more public
    recommendations than two pages hold, spread over every published roundtable.
    """
    s2016 = factories.session(factories.summit(2016), number=3)
    s2015 = factories.session(factories.summit(2015), number=2)
    rt_32 = factories.roundtable("3.2", s2016)
    rt_31 = factories.roundtable("3.1", s2016)
    rt_21 = factories.roundtable("2.1", s2015)
    hidden = factories.roundtable("3.3", s2016, status=Status.DRAFT)
    factories.role(rt_31, "PHL")
    factories.role(rt_21, "PHL", RoundtableRole.Role.RAPPORTEUR)
    factories.role(hidden, "PHL")
    factories.role(rt_32, "MEX")
    labour, climate, crisis = factories.theme("labour"), factories.theme("climate"), factories.theme("crisis")
    sdgs, gcm = framework("sdgs"), framework("gcm")
    for roundtable, count in ((rt_32, 30), (hidden, 6), (rt_21, 26), (rt_31, 20)):
        for number in range(count, 0, -1):
            status = Status.DRAFT if number % 5 == 0 else Status.PUBLISHED
            themes = [labour] if number % 7 else [climate, crisis]
            if number % 4 == 0:
                themes.append(climate)
            rec = factories.recommendation(roundtable, number, f"{roundtable.code} n{number}", status, themes=themes)
            rec.frameworks.set([sdgs] if number % 2 else [sdgs, gcm])
    return {"labour": labour, "climate": climate, "sdgs": sdgs, "gcm": gcm}


def public():
    """Public recommendations, written out here: published, of a published roundtable."""
    return Recommendation.objects.filter(status=Status.PUBLISHED, roundtable__status=Status.PUBLISHED)


def in_roundtable_order(queryset):
    return list(
        queryset.order_by("roundtable__session__summit__year", "roundtable__code", "number").values_list(
            "pk", flat=True
        )
    )


def page(client, path):
    """(count in the heading, ids of the rows in the page's order) as the page shows them."""
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    count = int(re.search(r"<h2>(\d+) recommendations?( citing it)?</h2>", html)[1])
    ids = [int(pk) for pk in re.findall(r'class="result-title"><a href="/en/recommendations/(\d+)/"', html)]
    return count, ids


@pytest.mark.parametrize(
    ("path", "lookup", "value"),
    [
        ("/en/themes/labour/", "themes__slug", "labour"),
        ("/en/themes/climate/", "themes__slug", "climate"),
        ("/en/frameworks/sdgs/", "frameworks__slug", "sdgs"),
        ("/en/frameworks/gcm/", "frameworks__slug", "gcm"),
    ],
)
def test_a_theme_or_framework_page_shows_the_orms_rows_page_by_page(client, record, path, lookup, value):
    expected = in_roundtable_order(public().filter(**{lookup: value}))
    assert len(expected) > 0
    pages = 1 + (len(expected) - 1) // SIZE
    for number in range(1, pages + 1):
        count, ids = page(client, f"{path}?page={number}")
        assert count == len(expected)
        assert ids == expected[(number - 1) * SIZE : number * SIZE]


def test_the_labour_theme_and_the_sdgs_framework_span_more_than_two_pages(client, record):
    """The fixture exercises a page that starts inside a roundtable and one past the first two."""
    assert public().filter(themes__slug="labour").count() > 2 * SIZE
    assert page(client, "/en/themes/labour/?page=3")[1]
    assert public().filter(frameworks__slug="sdgs").count() > 2 * SIZE


def test_a_page_past_the_end_shows_the_last_page(client, record):
    expected = in_roundtable_order(public().filter(themes__slug="labour"))
    count, ids = page(client, "/en/themes/labour/?page=99")
    last = (len(expected) - 1) // SIZE * SIZE
    assert (count, ids) == (len(expected), expected[last:])


def test_a_theme_with_no_public_recommendation_shows_none(client, record):
    factories.theme("unused")
    count, ids = page(client, "/en/themes/unused/")
    assert (count, ids) == (0, [])


def test_the_framework_page_still_lists_the_roundtables_citing_it(client, record):
    Roundtable.objects.get(code="3.1").frameworks.add(record["gcm"])
    Roundtable.objects.get(code="3.3").frameworks.add(record["gcm"])
    response = client.get("/en/frameworks/gcm/")
    assert [rt.code for rt in response.context["roundtables"]] == ["3.1"]


def country_counts(client, iso3):
    """(total on the button, {roundtable code: count in its row}) as the country page shows them."""
    response = client.get(f"/en/countries/{iso3}/")
    assert response.status_code == 200
    html = response.content.decode()
    total = int(re.search(r"(\d+) recommendations? from roundtables", html)[1])
    rows = {
        code: int(n)
        for n, code, n_again in re.findall(r'aria-label="(\d+) recommendations? of roundtable ([\d.]+)">(\d+)<', html)
        if n == n_again
    }
    return total, rows


def orm_country_counts(iso3):
    roundtables = Roundtable.objects.filter(status=Status.PUBLISHED, roles__country__iso3=iso3).distinct()
    rows = {rt.code: public().filter(roundtable=rt).count() for rt in roundtables}
    total = public().filter(roundtable__roles__country__iso3=iso3).distinct().count()
    return total, rows


def test_the_country_page_counts_what_the_orm_counts(client, record):
    assert country_counts(client, "PHL") == orm_country_counts("PHL")
    assert set(country_counts(client, "PHL")[1]) == {"3.1", "2.1"}  # the draft roundtable is left out
    assert country_counts(client, "MEX") == orm_country_counts("MEX")


def test_counts_follow_a_new_theme_link_and_an_unpublished_recommendation(client, record):
    labour = public().filter(themes__slug="labour")
    page(client, "/en/themes/labour/")  # the index is built before the writes
    country_counts(client, "PHL")
    newly = public().exclude(themes__slug="labour").order_by("pk").first()
    newly.themes.add(record["labour"])
    assert page(client, "/en/themes/labour/")[0] == labour.count()
    assert (
        newly.pk
        in page(client, f"/en/themes/labour/?page={1 + in_roundtable_order(labour).index(newly.pk) // SIZE}")[1]
    )

    gone = labour.filter(roundtable__code="3.1").order_by("pk").first()
    gone.status = Status.DRAFT
    gone.save()
    count, ids = page(client, "/en/themes/labour/")
    assert count == labour.count()
    assert ids == in_roundtable_order(labour)[:SIZE]
    assert page(client, "/en/frameworks/sdgs/")[0] == public().filter(frameworks__slug="sdgs").count()
    assert country_counts(client, "PHL") == orm_country_counts("PHL")


@pytest.mark.parametrize("path", ["/en/themes/mobility/", "/en/frameworks/nyd/", "/en/countries/SWE/"])
def test_a_page_costs_the_same_queries_with_3_and_with_30_recommendations(client, path):
    session = factories.session(factories.summit(2030), number=1)
    mobility, nyd = factories.theme("mobility"), framework("nyd")
    roundtables = [factories.roundtable(code, session) for code in ("1.1", "1.2", "1.3")]
    for roundtable in roundtables:
        factories.role(roundtable, "SWE")

    def add(count):
        for i in range(count):
            rec = factories.recommendation(roundtables[i % 3], themes=[mobility])
            rec.frameworks.add(nyd)

    def queries():
        client.get(path)  # the index is built for the current data, then read from
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200
        return len(captured)

    add(3)
    few = queries()
    add(27)
    assert queries() == few
    assert public().filter(themes=mobility, frameworks=nyd, roundtable__roles__country="SWE").count() == 30
