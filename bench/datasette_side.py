"""Datasette beside the portal on the same SQLite data, both over HTTP: `bench/run.py` calls it.

A copy of the benchmark's SQLite file gets full-text search from sqlite-utils
(`enable-fts ... text --fts5 --create-triggers`, its defaults otherwise), then two servers
start on free ports of 127.0.0.1, each in its own process group:

- Datasette, `datasette serve COPY --port P` with its default settings (not immutable: `-i`
  would count each table once at start-up, and the table page would skip the count that the
  portal's list does on every request);
- the portal with production settings under gunicorn (gunicorn.conf.py, 2 workers), on the same
  copy, with its static files collected into a temporary folder. Each request carries
  `X-Forwarded-Proto: https`, as the TLS proxy that production settings expect sends it.

Each URL is warmed (both workers, whose facet index is per process), then timed over RUNS
requests with http.client: Datasette's table page with one facet against the portal's list
with all its facets, and Datasette's search against the portal's. Datasette's connection is
kept between requests; gunicorn's sync workers close theirs after each response, so the
portal's requests each open a new loopback connection, as behind a proxy.
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TABLE = "recommendations_recommendation"
# The portal's roundtable facet; a column of the table itself, so Datasette facets it as it is.
FACET = "roundtable_id"
RUNS = 30
WARM_ROUNDS = 3
PORTAL_WORKERS = 2
START_TIMEOUT = 90


def log(message):
    print(message, file=sys.stderr, flush=True)


def missing():
    """The benchmark-only packages that are not installed, by their pip names."""
    packages = {"datasette": "datasette", "sqlite-utils": "sqlite_utils"}
    return [name for name, module in packages.items() if not find_spec(module)]


def median_p95(timings):
    """Median and 95th percentile (the same nearest-rank rule as the rest of the benchmark)."""
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def replace_section(text, heading, body):
    """`text` with the Markdown section `heading` (up to the next heading of its level) replaced by
    `body`, or with the section added at the end when there is none."""
    level = heading.split(" ", 1)[0]
    section = f"{heading}\n\n{body.strip()}\n"
    lines = text.splitlines(keepends=True)
    for start, line in enumerate(lines):
        if line.rstrip("\n") == heading:
            end = next(
                (i for i in range(start + 1, len(lines)) if lines[i].split(" ", 1)[0] in _levels_up_to(level)),
                len(lines),
            )
            after = "".join(lines[end:])
            return "".join(lines[:start]) + section + ("\n" + after if after else "")
    return text.rstrip("\n") + "\n\n" + section if text.strip() else section


def _levels_up_to(level):
    return {"#" * n for n in range(1, len(level) + 1)}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process in its own process group, its output in a log file; stop() ends the group."""

    def __init__(self, name, command, env, log_path, port, ready_path, headers=None):
        self.name, self.port, self.log_path, self.headers = name, port, log_path, headers or {}
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own command lines
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            self._wait_ready(ready_path)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, path):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if self.get(path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {path} within {START_TIMEOUT} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path, connection=None):
        """(status, body) of one GET; on a given connection (reopened by http.client when the server closed it)."""
        own = connection is None
        connection = connection or self.connection()
        try:
            connection.request("GET", path, headers=self.headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            if own:
                connection.close()

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self._log.close()


def timed(server, path, runs):
    """Median and p95 in ms of `runs` GETs of `path`, each answered 200 with its whole body read."""
    connection = server.connection()
    timings = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            status, _body = server.get(path, connection)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{server.name} answered {status} to {path}")
    finally:
        connection.close()
    return median_p95(timings)


def warm(server, path):
    """Warm every worker: rounds of two requests at once (a sync worker takes one at a time), then one more."""
    answers = []

    def one():
        answers.append(server.get(path)[0])

    for _ in range(WARM_ROUNDS):
        answers.clear()
        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if any(status != 200 for status in answers):
            raise RuntimeError(f"{server.name} answered {answers} to {path} while warming")


def portal_env(database_file, static_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=f"sqlite:///{database_file}",
        DJANGO_SETTINGS_MODULE="gfmd_portal.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(static_root),
        # One request to the API reads the portal's own count of matches.
        DJANGO_API_RATE_LIMIT="",
    )
    return env


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def side_by_side(sqlite_file, search, runs=RUNS):
    """The four timings, the two ratios and both match counts, as a dict (see table())."""
    with tempfile.TemporaryDirectory(prefix="gfmd-datasette-") as work:
        work = Path(work)
        copy = work / sqlite_file.name
        name = copy.stem  # Datasette names the database after its file
        env = portal_env(copy, work / "static")
        log(f"side by side: copying {sqlite_file.name}")
        shutil.copyfile(sqlite_file, copy)
        # Before sqlite-utils adds its triggers: a migration that rebuilds a table would drop them.
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        log("side by side: sqlite-utils enable-fts (FTS5, with triggers)")
        enable_fts = ["enable-fts", str(copy), TABLE, "text", "--fts5", "--create-triggers"]
        subprocess.run([sys.executable, "-m", "sqlite_utils", *enable_fts], check=True)  # noqa: S603 - fixed arguments
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        servers = []
        # A plain `kill` would end this process before the finally clause stops the servers.
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            port = free_port()
            datasette = Server(
                "Datasette",
                [sys.executable, "-m", "datasette", "serve", str(copy), "--port", str(port)],
                os.environ.copy(),
                work / "datasette.log",
                port,
                "/-/versions.json",
            )
            servers.append(datasette)
            port = free_port()
            command = [
                sys.executable, "-m", "gunicorn", "gfmd_portal.wsgi:application",
                "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", str(PORTAL_WORKERS),
            ]  # fmt: skip
            portal = Server(
                "gunicorn",
                command,
                env,
                work / "gunicorn.log",
                port,
                "/healthz",
                headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"},
            )
            servers.append(portal)
            log(f"side by side: Datasette on :{datasette.port}, the portal on :{portal.port}")
            return measure(datasette, portal, name, search, runs)
        finally:
            for server in reversed(servers):
                server.stop()
            signal.signal(signal.SIGTERM, previous)


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def measure(datasette, portal, name, search, runs):
    table_path = f"/{name}/{TABLE}"
    paths = {
        "datasette_table": (datasette, f"{table_path}?{urlencode({'_facet': FACET})}"),
        "portal_list": (portal, "/en/recommendations/"),
        "datasette_search": (datasette, f"{table_path}?{urlencode({'_search': search})}"),
        "portal_search": (portal, f"/en/recommendations/?{urlencode({'q': search})}"),
    }
    for server, path in paths.values():
        warm(server, path)
    load = [os.getloadavg()[0]]
    result = {key: timed(server, path, runs) for key, (server, path) in paths.items()}
    load.append(os.getloadavg()[0])
    result.update(
        load=load,
        runs=runs,
        paths={key: path for key, (_server, path) in paths.items()},
        datasette_rows=datasette_count(datasette, table_path, {}),
        datasette_search_rows=datasette_count(datasette, table_path, {"_search": search}),
        portal_rows=portal_count(portal, {}),
        portal_search_rows=portal_count(portal, {"q": search}),
        table_ratio=result["datasette_table"][0] / result["portal_list"][0],
        search_ratio=result["datasette_search"][0] / result["portal_search"][0],
        versions=versions(datasette),
        worker_memory=worker_memory(portal.process.pid),
    )
    return result


def proc_status(pid="self"):
    """{field: value} of /proc/PID/status (Linux), the sizes in bytes; OSError where there is none."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        value = value.strip()
        fields[name] = int(value.split()[0]) * 1024 if value.endswith(" kB") else value
    return fields


def worker_memory(master):
    """[(resident, peak resident) in bytes] of each gunicorn worker (the master's children), or []
    where /proc cannot say."""
    try:
        pids = sorted((pid for pid in os.listdir("/proc") if pid.isdigit()), key=int)
    except OSError:  # no /proc
        return []
    found = []
    for pid in pids:
        try:
            status = proc_status(pid)
        except OSError:  # it ended while it was read
            continue
        if status.get("PPid") == str(master) and "VmRSS" in status:
            found.append((status["VmRSS"], status["VmHWM"]))
    return found


def json_of(server, path):
    status, body = server.get(path)
    if status != 200:
        raise RuntimeError(f"{server.name} answered {status} to {path}")
    return json.loads(body)


def datasette_count(datasette, table_path, params):
    return json_of(datasette, f"{table_path}.json?{urlencode({**params, '_size': 0})}")["filtered_table_rows_count"]


def portal_count(portal, params):
    """The portal's own count of the rows the list shows: its API returns exactly the list's rows."""
    return json_of(portal, f"/api/v1/recommendations/?{urlencode({**params, 'page_size': 1})}")["count"]


def versions(datasette):
    info = json_of(datasette, "/-/versions.json")
    from importlib.metadata import version

    return (
        f"Datasette {info['datasette']['version']}, sqlite-utils {version('sqlite-utils')}, "
        f"SQLite {info['sqlite']['version']}"
    )


def ms(pair):
    return f"{pair[0]:.0f} / {pair[1]:.0f} ms"


def table(result, search):
    """The side-by-side table: what each server was asked, its median / p95, and the ratio of medians."""
    runs = result["runs"]
    lines = [
        f"| SQLite over HTTP, median / p95 of {runs} | Datasette | the portal (gunicorn, 2 workers) "
        "| Datasette / portal (medians) |",
        "|---|---|---|---|",
        f"| Datasette's table page with one facet (`?_facet={FACET}`) / the portal's list with all its facets "
        f"| {ms(result['datasette_table'])} ({result['datasette_rows']:,} rows) "
        f"| {ms(result['portal_list'])} ({result['portal_rows']:,} rows) | **{result['table_ratio']:.1f}** |",
        f"| search `{search}` (Datasette `_search`, FTS5 by sqlite-utils / the portal's `q`) "
        f"| {ms(result['datasette_search'])} ({result['datasette_search_rows']:,} rows) "
        f"| {ms(result['portal_search'])} ({result['portal_search_rows']:,} rows) | **{result['search_ratio']:.1f}** |",
        "| load average (1 min) before / after these timings | "
        + " / ".join(f"{v:.2f}" for v in result["load"])
        + " | | |",
    ]
    if result.get("worker_memory"):
        memory = ", ".join(f"{rss / 2**20:.0f} / {peak / 2**20:.0f} MiB" for rss, peak in result["worker_memory"])
        lines.append(f"| the portal's gunicorn workers' memory after the timings (resident / peak) | | {memory} | |")
    return "\n".join(lines)
