"""The recommendations list: filters, facet counts, chips, empty state, bad values, pagination."""

import re

import pytest
from django.http import QueryDict

from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation
from roundtables.models import Actor, Framework, RoundtableRole

from . import factories
from .responses import listed, problems, texts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_module(module_transaction):
    """Three roundtables in two summits, with themes, a framework and actors, and five recommendations.

    Built once per module; each test runs in a savepoint.
    """
    return build_world()


@pytest.fixture
def world(world_module, db):
    return world_module


def build_world():
    s2016 = factories.session(factories.summit(2016), number=3)
    s2017 = factories.session(factories.summit(2017), number=1)
    rt31 = factories.roundtable("3.1", s2016)
    rt32 = factories.roundtable("3.2", s2016)
    rt11 = factories.roundtable("1.1", s2017)
    factories.role(rt31, "PHL")
    factories.role(rt31, "MAR", RoundtableRole.Role.RAPPORTEUR)
    factories.role(rt32, "MEX")
    factories.role(rt32, "SWE")
    factories.role(rt11, "PHL")
    labour, trafficking, climate = (factories.theme(s) for s in ("labour", "trafficking", "climate"))
    sdgs = Framework.objects.create(slug="sdgs", name="Sustainable Development Goals", short_name="SDGs", kind="agenda")
    states = Actor.objects.create(slug="states", name="States")
    iom = Actor.objects.create(slug="iom", name="IOM")
    recs = {
        "r1": factories.recommendation(
            rt31, 1, "Protect migrant workers from trafficking", themes=[labour, trafficking]
        ),
        "r2": factories.recommendation(rt31, 2, "Plan for climate displacement", themes=[climate]),
        "r3": factories.recommendation(rt32, 1, "Open regular pathways for labour mobility", themes=[labour]),
        "r4": factories.recommendation(rt32, 2, "Prosecute traffickers", themes=[trafficking]),
        "r5": factories.recommendation(rt11, 1, "Labour migration and climate adaptation", themes=[labour, climate]),
    }
    recs["r1"].frameworks.add(sdgs)
    recs["r1"].actors.add(states)
    recs["r3"].actors.add(iom)
    return recs


def names(world, response):
    by_pk = {rec.pk: name for name, rec in world.items()}
    return sorted(by_pk[r.pk] for r in response.context["recommendations"])


def facet(response, name):
    found = next(f for f in response.context["facets"] if f.name == name)
    return {o.value: o.count for o in found.options}


# Filtering


def test_no_filter_lists_every_public_recommendation_in_roundtable_order(client, world):
    response = listed(client, "")
    assert [r.text for r in response.context["recommendations"]] == [
        "Protect migrant workers from trafficking",
        "Plan for climate displacement",
        "Open regular pathways for labour mobility",
        "Prosecute traffickers",
        "Labour migration and climate adaptation",
    ]
    assert "5 recommendations" in response.content.decode()


def test_values_of_one_facet_combine_with_or(client, world):
    assert names(world, listed(client, "theme=labour")) == ["r1", "r3", "r5"]
    assert names(world, listed(client, "theme=labour&theme=climate")) == ["r1", "r2", "r3", "r5"]


def test_facets_combine_with_and(client, world):
    assert names(world, listed(client, "theme=labour&country=MEX")) == ["r3"]
    assert names(world, listed(client, "theme=labour&theme=trafficking&country=MEX&country=SWE")) == ["r3", "r4"]


def test_country_matches_roundtables_where_it_held_any_role(client, world):
    assert names(world, listed(client, "country=PHL")) == ["r1", "r2", "r5"]
    assert names(world, listed(client, "country=MAR")) == ["r1", "r2"]


def test_country_code_is_case_insensitive(client, world):
    assert names(world, listed(client, "country=phl")) == ["r1", "r2", "r5"]


