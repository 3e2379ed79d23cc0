"""The portal's performance benchmark: `make bench` (N=100000 rows by default).

For SQLite (a file under bench/) and PostgreSQL (BENCH_DATABASE_URL, else a `gfmd_bench`
database on the server DATABASE_URL names, else the local one) it loads N synthetic
recommendations with `manage.py generate_synthetic` (kept when the database already holds
exactly N), then measures through the real URLs with Django's test client: list, filtered list
and search latency with the facet counts cached, right after a write (each request follows a
no-op UPDATE of one recommendation, and of one of its theme links, which the triggers count as
writes, so the process reloads those parts of its facet index) and in a new process (its index
from the snapshot another kept, and with no snapshot); the API's first, middle and last pages; queries
per page; CSV and JSON export speed; export peak memory; and on PostgreSQL the speed of `psql`
running the export's own COPY statement into /dev/null. The 1-minute load average is taken before and after the page
timings: the machine may be shared.

Each database is measured in its own process (Django is configured once per process); the
parent prints one table. Then, on the SQLite data, Datasette and the portal under gunicorn are
timed side by side over HTTP (bench/datasette_side.py) and a second table gives their ratios.
`--databases sqlite`, `--side-by-side-only` and `--no-side-by-side` run parts of it.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COUNT = 100_000
DEFAULT_PG = "postgres://gfmd:gfmd@127.0.0.1:5432/gfmd_bench"


def sqlite_file(count):
    """The SQLite file of `count` rows: bench/bench.sqlite3 at the default count, else bench/bench-N.sqlite3,
    so that a run at another size keeps the default data."""
    return ROOT / "bench" / ("bench.sqlite3" if count == DEFAULT_COUNT else f"bench-{count}.sqlite3")


def bench_database(count):
    """The PostgreSQL database's name: gfmd_bench at the default count, else gfmd_bench_N."""
    return "gfmd_bench" if count == DEFAULT_COUNT else f"gfmd_bench_{count}"


LATENCY_RUNS = 30
COLD_RUNS = 10
EXPORT_RUNS = 3
SEARCH = "remittances diaspora"


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the parent: databases and the table


def postgres_url(count):
    """Where the PostgreSQL benchmark of `count` rows runs (a database it may empty to reload it)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        configured = DEFAULT_PG
    # The same server and credentials, never the same database: reloading empties it.
    return urlunsplit(urlsplit(configured)._replace(path=f"/{bench_database(count)}"))


def postgres_ready(url):
    """Create the benchmark database if the server answers and it is missing; None when no server answers."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    try:
        psycopg2.connect(url, connect_timeout=3).close()
        return True
    except psycopg2.OperationalError as error:
        if f'database "{name}" does not exist' not in str(error):
            log(f"PostgreSQL: no server answers at {parts.hostname}:{parts.port or 5432} ({str(error).strip()})")
            return None
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=3)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    log(f"PostgreSQL: created database {name}")
    return True


