"""On PostgreSQL the CSV and JSON come from COPY; they must be, byte for byte, what the ORM path writes."""

import csv
import io
import json
import threading

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Cast
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from recommendations.export import columns, copy_stream, orm, postgres_copy, streams, writers
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation
from roundtables.models import Country, Organisation, Roundtable

from .export_data import build, content

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

# PostgreSQL text cannot hold NUL; everything else can.
pg_texts = st.text(st.characters(exclude_characters="\0", exclude_categories=("Cs",)))
pg_texts = st.one_of(pg_texts, st.builds(str.__add__, st.sampled_from(list("=+-@\t\r\n'\",")), pg_texts))


def orm_csv(queryset, bom=False):
    """The ORM path's bytes for a queryset."""
    return "".join(writers.csv_chunks(orm.rows(queryset, "http://testserver"), bom=bom)).encode()


def orm_json(queryset):
    return "".join(writers.json_chunks(orm.records(queryset, "http://testserver"))).encode()


def filtered(query):
    filterset = RecommendationFilter(QueryDict(query), queryset=Recommendation.objects.public())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


@pytest.mark.parametrize(
    "query",
    [
        "",
        "theme=labour",
        "theme=labour&country=PHL",
        "country=MEX",
        "year=2018",
        "q=border",
        "sort=-updated",
        "sort=updated&theme=climate",
        "framework=gcm&actor=states",
        "q=no+such+words",
    ],
)
def test_copy_path_writes_the_same_bytes_as_the_orm_path(client, query):
    build()
    via_copy = content(client.get(f"/recommendations/export.csv?{query}"))
    assert via_copy == orm_csv(filtered(query))
    assert via_copy.count(b"\n") >= 1
    via_copy = content(client.get(f"/recommendations/export.json?{query}"))
    assert via_copy == orm_json(filtered(query))
    assert json.loads(via_copy) is not None


def test_copy_path_is_what_both_views_use_here(db):
    for stream in (
        streams.csv_stream(Recommendation.objects.public(), "http://testserver"),
        streams.json_stream(Recommendation.objects.public(), "http://testserver"),
    ):
        try:
            assert isinstance(stream._stream, copy_stream.CopyStream)
        finally:
            stream.close()


def test_copy_path_with_bom_matches_too(client):
    build()
    via_copy = content(client.get("/recommendations/export.csv?bom=1&theme=trafficking"))
    assert via_copy.startswith(b"\xef\xbb\xbf")
    assert via_copy == orm_csv(filtered("theme=trafficking"), bom=True)


def test_copy_path_matches_on_thousands_of_rows(client):
    call_command("generate_synthetic", count=2500, per_roundtable=100, stdout=io.StringIO())
    via_copy = content(client.get("/recommendations/export.csv"))
    assert via_copy.count(b"\n") > 2500
    assert via_copy == orm_csv(Recommendation.objects.public())
    via_copy = content(client.get("/recommendations/export.json"))
    assert len(json.loads(via_copy)) == 2500
    assert via_copy == orm_json(Recommendation.objects.public())


@settings(max_examples=150, deadline=None)
@given(pg_texts)
def test_sql_neutralise_is_pythons(value):
    with connection.cursor() as cursor:
        sql, params = (
            Recommendation.objects.none()
            .query.get_compiler("default")
            .compile(postgres_copy.Neutralised(Value(value, output_field=TextField())))
        )
        cursor.execute(f"SELECT {sql}", params)
        assert cursor.fetchone()[0] == columns.neutralise(value)


@settings(max_examples=150, deadline=None)
@given(pg_texts)
def test_sql_to_json_is_json_dumps(value):
    with connection.cursor() as cursor:
        sql, params = (
            Recommendation.objects.none()
            .query.get_compiler("default")
            .compile(postgres_copy.ToJson(Cast(Value(value), TextField())))
        )
        cursor.execute(f"SELECT {sql}", params)
        assert cursor.fetchone()[0] == json.dumps(value, ensure_ascii=False)


def test_empty_json_export_is_an_empty_array(client):
    assert content(client.get("/recommendations/export.json")) == b"[]\n" == orm_json(Recommendation.objects.none())


def sql_cell(value):
    """The COPY path's cell for a string: neutralised in SQL, NULL when empty."""
    compiler = Recommendation.objects.none().query.get_compiler("default")
    return compiler.compile(postgres_copy.text_cell(Value(value, output_field=TextField())))


@settings(max_examples=150, deadline=None)
@given(st.lists(pg_texts, min_size=2, max_size=6))
def test_copy_writes_any_strings_as_csv_line_does(values):
    """PostgreSQL's CSV writer over SQL-neutralised cells is csv_line() over the same strings."""
    parts = [sql_cell(value) for value in values]
    select = ", ".join(sql for sql, _ in parts)
    params = [param for _, cell_params in parts for param in cell_params]
    with connection.cursor() as cursor:
        statement = cursor.mogrify(f"COPY (SELECT {select}) TO STDOUT WITH (FORMAT csv)", params).decode()
        sink = io.BytesIO()
        cursor.copy_expert(statement, sink)
    assert sink.getvalue().decode() == writers.csv_line(values)