def test_roundtable_framework_actor_and_year_filters(client, world):
    assert names(world, listed(client, "roundtable=2016-3-2")) == ["r3", "r4"]
    assert names(world, listed(client, "roundtable=2016-3-2&roundtable=2017-1-1")) == ["r3", "r4", "r5"]
    assert names(world, listed(client, "framework=sdgs")) == ["r1"]
    assert names(world, listed(client, "actor=states&actor=iom")) == ["r1", "r3"]
    assert names(world, listed(client, "year=2017")) == ["r5"]


def test_unknown_parameters_are_ignored(client, world):
    response = listed(client, "utm_source=newsletter&theme=labour")
    assert names(world, response) == ["r1", "r3", "r5"]
    assert problems(response) == []


def test_sort_by_recently_updated(client, world):
    Recommendation.objects.filter(pk=world["r4"].pk).update(updated_at="2030-01-01T00:00:00Z")
    assert texts(listed(client, "sort=-updated"))[0] == "Prosecute traffickers"
    assert texts(listed(client, "sort=updated"))[-1] == "Prosecute traffickers"


# Facet counts


def test_facet_counts_count_over_the_other_active_filters(client, world):
    response = listed(client, "theme=labour&country=PHL")
    assert names(world, response) == ["r1", "r5"]
    # theme counted over country=PHL (r1, r2, r5); country counted over theme=labour (r1, r3, r5).
    assert facet(response, "theme") == {"labour": 2, "trafficking": 1, "climate": 2}
    assert facet(response, "country") == {"PHL": 2, "MAR": 1, "MEX": 1, "SWE": 1}
    assert facet(response, "year") == {"2016": 1, "2017": 1}
    assert facet(response, "roundtable") == {"2016-3-1": 1, "2017-1-1": 1}
    assert facet(response, "framework") == {"sdgs": 1}
    assert facet(response, "actor") == {"states": 1}


def test_facet_options_show_their_counts_and_chosen_ones_are_checked(client, world):
    html = listed(client, "theme=labour").content.decode()
    option = re.search(r'<input type="checkbox" name="theme" value="labour" id="([^"]+)" checked>(.*?)</li>', html)
    assert option, "the chosen theme is a checked checkbox"
    assert re.search(r'facet-count"><span class="visually-hidden">\(</span>3<', option.group(2))
    assert re.search(r'name="theme" value="climate" id="[^"]+">', html), "other themes stay unchecked"


def test_a_chosen_value_with_no_matches_stays_in_its_facet_checked(client, world):
    response = listed(client, "theme=climate&country=MEX")
    options = {
        o.value: (o.count, o.selected) for o in next(f for f in response.context["facets"] if f.name == "theme").options
    }
    assert options["climate"] == (0, True)


def test_total_is_the_sum_the_page_counts(client, world):
    response = listed(client, "theme=labour")
    assert response.context["paginator"].count == 3
    assert "3 recommendations" in response.content.decode()


# Chips, clear all, empty state


def test_each_chip_removes_only_its_own_value(client, world):
    response = listed(client, "q=migrant&theme=labour&theme=climate&country=PHL")
    chips = {(c.label, c.value): c.remove_url for c in response.context["chips"]}
    assert chips[("Theme", "Labour")] == "/en/recommendations/?q=migrant&theme=climate&country=PHL"
    assert chips[("Country", "Country PHL")] == "/en/recommendations/?q=migrant&theme=labour&theme=climate"
    assert chips[("Search", "migrant")] == "/en/recommendations/?theme=labour&theme=climate&country=PHL"
    html = response.content.decode()
    assert '<a class="clear-all" href="/en/recommendations/">Clear all filters</a>' in html


def test_empty_state_says_which_filter_to_remove_and_what_it_would_give(client, world):
    response = listed(client, "theme=climate&country=MEX")
    html = response.content.decode()
    assert "No recommendations match" in html
    hints = {h.label: (h.count, h.url) for h in response.context["loosen"]}
    assert hints["the “Theme” filter"] == (2, "/en/recommendations/?country=MEX")
    assert hints["the “Country” filter"] == (2, "/en/recommendations/?theme=climate")


