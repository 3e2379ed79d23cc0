"""python manage.py ingest_summary: dry run, JSON, a real run of drafts, the same file twice, refusals."""

import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, RoundtableRole, RoundtableSession, SourceDocument
from tests.test_ingest_parser import SOURCE, summary

pytestmark = pytest.mark.django_db

MODELS = (SourceDocument, RoundtableSession, Roundtable, RoundtableRole, KeyPoint, Practice, Recommendation)


def counts():
    counted = {model.__name__: model.objects.count() for model in MODELS}
    counted.update({f"{model.__name__} versions": model.history.count() for model in (Roundtable, Recommendation)})
    return counted


@pytest.fixture
def summary_file(tmp_path):
    path = tmp_path / "session-4-summary.txt"
    path.write_text(summary(80), encoding="utf-8")
    return path


def run(*args):
    out = io.StringIO()
    call_command("ingest_summary", *map(str, args), stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing(portal_data, summary_file):
    before = counts()
    output = run(summary_file, "--summit-year", 2016, "--dry-run")
    assert counts() == before
    assert "Roundtable 4.1: Fair recruitment and decent work" in output
    assert "Dry run: nothing written." in output


def test_json_output_gives_every_item_with_its_span(portal_data, summary_file):
    before = counts()
    result = json.loads(run(summary_file, "--dry-run", "--json"))
    assert counts() == before
    text = result["document"]["text"]
    assert text == summary(80)
    assert len(result["document"]["sha256"]) == 64
    first, second = result["roundtables"]
    assert (first["code"], first["co_chairs"], first["rapporteurs"]) == ("4.1", ["Mexico", "Philippines"], ["Canada"])
    assert [p["country"] for p in first["practices"]] == ["PRT", "MAR", "PHL"]
    assert [(r["made_by"], r["candidate"]) for r in second["recommendations"]] == [
        ("member-states", False),
        ("member-states", False),
        ("member-states", False),
        ("participants", True),
    ]
    for roundtable in result["roundtables"]:
        for part in ("key_points", "practices", "recommendations"):
            for item in roundtable[part]:
                assert text[item["start"] : item["end"]] == item["excerpt"]
    assert {"number", "text", "excerpt", "start", "end"} <= set(first["key_points"][0])


def test_a_real_run_writes_drafts_with_spans_and_history(portal_data, summary_file):
    public_before = Recommendation.objects.public().count()
    output = run(summary_file, "--summit-year", 2016)
    document = SourceDocument.objects.get(file_name="session-4-summary.txt")
    assert document.text == summary(80)
    assert document.session.number == 4 and document.summit.year == 2016
    assert bytes(document.data) == summary_file.read_bytes()
    roundtables = Roundtable.objects.filter(source_document=document).order_by("code")
    assert [(r.code, r.slug, r.status) for r in roundtables] == [
        ("4.1", "2016-4-1", Status.DRAFT),
        ("4.2", "2016-4-2", Status.DRAFT),
    ]
    recommendations = Recommendation.objects.filter(source_document=document)
    # The bullets; the candidates from the prose wait for a person.
    assert recommendations.count() == 3
    assert set(recommendations.values_list("status", flat=True)) == {Status.DRAFT}
    assert Recommendation.objects.public().count() == public_before
    assert KeyPoint.objects.filter(source_document=document).count() == 3
    assert Practice.objects.filter(source_document=document).count() == 3
    assert RoundtableRole.objects.filter(source_document=document).count() == 6
    for model in (Roundtable, RoundtableRole, KeyPoint, Practice, Recommendation):
        for record in model.objects.filter(source_document=document):
            assert document.text[record.source_start : record.source_end] == record.source_excerpt
    for recommendation in recommendations:
        (version,) = recommendation.history.all()
        assert version.history_type == "+"
        assert version.history_change_reason == "Created from session-4-summary.txt"
    assert Roundtable.history.filter(id__in=roundtables.values("pk")).count() == 2
    assert document.history.count() == 2  # uploaded, drafts created
    assert "2 candidate recommendations wait" in output


def test_the_same_document_again_adds_nothing_and_says_so(portal_data, summary_file):
    run(summary_file, "--summit-year", 2016)
    before = counts()
    output = run(summary_file, "--summit-year", 2016)
    assert counts() == before
    assert "is already in the portal" in output and "nothing added" in output


def test_the_summary_the_portal_was_built_from_is_already_in_it(portal_data):
    before = counts()
    output = run(SOURCE, "--summit-year", 2016)
    assert counts() == before
    assert "already in the portal (document 1" in output


def test_a_roundtable_the_summit_has_already_is_refused(portal_data, tmp_path):
    path = tmp_path / "edited.txt"
    path.write_bytes(SOURCE.read_bytes() + b"\nA line added later.\n")
    before = counts()
    with pytest.raises(CommandError, match=r"Roundtable 3\.1 of the 2016 summit exists already"):
        run(path, "--summit-year", 2016)
    assert counts() == before


def test_an_unknown_summit_is_refused(portal_data, summary_file):
    before = counts()
    with pytest.raises(CommandError, match="There is no summit of 1999"):
        run(summary_file, "--summit-year", 1999)
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "The file is empty"), (bytes(range(256)), "binary data"), (b"No roundtables.\n", "No roundtable")],
)
def test_refused_files_write_nothing(portal_data, tmp_path, content, reason):
    path = tmp_path / "refused.txt"
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError, match=reason):
        run(path, "--summit-year", 2016)
    assert counts() == before


def test_a_refused_file_exits_non_zero(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_summary", str(path), "--dry-run"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Refused, nothing written: The file is empty." in result.stderr


def test_a_holder_that_resolves_to_nothing_is_named_and_left_out(portal_data, tmp_path):
    path = tmp_path / "unknown.txt"
    path.write_text(summary(80).replace("Canada was the rapporteur", "Atlantis was the rapporteur"), encoding="utf-8")
    output = run(path, "--summit-year", 2016)
    assert "not among the countries and organisations, left out: Atlantis" in output
    roundtable = Roundtable.objects.get(code="4.1", summit__year=2016)
    assert list(roundtable.roles.values_list("role", "country_id")) == [("co_chair", "MEX"), ("co_chair", "PHL")]
