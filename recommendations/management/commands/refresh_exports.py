"""Bring the export's stored lists and lines up to date, every language and format, ahead of the
first export: after a deploy or a large import, so that no visitor's export writes them."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from recommendations.export import lines


class Command(BaseCommand):
    help = "Write the export's stored lines (every language, CSV and JSON) where they are missing or out of date."

    def handle(self, *args, **options):
        for language, _name in settings.LANGUAGES:
            for as_json in (False, True):
                started = time.perf_counter()
                written = lines.refresh(language, as_json)
                elapsed = time.perf_counter() - started
                self.stdout.write(f"{lines.variant(language, as_json)}: {written:,} lines written in {elapsed:.1f} s")
