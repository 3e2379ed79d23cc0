"""The open data (/data/): the whole public record as a ZIP of CSV files and a SQLite file, rebuilt by a command."""

import hashlib
import io
import json
import re
import sqlite3
import zipfile

import pandas
import pytest
from django.core.management import call_command

from gfmd_portal.publishing import Status
from recommendations.export import columns
from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, RoundtableRole

from .export_data import build, content

pytestmark = pytest.mark.django_db

CSV_FILES = [
    "recommendations",
    "roundtables",
    "roles",
    "key_points",
    "practices",
    "alignments",
    "themes",
    "frameworks",
    "actors",
    "countries",
]


@pytest.fixture
def folder(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"
    return settings.OPEN_DATA_ROOT


@pytest.fixture
def data(db):
    made = build()
    rt = Roundtable.objects.get(code="3.1")
    KeyPoint.objects.create(roundtable=rt, number=1, heading="=A heading", text="A key point", source_excerpt="x")
    Practice.objects.create(
        roundtable=rt, number=1, country_id="PHL", title="A practice", description="What it did", source_excerpt="y"
    )
    draft = Roundtable.objects.get(status=Status.DRAFT)
    KeyPoint.objects.create(roundtable=draft, number=1, heading="Draft point", text="Hidden", source_excerpt="z")
    return made


@pytest.fixture
def built(folder, data):
    call_command("build_open_data", base_url="http://testserver", stdout=io.StringIO())
    return folder


def download(client, name):
    response = client.get(f"/data/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def test_the_page_says_when_no_build_exists_and_builds_nothing(client, folder, data):
    response = client.get("/en/data/")
    assert response.status_code == 200
    assert "have not been built yet" in response.content.decode()
    assert client.get("/data/gfmd-open-data.zip").status_code == 404
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_page_shows_each_files_date_licence_and_sha256_in_every_language(client, built, language):
    response = client.get(f"/{language}/data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["built_at"][:4] in page
    for name in ("gfmd-open-data.zip", "gfmd-open-data.sqlite"):
        body, _ = download(client, name)
        assert hashlib.sha256(body).hexdigest() in page
        assert f'href="/data/{name}"' in page


def test_downloads_are_dated_attachments(client, built):
    _, response = download(client, "gfmd-open-data.zip")
    date = json.loads((built / "manifest.json").read_text())["built_at"][:10]
    assert f'filename="gfmd-open-data-{date}.zip"' in response["Content-Disposition"]
    assert client.get("/data/manifest.json").status_code == 404
    assert client.get("/data/..%2Fmanifest.json").status_code == 404


def test_the_zip_read_back_with_pandas(client, built):
    body, _ = download(client, "gfmd-open-data.zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert sorted(archive.namelist()) == sorted([*(f"{name}.csv" for name in CSV_FILES), "README.md"])
    # The recommendations are the CSV export of the whole list, byte for byte.
    assert archive.read("recommendations.csv") == content(client.get("/recommendations/export.csv"))
    frames = {name: pandas.read_csv(archive.open(f"{name}.csv"), keep_default_na=False) for name in CSV_FILES}
    recommendations = frames["recommendations"]
    assert list(recommendations.columns) == list(columns.COLUMNS)
    assert sorted(recommendations["id"]) == sorted(Recommendation.objects.public().values_list("pk", flat=True))
    assert list(frames["roundtables"]["slug"]) == list(
        Roundtable.objects.published().order_by("summit__year", "code").values_list("slug", flat=True)
    )
    public_roles = RoundtableRole.objects.filter(roundtable__status=Status.PUBLISHED).count()
    assert len(frames["roles"]) == public_roles
    assert list(frames["key_points"]["text"]) == ["A key point"]
    # Neutralised as the export neutralises a formula.
    assert list(frames["key_points"]["heading"]) == ["'=A heading"]
    assert list(frames["practices"]["country"]) == ["PHL"]
    assert set(frames["roles"]["roundtable"]) <= set(frames["roundtables"]["slug"])


def test_the_readme_names_the_licence_and_every_column(client, built):
    body, _ = download(client, "gfmd-open-data.zip")
    archive = zipfile.ZipFile(io.BytesIO(body))
    readme = archive.read("README.md").decode()
    assert "CC BY 4.0" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in readme
    for name in CSV_FILES:
        header = archive.read(f"{name}.csv").decode().splitlines()[0].split(",")
        section = readme.split(f"## {name}.csv")[1].split("## ")[0]
        described = re.findall(r"^\| (\w+) \|", section, re.MULTILINE)
        assert described == ["column", *header], name


def test_the_sqlite_file_opens_with_sqlite3(client, built, tmp_path):
    body, _ = download(client, "gfmd-open-data.sqlite")
    path = tmp_path / "downloaded.sqlite"
    path.write_bytes(body)
    database = sqlite3.connect(path)
    try:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {*CSV_FILES, "metadata"}
        ids = [row[0] for row in database.execute("SELECT id FROM recommendations ORDER BY id")]
        assert ids == sorted(Recommendation.objects.public().values_list("pk", flat=True))
        exported = {r["id"]: r for r in json.loads(content(client.get("/recommendations/export.json")))}
        for pk, themes, text in database.execute("SELECT id, themes, text FROM recommendations"):
            assert json.loads(themes) == exported[pk]["themes"]
            assert text == exported[pk]["text"]
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        metadata = dict(database.execute("SELECT key, value FROM metadata"))
        assert metadata["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
        assert database.execute("SELECT COUNT(*) FROM key_points").fetchone() == (1,)
    finally:
        database.close()


def test_a_rebuild_serves_the_new_files_and_keeps_two_builds(client, built):
    first = json.loads((built / "manifest.json").read_text())
    Recommendation.objects.filter(status=Status.PUBLISHED).order_by("pk").first().delete()
    for _ in range(2):
        call_command("build_open_data", base_url="http://testserver", stdout=io.StringIO())
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["recommendations"] == first["recommendations"] - 1
    body, _ = download(client, "gfmd-open-data.zip")
    assert hashlib.sha256(body).hexdigest() == manifest["files"]["zip"]["sha256"]
    assert len([p for p in built.iterdir() if p.is_dir()]) == 2


def test_the_command_says_what_it_built(folder, data):
    out = io.StringIO()
    call_command("build_open_data", base_url="http://testserver", stdout=out)
    count = Recommendation.objects.public().count()
    assert f"Built the open data of {count} recommendations" in out.getvalue()
    assert "sha256" in out.getvalue()


def test_if_changed_builds_only_after_a_change(folder, data):
    call_command("build_open_data", base_url="http://testserver", stdout=io.StringIO())
    first = json.loads((folder / "manifest.json").read_text())
    out = io.StringIO()
    call_command("build_open_data", "--if-changed", base_url="http://testserver", stdout=out)
    assert "Nothing changed" in out.getvalue()
    assert json.loads((folder / "manifest.json").read_text()) == first
    # Publishing a draft leaves a history version, and so a new build.
    from gfmd_portal.publishing import set_status

    draft = Recommendation.objects.filter(status=Status.DRAFT, roundtable__status=Status.PUBLISHED).first()
    one = Recommendation.objects.filter(pk=draft.pk)
    set_status(model=Recommendation, queryset=one, status=Status.PUBLISHED, user=None, reason="test")
    call_command("build_open_data", "--if-changed", base_url="http://testserver", stdout=io.StringIO())
    rebuilt = json.loads((folder / "manifest.json").read_text())
    assert rebuilt["recommendations"] == first["recommendations"] + 1
