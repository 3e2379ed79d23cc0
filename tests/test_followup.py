"""Follow-up entries: the database's rules, the progress the triggers keep, and the import."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from followup import progress
from followup.importer import followup_import_file
from followup.models import FollowUp
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Organisation

from . import factories

pytestmark = pytest.mark.django_db

HEADER = "recommendation,reporter,date,progress,title,description,evidence_url,status\n"


def entry(rec, progress="planned", status=Status.PUBLISHED, **fields):
    fields.setdefault("country", factories.country("PHL"))
    return FollowUp.objects.create(
        recommendation=rec,
        date=fields.pop("date", datetime.date(2018, 5, 1)),
        progress=progress,
        title=fields.pop("title", "An action"),
        status=status,
        **fields,
    )


def stored_progress(rec):
    return Recommendation.objects.values_list("progress", flat=True).get(pk=rec.pk)


def stored_count(rec):
    return Recommendation.objects.values_list("follow_up_count", flat=True).get(pk=rec.pk)


def refuses(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# ---------------------------------------------------------------- the database's rules


def test_an_entry_needs_exactly_one_reporter():
    rec = factories.recommendation()
    unicef = Organisation.objects.create(slug="iom", name="International Organization for Migration", acronym="IOM")
    refuses(lambda: entry(rec, country=None))
    refuses(lambda: entry(rec, organisation=unicef))
    assert entry(rec, country=None, organisation=unicef).reporter == unicef


def test_the_database_refuses_an_unknown_progress_a_non_http_link_and_an_empty_title():
    rec = factories.recommendation()
    refuses(lambda: entry(rec, progress="none"))
    refuses(lambda: entry(rec, progress="done"))
    refuses(lambda: entry(rec, evidence_url="javascript:alert(1)"))
    refuses(lambda: entry(rec, evidence_url="ftp://example.org/report"))
    refuses(lambda: entry(rec, title=""))
    refuses(lambda: entry(rec, kind="rumour"))
    assert entry(rec, evidence_url="https://example.org/report").pk


def test_the_database_refuses_an_unknown_progress_on_a_recommendation():
    rec = factories.recommendation()
    refuses(lambda: Recommendation.objects.filter(pk=rec.pk).update(progress="half-done"))


# ---------------------------------------------------------------- progress kept by triggers


def test_progress_is_that_of_the_most_advanced_published_entry():
    rec = factories.recommendation()
    assert stored_progress(rec) == "none"
    first = entry(rec, "planned")
    assert stored_progress(rec) == "planned"
    entry(rec, "completed", status=Status.DRAFT)
    assert stored_progress(rec) == "planned", "a draft does not count"
    second = entry(rec, "under-way")
    assert stored_progress(rec) == "under-way"
    FollowUp.objects.filter(status=Status.DRAFT).update(status=Status.PUBLISHED)
    assert stored_progress(rec) == "completed"
    FollowUp.objects.filter(progress="completed").delete()
    assert stored_progress(rec) == "under-way"
    second.delete()
    first.delete()
    assert stored_progress(rec) == "none"


def test_the_count_is_that_of_the_published_entries():
    rec = factories.recommendation()
    assert stored_count(rec) == 0
    first = entry(rec, "planned")
    entry(rec, "planned", status=Status.DRAFT)
    assert stored_count(rec) == 1, "a draft does not count"
    entry(rec, "planned", title="Another action of the same progress")
    assert (stored_progress(rec), stored_count(rec)) == ("planned", 2), "the progress is as it was, the count is not"
    FollowUp.objects.filter(status=Status.DRAFT).update(status=Status.PUBLISHED)
    assert stored_count(rec) == 3
    first.delete()
    FollowUp.objects.filter(recommendation=rec).update(status=Status.DRAFT)
    assert stored_count(rec) == 0


def test_moving_an_entry_to_another_recommendation_updates_both():
    one = factories.recommendation()
    other = factories.recommendation(one.roundtable)
    moved = entry(one, "completed")
    FollowUp.objects.filter(pk=moved.pk).update(recommendation=other)
    assert (stored_progress(one), stored_progress(other)) == ("none", "completed")
    assert (stored_count(one), stored_count(other)) == (0, 1)


def test_a_save_of_a_stale_recommendation_keeps_its_progress():
    rec = factories.recommendation()
    stale = Recommendation.objects.get(pk=rec.pk)
    entry(rec, "under-way")
    stale.text = "Corrected text"
    stale.save()
    assert (stored_progress(rec), stored_count(rec)) == ("under-way", 1)
    Recommendation.objects.filter(pk=rec.pk).update(follow_up_count=7)
    assert stored_count(rec) == 1, "a write over the count is put back"


def test_progress_is_recomputed_when_the_triggers_come_back():
    rec = factories.recommendation()
    progress.uninstall(connection)
    try:
        entry(rec, "completed")
        assert (stored_progress(rec), stored_count(rec)) == ("none", 0)
        assert not progress.installed(connection)
        progress.reinstall_after_migrate(sender=None)
        assert progress.installed(connection)
        assert (stored_progress(rec), stored_count(rec)) == ("completed", 1)
    finally:
        progress.install(connection)


def test_progress_is_not_kept_in_the_recommendation_history():
    fields = {field.name for field in Recommendation.history.model._meta.fields}
    assert "progress" not in fields and "text" in fields


# ---------------------------------------------------------------- the import


@pytest.fixture
def world(db):
    rec = factories.recommendation()
    factories.country("MEX", "Mexico")
    Organisation.objects.create(slug="iom", name="International Organization for Migration", acronym="IOM")
    return rec


def csv_bytes(*lines, encoding="utf-8"):
    return (HEADER + "".join(line + "\n" for line in lines)).encode(encoding)


def test_import_adds_entries_as_drafts_with_history_and_a_second_run_adds_nothing(world):
    data = csv_bytes(
        f"{world.pk},MEX,2018-03-01,planned,National plan,,https://example.org/plan,",
        f"{world.pk},iom,2019-04-02,completed,Guidelines applied,Done in 4 countries,,published",
    )
    report = followup_import_file(data=data, dry_run=False)
    assert report.applied and report.counts["create"] == 2
    mexico = FollowUp.objects.get(country="MEX")
    assert (mexico.status, mexico.date, mexico.evidence_url) == (
        "draft",
        datetime.date(2018, 3, 1),
        "https://example.org/plan",
    )
    assert FollowUp.objects.get(organisation__acronym="IOM").status == "published"
    assert FollowUp.history.count() == 2
    assert stored_progress(world) == "completed"

    again = followup_import_file(data=data, dry_run=False)
    assert again.counts == {"create": 0, "unchanged": 2, "refuse": 0}
    assert FollowUp.objects.count() == 2 and FollowUp.history.count() == 2


def test_a_dry_run_writes_nothing(world):
    report = followup_import_file(data=csv_bytes(f"{world.pk},MEX,2018-03-01,planned,Plan,,,"), dry_run=True)
    assert report.ok and report.counts["create"] == 1
    assert not FollowUp.objects.exists()


def test_a_file_with_any_bad_row_is_refused_whole_each_problem_named(world):
    data = csv_bytes(
        f"{world.pk},MEX,2018-03-01,planned,A good row,,,",
        "999999,XXX,2018-13-01,done,Bad row,,javascript:alert(1),",
        f"{world.pk},MEX,01/02/2018,planned,Another,,ftp://example.org/x,",
    )
    report = followup_import_file(data=data, dry_run=False)
    assert not report.ok and not report.applied
    assert [str(p) for p in report.all_problems()] == [
        "Row 3, column “recommendation”: there is no recommendation with the id 999999.",
        "Row 3, column “reporter”: “XXX” is neither a country's ISO 3166-1 alpha-3 code nor an organisation's acronym.",
        "Row 3, column “date”: “2018-13-01” is not a date written YYYY-MM-DD.",
        "Row 3, column “progress”: “done” is not a progress; use one of planned, under-way, completed.",
        "Row 3, column “evidence_url”: “javascript:alert(1)” is not an http or https address.",
        "Row 4, column “date”: “01/02/2018” is not a date written YYYY-MM-DD.",
        "Row 4, column “evidence_url”: “ftp://example.org/x” is not an http or https address.",
    ]
    assert not FollowUp.objects.exists()


def test_a_missing_column_refuses_the_file(world):
    report = followup_import_file(data=b"recommendation,reporter,date\n1,MEX,2018-01-01\n", dry_run=True)
    assert [str(p) for p in report.problems][:1] == ["Row 1, column “progress”: this required column is missing."]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_utf8_with_or_without_bom_and_windows_1252_are_read_without_garbling(world, encoding):
    data = csv_bytes(f"{world.pk},MEX,2018-03-01,planned,Décret sur la protection — “niños” €,,,", encoding=encoding)
    assert followup_import_file(data=data, dry_run=False).applied
    assert FollowUp.objects.get().title == "Décret sur la protection — “niños” €"


def test_the_command_refuses_a_bad_file_and_imports_a_good_one(world, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(f"{world.pk},MEX,2018-03-01,sometime,Plan,,,"))
    with pytest.raises(CommandError):
        call_command("import_followups", str(bad))
    assert "Row 2, column “progress”" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(f"{world.pk},MEX,2018-03-01,planned,Plan,,,"))
    call_command("import_followups", str(good), "--dry-run")
    assert not FollowUp.objects.exists()
    call_command("import_followups", str(good))
    assert FollowUp.objects.count() == 1


# ---------------------------------------------------------------- the list's progress filter


def test_the_list_filters_by_progress_and_names_an_unknown_value(client):
    done = factories.recommendation(text="Done one")
    factories.recommendation(done.roundtable, text="Untouched one")
    entry(done, "completed")
    listed = client.get("/en/recommendations/?progress=completed")
    assert [r.pk for r in listed.context["page_obj"].object_list] == [done.pk]
    untouched = client.get("/en/recommendations/?progress=NONE")
    assert [r.text for r in untouched.context["page_obj"].object_list] == ["Untouched one"]
    refused = client.get("/en/recommendations/?progress=completed&progress=halfway")
    assert refused.status_code == 200
    assert "No progress called “halfway”" in refused.content.decode()
    assert [r.pk for r in refused.context["page_obj"].object_list] == [done.pk]
    export = client.get("/recommendations/export.csv?progress=halfway")
    assert export.status_code == 400 and "halfway" in export.content.decode()


# ---------------------------------------------------------------- the export's columns


def test_the_export_adds_progress_and_the_number_of_published_entries(client):
    import csv
    import io
    import json

    acted = factories.recommendation(text="Acted on")
    factories.recommendation(acted.roundtable, text="Not acted on")
    entry(acted, "planned")
    entry(acted, "under-way")
    entry(acted, "completed", status=Status.DRAFT)
    response = client.get("/recommendations/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0])[-2:] == ["progress", "follow_up_count"]
    assert {row["text"]: (row["progress"], row["follow_up_count"]) for row in rows} == {
        "Acted on": ("under-way", "2"),
        "Not acted on": ("none", "0"),
    }
    records = json.loads(b"".join(client.get("/recommendations/export.json").streaming_content))
    assert {r["text"]: (r["progress"], r["follow_up_count"]) for r in records} == {
        "Acted on": ("under-way", 2),
        "Not acted on": ("none", 0),
    }
