"""The search on SQLite's FTS5 index and on PostgreSQL's vectors: the same words find the same
recommendations, in a comparable order, whatever wrote the row; nothing typed breaks it.

Every test that is not marked for one database runs on both (CI runs the suite on each), with
the expected recommendations written out by hand.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gfmd_portal.publishing import Status

from . import factories

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stop words")


@pytest.fixture
def corpus(db):
    roundtable = factories.roundtable()
    trafficking = factories.theme("trafficking", "Human trafficking")
    make = factories.recommendation
    return {
        "a": make(roundtable, 1, "Combat human trafficking and protect victims of abuse"),
        "b": make(roundtable, 2, "Support people who were trafficked across borders"),
        "c": make(roundtable, 3, "Protect the rights of migrant workers in recruitment"),
        "d": make(roundtable, 4, "Lower the cost of remittances sent home by the diaspora"),
        "e": make(roundtable, 5, "Engage diaspora organisations in development planning"),
        "f": make(roundtable, 6, "Strengthen labour migration data", themes=[trafficking]),
        "g": make(roundtable, 7, "Review national policies", source_excerpt="recruitment fees charged to workers"),
        "h": make(roundtable, 8, "Combat trafficking at sea", status=Status.DRAFT),
        "i": make(
            roundtable,
            9,
            "Promote circular mobility",
            text_fr="Promouvoir la mobilité circulaire des travailleurs",
        ),
        "theme": trafficking,
    }


def listed(client, query, language="en"):
    response = client.get(f"/{language}/recommendations/", {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return response


def keys(corpus, response):
    by_pk = {rec.pk: key for key, rec in corpus.items() if hasattr(rec, "roundtable_id")}
    return [by_pk[row.pk] for row in response.context["recommendations"]]


def found(client, corpus, query, language="en"):
    return set(keys(corpus, listed(client, query, language)))


# ---------------------------------------------------------------- the same words find the same recommendations


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("trafficking", {"a", "b", "f"}),  # "trafficked" by its stem; f by its theme's name; never the draft
        ("TRAFFICKED", {"a", "b", "f"}),
        ("protect the victims", {"a"}),  # "the" is a stop word on both
        ("protect victims", {"a"}),
        ('"human trafficking"', {"a", "f"}),
        ('"trafficking human"', set()),
        ("diaspora -remittances", {"e"}),
        ("remittances or recruitment", {"c", "d", "g"}),  # g by its source excerpt
        ("workers", {"c", "g"}),
        ("recruitment fees", {"g"}),
        ("circular", {"i"}),
        ("travailleurs", set()),  # French text is not read by an English search
        ("nothing-like-this", set()),
    ],
)
def test_the_same_words_find_the_same_recommendations(client, corpus, query, expected):
    assert found(client, corpus, query) == expected


def test_a_french_search_reads_the_french_text_and_the_english(client, corpus):
    assert found(client, corpus, "travailleurs", "fr") == {"i"}
    assert found(client, corpus, "trafficking", "fr") == {"a", "b", "f"}
    # "la" is a French stop word: a French search leaves it out, as PostgreSQL's french does.
    assert found(client, corpus, "la mobilité", "fr") == {"i"}


def test_every_word_must_be_in_the_same_language(client, corpus):
    """PostgreSQL matches each language's vector on its own; so does the FTS5 expression."""
    assert found(client, corpus, "travailleurs circular", "fr") == set()


def test_a_search_of_only_common_words_says_so(client, corpus):
    html = listed(client, "the and").content.decode()
    assert "has only very common words" in html


@sqlite_only
def test_sqlite_matches_word_prefixes_with_a_star(client, corpus):
    assert found(client, corpus, "remit*") == {"d"}
    assert found(client, corpus, "dias* -remit*") == {"e"}


# ---------------------------------------------------------------- the order


def test_a_match_in_the_text_ranks_above_one_in_the_names_or_the_source(client, corpus):
    assert keys(corpus, listed(client, "recruitment")) == ["c", "g"]
    order = keys(corpus, listed(client, "trafficking"))
    assert set(order[:2]) == {"a", "b"} and order[2] == "f"


def test_a_ranked_search_pages_without_overlap(client, settings):
    roundtable = factories.roundtable()
    for n in range(1, 2 * settings.PAGE_SIZE + 4):
        factories.recommendation(roundtable, n, f"Diaspora bonds, proposal {n}")
    first = listed(client, {"q": "diaspora", "page": 1}).context["recommendations"]
    second = listed(client, {"q": "diaspora", "page": 2}).context["recommendations"]
    third = listed(client, {"q": "diaspora", "page": 3}).context["recommendations"]
    seen = [row.pk for row in [*first, *second, *third]]
    assert len(first) == len(second) == settings.PAGE_SIZE and len(third) == 3
    assert len(set(seen)) == len(seen) == 2 * settings.PAGE_SIZE + 3


