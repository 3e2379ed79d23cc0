"""What `make run` serves: the development settings under gunicorn, with DEBUG off unless asked for."""

import os
import subprocess
import sys

import pytest

from tests.portal_server import BASE_DIR, Gunicorn


def dev_env(tmp_path, **overrides):
    """The environment `make run` gives gunicorn: no DJANGO_* variables, the embedded SQLite file."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gfmd_portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "staticfiles"),
    )
    env.update(overrides)
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True)
    return env


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("make-run")
    server = Gunicorn(dev_env(folder), folder / "gunicorn.log")
    yield server
    server.stop()


def test_a_bad_address_gets_the_portals_own_404_not_the_debug_page(make_run):
    answer = make_run.get("/en/no-such-page/")
    assert answer.status == 404
    assert "Page not found · GFMD Roundtable Portal" in answer.text
    assert "Go to the home page" in answer.text
    assert "URLconf" not in answer.text and "DEBUG = True" not in answer.text


def test_a_bad_address_without_a_language_is_the_branded_404_too(make_run):
    answer = make_run.get("/no-such-page/", headers={"Accept-Language": "fr"})
    # LocaleMiddleware sends an unprefixed address to the visitor's language first.
    assert answer.status in {302, 404}
    assert "URLconf" not in answer.text


def test_the_favicon_is_served_at_the_root(make_run):
    answer = make_run.get("/favicon.ico")
    assert answer.status == 200
    assert answer.headers["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert answer.body[:4] == b"\x00\x00\x01\x00", "not an ICO file"
    assert answer.body == (BASE_DIR / "static" / "root" / "favicon.ico").read_bytes()


def test_pages_point_browsers_at_the_favicon(make_run):
    page = make_run.get("/en/")
    assert page.status == 200
    assert '<link rel="icon" href="/favicon.ico"' in page.text
    svg = page.text.split('<link rel="icon" href="', 2)[2].split('"', 1)[0]
    assert make_run.get(svg).status == 200


def test_django_debug_1_turns_the_debug_page_on_for_development(tmp_path):
    server = Gunicorn(dev_env(tmp_path, DJANGO_DEBUG="1"), tmp_path / "gunicorn.log")
    try:
        answer = server.get("/en/no-such-page/")
    finally:
        server.stop()
    assert answer.status == 404
    assert "URLconf" in answer.text
