"""The read-only API (/api/v1/): the list's rows in its order on every page, and its refusals."""

import json
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from gfmd_portal.publishing import Status
from recommendations.export import columns
from recommendations.filters import PARAMETERS
from recommendations.models import Recommendation
from roundtables.models import Country, Roundtable, Theme

from .export_data import build, content, csv_ids, csv_rows

pytestmark = pytest.mark.django_db

API = "/api/v1/recommendations/"

FILTERS = [
    {},
    {"theme": "labour"},
    {"theme": ["labour", "climate"]},
    {"theme": "labour", "country": "PHL"},
    {"country": "MEX"},
    {"country": ["MEX", "PHL"], "theme": "trafficking"},
    {"year": "2018"},
    {"framework": "gcm", "actor": "states"},
    {"roundtable": "2016-3-2"},
    {"q": "border"},
    {"q": "border governance", "year": "2016"},
    {"sort": "-updated"},
    {"sort": "updated", "theme": "climate"},
    {"sort": "roundtable", "country": "phl"},
]


@pytest.fixture
def data(db):
    return build()


def api_pages(client, params, page_size):
    """Every page of the API for `params`, following `next` from the first page."""
    response = client.get(API, {**params, "page_size": page_size})
    pages = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body)
        if not body["next"]:
            return pages
        parts = urlsplit(body["next"])
        response = client.get(f"{parts.path}?{parts.query}")


def ids_of(pages):
    return [record["id"] for page in pages for record in page["results"]]


def label(params):
    return "&".join(f"{k}={v}" for k, v in params.items()) or "all"


@pytest.mark.parametrize("page_size", [1, 7, 500])
@pytest.mark.parametrize("params", FILTERS, ids=label)
def test_every_page_holds_the_exports_rows_in_its_order(client, data, params, page_size):
    expected = csv_ids(client.get("/recommendations/export.csv", params))
    assert expected, "every filter here matches some rows"
    pages = api_pages(client, params, page_size)
    assert ids_of(pages) == expected
    assert {page["count"] for page in pages} == {len(expected)}
    assert all(len(page["results"]) <= page_size for page in pages)


@pytest.mark.parametrize("params", FILTERS[:6], ids=label)
def test_results_are_the_json_exports_records_with_links(client, data, params):
    exported = json.loads(content(client.get("/recommendations/export.json", params)))
    results = [record for page in api_pages(client, params, 5) for record in page["results"]]
    for record in results:
        links = record.pop("links")
        assert links["self"] == f"http://testserver/api/v1/recommendations/{record['id']}/"
        assert links["roundtable"] == f"http://testserver/api/v1/roundtables/{record['roundtable']}/"
    assert results == exported


def test_next_and_previous_link_the_neighbouring_pages(client, data):
    first = client.get(API, {"theme": "labour", "page_size": 3}).json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert client.get(third["previous"]).json() == second
    assert client.get(second["previous"]).json() == first
    assert "theme=labour" in second["next"]


def test_a_recommendation_is_its_export_record(client, data):
    pk = Recommendation.objects.public().order_by("pk").values_list("pk", flat=True)[3]
    record = client.get(f"{API}{pk}/").json()
    exported = json.loads(content(client.get("/recommendations/export.json")))
    assert {k: v for k, v in record.items() if k != "links"} == next(r for r in exported if r["id"] == pk)


def test_texts_follow_lang_as_the_export_does(client, data):
    rec = Recommendation.objects.public().order_by("pk").first()
    Recommendation.objects.filter(pk=rec.pk).update(text_fr="Une recommandation en français")
    record = client.get(f"{API}{rec.pk}/", {"lang": "fr"}).json()
    assert record["text"] == "Une recommandation en français"
    assert record["url"] == f"http://testserver/fr/recommendations/{rec.pk}/"
    listed = client.get(API, {"lang": "fr", "page_size": 500}).json()["results"]
    assert next(r for r in listed if r["id"] == rec.pk)["text"] == "Une recommandation en français"


# ---------------------------------------------------------------- facets


def test_facet_counts_are_the_rows_with_each_value_without_the_facets_own_filter(client, data):
    body = client.get(API, {"country": "PHL", "theme": "labour", "facets": "theme,country"}).json()
    # Oracle: the CSV export's rows, counted here by their themes cell, over the list without `theme`.
    rows = csv_rows(client.get("/recommendations/export.csv", {"country": "PHL"}))
    themes = rows[0].index("themes")
    expected = {}
    for row in rows[1:]:
        for slug in filter(None, row[themes].split("; ")):
            expected[slug] = expected.get(slug, 0) + 1
    theme_counts = {item["value"]: item["count"] for item in body["facets"]["theme"]}
    assert theme_counts == expected
    assert [item["value"] for item in body["facets"]["theme"] if item["selected"]] == ["labour"]
    labels = {item["value"]: item["label"] for item in body["facets"]["theme"]}
    assert labels["labour"] == Theme.objects.get(slug="labour").name
    countries = {item["value"]: item["count"] for item in body["facets"]["country"]}
    assert countries["PHL"] == body["count"]
    # Most rows first, as the panel lists them.
    counts = [item["count"] for item in body["facets"]["theme"]]
    assert counts == sorted(counts, reverse=True)


