"""Full-text search: stemmed and ranked on both databases (vectors on PostgreSQL, FTS5 on SQLite), highlighted."""

import re

import pytest
from django.db import connection

from . import factories
from .sqlite_files import migrated_file

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
    by_pk = {rec.pk: key for key, rec in texts.items() if hasattr(rec, "roundtable_id")}
    return [by_pk[r.pk] for r in response.context["recommendations"]]


def test_every_word_must_match(client, texts):
    assert set(keys(texts, found(client, "trafficking victims"))) == {"both", "excerpt"}


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
def test_sqlite_database_has_no_search_vector_column(db):
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "recommendations_recommendation")
        ]
    assert "search_vector" not in columns


def test_search_stems_english_words(client, texts):
    assert set(keys(texts, found(client, "trafficked"))) == {"both", "excerpt", "trafficked", "markup"}


def test_stemmed_matches_are_highlighted(client, texts):
    html = found(client, "trafficked").content.decode()
    assert "Support people who were <mark>trafficked</mark> across borders" in html
    assert "Combat human <mark>trafficking</mark> and protect" in html


def test_search_understands_phrases(client, texts):
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
    expected = {"both", "excerpt", "markup", "trafficked"}
    assert filterset.qs.count() == len(expected)
    assert set(filterset.qs.values_list("pk", flat=True)) == {texts[key].pk for key in expected}


# ---------------------------------------------------------------- phrases


@pytest.fixture
def rights(db):
    roundtable = factories.roundtable()
    make = factories.recommendation
    return {
        "phrase": make(roundtable, 1, "Respect the human rights of all migrants"),
        "apart": make(roundtable, 2, "Human mobility needs rights-based policies"),
        "reversed": make(roundtable, 3, "Labour rights and human dignity at work"),
    }


def test_a_quoted_phrase_needs_its_words_together_and_in_order(client, rights):
    assert keys(rights, found(client, '"human rights"')) == ["phrase"]
    assert keys(rights, found(client, '"rights human"')) == []
    # Unquoted, the words may be anywhere.
    assert set(keys(rights, found(client, "rights human"))) == {"phrase", "apart", "reversed"}


def test_a_quoted_phrase_may_span_a_line_break(client, rights):
    factories.recommendation(rights["phrase"].roundtable, 4, "Protect human\nrights defenders")
    assert len(found(client, '"human rights defenders"').context["recommendations"]) == 1


def test_a_minus_excludes_a_phrase_not_its_words(client, rights):
    assert set(keys(rights, found(client, 'rights -"human rights"'))) == {"apart", "reversed"}


def test_a_phrase_costs_no_more_queries_than_the_same_words(client, rights, django_assert_max_num_queries):
    from django.db import connection as db_connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db_connection) as words_only:
        found(client, "human rights")
    with django_assert_max_num_queries(len(words_only.captured_queries)):
        found(client, '"human rights"')


# ---------------------------------------------------------------- what a recommendation is about


@pytest.fixture
def tagged(db):
    from alignment.models import Alignment, GcmObjective
    from roundtables.models import Framework

    roundtable = factories.roundtable()
    trafficking = factories.theme("trafficking", "Human trafficking")
    trafficking.name_es, trafficking.name_fr = "Trata de personas", "Traite des personnes"
    trafficking.save()
    tagged = factories.recommendation(roundtable, 1, "Protect victims of exploitation", themes=[trafficking])
    cited = factories.recommendation(roundtable, 2, "Build on existing agreements")
    framework = Framework.objects.create(
        slug="mgf", name="Migration Governance Framework", short_name="MiGOF", kind="framework"
    )
    cited.frameworks.add(framework)
    aligned = factories.recommendation(roundtable, 3, "Strengthen consular networks")
    objective = GcmObjective.objects.create(
        number=14,
        short_title="Consular protection",
        short_title_es="Protección consular",
        title="Enhance consular protection, assistance and cooperation throughout the migration cycle",
        source_reference="A/RES/73/195",
    )
    Alignment.objects.create(recommendation=aligned, gcm_objective=objective, rationale="Consular assistance.")
    other = factories.recommendation(roundtable, 4, "Open pathways for labour mobility")
    return {"tagged": tagged, "cited": cited, "aligned": aligned, "other": other, "theme": trafficking}


def search_in(client, language, query):
    response = client.get(f"/{language}/recommendations/", {"q": query})
    assert response.status_code == 200
    return response


def test_search_matches_a_theme_name_in_the_page_language(client, tagged):
    assert keys(tagged, search_in(client, "es", "trata")) == ["tagged"]
    assert keys(tagged, search_in(client, "fr", "traite")) == ["tagged"]
    # An English page does not read the Spanish name.
    assert keys(tagged, search_in(client, "en", "trata")) == []
    assert keys(tagged, search_in(client, "en", "trafficking")) == ["tagged"]


def test_search_matches_framework_and_gcm_objective_names(client, tagged):
    assert keys(tagged, search_in(client, "en", "MiGOF")) == ["cited"]
    assert keys(tagged, search_in(client, "en", "governance")) == ["cited"]
    assert keys(tagged, search_in(client, "es", "protección")) == ["aligned"]
    # Not yet translated into French: the English name is searched.
    assert keys(tagged, search_in(client, "fr", "consular protection")) == ["aligned"]


