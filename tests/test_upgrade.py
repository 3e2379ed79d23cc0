"""A SQLite database made by an earlier version of the portal migrates to this one, with its data."""

import os
import sqlite3
import subprocess
import sys

from django.conf import settings


def manage(path, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_SETTINGS_MODULE": "gfmd_portal.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


def test_a_database_with_the_search_triggers_migrates_through_the_table_rebuilds(tmp_path):
    """The search's triggers read the frameworks' names; rebuilding that table must not break on them."""
    path = tmp_path / "earlier.sqlite3"
    # The state before source documents: the search's triggers are installed (recommendations 0008).
    earlier = (
        ("roundtables", "0005_line_breaks"),
        ("alignment", "0005_line_breaks"),
        ("recommendations", "0009_line_breaks"),
    )
    for app, migration in earlier:
        done = manage(path, "migrate", app, migration, "--verbosity", "0", "--skip-checks")
        assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as db:
        assert db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'topics%'"
        ).fetchone()[0]
        assert not db.execute("SELECT count(*) FROM django_migrations WHERE name = '0006_source_documents'").fetchone()[
            0
        ]
    done = manage(path, "migrate", "--verbosity", "0", "--skip-checks")
    assert done.returncode == 0, done.stderr
    done = manage(path, "load_initial_data", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(path) as db:
        topics = db.execute("SELECT topics FROM recommendations_recommendation WHERE topics <> ''").fetchall()
        triggers = db.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'topics%'").fetchone()[0]
    assert topics and triggers, "the search's triggers are back and keep the names"
