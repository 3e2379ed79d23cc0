"""Pages of the list: the right rows in order, links that keep the filters, no 404 for a page number."""

import pytest
from django.conf import settings

from recommendations.filters import ROUNDTABLE_ORDER
from recommendations.models import Recommendation

from . import factories
from .responses import listed, problems, texts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def many_module(module_transaction):
    return build_many()


@pytest.fixture
def many(many_module, db):
    return many_module


def build_many():
    """55 recommendations over three roundtables in two summits, created out of list order."""
    s2016 = factories.session(factories.summit(2016), number=3)
    s2015 = factories.session(factories.summit(2015), number=2)
    rt_b = factories.roundtable("3.2", s2016)
    rt_a = factories.roundtable("3.1", s2016)
    rt_c = factories.roundtable("2.1", s2015)
    theme = factories.theme("labour")
    for roundtable, count in ((rt_b, 25), (rt_a, 10), (rt_c, 20)):
        for number in range(count, 0, -1):
            factories.recommendation(roundtable, number, f"{roundtable.code} number {number}", themes=[theme])
    return theme


@pytest.mark.parametrize("page", [1, 2, 3])
def test_pages_follow_roundtable_order(client, many, page):
    expected = list(Recommendation.objects.public().order_by(*ROUNDTABLE_ORDER).values_list("text", flat=True))
    size = settings.PAGE_SIZE
    assert texts(listed(client, f"page={page}")) == expected[(page - 1) * size : page * size]


def test_pages_follow_other_orders_too(client, many):
    expected = list(Recommendation.objects.public().order_by("updated_at", "id").values_list("text", flat=True))
    assert texts(listed(client, "sort=updated&page=2")) == expected[settings.PAGE_SIZE : 2 * settings.PAGE_SIZE]


def test_pagination_links_keep_the_filters(client, many):
    html = listed(client, "theme=labour&page=2").content.decode()
    assert 'href="?theme=labour&amp;page=1"' in html
    assert 'href="?theme=labour&amp;page=3"' in html


def test_pagination_links_leave_out_refused_values(client, many):
    html = listed(client, "theme=labour&theme=nope").content.decode()
    assert 'href="?theme=labour&amp;page=2"' in html


@pytest.mark.parametrize("page", ["99", str(10**30), "last"])
def test_a_page_past_the_end_shows_the_last_page(client, many, page):
    response = listed(client, f"theme=labour&page={page}")
    assert response.context["page_obj"].number == 3
    assert texts(response)[-1] == "3.2 number 25"
    if page != "last":
        assert problems(response)[0].startswith("There is no page ")


@pytest.mark.parametrize("page", ["0", "-1", "1.5", "abc", "٣"])
def test_a_malformed_page_shows_the_first_page_with_a_message(client, many, page):
    response = listed(client, f"page={page}")
    assert response.context["page_obj"].number == 1
    assert problems(response) == [f"page must be a whole number from 1, not “{page}”."]


def test_a_theme_page_lists_its_recommendations_in_roundtable_order(client, many):
    """Summit year, then roundtable code, then number: 2.1 (2015) first, then 3.1 and 3.2 (2016)."""
    expected = (
        [f"2.1 number {n}" for n in range(1, 21)]
        + [f"3.1 number {n}" for n in range(1, 11)]
        + [f"3.2 number {n}" for n in range(1, 26)]
    )
    size = settings.PAGE_SIZE
    for page in (1, 2, 3):
        response = client.get(f"/en/themes/{many.slug}/?page={page}")
        assert response.status_code == 200
        assert texts(response) == expected[(page - 1) * size : page * size]


def test_the_list_and_the_theme_pages_share_one_roundtable_order():
    assert ROUNDTABLE_ORDER == Recommendation.ROUNDTABLE_ORDER
