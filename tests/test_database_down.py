"""With its database gone, the portal answers a branded 503, then recovers by itself when it returns.

A real gunicorn with production settings serves from a real database. On PostgreSQL the test
puts a TCP proxy of its own between gunicorn and the server and cuts it (the shared server is
never touched); on SQLite it moves the database's folder away so the file cannot be opened.
"""

import json
import sqlite3
import time

import pytest
from django.core.management import call_command
from django.db import connection

from tests.portal_server import Gunicorn, TcpProxy, prod_env

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/en/", "/en/recommendations/", "/en/roundtables/2016-3-1/"]


class PostgresOutage:
    def __init__(self, tmp_path):
        db = connection.settings_dict
        self.proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
        self.database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{self.proxy.port}/{db['NAME']}"
        # Kept connections and their health checks are part of what must recover.
        self.conn_max_age = "60"

    def cut(self):
        self.proxy.cut()

    def restore(self):
        self.proxy.restore()

    def close(self):
        self.proxy.close()


class SqliteOutage:
    def __init__(self, tmp_path):
        self.folder = tmp_path / "data"
        self.away = tmp_path / "data-away"
        self.folder.mkdir()
        path = self.folder / "portal.sqlite3"
        # A copy of the migrated, filled test database that another process can open.
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
        self.database_url = f"sqlite:///{path}"
        # SQLite opens the file per connection; a kept one would go on reading the moved file.
        self.conn_max_age = "0"

    def cut(self):
        self.folder.rename(self.away)

    def restore(self):
        self.away.rename(self.folder)

    def close(self):
        if self.away.exists():
            self.restore()


@pytest.fixture
def outage(tmp_path):
    call_command("load_initial_data", verbosity=0)
    kind = PostgresOutage if connection.vendor == "postgresql" else SqliteOutage
    simulated = kind(tmp_path)
    yield simulated
    simulated.close()


@pytest.fixture
def server(outage, collected_static, tmp_path):
    env = prod_env(
        DATABASE_URL=outage.database_url,
        DJANGO_CONN_MAX_AGE=outage.conn_max_age,
        DJANGO_DB_CONNECT_TIMEOUT="2",
        DJANGO_STATIC_ROOT=str(collected_static),
    )
    gunicorn = Gunicorn(env, tmp_path / "gunicorn.log")
    yield gunicorn
    gunicorn.stop()


def assert_unavailable_page(response):
    assert response.status == 503
    assert response.headers["Retry-After"]
    assert "Temporarily unavailable" in response.text
    assert 'class="site-header"' in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_pages_answer_503_while_the_database_is_down_and_200_again_after(outage, server):
    assert server.get("/healthz").status == 200
    for page in PAGES:
        assert server.get(page).status == 200, page
    workers = server.worker_pids()

    outage.cut()
    health = server.get("/healthz")
    assert health.status == 503
    body = json.loads(health.body)
    assert body["status"] == "unavailable" and body["reason"].startswith("database")
    for page in PAGES:
        assert_unavailable_page(server.get(page))
    # A streamed export checks the database before it commits to a 200.
    assert_unavailable_page(server.get("/recommendations/export.csv"))

    outage.restore()
    assert server.get("/healthz").status == 200
    assert json.loads(server.get("/healthz").body) == {"status": "ok"}
    for page in PAGES:
        assert server.get(page).status == 200, page
    assert server.get("/recommendations/export.csv").status == 200
    # Recovered by itself: the same worker served before, during and after.
    assert server.worker_pids() == workers


def test_outage_is_logged_as_json_lines_without_tracebacks(outage, server):
    outage.cut()
    assert server.get("/en/recommendations/").status == 503
    outage.restore()

    def logged_lines():
        return [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]

    def has_503_line(lines):
        return any(line.get("path") == "/en/recommendations/" and line.get("status") == 503 for line in lines)

    # The request line is written once the response has been sent, so it may trail the answer.
    deadline = time.monotonic() + 15
    while not has_503_line(lines := logged_lines()) and time.monotonic() < deadline:
        time.sleep(0.1)
    requests = [line for line in lines if line.get("event") == "request"]
    assert has_503_line(requests)
    assert all({"method", "path", "status", "duration_ms"} <= line.keys() for line in requests)
    assert any(line.get("event") == "database_unavailable" for line in lines)
    assert "Traceback" not in server.log()


@pytest.mark.postgres
def test_a_database_that_stops_answering_gives_503_not_a_hang(outage, server):
    """Connections that open but never answer hit the connect timeout and become a 503."""
    if connection.vendor != "postgresql":
        pytest.skip("a network black hole only exists between processes talking PostgreSQL")
    outage.proxy.blackhole()
    assert_unavailable_page(server.get("/en/recommendations/", timeout=20))
    assert server.get("/healthz", timeout=20).status == 503
    outage.restore()
    assert server.get("/en/recommendations/").status == 200