def test_renaming_a_theme_changes_what_finds_it(client, tagged):
    from roundtables.models import Theme

    # queryset.update() sends no signal: the database keeps the names right.
    Theme.objects.filter(pk=tagged["theme"].pk).update(name_es="Tráfico de seres humanos")
    assert keys(tagged, search_in(client, "es", "trata")) == []
    assert keys(tagged, search_in(client, "es", "seres humanos")) == ["tagged"]


def test_changing_a_recommendations_themes_changes_what_finds_it(client, tagged):
    tagged["tagged"].themes.remove(tagged["theme"])
    tagged["other"].themes.add(tagged["theme"])
    assert keys(tagged, search_in(client, "es", "trata")) == ["other"]


def test_deleting_an_alignment_removes_the_objective_name(client, tagged):
    tagged["aligned"].alignments.all().delete()
    assert keys(tagged, search_in(client, "es", "protección")) == []


def test_the_names_are_stored_in_each_language(tagged):
    from recommendations.models import Recommendation

    stored = Recommendation.objects.values("topics", "topics_fr", "topics_es").get(pk=tagged["cited"].pk)
    # No French or Spanish name entered: the English one stands in.
    assert stored == {
        "topics": "Migration Governance Framework MiGOF",
        "topics_fr": "Migration Governance Framework MiGOF",
        "topics_es": "Migration Governance Framework MiGOF",
    }


def test_a_text_match_ranks_above_a_theme_name_match(client, tagged):
    text_match = factories.recommendation(tagged["tagged"].roundtable, 5, "End human trafficking now")
    tagged["text"] = text_match
    assert keys(tagged, search_in(client, "en", "trafficking")) == ["text", "tagged"]


def test_migrate_puts_back_missing_triggers_and_recomputes_the_names(tagged):
    from django.db import connection as db_connection

    from recommendations import topics
    from recommendations.models import Recommendation

    topics.uninstall(db_connection)
    assert not topics.installed(db_connection)
    Recommendation.objects.filter(pk=tagged["tagged"].pk).update(topics="", topics_es="")
    topics.reinstall_after_migrate(sender=None, using="default")
    assert topics.installed(db_connection)
    assert Recommendation.objects.get(pk=tagged["tagged"].pk).topics_es == "Trata de personas"


def test_a_save_that_writes_stale_names_gets_the_right_ones_back(tagged):
    """A revert saves the version's fields, which do not hold the names: they are put back."""
    from recommendations.models import Recommendation

    recommendation = Recommendation.objects.get(pk=tagged["tagged"].pk)
    recommendation.topics = recommendation.topics_es = ""
    recommendation.save()
    stored = Recommendation.objects.values("topics", "topics_es").get(pk=recommendation.pk)
    assert stored == {"topics": "Human trafficking", "topics_es": "Trata de personas"}


@postgres_only
def test_postgres_vectors_include_the_names_in_each_language(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, generation_expression FROM information_schema.columns"
            " WHERE table_name = 'recommendations_recommendation' AND column_name LIKE 'search_vector%%'"
        )
        expressions = dict(cursor.fetchall())
    assert set(expressions) == {"search_vector", "search_vector_fr", "search_vector_es"}
    assert "topics," in expressions["search_vector"] and "english" in expressions["search_vector"]
    assert "topics_fr" in expressions["search_vector_fr"] and "french" in expressions["search_vector_fr"]
    assert "topics_es" in expressions["search_vector_es"] and "spanish" in expressions["search_vector_es"]


# ---------------------------------------------------------------- the sort select


def test_the_sort_select_defaults_to_an_empty_choice_so_a_new_search_is_ranked(client, rights):
    html = found(client, {}).content.decode()
    select = re.search(r'<select name="sort".*?</select>', html, re.S).group()
    assert re.search(r'<option value="" selected>', select), select
    assert 'value="roundtable"' not in select
    # Submitting the form as it stands sends sort="": the search is ranked.
    response = found(client, {"q": "human rights", "sort": ""})
    assert response.context["sort"] == "relevance"
    select = re.search(r'<select name="sort".*?</select>', response.content.decode(), re.S).group()
    assert re.search(r'<option value="" selected>Relevance</option>', select), select
    assert re.search(r'<option value="roundtable">', select), select


def test_a_chosen_sort_stays_chosen_when_searching(client, rights):
    response = found(client, {"q": "human rights", "sort": "-updated"})
    select = re.search(r'<select name="sort".*?</select>', response.content.decode(), re.S).group()
    assert '<option value="-updated" selected>' in select
    assert '<option value="" selected>' not in select


@sqlite_only
def test_the_migrate_command_puts_back_the_names_triggers(tmp_path):
    """The real command in its own process: a trigger a table rebuild dropped comes back."""
    database = migrated_file(tmp_path)
    installed = database.triggers("topics_")
    # Six tables: the theme and framework links, alignments, themes, frameworks, GCM objectives;
    # and one on recommendations, for a save that writes other names over theirs.
    assert len(installed) == 6 * 3 + 1
    database.drop_triggers(["topics_roundtables_theme_update"])
    database.migrate()
    assert database.triggers("topics_") == installed