def run_worker(label, url, count):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "gfmd_portal.settings.dev",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        # Keep the connection between requests, as production does (settings.prod: 60 s).
        "DJANGO_CONN_MAX_AGE": "60",
        # The API's per-client limit would refuse the benchmark's own requests.
        "DJANGO_API_RATE_LIMIT": "",
    }
    log(f"== {label}: {url}")
    done = subprocess.run(  # noqa: S603 - this same script, our own arguments
        [sys.executable, __file__, "--worker", "--count", str(count), "--label", label],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def ms(pair):
    return f"{pair[0]:.0f} / {pair[1]:.0f} ms"


def rate(value):
    return f"{value:,.0f} rows/s" if value else "n/a"


def mib(value):
    return f"{value / 1024 / 1024:.1f} MiB"


# The other public pages, measured warm and right after a save; {name: how its path is found}.
PAGES = ("home", "roundtables", "roundtable", "recommendation", "theme", "framework", "country", "GCM objectives",
         "GCM objective", "SDG targets", "SDG target", "coverage", "follow-up dashboard")  # fmt: skip


def pages_cell(results, name):
    page = results.get("pages", {}).get(name)
    if page is None:
        return "n/a (no such value in the data)"
    warm, saved = page
    return f"{warm[0]:.0f} / {saved[0]:.0f} ms"


def public_pages(latency, saved):
    """{name: (warm (median, p95), right after a save (median, p95))} of each of PAGES the data has."""
    from alignment.models import GcmObjective, SdgTarget
    from recommendations.models import Recommendation
    from roundtables.models import Framework, Roundtable, RoundtableRole, Theme

    def first(queryset, field):
        return queryset.order_by("pk").values_list(field, flat=True).first()

    values = {
        "roundtable": first(Roundtable.objects.published(), "slug"),
        "recommendation": first(Recommendation.objects.public(), "pk"),
        "theme": first(Theme.objects, "slug"),
        "framework": first(Framework.objects, "slug"),
        "country": first(RoundtableRole.objects.exclude(country=None), "country_id"),
        "GCM objective": first(GcmObjective.objects, "number"),
        "SDG target": first(SdgTarget.objects, "code"),
    }
    paths = {
        "home": "/en/",
        "roundtables": "/en/roundtables/",
        "roundtable": "/en/roundtables/{}/",
        "recommendation": "/en/recommendations/{}/",
        "theme": "/en/themes/{}/",
        "framework": "/en/frameworks/{}/",
        "country": "/en/countries/{}/",
        "GCM objectives": "/en/gcm/",
        "GCM objective": "/en/gcm/{}/",
        "SDG targets": "/en/sdg/",
        "SDG target": "/en/sdg/{}/",
        "coverage": "/en/coverage/",
        "follow-up dashboard": "/en/follow-up/",
    }
    measured = {}
    for name in PAGES:
        if name in values and values[name] is None:
            continue
        path = paths[name].format(values.get(name))
        measured[name] = (latency({}, path=path), latency({}, saved, COLD_RUNS, path=path))
    return measured


def table(results, count):
    columns = list(results)
    rows = [
        ("recommendations (public)", lambda r: f"{r['rows']:,}"),
        ("load average (1 min) before / after the page timings", lambda r: " / ".join(f"{v:.2f}" for v in r["load"])),
        ("list page `/recommendations/`, counts cached, median / p95", lambda r: ms(r["list"])),
        ("list page right after a recommendation is saved, median / p95 of 10", lambda r: ms(r["list_saved"])),
        ("list page right after a recommendation's themes change, median / p95 of 10", lambda r: ms(r["list_themes"])),
        ("list page of a new process (its index from the snapshot), median / p95 of 10", lambda r: ms(r["list_new"])),
        (
            "list page of a new process with no snapshot (read in full), median / p95 of 10",
            lambda r: ms(r["list_unsnapped"]),
        ),
        (
            "filtered list (one theme and one country), counts cached, median / p95",
            lambda r: f"{ms(r['filtered'])} ({r['filtered_rows']:,} rows)",
        ),
        ("filtered list right after a recommendation is saved, median / p95 of 10", lambda r: ms(r["filtered_saved"])),
        ("filtered list of a new process (from the snapshot), median / p95 of 10", lambda r: ms(r["filtered_new"])),
        (
            "filtered list (one theme), counts cached, median / p95",
            lambda r: f"{ms(r['theme'])} ({r['theme_rows']:,} rows)",
        ),
        (
            f"search `q={SEARCH}`, counts cached, median / p95",
            lambda r: f"{ms(r['search'])} ({r['search_rows']:,} rows)",
        ),
        (
            "search right after a recommendation is saved (nothing a search reads changed), median / p95 of 10",
            lambda r: ms(r["search_saved"]),
        ),
        ("search right after a recommendation's text is edited, median / p95 of 10", lambda r: ms(r["search_edited"])),
        *(
            (
                f"{name} page, counts cached / right after a save, medians",
                lambda r, name=name: pages_cell(r, name),
            )
            for name in PAGES
        ),
        (
            "resident memory of the measuring process after the page timings (index, kept searches, Django)",
            lambda r: mib(r["resident"]) if r.get("resident") else "n/a",
        ),
        ("API `/api/v1/recommendations/?page_size=20`, first page, median / p95", lambda r: ms(r["api_first"])),
        ("API, the middle page, median / p95", lambda r: ms(r["api_middle"])),
        ("API, the last page, median / p95", lambda r: ms(r["api_deep"])),
        (
            "API, filtered (one theme and one country), the last page, median / p95",
            lambda r: ms(r["api_filtered_deep"]),
        ),
        ("API, `sort=-updated`, the last page, median / p95", lambda r: ms(r["api_updated_deep"])),
        ("API, first page with `facets=theme,country,year`, median / p95", lambda r: ms(r["api_facets"])),
        ("queries per page, counts cached (list / filtered / search)", lambda r: " / ".join(map(str, r["queries"]))),
        (
            "queries per list page after a save / after a themes change / in a new process",
            lambda r: " / ".join(map(str, r["queries_cold"])),
        ),
        ("CSV export, all rows (median of 3)", lambda r: f"{rate(r['csv_rate'])} ({r['csv_seconds']:.2f} s)"),
        (
            "CSV export right after a text is edited / a themes change / a theme is renamed (its lines written again)",
            lambda r: (
                f"{r['csv_edited_seconds']:.2f} s / {r['csv_themes_seconds']:.2f} s / {r['csv_renamed_seconds']:.2f} s "
                f"({r['renamed_rows']:,} recommendations with that theme)"
            ),
        ),
        (
            "CSV export with no line kept (every line written first: after a deploy)",
            lambda r: f"{r['csv_unkept_seconds']:.2f} s",
        ),
        ("JSON export, all rows (median of 3)", lambda r: f"{rate(r['json_rate'])} ({r['json_seconds']:.2f} s)"),
        (
            "export peak memory, tracemalloc: CSV all rows / CSV filtered / JSON all rows",
            lambda r: " / ".join(mib(v) for v in r["peaks"]) + f" ({r['filtered_rows']:,} filtered rows)",
        ),
        ("`psql` COPY of the bare table (reference)", lambda r: rate(r.get("bare_copy_rate"))),
        ("`sqlite3` CLI `.mode csv` of the bare table (reference)", lambda r: rate(r.get("bare_cli_rate"))),
        (
            "**CSV export / the bare table's COPY or `sqlite3` CLI**",
            lambda r: (
                f"**{r['csv_rate'] / bare:.2f}**"
                if (bare := r.get("bare_copy_rate") or r.get("bare_cli_rate"))
                else "n/a"
            ),
        ),
    ]
    lines = [f"| N = {count:,} | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for title, cell in rows:
        lines.append(f"| {title} | " + " | ".join(cell(results[c]) for c in columns) + " |")
    return "\n".join(lines)


def resident():
    """This process's resident memory in bytes (Linux), or None."""
    from datasette_side import proc_status

    try:
        return proc_status().get("VmRSS")
    except OSError:
        return None


def machine():
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}"


SIDE_HEADING = "## Side by side with Datasette"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="which databases to measure, comma-separated (default: sqlite,postgresql)",
    )
    side = parser.add_mutually_exclusive_group()
    side.add_argument("--no-side-by-side", action="store_true", help="skip Datasette beside the portal")
    side.add_argument(
        "--side-by-side-only",
        action="store_true",
        help="only Datasette beside the portal, on the SQLite file of --count as it is; with --results, "
        f"replace the file's '{SIDE_HEADING}' section",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.count, args.label)
        return
    databases = {name.strip().lower() for name in args.databases.split(",") if name.strip()}
    unknown = databases - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"--databases: unknown {', '.join(sorted(unknown))} (sqlite, postgresql)")
    if args.side_by_side_only:
        if not sqlite_file(args.count).exists():
            raise SystemExit(
                f"{sqlite_file(args.count).relative_to(ROOT)} does not exist: "
                "run the benchmark once without --side-by-side-only."
            )
        side_result = side_by_side(args.count)
        if side_result is None:
            return
        text = side_section(side_result)
        print(text)
        if args.results:
            existing = args.results.read_text() if args.results.exists() else ""
            args.results.write_text(replace_section(existing, SIDE_HEADING, text))
            log(f"written to {args.results} ({SIDE_HEADING})")
        return
    results = {}
    side_result = None
    if "sqlite" in databases:
        results["SQLite"] = run_worker("SQLite", f"sqlite:///{sqlite_file(args.count)}", args.count)
        if not args.no_side_by_side:
            side_result = side_by_side(args.count)
    if "postgresql" in databases:
        url = postgres_url(args.count)
        if shutil.which("psql") is None:
            log("PostgreSQL: skipped (no psql binary to measure COPY with)")
        elif postgres_ready(url):
            results["PostgreSQL"] = run_worker("PostgreSQL", url, args.count)
        else:
            log("PostgreSQL: skipped")
    if not results:
        raise SystemExit("No database measured.")
    versions = {name: result["versions"] for name, result in results.items()}
    text = table(results, args.count)
    print(text)
    side_text = side_section(side_result) if side_result else ""
    if side_text:
        print()
        print(side_text)
    if args.results:
        header = [
            "# Benchmark results",
            "",
            f"`make bench N={args.count}` on {time.strftime('%Y-%m-%d')}; machine: {machine()}.",
            "Versions: " + "; ".join(f"{name}: {v}" for name, v in versions.items()) + ".",
            "",
            "",
        ]
        body = "\n".join(header) + text + "\n"
        if side_text:
            body = replace_section(body, SIDE_HEADING, side_text)
        args.results.write_text(body)
        log(f"written to {args.results}")