def test_form_reopens_the_state_of_the_page(client, world):
    html = listed(client, "q=labour&year=2016&sort=-updated").content.decode()
    assert 'name="q" id="id_q" value="labour"' in html
    assert re.search(r'type="radio" name="year" value="2016" id="[^"]+" checked', html)
    assert '<option value="-updated" selected>' in html


# Bad values: a clear message, only that value ignored, never a 500


def test_unknown_slug_is_named_and_only_that_value_is_ignored(client, world):
    response = listed(client, "theme=xyz&theme=labour")
    assert problems(response) == ["No theme called “xyz”."]
    assert names(world, response) == ["r1", "r3", "r5"]
    assert "No theme called “xyz”." in response.content.decode()
    assert [(c.label, c.value) for c in response.context["chips"]] == [("Theme", "Labour")]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "year must be a number, not “abc”."),
        ("year=99999999999", "year must be between 1900 and 2999, not 99999999999."),
        ("year=-5", "year must be a number, not “-5”."),
        ("sort=sideways", "There is no sort order called “sideways”."),
        ("country=ZZZ", "No country with the code “ZZZ”."),
        ("roundtable=nope", "No published roundtable called “nope”."),
        ("framework=nope", "No framework called “nope”."),
        ("actor=nope", "No actor called “nope”."),
        ("page=abc", "page must be a whole number from 1, not “abc”."),
        ("q=%00", "The search (q) cannot contain null characters."),
        ("theme=a%00b", "No theme called “a\\0b”."),
        ("q=" + "x" * 201, "The search (q) is too long: use at most 200 characters (it has 201)."),
        ("q=%2B%2B%2B", "The search (q) “+++” has no words to look for."),
    ],
)
def test_bad_values_give_a_message_naming_the_parameter_and_value(client, world, query, message):
    response = listed(client, query)
    assert problems(response) == [message]
    assert names(world, response) == ["r1", "r2", "r3", "r4", "r5"]


def test_several_bad_values_are_all_reported(client, world):
    response = listed(client, "theme=xyz&theme=abc&year=x&theme=labour")
    assert problems(response) == ["No theme called “xyz”.", "No theme called “abc”.", "year must be a number, not “x”."]
    assert names(world, response) == ["r1", "r3", "r5"]


def test_filterset_errors_are_meaningful_for_the_exports(world):
    filterset = RecommendationFilter(
        QueryDict("theme=xyz&year=abc&country=PHL"), queryset=Recommendation.objects.public()
    )
    assert not filterset.is_valid()
    assert filterset.errors["theme"] == ["No theme called “xyz”."]
    assert filterset.errors["year"] == ["year must be a number, not “abc”."]
    assert "country" not in filterset.errors


def test_a_valid_filterset_yields_the_same_rows_as_the_list(client, world):
    filterset = RecommendationFilter(QueryDict("theme=labour&country=PHL"), queryset=Recommendation.objects.public())
    assert filterset.is_valid()
    listed_pks = [r.pk for r in listed(client, "theme=labour&country=PHL").context["recommendations"]]
    assert [r.pk for r in filterset.qs] == listed_pks


def test_counts_over_all_public_rows_leave_out_every_hidden_row(client, world):
    from gfmd_portal.publishing import Status

    labour, climate = factories.theme("labour"), factories.theme("climate")
    factories.recommendation(
        world["r1"].roundtable, 9, "Draft in a public roundtable", themes=[labour], status=Status.DRAFT
    )
    hidden_roundtable = factories.roundtable("3.5", world["r1"].roundtable.session, status=Status.DRAFT)
    factories.recommendation(hidden_roundtable, 1, "Public in a draft roundtable", themes=[labour, climate])
    expected = {"labour": 3, "trafficking": 2, "climate": 2}
    assert facet(listed(client, ""), "theme") == expected
    assert facet(listed(client, "theme=climate"), "theme") == expected
