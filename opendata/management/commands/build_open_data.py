"""Rebuild the open data (/data/): the public record as a ZIP of CSV files and as a SQLite file.

Visitors download the files of the last build; nothing is built on their requests. Run it after
publishing, or on a schedule (see the README).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from opendata import build


class Command(BaseCommand):
    help = "Rebuild the open-data files the /data/ page offers."

    def add_arguments(self, parser):
        parser.add_argument("--directory", default=None, help="where to write (default: settings.OPEN_DATA_ROOT)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="the portal's public address, for permalinks (default: settings.PUBLIC_URL)",
        )
        parser.add_argument(
            "--if-changed", action="store_true", help="build only when the record changed since the last build"
        )

    def handle(self, *args, directory=None, base_url=None, if_changed=False, **options):
        directory = directory or settings.OPEN_DATA_ROOT
        last = build.current(directory)
        if if_changed and last and last.get("fingerprint") == build.fingerprint():
            self.stdout.write(self.style.SUCCESS(f"Nothing changed since the build of {last['built_at']}."))
            return
        manifest = build.build(directory=directory, base_url=(base_url or settings.PUBLIC_URL).rstrip("/"))
        for kind in ("zip", "sqlite"):
            described = manifest["files"][kind]
            self.stdout.write(
                f"{build.path_of(directory, manifest, kind)}  {described['bytes']} bytes  sha256 {described['sha256']}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Built the open data of {manifest['recommendations']} recommendations at {manifest['built_at']}."
            )
        )
