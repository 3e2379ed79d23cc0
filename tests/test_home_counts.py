"""The home page's counts come from the facet index: right after every kind of write, at a constant cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable, Theme
from tests import factories


def home(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return response.content.decode()


def shown_counts(html):
    """(total, {roundtable slug: count}, {theme slug: count}) as the page shows them."""
    total = int(re.search(r"Read, search and cite the (\d+) recommendation", html)[1])
    cards = {slug: int(n) for slug, n in re.findall(r'\?roundtable=([\w-]+)">(\d+) recommendations?</a>', html)}
    themes = {
        slug: int(n)
        for slug, n in re.findall(
            r'\?theme=([\w-]+)">[^<]*</a> <span class="count-badge"><span class="visually-hidden">\(</span>(\d+)', html
        )
    }
    return total, cards, themes


def orm_counts():
    """The same counts, one ORM query each, independent of the facet index."""
    public = Recommendation.objects.filter(status=Status.PUBLISHED, roundtable__status=Status.PUBLISHED)
    cards = {rt.slug: public.filter(roundtable=rt).count() for rt in Roundtable.objects.published()}
    themes = {theme.slug: public.filter(themes=theme).count() for theme in Theme.objects.all()}
    return public.count(), cards, {slug: n for slug, n in themes.items() if n}


@pytest.mark.django_db
def test_the_home_page_counts_what_the_orm_counts_after_each_write(client, portal_data):
    assert shown_counts(home(client)) == orm_counts()
    first = Recommendation.objects.order_by("pk").first()
    first.status = Status.DRAFT
    first.save()
    assert shown_counts(home(client)) == orm_counts()
    labour = Theme.objects.get(slug="labour-mobility") if Theme.objects.filter(slug="labour-mobility") else None
    second = Recommendation.objects.filter(status=Status.PUBLISHED).order_by("pk")[1]
    second.themes.add(labour or Theme.objects.first())
    assert shown_counts(home(client)) == orm_counts()
    Roundtable.objects.filter(slug="2016-3-1").update(status=Status.DRAFT)
    assert shown_counts(home(client)) == orm_counts()
    Recommendation.objects.filter(pk=first.pk).update(status=Status.PUBLISHED)
    Roundtable.objects.filter(slug="2016-3-1").update(status=Status.PUBLISHED)
    assert shown_counts(home(client)) == orm_counts()


@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_whatever_the_row_count(client):
    roundtable = factories.roundtable("3.1")
    theme = factories.theme("labour")
    factories.recommendation(roundtable, themes=[theme])

    def queries():
        home(client)  # the index is built, then counted from
        with CaptureQueriesContext(connection) as captured:
            html = home(client)
        return len(captured), html

    few, _html = queries()
    other = factories.roundtable("3.2")
    for _ in range(30):
        factories.recommendation(other, themes=[theme, factories.theme("crisis")])
    many, html = queries()
    assert many == few
    assert shown_counts(html)[0] == 31


@pytest.mark.django_db
def test_the_roundtables_page_counts_what_the_orm_counts_at_a_constant_cost(client, portal_data):
    def shown():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/roundtables/")
        html = response.content.decode()
        return len(captured), {
            slug: int(n) for slug, n in re.findall(r'\?roundtable=([\w-]+)">(\d+) recommendations?</a>', html)
        }

    shown()
    queries, counts = shown()
    assert counts == orm_counts()[1]
    Recommendation.objects.filter(roundtable__slug="2016-3-2").order_by("pk").first().delete()
    shown()
    again, counts = shown()
    assert counts == orm_counts()[1]
    assert again == queries


@pytest.mark.django_db
def test_the_home_page_shows_the_latest_summit_in_full_and_earlier_ones_a_line_each(client):
    def of_summit(year, code, n):
        roundtable = factories.roundtable(code, factories.session(factories.summit(year)), title=f"Table {year}")
        for number in range(1, n + 1):
            factories.recommendation(roundtable, number)
        return roundtable

    latest = of_summit(2016, "3.1", 2)
    of_summit(2014, "1.1", 3)
    of_summit(2014, "1.2", 1).recommendations.update(status=Status.DRAFT)
    of_summit(2012, "2.1", 4)
    html = home(client)
    assert f'?roundtable={latest.slug}">2 recommendations</a>' in html
    assert "Table 2014" not in html and "Table 2012" not in html  # no card of an earlier summit
    earlier = html.split('id="earlier-summits"', 1)[1]
    assert re.search(
        r'\?year=2014">Summit 2014</a> <span class="summit-meta">Dhaka, 2014 · 2 roundtables · 3 recommendations',
        earlier,
    )
    assert re.search(
        r'\?year=2012">Summit 2012</a> <span class="summit-meta">Dhaka, 2012 · 1 roundtable · 4 recommendations',
        earlier,
    )
    assert earlier.index("Summit 2014") < earlier.index("Summit 2012")


@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_whatever_the_number_of_summits(client):
    def queries():
        home(client)
        with CaptureQueriesContext(connection) as captured:
            home(client)
        return len(captured)

    factories.recommendation(factories.roundtable("3.1", factories.session(factories.summit(2016))), 1)
    factories.recommendation(factories.roundtable("1.1", factories.session(factories.summit(2014))), 1)
    few = queries()
    for year in range(2008, 2014):
        factories.recommendation(factories.roundtable("1.1", factories.session(factories.summit(year))), 1)
    assert queries() == few


@pytest.mark.django_db
def test_the_roundtables_page_lists_every_roundtable_once_page_by_page_at_a_constant_cost(client):
    from roundtables.views import RoundtableListView

    size = RoundtableListView.PER_PAGE
    expected = []
    for year in (2016, 2014):
        session = factories.session(factories.summit(year))
        for n in range(1, size + 1):
            roundtable = factories.roundtable(f"{n // 10}.{n % 10}", session)
            factories.recommendation(roundtable, 1)
            expected.append(roundtable.slug)
    factories.roundtable("9.9", factories.session(factories.summit(2014)), status=Status.DRAFT)
    # Latest summit first, each summit's roundtables by code.
    expected = sorted(expected[:size]) + sorted(expected[size:])

    def page(number):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/roundtables/", {"page": number})
        assert response.status_code == 200
        return len(captured), [rt.slug for rt in response.context["roundtables"]]

    page(1)
    first_cost, first = page(1)
    second_cost, second = page(2)
    assert first + second == expected
    assert first_cost == second_cost
    _cost, past_the_end = page(99)
    assert past_the_end == second
    assert "9-9" not in "".join(first + second)