def test_facets_are_left_out_unless_asked_for(client, data):
    assert "facets" not in client.get(API).json()


def test_year_facet_counts_each_summit_year(client, data):
    body = client.get(API, {"facets": "year"}).json()
    for item in body["facets"]["year"]:
        assert item["count"] == len(csv_ids(client.get("/recommendations/export.csv", {"year": item["value"]})))
    assert [item["value"] for item in body["facets"]["year"]] == ["2018", "2016"]


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"theme": "nope"}, "theme"),
        ({"country": "XXX"}, "country"),
        ({"framework": "nope"}, "framework"),
        ({"actor": "nope"}, "actor"),
        ({"roundtable": "nope"}, "roundtable"),
        ({"roundtable": "2016-3-3"}, "roundtable"),  # a draft roundtable
        ({"year": "abc"}, "year"),
        ({"sort": "sideways"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"theme": ["labour", "nope"]}, "theme"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "99"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "100000"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"facets": "theme,colour"}, "facets"),
        ({"lang": "de"}, "lang"),
        ({"themes": "labour"}, "themes"),  # a parameter the list does not take
    ],
)
def test_a_bad_parameter_is_a_400_whose_json_names_it(client, data, params, parameter):
    response = client.get(API, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter] and all(message.strip() for message in body["errors"][parameter])
    assert parameter in body["detail"]


def test_every_bad_parameter_is_named_at_once(client, data):
    body = client.get(API, {"theme": "nope", "page": "x", "facets": "colour"}).json()
    assert set(body["errors"]) == {"theme", "page", "facets"}


def test_a_refusal_speaks_the_language_asked_for(client, data):
    body = client.get(API, {"theme": "nope", "lang": "fr"}).json()
    assert body["errors"]["theme"] != client.get(API, {"theme": "nope"}).json()["errors"]["theme"]


@pytest.mark.parametrize("path", ["/api/v1/countries/", "/api/v1/roundtables/"])
def test_reference_lists_refuse_bad_paging_and_unknown_parameters(client, data, path):
    assert list(client.get(path, {"page": "x"}).json()["errors"]) == ["page"]
    assert list(client.get(path, {"theme": "labour"}).json()["errors"]) == ["theme"]


