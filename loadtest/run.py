"""`make loadtest`: gunicorn with production settings on PostgreSQL under Locust, reloaded halfway.

Fills the database named by DATABASE_URL (fixtures, then synthetic rows up to --rows), collects
static files, starts gunicorn on 127.0.0.1, runs Locust headless for a bounded time with a fixed
number of users, sends gunicorn a HUP halfway through, and reports requests/s, p50/p95/p99 and
failures. Exits non-zero on any failed request or if the reload did not replace the workers.
"""

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

SAMPLE_SCRIPT = """
import json
from recommendations.models import Recommendation
from roundtables.models import Country, Framework, Roundtable, Theme
public = Recommendation.objects.public()
print(json.dumps({
    "themes": list(Theme.objects.filter(recommendations__in=public).distinct().values_list("slug", flat=True)),
    "countries": list(Country.objects.filter(roles__isnull=False).distinct().values_list("iso3", flat=True)),
    "frameworks": list(Framework.objects.values_list("slug", flat=True)),
    "roundtables": list(Roundtable.objects.published().values_list("slug", flat=True)),
    "years": sorted(set(public.values_list("roundtable__summit__year", flat=True))),
    "recommendations": list(public.order_by("?").values_list("pk", flat=True)[:2000]),
    "words": ["migration", "labour", "climate", "remittances", "diaspora", "protection", "crisis", "women"],
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--rows", type=int, default=20_000, help="synthetic recommendations to have in the database")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--no-reload", action="store_true", help="do not send gunicorn a HUP during the run")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    parsed = urllib.parse.urlsplit(database_url)
    if parsed.scheme not in {"postgres", "postgresql"} or parsed.hostname not in LOCAL_HOSTS:
        sys.exit(
            "make loadtest needs DATABASE_URL pointing at a local PostgreSQL, e.g. postgres://gfmd:gfmd@127.0.0.1:5432/gfmd"
        )

    with tempfile.TemporaryDirectory(prefix="gfmd-loadtest-") as work:
        work = Path(work)
        env = production_env(database_url, work / "static")
        prepare_database(env, args.rows)
        step("collecting static files")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        sample = work / "sample.json"
        sample_json = manage(env, "shell", "--no-imports", "-c", SAMPLE_SCRIPT, capture=True)
        sample.write_text(sample_json.strip().splitlines()[-1])

        # Kept after the run (git ignores it): the JSON request lines and any traceback.
        gunicorn = start_gunicorn(env, args, BASE_DIR / "loadtest" / "gunicorn.log")
        try:
            report = run_locust(args, sample, work, gunicorn)
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=60)
    print(f"gunicorn's log: {gunicorn.log_path.relative_to(BASE_DIR)}")
    sys.exit(0 if report["ok"] else 1)


def step(message):
    print(f"== {message}", flush=True)


def production_env(database_url, static_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="gfmd_portal.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(static_root),
        # Request lines go to the gunicorn log file, not the terminal.
        DJANGO_LOG_LEVEL="INFO",
    )
    return env


def manage(env, *command, capture=False):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *command],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout


def prepare_database(env, rows):
    step("migrating and loading the fixtures")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_initial_data")
    count_script = "from recommendations.models import Recommendation; print(Recommendation.objects.count())"
    count = int(manage(env, "shell", "--no-imports", "-c", count_script, capture=True).strip().splitlines()[-1])
    if count < rows:
        step(f"generating {rows - count:,} synthetic recommendations ({count:,} present)")
        manage(env, "generate_synthetic", "--count", str(rows - count))
    else:
        step(f"{count:,} recommendations present")


def start_gunicorn(env, args, log_path):
    command = [
        sys.executable, "-m", "gunicorn", "gfmd_portal.wsgi:application",
        "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{args.port}",
    ]  # fmt: skip
    if args.workers:
        command += ["--workers", str(args.workers)]
    log = open(log_path, "wb")  # noqa: SIM115 - gunicorn writes to it until it stops
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    process.log_path = log_path
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    step(f"gunicorn (pid {process.pid}, workers {worker_pids(process.pid)}) on 127.0.0.1:{args.port}")
                    return process
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    process.kill()
    sys.exit(f"gunicorn did not become healthy:\n{log_path.read_text()}")


def worker_pids(master):
    return sorted(int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split())


def run_locust(args, sample, work, gunicorn):
    step(f"Locust: {args.users} users for {args.seconds} s" + ("" if args.no_reload else ", HUP halfway"))
    prefix = work / "stats"
    command = [
        sys.executable, "-m", "locust", "--locustfile", str(BASE_DIR / "loadtest" / "locustfile.py"),
        "--headless", "--users", str(args.users), "--spawn-rate", str(args.users),
        "--run-time", f"{args.seconds}s", "--stop-timeout", "10",
        "--host", f"http://127.0.0.1:{args.port}", "--csv", str(prefix), "--only-summary",
        "--loglevel", "WARNING", "--skip-log-setup",
    ]  # fmt: skip
    locust = subprocess.Popen(  # noqa: S603
        command,
        cwd=BASE_DIR,
        env={**os.environ, "LOADTEST_SAMPLE": str(sample)},
        stdout=subprocess.DEVNULL,
    )
    reload = None
    if not args.no_reload:
        time.sleep(args.seconds / 2)
        before = worker_pids(gunicorn.pid)
        gunicorn.send_signal(signal.SIGHUP)
        reload = {"before": before, "after": wait_for_new_workers(gunicorn.pid, before)}
        step(f"HUP sent at {args.seconds // 2} s: workers {before} -> {reload['after']}")
    try:
        locust.wait(timeout=args.seconds + 120)
    except subprocess.TimeoutExpired:
        locust.kill()
        sys.exit("Locust did not finish in time")
    return report(prefix, reload, args)


def wait_for_new_workers(master, before, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = worker_pids(master)
        if current and not set(current) & set(before):
            return current
        time.sleep(0.5)
    return worker_pids(master)


def report(prefix, reload, args):
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        rows = list(csv.DictReader(stats_file))
    print()
    print("| Requests | Count | Failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    print()
    print(f"{args.users} users, {args.seconds} s, {total['Requests/s']} req/s, {failures} failed requests.")
    with open(f"{prefix}_failures.csv", newline="") as failures_file:
        for row in csv.DictReader(failures_file):
            print(f"  failure: {row['Name']}: {row['Error']} x{row['Occurrences']}")
    reloaded = reload is None or (bool(reload["after"]) and not set(reload["after"]) & set(reload["before"]))
    if reload is not None:
        print(f"Reload with HUP: {'all workers replaced' if reloaded else 'workers NOT replaced'}.")
    return {"ok": failures == 0 and reloaded}


if __name__ == "__main__":
    main()