def test_a_ranked_search_keeps_the_other_filters(client, corpus):
    other = factories.roundtable("3.2")
    factories.recommendation(other, 1, "Recruitment agencies must be licensed")
    assert keys(corpus, listed(client, {"q": "recruitment", "roundtable": corpus["c"].roundtable.slug})) == ["c", "g"]


def test_the_export_of_a_search_is_in_the_lists_order(client, corpus):
    shown = [row.pk for row in listed(client, "trafficking or recruitment").context["recommendations"]]
    response = client.get("/recommendations/export.csv", {"q": "trafficking or recruitment"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(body))]
    assert ids == shown
    assert set(ids) == {corpus[key].pk for key in ("a", "b", "c", "f", "g")}


def test_the_api_pages_a_search_in_the_lists_order(client, corpus):
    shown = [row.pk for row in listed(client, "trafficking or recruitment").context["recommendations"]]
    response = client.get("/api/v1/recommendations/", {"q": "trafficking or recruitment"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == shown


# ---------------------------------------------------------------- highlights


def test_matches_are_marked_stems_included(client, corpus):
    html = listed(client, "trafficked").content.decode()
    assert "Combat human <mark>trafficking</mark> and protect" in html
    assert "Support people who were <mark>trafficked</mark> across borders" in html


def test_a_french_page_marks_the_french_text(client, corpus):
    html = listed(client, "travailleurs", "fr").content.decode()
    assert "mobilité circulaire des <mark>travailleurs</mark>" in html


def test_marked_text_is_escaped(client):
    factories.recommendation(factories.roundtable(), 1, "Counter <b>trafficking</b> & smuggling")
    html = listed(client, "trafficking").content.decode()
    assert "Counter &lt;b&gt;<mark>trafficking</mark>&lt;/b&gt; &amp; smuggling" in html


# ---------------------------------------------------------------- every write path keeps the index


def test_every_write_path_keeps_the_search_in_step(client, corpus):
    from recommendations.models import Recommendation

    a, b = corpus["a"], corpus["b"]
    a.text = "Protect seasonal farm workers"
    a.save()
    assert "a" not in found(client, corpus, "abuse") and "a" in found(client, corpus, "seasonal")
    Recommendation.objects.filter(pk=b.pk).update(text="Open consular offices abroad")
    assert found(client, corpus, "consular") == {"b"}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE recommendations_recommendation SET text = %s WHERE id = %s", ["Fund sea rescue", b.pk])
    assert found(client, corpus, "rescue") == {"b"} and found(client, corpus, "consular") == set()
    Recommendation.objects.filter(pk=corpus["i"].pk).update(text_fr="Protéger les pêcheurs")
    assert found(client, corpus, "pêcheurs", "fr") == {"i"}
    corpus["e"].delete()
    assert found(client, corpus, "diaspora") == {"d"}
    Recommendation.objects.filter(pk=corpus["d"].pk).delete()
    assert found(client, corpus, "diaspora") == set()
    created = factories.recommendation(corpus["c"].roundtable, 20, "Map diaspora skills")
    assert [row.pk for row in listed(client, "diaspora").context["recommendations"]] == [created.pk]


def test_names_and_links_of_themes_keep_the_search_in_step(client, corpus):
    theme = corpus["theme"]
    theme.name = "Smuggling of migrants"
    theme.save()
    assert found(client, corpus, "smuggling") == {"f"}
    assert found(client, corpus, "trafficking") == {"a", "b"}
    corpus["c"].themes.add(theme)
    assert found(client, corpus, "smuggling") == {"c", "f"}
    corpus["f"].themes.remove(theme)
    assert found(client, corpus, "smuggling") == {"c"}


def test_publishing_and_unpublishing_show_and_hide_a_match(client, corpus):
    from recommendations.models import Recommendation

    Recommendation.objects.filter(pk=corpus["h"].pk).update(status=Status.PUBLISHED)
    assert found(client, corpus, "sea") == {"h"}
    Recommendation.objects.filter(pk=corpus["h"].pk).update(status=Status.DRAFT)
    assert found(client, corpus, "sea") == set()


@sqlite_only
def test_the_index_holds_one_row_per_recommendation_with_its_text(corpus):
    from recommendations import fts
    from recommendations.models import Recommendation

    corpus["a"].delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, text, topics FROM {fts.TABLE} ORDER BY rowid")  # noqa: S608
        indexed = cursor.fetchall()
    stored = list(Recommendation.objects.order_by("id").values_list("id", "text", "topics"))
    assert indexed == stored
    assert (corpus["f"].pk, "Strengthen labour migration data", "Human trafficking") in indexed


@sqlite_only
def test_missing_triggers_are_put_back_after_migrate_and_the_index_rebuilt(client, corpus):
    from recommendations import fts
    from recommendations.models import Recommendation

    with connection.cursor() as cursor:
        for name in fts.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    assert not fts.installed(connection)
    Recommendation.objects.filter(pk=corpus["b"].pk).update(text="Open consular offices abroad")
    assert found(client, corpus, "consular") == set()  # the index missed the write
    fts.reinstall_after_migrate(sender=None, using="default")
    assert fts.installed(connection)
    assert found(client, corpus, "consular") == {"b"}


# ---------------------------------------------------------------- what is typed is never syntax


@pytest.mark.parametrize(
    "query",
    [
        "NEAR(trafficking victims)",
        "trafficking AND",
        "OR trafficking",
        '"unclosed quote',
        "^trafficking",
        "text:trafficking",
        "{text}: trafficking",
        "(trafficking",
        "trafficking)",
        "*",
        "-",
        '""',
        "NOT trafficking",
        "'; DROP TABLE recommendations_search; --",
        "traffick*ing",
        "victims -",
    ],
)
def test_search_syntax_typed_by_a_user_is_read_as_words(client, corpus, query):
    response = client.get("/en/recommendations/", {"q": query})
    assert response.status_code == 200
    assert found(client, corpus, "trafficking") == {"a", "b", "f"}  # nothing was dropped


def test_operator_words_are_searched_as_words(client):
    roundtable = factories.roundtable()
    near = factories.recommendation(roundtable, 1, "Services near borders")
    factories.recommendation(roundtable, 2, "Services at borders")
    response = listed(client, "near borders")
    assert [row.pk for row in response.context["recommendations"]] == [near.pk]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from('abc -"*():^{}ORNEA\u00e9\u2019.'), min_size=1, max_size=20))
