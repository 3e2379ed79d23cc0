"""The whole public record as open data: a ZIP of CSV files and a SQLite database.

build(directory=..., base_url=...) writes both into a new folder under `directory`, then points
manifest.json at it (one atomic rename), so a visitor always downloads a complete build whose
sha256 the page shows. Only published records are written: published recommendations of
published roundtables, and the roles, key points and practices of published roundtables.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max, Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from alignment.models import Alignment
from gfmd_portal.publishing import Status
from recommendations.export import columns, orm, streams, writers
from recommendations.filters import strict
from recommendations.models import Recommendation
from roundtables.models import Actor, Country, Framework, KeyPoint, Practice, Roundtable, RoundtableRole, Theme

ZIP_NAME = "gfmd-open-data.zip"
SQLITE_NAME = "gfmd-open-data.sqlite"
MANIFEST = "manifest.json"
KEEP_BUILDS = 2
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "short": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = (
    "GFMD Roundtable Portal, the public record of the roundtables of the Global Forum on Migration and Development"
)


@dataclass(frozen=True)
class Column:
    name: str
    lookup: str  # the ORM lookup the value is read from
    kind: str  # TEXT or INTEGER, its SQLite type
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple
    queryset: object  # a callable giving the rows, in the file's order
    primary_key: tuple = ()
    references: tuple = ()  # (column, "table(column)")

    def rows(self):
        for row in self.queryset().values_list(*(column.lookup for column in self.columns)):
            yield tuple(_plain(value) for value in row)


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def text(name, lookup=None, description=""):
    return Column(name, lookup or name, "TEXT", description)


def integer(name, lookup=None, description=""):
    return Column(name, lookup or name, "INTEGER", description)


def translated(name, description):
    return (
        text(name, description=f"{description}, in English"),
        text(f"{name}_fr", description=f"{description}, in French (empty when not translated)"),
        text(f"{name}_es", description=f"{description}, in Spanish (empty when not translated)"),
    )


def _published_roundtables():
    return Roundtable.objects.filter(status=Status.PUBLISHED)


PUBLIC_ROUNDTABLE = Q(roundtable__status=Status.PUBLISHED)

TABLES = (
    Table(
        "roundtables",
        "The published roundtables.",
        (
            text(
                "slug", description="The roundtable's identifier, as the recommendations' `roundtable` column holds it"
            ),
            text("code", description="Its code within the summit, such as 3.1"),
            integer("year", "summit__year", "The summit's year"),
            integer("summit", "summit__number", "The summit's number"),
            integer("session", "session__number", "The roundtable session's number"),
            *translated("title", "Its title"),
            *translated("summary", "Its summary"),
            text("source_excerpt", description="The source passage, verbatim"),
        ),
        lambda: _published_roundtables().order_by("summit__year", "code", "id"),
        primary_key=("slug",),
    ),
    Table(
        "roles",
        "Who held which role in each roundtable: a country or an organisation.",
        (
            text("roundtable", "roundtable__slug", "The roundtable's slug"),
            text("role", description="co_chair, rapporteur, coordinator, team_member or non_state_partner"),
            text("country", "country_id", "The country's ISO 3166-1 alpha-3 code (empty for an organisation)"),
            text("organisation", "organisation__slug", "The organisation's slug (empty for a country)"),
            text("organisation_name", "organisation__name", "The organisation's name"),
            integer("order", description="Order among the holders of the same role"),
        ),
        lambda: RoundtableRole.objects.filter(PUBLIC_ROUNDTABLE).order_by(
            "roundtable__summit__year", "roundtable__code", "role", "order", "id"
        ),
        references=(("roundtable", "roundtables(slug)"), ("country", "countries(iso3)")),
    ),
    Table(
        "key_points",
        "The numbered key points of each roundtable's discussion.",
        (
            text("roundtable", "roundtable__slug", "The roundtable's slug"),
            integer("number", description="Its number within the roundtable"),
            *translated("heading", "Its heading"),
            *translated("text", "Its text"),
            text("source_excerpt", description="The source passage, verbatim"),
        ),
        lambda: KeyPoint.objects.filter(PUBLIC_ROUNDTABLE).order_by(
            "roundtable__summit__year", "roundtable__code", "number"
        ),
        primary_key=("roundtable", "number"),
        references=(("roundtable", "roundtables(slug)"),),
    ),
    Table(
        "practices",
        "The examples of practice each roundtable highlighted, by country.",
        (
            text("roundtable", "roundtable__slug", "The roundtable's slug"),
            integer("number", description="Its number within the roundtable"),
            text("country", "country_id", "The country's ISO 3166-1 alpha-3 code"),
            *translated("title", "Its title"),
            *translated("description", "Its description"),
            text("source_excerpt", description="The source passage, verbatim"),
        ),
        lambda: Practice.objects.filter(PUBLIC_ROUNDTABLE).order_by(
            "roundtable__summit__year", "roundtable__code", "number"
        ),
        primary_key=("roundtable", "number"),
        references=(("roundtable", "roundtables(slug)"), ("country", "countries(iso3)")),
    ),
    Table(
        "alignments",
        "The editors' alignment of recommendations with Global Compact objectives and SDG targets (not quotes).",
        (
            integer("recommendation", "recommendation_id", "The recommendation's id"),
            integer(
                "gcm_objective", "gcm_objective__number", "The Global Compact objective's number (empty for a target)"
            ),
            text("sdg_target", "sdg_target__code", "The SDG target's code (empty for an objective)"),
            *translated("rationale", "Why the recommendation supports it"),
            text("aligned_by", description="Who aligned it"),
            text("aligned_on", description="When (YYYY-MM-DD)"),
        ),
        lambda: Alignment.objects.filter(
            recommendation__status=Status.PUBLISHED, recommendation__roundtable__status=Status.PUBLISHED
        ).order_by("recommendation_id", "gcm_objective__number", "sdg_target__sort_key"),
        references=(("recommendation", "recommendations(id)"),),
    ),
    Table(
        "themes",
        "The themes, by the slug the recommendations' `themes` column holds.",
        (
            text("slug", description="Its identifier"),
            *translated("name", "Its name"),
            *translated("description", "Its description"),
        ),
        lambda: Theme.objects.order_by("slug"),
        primary_key=("slug",),
    ),
    Table(
        "frameworks",
        "The frameworks and instruments cited, by the slug the recommendations' `frameworks` column holds.",
        (
            text("slug", description="Its identifier"),
            *translated("short_name", "Its short name"),
            *translated("name", "Its full name"),
            text("kind", description="What kind of framework it is"),
            integer("year", description="Its year (empty when not known)"),
        ),
        lambda: Framework.objects.order_by("slug"),
        primary_key=("slug",),
    ),
    Table(
        "actors",
        "Those whom recommendations are addressed to, by the slug the recommendations' `actors` column holds.",
        (text("slug", description="Its identifier"), *translated("name", "Its name")),
        lambda: Actor.objects.order_by("slug"),
        primary_key=("slug",),
    ),
    Table(
        "countries",
        "Every ISO 3166-1 country, by its alpha-3 code.",
        (text("iso3", description="ISO 3166-1 alpha-3 code"), *translated("name", "Its name")),
        lambda: Country.objects.order_by("iso3"),
        primary_key=("iso3",),
    ),
)

# The recommendations file is the CSV export of the whole list, its columns described here.
RECOMMENDATION_COLUMNS = {
    "id": "The recommendation's id, as in its address /recommendations/<id>/",
    "year": "The summit's year",
    "session": "The roundtable session's number",
    "roundtable": "The roundtable's slug (roundtables.csv)",
    "roundtable_title": "The roundtable's title",
    "number": "Its number within the roundtable",
    "text": "The recommendation's text",
    "themes": "Slugs of its themes (themes.csv), joined by '; '",
    "frameworks": "Slugs of the frameworks it cites (frameworks.csv), joined by '; '",
    "actors": "Slugs of those it is addressed to (actors.csv), joined by '; '",
    "co_chairs": "Names of its roundtable's co-chairs, joined by '; '",
    "rapporteurs": "Names of its roundtable's rapporteurs, joined by '; '",
    "source_excerpt": "The source passage, verbatim",
    "url": "Its permanent address on the portal",
    "updated_at": "When it last changed (UTC, ISO 8601)",
    "gcm_objectives": "Numbers of the Global Compact objectives the editors aligned it with, joined by '; '",
    "sdg_targets": "Codes of the SDG targets the editors aligned it with, joined by '; '",
}


def recommendations():
    """The public recommendations in the list's default order, as the export writes them."""
    return strict(QueryDict(), Recommendation.objects.public()).qs


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def readme(built_at):
    tables = [
        {
            "name": "recommendations",
            "description": "The public recommendations: the portal's CSV export of the whole list, in its order.",
            "columns": [(name, RECOMMENDATION_COLUMNS.get(name, "")) for name in columns.COLUMNS],
        },
        *(
            {"name": t.name, "description": t.description, "columns": [(c.name, c.description) for c in t.columns]}
            for t in TABLES
        ),
    ]
    return render_to_string(
        "opendata/README.md", {"tables": tables, "licence": LICENCE, "attribution": ATTRIBUTION, "built_at": built_at}
    )


