"""Full-text search: ranked and stemmed on PostgreSQL, every word must match on SQLite, both highlighted."""

import re

import pytest
from django.db import connection

from . import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


@pytest.fixture
def texts(db):
    roundtable = factories.roundtable()
    make = factories.recommendation
    return {
        "both": make(roundtable, 1, "Combat human trafficking and protect victims of abuse"),
        "excerpt": make(
            roundtable, 2, "Protect victims of exploitation", source_excerpt="victims of trafficking networks"
        ),
        "labour": make(roundtable, 3, "Open pathways for LABOUR mobility"),
        "trafficked": make(roundtable, 4, "Support people who were trafficked across borders"),
        "markup": make(roundtable, 5, "Counter <b>trafficking</b> & smuggling"),
    }


def found(client, query):
    response = client.get("/en/recommendations/", {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return response


def keys(texts, response):
    by_pk = {rec.pk: key for key, rec in texts.items()}
    return [by_pk[r.pk] for r in response.context["recommendations"]]


def test_every_word_must_match(client, texts):
    assert keys(texts, found(client, "trafficking victims")) == ["both", "excerpt"]


def test_search_is_case_insensitive(client, texts):
    assert keys(texts, found(client, "labour")) == ["labour"]
    assert keys(texts, found(client, "LaBoUr MOBILITY")) == ["labour"]


def test_search_reads_the_source_excerpt_too(client, texts):
    assert "excerpt" in keys(texts, found(client, "networks"))


def test_a_minus_excludes_a_word(client, texts):
    assert keys(texts, found(client, "victims -abuse")) == ["excerpt"]


def test_relevance_is_the_default_order_when_searching(client, texts):
    response = found(client, "trafficking")
    assert response.context["sort"] == "relevance"
    ranked = keys(texts, response)
    # A match in the text ranks above a match only in the source excerpt.
    assert ranked.index("both") < ranked.index("excerpt")
    assert ranked.index("markup") < ranked.index("excerpt")


def test_roundtable_order_can_still_be_chosen_when_searching(client, texts):
    response = found(client, {"q": "trafficking", "sort": "roundtable"})
    assert keys(texts, response) == sorted(keys(texts, response), key=lambda k: texts[k].number)


def test_relevance_without_a_search_falls_back_to_roundtable_order(client, texts):
    response = found(client, {"sort": "relevance"})
    assert response.context["sort"] == "roundtable"
    assert keys(texts, response) == ["both", "excerpt", "labour", "trafficked", "markup"]


def test_matches_are_highlighted_and_the_text_stays_escaped(client, texts):
    html = found(client, "trafficking").content.decode()
    items = re.findall(r'<p class="result-text">(.*?)</p>', html)
    assert "Combat human <mark>trafficking</mark> and protect victims of abuse" in items
    assert "Counter &lt;b&gt;<mark>trafficking</mark>&lt;/b&gt; &amp; smuggling" in items


def test_search_combines_with_facets(client, texts):
    theme = factories.theme("trafficking")
    texts["both"].themes.add(theme)
    assert keys(texts, found(client, {"q": "victims", "theme": "trafficking"})) == ["both"]


@sqlite_only
def test_sqlite_fallback_matches_words_literally(client, texts):
    assert keys(texts, found(client, "trafficked")) == ["trafficked"]
    assert "both" not in keys(texts, found(client, "trafficked"))


@sqlite_only
def test_sqlite_database_has_no_search_vector_column(db):
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "recommendations_recommendation")
        ]
    assert "search_vector" not in columns


@postgres_only
def test_postgres_search_stems_words(client, texts):
    assert set(keys(texts, found(client, "trafficked"))) == {"both", "excerpt", "trafficked", "markup"}


@postgres_only
def test_postgres_highlights_stemmed_matches(client, texts):
    html = found(client, "trafficked").content.decode()
    assert "Support people who were <mark>trafficked</mark> across borders" in html
    assert "Combat human <mark>trafficking</mark> and protect" in html


@postgres_only
def test_postgres_understands_phrases(client, texts):
    assert keys(texts, found(client, '"human trafficking"')) == ["both"]


@postgres_only
def test_postgres_says_when_a_search_has_only_common_words(client, texts):
    html = found(client, "the and").content.decode()
    assert "has only very common words" in html


@postgres_only
def test_postgres_search_vector_is_a_stored_generated_column_with_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated, generation_expression FROM information_schema.columns"
            " WHERE table_name = 'recommendations_recommendation' AND column_name = 'search_vector'"
        )
        generated, expression = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'recommendations_recommendation'"
            " AND indexname = 'recommendation_search_vector'"
        )
        (index,) = cursor.fetchone()
    assert generated == "ALWAYS"
    assert "setweight(to_tsvector('english'::regconfig" in expression and "'A'" in expression and "'B'" in expression
    assert "USING gin (search_vector)" in index


@postgres_only
def test_postgres_search_predicate_can_use_the_gin_index(texts):
    from recommendations.models import Recommendation
    from recommendations.search import search

    sql, params = search(Recommendation.objects.order_by(), "trafficking").values("id").query.sql_with_params()
    where = sql.split(" WHERE ", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM recommendations_recommendation WHERE {where}", params)  # noqa: S608
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert '"search_vector" @@' in where
    assert "Bitmap Index Scan on recommendation_search_vector" in plan, plan


def test_a_searched_filterset_can_be_counted_and_aggregated(texts):
    """Counting the FilterSet's queryset (as scripts and the bench do) works on both databases."""
    from recommendations.filters import RecommendationFilter
    from recommendations.models import Recommendation

    filterset = RecommendationFilter({"q": "trafficking"}, queryset=Recommendation.objects.public())
    expected = {"both", "excerpt", "markup"} | ({"trafficked"} if connection.vendor == "postgresql" else set())
    assert filterset.qs.count() == len(expected)
    assert set(filterset.qs.values_list("pk", flat=True)) == {texts[key].pk for key in expected}