def test_any_search_is_answered_without_an_error(client, corpus, query):
    response = client.get("/en/recommendations/", {"q": query})
    assert response.status_code != 500


# ---------------------------------------------------------------- the cost


def test_a_ranked_page_ranks_once_and_not_once_per_row(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        listed(client, "trafficking or recruitment")
    sqls = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "sqlite":
        assert sum("bm25(" in sql for sql in sqls) == 1
        assert not any("AND rowid = " in sql for sql in sqls)
    else:
        assert sum("ts_rank(" in sql for sql in sqls) == 1


@postgres_only
def test_the_stop_word_lists_are_postgresqls_own(db):
    """Every stop word the FTS5 expression leaves out is one PostgreSQL's configuration drops."""
    from recommendations import fts
    from recommendations.search import SEARCH_CONFIGS

    with connection.cursor() as cursor:
        for language, config in SEARCH_CONFIGS.items():
            words = sorted(fts.stop_words(language))
            cursor.execute("SELECT numnode(to_tsquery(%s::regconfig, %s))", [config, " | ".join(words)])
            assert cursor.fetchone()[0] == 0, language
            cursor.execute("SELECT numnode(to_tsquery(%s::regconfig, %s))", [config, "trafficking"])
            assert cursor.fetchone()[0] == 1


def test_a_search_sorted_by_date_of_change_counts_and_orders_its_matches(client, corpus):
    from recommendations.models import Recommendation

    Recommendation.objects.filter(pk=corpus["g"].pk).update(updated_at="2030-01-01T00:00:00Z")
    response = listed(client, {"q": "recruitment or trafficking", "sort": "-updated"})
    assert response.context["total"] == 5
    assert keys(corpus, response)[0] == "g"
    assert set(keys(corpus, response)) == {"a", "b", "c", "f", "g"}
    oldest = listed(client, {"q": "recruitment or trafficking", "sort": "updated"})
    assert keys(corpus, oldest)[-1] == "g"


def test_a_search_asked_again_reads_its_matches_once_until_a_write(client, corpus):
    from recommendations.models import Recommendation

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            response = listed(client, query)
        return response, len(captured)

    listed(client, "diaspora")  # the facet index is read
    _response, first = queries("recruitment")
    response, again = queries("recruitment")
    assert again == first - 1  # the search's matches are not read again
    assert keys(corpus, response) == ["c", "g"]
    Recommendation.objects.filter(pk=corpus["e"].pk).update(text="Fair recruitment for diaspora workers")
    response, after_write = queries("recruitment")
    assert set(keys(corpus, response)) == {"c", "e", "g"}
    assert after_write > again