def _entry(name, when):
    """A member of the ZIP dated with the build, readable by anyone who unpacks it."""
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_zip(path, base_url, built_at):
    when = datetime.datetime.fromisoformat(built_at)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry("README.md", when), readme(built_at))
        with archive.open(_entry("recommendations.csv", when), "w") as out:
            stream = streams.csv_stream(recommendations(), base_url)
            try:
                for chunk in stream:
                    out.write(chunk)
            finally:
                stream.close()
        for table in TABLES:
            with archive.open(_entry(f"{table.name}.csv", when), "w") as out:
                out.write(writers.csv_line([c.name for c in table.columns]).encode())
                for row in table.rows():
                    out.write(writers.csv_line(list(row)).encode())


def _create(table, columns, primary_key=(), references=()):
    q = '"{}"'.format
    parts = [f"{q(name)} {kind}" for name, kind in columns]
    if primary_key:
        parts.append(f"PRIMARY KEY ({', '.join(map(q, primary_key))})")
    for column, target in references:
        other, key = target.rstrip(")").split("(")
        parts.append(f"FOREIGN KEY ({q(column)}) REFERENCES {q(other)}({q(key)})")
    return f"CREATE TABLE {q(table)} ({', '.join(parts)})"


def _insert(connection, table, width, rows):
    marks = ", ".join("?" * width)
    connection.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)  # noqa: S608 - our own names