def side_by_side(count):
    """Datasette beside the portal on the SQLite file (bench/datasette_side.py); None when it cannot run."""
    from datasette_side import missing, side_by_side

    absent = missing()
    if absent:
        log(
            f"Side by side with Datasette: skipped ({' and '.join(absent)} not installed; "
            "`make bench` installs requirements-bench.txt)"
        )
        return None
    return side_by_side(sqlite_file(count), SEARCH)


def side_section(result):
    """The side-by-side table with the lines that say when, on what and with which versions."""
    from datasette_side import table as side_table

    return "\n".join(
        [
            f"On {time.strftime('%Y-%m-%d %H:%M')}; machine: {machine()}; {result['versions']}.",
            "",
            side_table(result, SEARCH),
            "",
            f"Ratios above 1: the portal answers faster. Requests in turn, {result['runs']} per URL after warming; "
            "see bench/datasette_side.py.",
        ]
    )


def replace_section(text, heading, body):
    from datasette_side import replace_section

    return replace_section(text, heading, body)


# ---------------------------------------------------------------- the worker: one database


def worker(count, label):
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from recommendations.models import Recommendation

    call_command("migrate", verbosity=0)
    # Pages name their static files through the manifest, as `make run` serves them.
    call_command("collectstatic", interactive=False, verbosity=0)
    if Recommendation.objects.count() != count:
        if Recommendation.objects.exists():
            if connection.vendor == "sqlite":
                connection.close()
                Path(connection.settings_dict["NAME"]).unlink()
                call_command("migrate", verbosity=0)
            else:
                name = connection.settings_dict["NAME"]
                if "bench" not in name and not os.environ.get("BENCH_DATABASE_URL"):
                    raise SystemExit(f"{name} holds other data; set BENCH_DATABASE_URL to a database it may empty.")
                call_command("flush", interactive=False, verbosity=0)
        log(f"{label}: generating {count:,} recommendations (kept for the next run)")
        call_command("generate_synthetic", count=count, stdout=sys.stderr)
    else:
        log(f"{label}: reusing {count:,} recommendations")
        if not Recommendation._meta.get_field("alignments").related_model.objects.exists():
            # Data generated before the generator aligned recommendations: aligned now, as it would.
            from recommendations.management.commands import generate_synthetic

            log(f"{label}: aligning them with GCM objectives and SDG targets")
            rng, references = random.Random(7), generate_synthetic.alignment_references()
            ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
            for at in range(0, len(ids), generate_synthetic.BATCH):
                with transaction.atomic():
                    generate_synthetic.align(rng, ids[at : at + generate_synthetic.BATCH], references)
    if connection.vendor == "postgresql":
        # As autovacuum would have by the time anyone reads the list: statistics, and a visibility
        # map that lets the planner use index-only scans.
        with connection.cursor() as cursor:
            for table in connection.introspection.django_table_names(only_existing=True):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
    print(json.dumps(measure(label)))


