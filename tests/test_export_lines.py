"""The exports read the lines kept ready (export/lines.py), which SQLite and PostgreSQL write
themselves (export/line_sql.py): byte for byte what the ORM path writes, brought up to date
where a write touched them and nowhere else."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import TextField, Value
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.models import FollowUp
from recommendations.export import line_sql, lines, orm, streams, writers
from recommendations.filters import RecommendationFilter
from recommendations.models import ExportLine, Recommendation
from roundtables.models import Country, Organisation, Roundtable, Theme

from .export_data import build, content
from .test_facet_cache import WRITES, build_world, fixture_loaded

pytestmark = pytest.mark.django_db

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
def test_the_stored_lines_are_the_orm_paths_bytes(client, query):
    build()
    via_copy = content(client.get(f"/recommendations/export.csv?{query}"))
    assert via_copy == orm_csv(filtered(query))
    assert via_copy.count(b"\n") >= 1
    via_copy = content(client.get(f"/recommendations/export.json?{query}"))
    assert via_copy == orm_json(filtered(query))
    assert json.loads(via_copy) is not None


def test_both_views_read_the_stored_lines(client):
    build()
    assert lines.supported()
    content(client.get("/recommendations/export.csv"))
    content(client.get("/recommendations/export.json?lang=fr"))
    assert sorted(set(ExportLine.objects.values_list("variant", flat=True))) == ["en.csv", "fr.json"]
    assert ExportLine.objects.filter(variant="en.csv").count() == Recommendation.objects.count()
    first = Recommendation.objects.public().first()
    ExportLine.objects.filter(variant="en.csv", recommendation=first).update(head="read,from,the,table,")
    assert b"\nread,from,the,table,http://testserver/en/recommendations/" in content(
        client.get("/recommendations/export.csv")
    )


def test_the_bom_is_put_before_the_stored_lines(client):
    build()
    via_copy = content(client.get("/recommendations/export.csv?bom=1&theme=trafficking"))
    assert via_copy.startswith(b"\xef\xbb\xbf")
    assert via_copy == orm_csv(filtered("theme=trafficking"), bom=True)


def test_thousands_of_stored_lines_are_the_orm_paths(client):
    call_command("generate_synthetic", count=2500, per_roundtable=100, stdout=io.StringIO())
    via_copy = content(client.get("/recommendations/export.csv"))
    assert via_copy.count(b"\n") > 2500
    assert via_copy == orm_csv(Recommendation.objects.public())
    via_copy = content(client.get("/recommendations/export.json"))
    assert len(json.loads(via_copy)) == 2500
    assert via_copy == orm_json(Recommendation.objects.public())


def sql_value(expression):
    compiler = Recommendation.objects.none().query.get_compiler("default")
    sql, params = compiler.compile(expression)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        return cursor.fetchone()[0]


@settings(max_examples=150, deadline=None)
@given(pg_texts)
def test_a_csv_cell_in_sql_is_csv_lines(value):
    assert sql_value(line_sql.CsvText(Value(value, output_field=TextField()))) == writers.csv_line([value])[:-1]


@settings(max_examples=150, deadline=None)
@given(pg_texts)
def test_a_json_string_in_sql_is_json_dumps(value):
    assert sql_value(line_sql.JsonText(Value(value, output_field=TextField()))) == json.dumps(value, ensure_ascii=False)


def test_empty_json_export_is_an_empty_array(client):
    assert content(client.get("/recommendations/export.json")) == b"[]\n" == orm_json(Recommendation.objects.none())


@pytest.mark.django_db(transaction=True)
def test_closing_early_leaves_no_transaction_and_no_cursor_open():
    """What a client that goes away does: one chunk of 3,000 rows taken, then the stream closed."""
    call_command("generate_synthetic", count=3000, per_roundtable=100, stdout=io.StringIO())
    stream = streams.csv_stream(Recommendation.objects.public(), "http://x")
    iterator = iter(stream)
    assert next(iterator).startswith(b"id,")
    assert next(iterator)
    stream.close()
    assert list(iterator) == []
    assert not connection.in_atomic_block
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors")
            assert cursor.fetchone()[0] == 0
    assert Recommendation.objects.count() == 3000


def temporary_tables():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT relname FROM pg_class WHERE relpersistence = 't' AND relkind = 'r'")
        else:
            cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'")
        return cursor.fetchall()


def test_the_roundtables_temporary_table_is_dropped_once_the_lines_are_written():
    build()
    assert lines.refresh() > 0
    assert temporary_tables() == []
    Roundtable.objects.update(title="Another title")
    assert lines.refresh() > 0
    assert temporary_tables() == []


def test_a_distinct_queryset_ordered_by_another_table_exports_the_same_bytes():
    """DISTINCT with an ORDER BY outside the select list makes Django add columns; the read skips them."""
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


def test_real_fixtures_export_the_orm_paths_bytes(client, portal_data):
    assert content(client.get("/recommendations/export.csv")) == orm_csv(Recommendation.objects.public())
    assert content(client.get("/recommendations/export.json")) == orm_json(Recommendation.objects.public())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_awkward_rows_are_the_orm_paths_bytes_in_every_language(language):
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


# ---------------------------------------------------------------- kept right on every write

BASE = "http://testserver"
# The variants the tests below keep: English CSV, French JSON.
VARIANTS = [(False, "en"), (True, "fr")]


def orm_text(as_json, language):
    rows = orm.rows(Recommendation.objects.public(), BASE, language=language)
    return "".join(writers.json_chunks(rows) if as_json else writers.csv_chunks(rows)).encode()


def exported(as_json, language):
    queryset = Recommendation.objects.public()
    if as_json:
        return b"".join(streams.json_stream(queryset, BASE, language=language))
    return b"".join(streams.csv_stream(queryset, BASE, language=language))


@pytest.fixture
def world(db):
    return build_world()


def text_edited(client, world):
    Recommendation.objects.filter(pk=world["r1"].pk).update(text="Protect migrant workers, edited", text_fr="Protéger")


def second_entry_of_the_same_progress(client, world):
    FollowUp.objects.create(
        recommendation=world["r3"],
        country_id="PHL",
        date="2019-01-01",
        progress="planned",
        title="Another",
        status="published",
    )


def roundtable_renamed(client, world):
    Roundtable.objects.filter(code="3.1").update(title="Renamed, with a comma", title_fr="Renommée")


def country_renamed(client, world):
    Country.objects.filter(pk="PHL").update(name="Philippines, the", name_fr="Philippines (les)")


def organisation_renamed(client, world):
    organisation = Organisation.objects.create(
        slug="iom", name="International Organization for Migration", acronym="IOM"
    )
    Roundtable.objects.get(code="3.2").roles.create(organisation=organisation, role="rapporteur")
    Organisation.objects.filter(pk=organisation.pk).update(name="IOM, renamed")


def session_renumbered(client, world):
    Roundtable.objects.get(code="1.1").session.__class__.objects.filter(roundtables__code="1.1").update(number=9)


def theme_renamed(client, world):
    Theme.objects.filter(slug="climate").update(slug="aaa-climate")


LINE_WRITES = [
    text_edited,
    second_entry_of_the_same_progress,
    roundtable_renamed,
    country_renamed,
    organisation_renamed,
    session_renumbered,
    theme_renamed,
]


@pytest.mark.parametrize("write", WRITES + LINE_WRITES, ids=lambda write: write.__name__)
def test_after_every_write_the_export_is_the_orm_paths(client, world, write, tmp_path):
    for as_json, language in VARIANTS:
        assert exported(as_json, language) == orm_text(as_json, language)
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    for as_json, language in VARIANTS:
        assert exported(as_json, language) == orm_text(as_json, language), (as_json, language)


def test_a_refresh_writes_again_only_the_lines_a_write_touched(world):
    assert lines.refresh() == Recommendation.objects.count()  # the first writes every line
    assert lines.refresh() == 0
    text_edited(None, world)
    assert lines.refresh() == 1
    world["r3"].themes.add(Theme.objects.get(slug="climate"))
    assert lines.refresh() == 1
    second_entry_of_the_same_progress(None, world)
    assert lines.refresh() == 1, "the count of entries changed, not the progress"
    Recommendation.objects.filter(pk=world["r2"].pk).update(status="draft")
    assert lines.refresh() == 0, "a line does not hold its status: the export's query leaves it out"
    roundtable_renamed(None, world)
    assert lines.refresh() == Recommendation.objects.filter(roundtable__code="3.1").count() == 2
    Country.objects.filter(pk="MEX").update(name="Mexico, renamed")
    assert lines.refresh() == Recommendation.objects.filter(roundtable__code="3.2").count() == 2
    assert lines.refresh(language="fr", as_json=True) == Recommendation.objects.count(), "a variant is its own"
    assert lines.refresh() == lines.refresh(language="fr", as_json=True) == 0


def test_when_nothing_changed_a_refresh_reads_a_few_rows_and_writes_nothing(world):
    lines.refresh()
    with CaptureQueriesContext(connection) as captured:
        assert lines.refresh() == 0
    statements = [query["sql"].split()[0].upper() for query in captured]
    assert len(statements) <= 12, statements
    assert set(statements) <= {"SELECT"}, statements


def test_more_than_half_the_lines_touched_writes_the_whole_variant_once(world):
    lines.refresh()
    Recommendation.objects.update(text="Every text edited")
    with CaptureQueriesContext(connection) as captured:
        assert lines.refresh() == Recommendation.objects.count()
    assert sum(query["sql"].startswith("INSERT INTO") and "exportline" in query["sql"] for query in captured) == 1


def test_a_deleted_recommendations_line_goes_with_the_next_refresh(world):
    lines.refresh()
    pk = world["r4"].pk
    Recommendation.objects.filter(pk=pk).delete()
    lines.refresh()
    assert not ExportLine.objects.filter(recommendation_id=pk).exists()


@override_settings(ALLOWED_HOSTS=["testserver", "portal.example.org"])
def test_the_address_in_each_line_is_the_requests_own(client, world):
    first = content(client.get("/recommendations/export.csv"))
    other = content(client.get("/recommendations/export.csv", HTTP_HOST="portal.example.org", secure=True))
    assert first.count(b",http://testserver/en/recommendations/") == Recommendation.objects.public().count()
    assert other == first.replace(b",http://testserver/", b",https://portal.example.org/")


def test_a_refresh_rolled_back_with_its_transaction_leaves_the_lines_it_found(world):
    from django.db import transaction

    lines.refresh()
    before = sorted(ExportLine.objects.values_list("recommendation_id", "head"))
    with pytest.raises(RuntimeError), transaction.atomic():
        text_edited(None, world)
        lines.refresh()
        raise RuntimeError
    assert sorted(ExportLine.objects.values_list("recommendation_id", "head")) == before
    assert exported(False, "en") == orm_text(False, "en")


def test_the_command_writes_every_variant_ahead_and_then_nothing(world):
    out = io.StringIO()
    call_command("refresh_exports", stdout=out)
    variants = {f"{language}.{form}" for language in ("en", "fr", "es") for form in ("csv", "json")}
    assert set(ExportLine.objects.values_list("variant", flat=True).distinct()) == variants
    assert ExportLine.objects.count() == 6 * Recommendation.objects.count()
    out = io.StringIO()
    call_command("refresh_exports", stdout=out)
    assert out.getvalue().count(": 0 lines written") == 6, out.getvalue()


def test_without_server_side_cursors_the_export_is_the_same(world):
    """Behind a pooler in transaction mode (DJANGO_DISABLE_SERVER_SIDE_CURSORS=1)."""
    expected = exported(False, "en")
    before = connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS", False)
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        assert exported(False, "en") == expected == orm_text(False, "en")
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = before


def open_cursors_while_streaming():
    """How many server-side cursors are open while an export is half read (PostgreSQL)."""
    stream = streams.csv_stream(Recommendation.objects.public(), BASE)
    iterator = iter(stream)
    next(iterator)  # the header
    next(iterator)  # the first lines: the read is under way
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_cursors")
            return cursor.fetchone()[0]
    finally:
        stream.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's server-side cursors")
def test_the_read_uses_a_server_side_cursor_unless_they_are_disabled(world):
    assert open_cursors_while_streaming() == 1
    before = connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS", False)
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        assert open_cursors_while_streaming() == 0
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = before