def settings_now():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_nestloop'), current_setting('jit')")
        return cursor.fetchone()


def stop_early():
    """Start a COPY of 3,000 rows, take one small chunk, close: what a client that goes away does."""
    call_command("generate_synthetic", count=3000, per_roundtable=100, stdout=io.StringIO())
    before = settings_now()
    stream = copy_stream.CopyStream(
        postgres_copy.copy_sql(Recommendation.objects.public(), "http://x"), chunk_bytes=4096
    )
    assert next(stream)
    stream.close()
    assert not stream._thread.is_alive()
    assert list(stream) == []
    assert not any(thread.name == "csv-copy" and thread.is_alive() for thread in threading.enumerate())
    assert settings_now() == before
    assert Recommendation.objects.count() == 3000


def test_closing_early_inside_a_transaction_leaves_it_usable():
    stop_early()
    assert connection.in_atomic_block


@pytest.mark.django_db(transaction=True)
def test_closing_early_in_autocommit_leaves_no_transaction_open():
    stop_early()
    assert connection.connection.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE


def test_a_failing_statement_raises_before_any_response_and_the_transaction_goes_on():
    before = settings_now()
    with pytest.raises(psycopg2.errors.DivisionByZero):
        copy_stream.CopyStream("COPY (SELECT 1 / 0) TO STDOUT").prime()
    assert settings_now() == before
    assert Recommendation.objects.count() == 0


def test_copy_settings_apply_to_the_copy_only():
    stream = copy_stream.CopyStream(
        "COPY (SELECT current_setting('enable_nestloop'), current_setting('jit')) TO STDOUT WITH (FORMAT csv)"
    )
    assert b"".join(stream) == b"off,off\n"
    assert settings_now() != ("off", "off")


def test_a_distinct_queryset_ordered_by_another_table_exports_the_same_bytes():
    """DISTINCT with an ORDER BY outside the select list makes Django add columns; COPY drops them."""
    build()
    queryset = (
        Recommendation.objects.public()
        .filter(themes__slug__in=["labour", "climate"])
        .distinct()
        .order_by("roundtable__title", "-number")
    )
    via_copy = b"".join(streams.csv_stream(queryset, "http://testserver"))
    assert via_copy == orm_csv(queryset)
    ids = [int(row[0]) for row in list(csv.reader(io.StringIO(via_copy.decode(), newline="")))[1:]]
    assert len(ids) == len(set(ids)) == queryset.count()


def test_real_fixtures_export_the_same_bytes_on_both_paths(client, portal_data):
    assert content(client.get("/recommendations/export.csv")) == orm_csv(Recommendation.objects.public())
    assert content(client.get("/recommendations/export.json")) == orm_json(Recommendation.objects.public())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_copy_and_orm_paths_write_identical_bytes_for_awkward_rows_in_every_language(language):
    """Quotes, line breaks, formula triggers, empty lists and non-ASCII text, in English, French and Spanish."""
    build()
    first, second = Recommendation.objects.public().order_by("pk")[:2]
    Recommendation.objects.filter(pk=first.pk).update(
        text_fr='=SOMME("a", "b")\nligne deux', text_es='«Ñandú», dijo: "sí"\nfin'
    )
    Recommendation.objects.filter(pk=second.pk).update(text_fr="", text_es="+34 移民, مهاجر")
    for relation in ("themes", "frameworks", "actors"):
        getattr(second, relation).clear()
    Roundtable.objects.filter(pk=first.roundtable_id).update(
        title_fr='-Principes, "institutions"', title_es="@Mesa redonda: ¿qué?"
    )
    Country.objects.filter(pk="PHL").update(name_fr="Philippines (les)", name_es="Filipinas, República de")
    Organisation.objects.filter(slug="iom").update(name_fr="Organisation internationale pour les migrations")
    queryset = Recommendation.objects.public()

    via_copy = b"".join(streams.csv_stream(queryset, "http://testserver", language=language))
    via_orm = "".join(writers.csv_chunks(orm.rows(queryset, "http://testserver", language=language))).encode()
    assert via_copy == via_orm
    json_via_copy = b"".join(streams.json_stream(queryset, "http://testserver", language=language))
    json_via_orm = "".join(writers.json_chunks(orm.rows(queryset, "http://testserver", language=language))).encode()
    assert json_via_copy == json_via_orm

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(via_copy.decode(), newline=""))}
    expected_text = {
        "en": (first.text, second.text),
        "fr": ('\'=SOMME("a", "b")\nligne deux', second.text),
        "es": ('«Ñandú», dijo: "sí"\nfin', "'+34 移民, مهاجر"),
    }[language]
    assert (rows[str(first.pk)]["text"], rows[str(second.pk)]["text"]) == expected_text
    assert [rows[str(second.pk)][name] for name in ("themes", "frameworks", "actors")] == ["", "", ""]
    assert {record["id"]: record for record in json.loads(json_via_copy)}[second.pk]["themes"] == []