def measure(label):
    import django
    from django.db import connection
    from django.db.models import F
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from recommendations import facet_index
    from recommendations.filters import RecommendationFilter
    from recommendations.models import ExportLine, ExportLinesState, FacetIndexSnapshot, Recommendation
    from roundtables.models import RoundtableRole, Theme

    client = Client()
    theme = Theme.objects.order_by("pk").values_list("slug", flat=True).first()
    country = RoundtableRole.objects.exclude(country=None).order_by("pk").values_list("country_id", flat=True).first()
    filtered = {"theme": theme, "country": country}
    one_theme = {"theme": theme}
    search = {"q": SEARCH}

    def matching(params):
        data = QueryDict(mutable=True)
        data.update(params)
        filterset = RecommendationFilter(data, queryset=Recommendation.objects.public())
        assert filterset.is_valid(), filterset.errors
        return filterset.qs

    first = Recommendation.objects.order_by("pk").values_list("pk", flat=True).first()
    link = Recommendation.themes.through.objects.order_by("pk").values_list("pk", flat=True).first()

    def saved():
        """What saving a recommendation's text or status does to the facet index: a write to its table."""
        Recommendation.objects.filter(pk=first).update(updated_at=F("updated_at"))

    original = Recommendation.objects.values_list("text", flat=True).get(pk=first)
    edits = iter(range(1_000_000))

    def text_edited():
        """An editor's save of a recommendation's text: a trailing space added or taken away, which
        the triggers count as a change of what a search reads (the search is read again)."""
        Recommendation.objects.filter(pk=first).update(text=original + " " * (next(edits) % 2))

    def themes_changed():
        """A save that also changes its themes: writes to the recommendations and their theme links."""
        saved()
        Recommendation.themes.through.objects.filter(pk=link).update(theme_id=F("theme_id"))

    def unsnapped():
        """A new process with no snapshot to start from (the first after a migrate)."""
        facet_index.clear()
        FacetIndexSnapshot.objects.all().delete()

    def latency(params, before=None, runs=LATENCY_RUNS, path="/en/recommendations/"):
        timings = []
        client.get(path, params)  # warm: connection, templates, caches
        for _ in range(runs):
            if before:
                before()
            started = time.perf_counter()
            response = client.get(path, params)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]

    def queries(params, before=None):
        client.get("/en/recommendations/", params)
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/recommendations/", params)
        return len(captured)

    def export_seconds(path, params=None, before=None):
        runs = []
        for _ in range(EXPORT_RUNS):
            if before:
                before()
            started = time.perf_counter()
            size = sum(len(chunk) for chunk in client.get(path, params or {}).streaming_content)
            runs.append(time.perf_counter() - started)
        return statistics.median(runs), size

    def peak(path, params=None):
        tracemalloc.start()
        try:
            for _chunk in client.get(path, params or {}).streaming_content:
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    rows = Recommendation.objects.public().count()
    log(f"{label}: latency")
    load = [os.getloadavg()[0]]
    result = {
        "rows": rows,
        "list": latency({}),
        "filtered": latency(filtered),
        "filtered_rows": matching(filtered).count(),
        "theme": latency(one_theme),
        "theme_rows": matching(one_theme).count(),
        "search": latency(search),
        "search_rows": matching(search).count(),
        "queries": [queries({}), queries(filtered), queries(search)],
    }
    log(f"{label}: latency right after a write")
    result.update(
        list_saved=latency({}, saved, COLD_RUNS),
        list_themes=latency({}, themes_changed, COLD_RUNS),
        list_new=latency({}, facet_index.clear, COLD_RUNS),
        list_unsnapped=latency({}, unsnapped, COLD_RUNS),
        filtered_saved=latency(filtered, saved, COLD_RUNS),
        filtered_new=latency(filtered, facet_index.clear, COLD_RUNS),
        search_saved=latency(search, saved, COLD_RUNS),
        search_edited=latency(search, text_edited, COLD_RUNS),
        queries_cold=[queries({}, saved), queries({}, themes_changed), queries({}, facet_index.clear)],
    )
    Recommendation.objects.filter(pk=first).update(text=original)
    log(f"{label}: the other public pages")
    result["pages"] = public_pages(latency, saved)
    log(f"{label}: API pages")
    result.update(api_pages(latency, rows, filtered, matching(filtered).count()))
    load.append(os.getloadavg()[0])
    result["load"] = load
    result["resident"] = resident()
    log(f"{label}: exports")
    csv_seconds, csv_size = export_seconds("/recommendations/export.csv")
    json_seconds, _ = export_seconds("/recommendations/export.json")
    themes_seconds, _ = export_seconds("/recommendations/export.csv", before=themes_changed)
    label_model = Recommendation.themes.field.related_model

    renamed_theme = label_model.objects.order_by("name", "pk").values_list("pk", "name").first()
    renames = iter(range(1_000_000))

    def renamed():
        """The theme listed first renamed so that it sorts last, then back: the lists it is in are read again."""
        pk, name = renamed_theme
        label_model.objects.filter(pk=pk).update(name=f"Zz {name}" if next(renames) % 2 == 0 else name)

    renamed_seconds, _ = export_seconds("/recommendations/export.csv", before=renamed)
    label_model.objects.filter(pk=renamed_theme[0]).update(name=renamed_theme[1])
    edited_seconds, _ = export_seconds("/recommendations/export.csv", before=text_edited)
    Recommendation.objects.filter(pk=first).update(text=original)

    def unkept():
        """The lines of the CSV in English dropped: the next export writes every one first."""
        ExportLine.objects.filter(variant="en.csv").delete()
        ExportLinesState.objects.filter(pk="en.csv").delete()

    unkept_seconds, _ = export_seconds("/recommendations/export.csv", before=unkept)
    result["renamed_rows"] = Recommendation.objects.filter(themes=renamed_theme[0]).count()
    result.update(
        csv_seconds=csv_seconds,
        csv_rate=rows / csv_seconds,
        csv_bytes=csv_size,
        json_seconds=json_seconds,
        json_rate=rows / json_seconds,
        csv_themes_seconds=themes_seconds,
        csv_edited_seconds=edited_seconds,
        csv_unkept_seconds=unkept_seconds,
        csv_renamed_seconds=renamed_seconds,
    )
    log(f"{label}: peak memory")
    peak("/recommendations/export.csv", filtered)  # first traced run pays for imports
    result["peaks"] = [
        peak("/recommendations/export.csv"),
        peak("/recommendations/export.csv", filtered),
        peak("/recommendations/export.json"),
    ]
    versions = f"Python {platform.python_version()}, Django {django.get_version()}"
    if connection.vendor == "postgresql":
        log(f"{label}: psql COPY")
        bare = f"COPY {Recommendation._meta.db_table} TO STDOUT WITH (FORMAT csv)"
        result["bare_copy_rate"] = Recommendation.objects.count() / psql_seconds(bare)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            versions += f", PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        import sqlite3

        versions += f", SQLite {sqlite3.sqlite_version}"
        if shutil.which("sqlite3"):
            log(f"{label}: sqlite3 CLI")
            bare = f"SELECT * FROM {Recommendation._meta.db_table}"  # noqa: S608
            result["bare_cli_rate"] = Recommendation.objects.count() / cli_seconds(
                connection.settings_dict["NAME"], bare
            )
    result["versions"] = versions
    return result


