"""A SQLite database file of its own, migrated by the real command in a process of its own."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class MigratedFile:
    path: Path

    def migrate(self):
        """Run `manage.py migrate` on the file, where nothing but migrate has imported the portal's code."""
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.path}",
            "DJANGO_SETTINGS_MODULE": "gfmd_portal.settings.test",
        }
        migrate = [sys.executable, "manage.py", "migrate", "--verbosity", "0", "--skip-checks"]
        subprocess.run(migrate, env=env, cwd=settings.BASE_DIR, check=True)

    def triggers(self, prefix):
        """The names of the file's triggers that start with prefix."""
        with sqlite3.connect(self.path) as db:
            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {name for (name,) in names if name.startswith(prefix)}

    def drop_triggers(self, names):
        """What SQLite's table rebuild (ALTER through Django's schema editor) does to a table's triggers."""
        with sqlite3.connect(self.path) as db:
            for name in names:
                db.execute(f"DROP TRIGGER {name}")


def migrated_file(directory):
    database = MigratedFile(Path(directory) / "portal.sqlite3")
    database.migrate()
    return database