def test_an_unknown_or_unpublished_record_is_a_404(client, data):
    draft = Recommendation.objects.filter(status=Status.DRAFT).first()
    in_draft_roundtable = Recommendation.objects.filter(roundtable__status=Status.DRAFT).first()
    for path in (
        f"{API}{draft.pk}/",
        f"{API}{in_draft_roundtable.pk}/",
        f"{API}987654/",
        "/api/v1/roundtables/2016-3-3/",
        "/api/v1/roundtables/no-such-roundtable/",
        "/api/v1/no-such-list/",
        f"{API}not-a-number/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json()["detail"], path


ENDPOINTS = [API, "/api/v1/roundtables/", "/api/v1/roundtables/2016-3-1/", "/api/v1/countries/", "/api/v1/sdg/"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ENDPOINTS)
def test_writing_methods_are_a_405(client, data, method, path):
    before = Recommendation.objects.count(), Roundtable.objects.count()
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert (Recommendation.objects.count(), Roundtable.objects.count()) == before


@pytest.mark.parametrize("path", ENDPOINTS)
def test_head_and_options_are_answered(client, data, path):
    assert client.head(path).status_code == 200
    assert client.options(path).status_code == 200


# ---------------------------------------------------------------- CORS and rate limits


def test_any_origin_may_read_the_api(client, data):
    response = client.get(API, headers={"Origin": "https://analyst.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        API, headers={"Origin": "https://analyst.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_portals_pages_are_not_opened_to_other_origins(client, data):
    response = client.get("/en/recommendations/", headers={"Origin": "https://analyst.example"})
    assert "Access-Control-Allow-Origin" not in response


@override_settings(API_RATE_LIMIT="3/minute")
def test_a_client_over_the_rate_limit_gets_429_with_retry_after(client, data):
    cache.clear()
    try:
        for _ in range(3):
            assert client.get("/api/v1/themes/").status_code == 200
        refused = client.get(API)
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert refused.json()["detail"]
        # Counted per client: another address is still served.
        assert client.get(API, REMOTE_ADDR="192.0.2.7").status_code == 200
    finally:
        cache.clear()


@override_settings(API_RATE_LIMIT="")
def test_no_rate_limit_when_the_setting_is_empty(client, data):
    for _ in range(5):
        assert client.get("/api/v1/themes/").status_code == 200


# ---------------------------------------------------------------- public records only


def test_only_public_records_appear(client, data):
    listed = ids_of(api_pages(client, {}, 500))
    assert set(listed) == set(Recommendation.objects.public().values_list("pk", flat=True))
    slugs = [r["slug"] for r in client.get("/api/v1/roundtables/").json()["results"]]
    assert slugs == list(Roundtable.objects.published().order_by("summit__year", "code").values_list("slug", flat=True))
    assert "2016-3-3" not in slugs


@pytest.mark.parametrize("sort", ["-updated", "updated"])
def test_by_date_the_whole_list_is_paged_from_one_index_without_the_hidden_roundtables(client, data, sort):
    """Unfiltered, the page's ids come from the recommendations' table alone (an index in the
    order of the dates), leaving out the rows of roundtables not published, which the facet
    index knows; the rows are the public ones in the same order."""
    Recommendation.objects.filter(roundtable__status=Status.DRAFT).update(status=Status.PUBLISHED)
    hidden = Recommendation.objects.filter(status=Status.PUBLISHED, roundtable__status=Status.DRAFT)
    assert hidden.exists(), "published rows of a roundtable not published"
    order = ("-updated_at", "-id") if sort == "-updated" else ("updated_at", "id")
    expected = list(Recommendation.objects.public().order_by(*order).values_list("pk", flat=True))
    client.get(API, {"sort": sort})
    with CaptureQueriesContext(connection) as captured:
        pages = api_pages(client, {"sort": sort}, 7)
    assert ids_of(pages) == expected
    paging = [q["sql"] for q in captured if "ORDER BY" in q["sql"] and "updated_at" in q["sql"] and "LIMIT" in q["sql"]]
    assert paging, "each page's ids are read in the order of the dates"
    assert not any("roundtables_roundtable" in sql for sql in paging)


def test_a_roundtables_counts_and_roles(client, data):
    body = client.get("/api/v1/roundtables/2016-3-1/").json()
    assert body["co_chairs"] == ["Philippines", "Ethiopia"]
    assert body["rapporteurs"] == ["Morocco"]
    assert body["recommendation_count"] == Recommendation.objects.public().filter(roundtable__slug="2016-3-1").count()
    assert [(r["role"], r["country"]) for r in body["roles"]] == [
        ("co_chair", "PHL"),
        ("co_chair", "ETH"),
        ("rapporteur", "MAR"),
    ]


def test_the_real_roundtable_31_with_its_key_points_and_practices(client, portal_data):
    slug = Roundtable.objects.get(code="3.1").slug
    body = client.get(f"/api/v1/roundtables/{slug}/").json()
    assert body["co_chairs"] == ["Philippines", "Ethiopia"]
    assert body["rapporteurs"] == ["Morocco"]
    assert [point["number"] for point in body["key_points"]] == [1, 2, 3, 4, 5]
    assert [practice["country"] for practice in body["practices"]] == ["ARG", "PRT", "IRQ", "PHL"]
    french = client.get(f"/api/v1/roundtables/{slug}/", {"lang": "fr"}).json()
    assert french["co_chairs"] == ["Philippines", "Éthiopie"]


def test_reference_lists(client, portal_data):
    countries = client.get("/api/v1/countries/", {"page_size": 500}).json()
    assert countries["count"] == Country.objects.count()
    assert [c["iso3"] for c in countries["results"]] == sorted(Country.objects.values_list("iso3", flat=True))
    assert client.get("/api/v1/gcm/").json()["count"] == 23
    assert client.get("/api/v1/themes/").json()["count"] == Theme.objects.count()
    assert client.get("/api/v1/frameworks/").json()["results"][0]["slug"]
    assert client.get("/api/v1/sdg/").json()["results"][0]["code"]


def test_query_count_does_not_grow_with_the_page(client, data):
    def count(size):
        client.get(API, {"page_size": size})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(API, {"page_size": size}).status_code == 200
        return len(captured)

    assert count(1) == count(40)


# ---------------------------------------------------------------- schema and documentation


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_describes_every_endpoint_and_parameter(schema):
    assert set(schema["paths"]) >= {
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/roundtables/",
        "/api/v1/roundtables/{slug}/",
        "/api/v1/countries/",
        "/api/v1/themes/",
        "/api/v1/frameworks/",
        "/api/v1/gcm/",
        "/api/v1/sdg/",
    }
    listed = {p["name"] for p in schema["paths"]["/api/v1/recommendations/"]["get"]["parameters"]}
    assert listed >= {*PARAMETERS, "page", "page_size", "facets", "lang"}
    assert set(schema["paths"]["/api/v1/recommendations/"]) == {"get"}


def test_the_schemas_recommendation_has_the_exports_columns(schema):
    properties = schema["components"]["schemas"]["Recommendation"]["properties"]
    assert list(properties) == [*columns.COLUMNS, "links"]
    assert properties["themes"]["type"] == "array"


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_documentation_page_lists_every_endpoint(client, schema, language):
    response = client.get("/api/", headers={"Accept-Language": language}, follow=True)
    assert response.redirect_chain[-1][0] == f"/{language}/api/"
    assert response.status_code == 200
    page = response.content.decode()
    for path in schema["paths"]:
        assert path in page
    assert "/api/v1/openapi.json" in page