API_PAGE_SIZE = 20


def api_pages(latency, rows, filtered, filtered_rows):
    """API page latency: the first and the last page, in roundtable order and by date of change."""

    def last(count):
        return str(max(1, -(-count // API_PAGE_SIZE)))

    def api(params, page="1"):
        return latency({**params, "page_size": API_PAGE_SIZE, "page": page}, path="/api/v1/recommendations/")

    return {
        "api_first": api({}),
        "api_deep": api({}, last(rows)),
        "api_middle": api({}, str(max(1, rows // API_PAGE_SIZE // 2))),
        "api_filtered_deep": api(filtered, last(filtered_rows)),
        "api_updated_deep": api({"sort": "-updated"}, last(rows)),
        "api_facets": latency(
            {"facets": "theme,country,year", "page_size": API_PAGE_SIZE}, path="/api/v1/recommendations/"
        ),
    }


def cli_seconds(path, statement):
    """Median of three runs of the sqlite3 binary writing a query's CSV (.mode csv) to /dev/null."""
    runs = []
    for _ in range(EXPORT_RUNS):
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            subprocess.run(["sqlite3", "-csv", str(path), statement], stdout=sink, check=True)  # noqa: S603, S607
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def psql_seconds(statement):
    """Median of three runs of the real psql binary writing COPY's output to /dev/null."""
    from django.db import connection

    settings = connection.settings_dict
    url = (
        f"postgresql://{quote(settings['USER'], safe='')}:{quote(settings['PASSWORD'], safe='')}@"
        f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    command = ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement]
    runs = []
    for _ in range(EXPORT_RUNS):
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            subprocess.run(command, stdout=sink, check=True)  # noqa: S603 - our own statement
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


if __name__ == "__main__":
    main()
