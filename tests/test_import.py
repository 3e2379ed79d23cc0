"""Spreadsheet import of recommendations: checks before writing, all or nothing, exact round trips."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from gfmd_portal.publishing import Status
from recommendations.importer import Action, recommendation_import, recommendation_import_file
from recommendations.models import Recommendation
from tests import factories
from tests.admin_support import editor_without_publish

pytestmark = pytest.mark.django_db

HEADER = ["id", "roundtable", "number", "text", "themes", "frameworks", "actors", "source_excerpt"]


def csv_bytes(rows, header=None, bom=False):
    """A CSV file as a spreadsheet would save it (header row first)."""
    header = header or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def state():
    """Everything the import may touch: recommendations with their relations, and the history."""
    recs = Recommendation.objects.order_by("pk")
    return (
        [
            (
                r.pk,
                r.roundtable_id,
                r.number,
                r.text,
                r.source_excerpt,
                r.status,
                sorted(r.themes.values_list("slug", flat=True)),
                sorted(r.frameworks.values_list("slug", flat=True)),
                sorted(r.actors.values_list("slug", flat=True)),
            )
            for r in recs
        ],
        Recommendation.history.count(),
        Recommendation.history.model.themes.model.objects.count(),
    )


@pytest.fixture
def world(db):
    roundtable = factories.roundtable(code="3.1", slug="2016-3-1")
    other = factories.roundtable(code="3.2", slug="2016-3-2")
    labour = factories.theme("labour-mobility")
    factories.theme("human-rights")
    existing = factories.recommendation(roundtable, number=1, text="Existing one", themes=[labour])
    return {"roundtable": roundtable, "other": other, "existing": existing}


def new_row(**cells):
    row = {"id": "", "roundtable": "2016-3-1", "number": "2", "text": "A new recommendation", "themes": ""}
    row.update(cells)
    return row


def test_dry_run_reports_and_writes_nothing(world):
    before = state()
    data = csv_bytes(
        [
            new_row(number="2", themes="labour-mobility; human-rights"),
            new_row(id=str(world["existing"].pk), number="1", text="Existing one, corrected", themes="labour-mobility"),
        ]
    )
    report = recommendation_import_file(data=data, dry_run=True)
    assert report.ok and not report.applied
    assert [o.action for o in report.outcomes] == [Action.CREATE, Action.UPDATE]
    assert report.outcomes[1].changes == ["text"]
    assert state() == before


def test_import_creates_drafts_and_updates_keeping_status(world):
    data = csv_bytes(
        [
            new_row(number="2", themes="labour-mobility; human-rights"),
            new_row(id=str(world["existing"].pk), number="1", text="Existing one, corrected", themes="human-rights"),
        ]
    )
    report = recommendation_import_file(data=data, dry_run=False, name="next-year.csv")
    assert report.applied
    created = Recommendation.objects.get(roundtable=world["roundtable"], number=2)
    assert created.status == Status.DRAFT
    assert sorted(created.themes.values_list("slug", flat=True)) == ["human-rights", "labour-mobility"]
    existing = Recommendation.objects.get(pk=world["existing"].pk)
    assert existing.text == "Existing one, corrected"
    assert existing.status == Status.PUBLISHED
    assert list(existing.themes.values_list("slug", flat=True)) == ["human-rights"]
    version = existing.history.latest()
    assert (version.history_type, version.history_change_reason) == ("~", "Imported from next-year.csv")
    assert sorted(version.themes.values_list("theme__slug", flat=True)) == ["human-rights"]
    assert created.history.get().history_type == "+"


def test_row_without_id_matching_roundtable_and_number_updates(world):
    data = csv_bytes([new_row(number="1", text="Matched by roundtable and number")])
    report = recommendation_import_file(data=data, dry_run=False)
    assert [o.action for o in report.outcomes] == [Action.UPDATE]
    assert Recommendation.objects.count() == 1
    assert Recommendation.objects.get().text == "Matched by roundtable and number"


def test_absent_relation_columns_are_kept_and_empty_ones_clear(world):
    header = ["roundtable", "number", "text"]
    recommendation_import_file(data=csv_bytes([new_row(number="1", text="Kept")], header=header), dry_run=False)
    assert list(world["existing"].themes.values_list("slug", flat=True)) == ["labour-mobility"]
    recommendation_import_file(data=csv_bytes([new_row(number="1", text="Kept", themes="")]), dry_run=False)
    assert not world["existing"].themes.exists()


def test_status_column_sets_the_status(world):
    data = csv_bytes(
        [
            {**new_row(number="2"), "status": "published"},
            {
                **new_row(id=str(world["existing"].pk), number="1", text="Existing one", themes="labour-mobility"),
                "status": "draft",
            },
        ]
    )
    assert recommendation_import_file(data=data, dry_run=False).applied
    assert Recommendation.objects.get(number=2).status == Status.PUBLISHED
    assert Recommendation.objects.get(number=1).status == Status.DRAFT


def test_changing_a_status_needs_the_publish_permission(world):
    before = state()
    data = csv_bytes([{**new_row(number="2"), "status": "published"}])
    report = recommendation_import_file(data=data, dry_run=False, user=editor_without_publish())
    assert not report.applied
    assert str(report.all_problems()[0]) == (
        "Row 2, column “status”: you do not have permission to publish or unpublish."
    )
    assert state() == before


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"roundtable": "2099-9-9"}, "roundtable", "unknown roundtable “2099-9-9”."),
        ({"themes": "labour-mobility; no-such-theme"}, "themes", "unknown theme “no-such-theme”."),
        ({"text": "   "}, "text", "the text is empty."),
        ({"number": "1.5"}, "number", "“1.5” is not a number from 1 to 999999."),
        ({"number": "0"}, "number", "“0” is not a number from 1 to 999999."),
        ({"id": "abc"}, "id", "“abc” is not a recommendation id (a whole number)."),
        ({"id": "999999"}, "id", "no recommendation has id 999999 (leave the id empty to create one)."),
        ({"status": "live"}, "status", "unknown status “live” (use draft or published)."),
    ],
)
def test_one_bad_row_refuses_the_file_naming_row_and_column(world, row, column, message):
    before = state()
    rows = [new_row(number="2"), new_row(number="3"), new_row(number="4"), {**new_row(number="5"), **row}]
    header = [*HEADER[:5], "status"] if "status" in row else HEADER[:5]
    report = recommendation_import_file(data=csv_bytes(rows, header=header), dry_run=False)
    assert not report.applied
    assert [o.action for o in report.outcomes] == [Action.CREATE] * 3 + [Action.REFUSE]
    assert [str(p) for p in report.all_problems()] == [f"Row 5, column “{column}”: {message}"]
    assert state() == before


def test_duplicate_number_within_the_file_is_refused(world):
    before = state()
    rows = [new_row(number="2"), new_row(number="3"), new_row(number="2", text="Same number again")]
    report = recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    assert [str(p) for p in report.all_problems()] == [
        "Row 4, column “number”: duplicate number 2 in roundtable “2016-3-1” (also on row 2)."
    ]
    assert state() == before


def test_duplicate_number_against_the_database_is_refused(world):
    before = state()
    moved = factories.recommendation(world["roundtable"], number=7, text="Seventh")
    before = state()
    rows = [new_row(id=str(moved.pk), number="1", text="Seventh")]
    report = recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    assert [str(p) for p in report.all_problems()] == [
        f"Row 2, column “number”: number 1 of roundtable “2016-3-1” is already used by recommendation "
        f"{world['existing'].pk}."
    ]
    assert state() == before


def test_two_recommendations_can_swap_numbers(world):
    second = factories.recommendation(world["roundtable"], number=2, text="Second")
    rows = [
        new_row(id=str(world["existing"].pk), number="2", text="Existing one", themes="labour-mobility"),
        new_row(id=str(second.pk), number="1", text="Second"),
    ]
    report = recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    assert report.applied
    assert Recommendation.objects.get(pk=world["existing"].pk).number == 2
    assert Recommendation.objects.get(pk=second.pk).number == 1
    assert Recommendation.objects.get(pk=second.pk).history.latest().number == 1


def test_missing_required_column_refuses_the_file(world):
    before = state()
    report = recommendation_import_file(data=b"roundtable,number\r\n2016-3-1,2\r\n", dry_run=False)
    assert [str(p) for p in report.problems] == ["Row 1, column “text”: this required column is missing."]
    assert state() == before


def test_bad_encoding_names_the_row_and_column(world):
    before = state()
    data = b"roundtable,number,text\r\n2016-3-1,2,Fine\r\n2016-3-1,3," + "Café".encode("latin-1") + b"\r\n"
    report = recommendation_import_file(data=data, dry_run=False)
    assert [str(p) for p in report.all_problems()] == [
        "Row 3, column “text”: not valid UTF-8 text; save the file as “CSV UTF-8”."
    ]
    assert state() == before


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfer\x00o\x00", b'roundtable,number,text\r\n2016-3-1,2,"unfinished\r\n', b"text,text\r\n"],
    ids=["empty", "utf-16", "broken-quote", "duplicate-column"],
)
def test_unreadable_files_are_refused_without_an_exception(world, data):
    before = state()
    report = recommendation_import_file(data=data, dry_run=False)
    assert report.problems and not report.applied
    assert report.problems[0].row == 1 or "CSV" in str(report.problems[0])
    assert state() == before


def test_semicolon_separated_file_is_refused_with_a_hint(world):
    report = recommendation_import_file(data=b"roundtable;number;text\r\n2016-3-1;2;Text\r\n", dry_run=False)
    assert [str(p) for p in report.problems] == [
        "Row 1: the columns are separated by semicolons; save the file as “CSV UTF-8” (comma-separated)."
    ]
    assert not Recommendation.objects.filter(number=2).exists()


def test_utf8_bom_is_accepted(world):
    report = recommendation_import_file(data=csv_bytes([new_row(number="2")], bom=True), dry_run=False)
    assert report.applied and Recommendation.objects.filter(number=2).exists()


def test_read_only_columns_are_ignored_and_unknown_ones_warned(world):
    row = {**new_row(number="2"), "co_chairs": "Nobody", "url": "http://elsewhere", "year": "1999", "notes": "x"}
    report = recommendation_import_file(data=csv_bytes([row]), dry_run=False)
    assert report.applied
    assert report.warnings == ["These columns are not read and were ignored: notes."]


def test_reimporting_the_same_file_changes_nothing(world):
    rows = [new_row(number=str(n), text=f"Text {n}", themes="human-rights") for n in range(2, 12)]
    data = csv_bytes(rows)
    assert recommendation_import_file(data=data, dry_run=False).applied
    after_first = state()
    report = recommendation_import_file(data=data, dry_run=False)
    assert report.counts[Action.UNCHANGED] == 10
    assert state() == after_first


def test_formula_neutralisation_is_undone(world):
    rows = [
        new_row(number="2", text="'-starts with a dash"),
        new_row(number="3", text="''quoted from the start'"),
        new_row(number="4", text="'=SUM(A1)"),
    ]
    recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    texts = list(Recommendation.objects.filter(number__gte=2).order_by("number").values_list("text", flat=True))
    assert texts == ["-starts with a dash", "'quoted from the start'", "=SUM(A1)"]


def test_rows_as_dicts_can_be_imported_directly(world):
    report = recommendation_import(rows=[new_row(number="2"), {}], dry_run=False)
    assert report.applied and [o.row for o in report.outcomes] == [2]


def test_large_generated_file_imports(world):
    count = 3000
    rows = [
        new_row(
            roundtable="2016-3-1" if n % 2 else "2016-3-2",
            number=str(n + 10),
            text=f"Generated recommendation {n}",
            themes="labour-mobility" if n % 3 else "labour-mobility; human-rights",
        )
        for n in range(count)
    ]
    report = recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    assert report.applied and report.counts[Action.CREATE] == count
    assert Recommendation.objects.count() == count + 1
    assert Recommendation.themes.through.objects.count() == 1 + count + count // 3
    assert Recommendation.history.filter(history_type="+").count() == count + 1
    history_links = Recommendation.history.model.themes.model.objects
    imported_links = history_links.filter(history__history_type="+").exclude(recommendation=world["existing"])
    assert imported_links.count() == count + count // 3
    again = recommendation_import_file(data=csv_bytes(rows), dry_run=False)
    assert again.counts[Action.UNCHANGED] == count


def write(tmp_path, data, name="recommendations.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_command_imports_and_reports_progress(world, tmp_path, capsys):
    call_command("import_recommendations", write(tmp_path, csv_bytes([new_row(number="2")])))
    out = capsys.readouterr().out
    assert "1 / 1 rows checked" in out
    assert "Imported recommendations.csv: 1 created, 0 updated, 0 unchanged" in out
    assert Recommendation.objects.filter(number=2).exists()


def test_command_dry_run_writes_nothing(world, tmp_path, capsys):
    before = state()
    call_command("import_recommendations", write(tmp_path, csv_bytes([new_row(number="2")])), "--dry-run")
    assert "Dry run, nothing written: 1 to create" in capsys.readouterr().out
    assert state() == before


def test_command_fails_on_a_refused_row_naming_it(world, tmp_path, capsys):
    before = state()
    data = csv_bytes([new_row(number="2"), new_row(number="3", roundtable="nope")])
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_recommendations", write(tmp_path, data))
    assert "Row 3, column “roundtable”: unknown roundtable “nope”." in capsys.readouterr().err
    assert state() == before


@pytest.mark.parametrize("data", [b"id,text\r\n1,x\r\n", b"", b"\xff\xfeUTF-16"])
def test_command_refuses_a_bad_file_with_a_command_error(world, tmp_path, data):
    with pytest.raises(CommandError, match="the file was refused"):
        call_command("import_recommendations", write(tmp_path, data))


def test_command_exits_non_zero_without_traceback_for_a_bad_file(world, tmp_path):
    """Run as the secretariat would, in its own process: an error message, no traceback."""
    import subprocess
    import sys

    from django.conf import settings

    path = write(tmp_path, b"\x00\x01garbage,,\r\n\xff")
    env = {
        "DJANGO_SETTINGS_MODULE": "gfmd_portal.settings.test",
        "PATH": "/usr/bin:/bin",
        # The file is refused before any query, so an empty database is enough.
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "empty.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "import_recommendations", path],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: Nothing imported: the file was refused." in result.stderr
    assert "Row 1, column “roundtable”: this required column is missing." in result.stderr