def write_sqlite(path, base_url, built_at):
    """The same tables, with keys and foreign keys Datasette and sqlite-utils follow; lists as JSON arrays."""
    connection = sqlite3.connect(path)
    try:
        kinds = {
            name: ("INTEGER" if name in {"id", "year", "session", "number"} else "TEXT") for name in columns.COLUMNS
        }
        with connection:
            connection.execute(_create("metadata", (("key", "TEXT"), ("value", "TEXT")), ("key",)))
            _insert(
                connection,
                "metadata",
                2,
                [
                    ("title", "GFMD Roundtable Portal: the public record"),
                    ("licence", LICENCE["name"]),
                    ("licence_url", LICENCE["url"]),
                    ("attribution", ATTRIBUTION),
                    ("built_at", built_at),
                    ("source", base_url + "/"),
                ],
            )
            for table in TABLES:
                connection.execute(
                    _create(table.name, [(c.name, c.kind) for c in table.columns], table.primary_key, table.references)
                )
                _insert(connection, table.name, len(table.columns), table.rows())
            connection.execute(
                _create(
                    "recommendations",
                    [(name, kinds[name]) for name in columns.COLUMNS],
                    ("id",),
                    (("roundtable", "roundtables(slug)"),),
                )
            )
            listed = columns.LIST_COLUMNS
            rows = (
                tuple(
                    json.dumps(value, ensure_ascii=False) if name in listed else value
                    for name, value in zip(columns.COLUMNS, row, strict=True)
                )
                for row in orm.rows(recommendations(), base_url)
            )
            _insert(connection, "recommendations", len(columns.COLUMNS), rows)
            connection.execute('CREATE INDEX "recommendations_roundtable" ON "recommendations" ("roundtable")')
        connection.execute("VACUUM")
    finally:
        connection.close()


def fingerprint():
    """A digest that changes when the record changes: every change made through the admin, the
    import or the publish action leaves a history version, and the reference lists are counted.

    A scheduled `build_open_data --if-changed` compares it with the last build's, so running it
    often costs a few queries when nothing was published.
    """

    parts = []
    for model in (Recommendation, Roundtable, KeyPoint, Practice, Alignment):
        history = model.history.model.objects.aggregate(n=Count("pk"), last=Max("history_date"))
        parts.append([model._meta.label, model.objects.count(), history["n"], str(history["last"])])
    for model in (RoundtableRole, Theme, Framework, Actor, Country):
        parts.append([model._meta.label, model.objects.count()])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def build(*, directory, base_url, keep=KEEP_BUILDS):
    """Write a new build under `directory`, point the manifest at it, remove older builds; returns the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    digest = fingerprint()
    now = timezone.now().replace(microsecond=0)
    built_at = now.isoformat().replace("+00:00", "Z")
    folder = Path(tempfile.mkdtemp(prefix=now.strftime("build-%Y%m%dT%H%M%S-"), dir=directory))
    try:
        write_zip(folder / ZIP_NAME, base_url, built_at)
        write_sqlite(folder / SQLITE_NAME, base_url, built_at)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # mkdtemp() makes the folder private; the server that offers the files may run as another user.
    folder.chmod(0o755)
    files = {
        kind: {"name": name, "bytes": (folder / name).stat().st_size, "sha256": sha256(folder / name)}
        for kind, name in (("zip", ZIP_NAME), ("sqlite", SQLITE_NAME))
    }
    manifest = {
        "built_at": built_at,
        "folder": folder.name,
        "licence": LICENCE,
        "recommendations": recommendations().count(),
        "fingerprint": digest,
        "files": files,
    }
    staged = directory / f".{MANIFEST}.new"
    staged.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(staged, directory / MANIFEST)
    # The build just made, and the newest others: two builds in one second share their name's
    # timestamp, so the folders' own times order them.
    others = sorted(
        (p for p in directory.iterdir() if p.is_dir() and p.name.startswith("build-") and p != folder),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for old in others[: max(0, len(others) - (keep - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return manifest


def current(directory):
    """The manifest of the last build, or None when there is none (or it cannot be read)."""
    try:
        manifest = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (Path(directory) / manifest.get("folder", "")).is_dir():
        return None
    return manifest


def path_of(directory, manifest, kind):
    return Path(directory) / manifest["folder"] / manifest["files"][kind]["name"]
