"""Bring a rapporteurs' summary (PDF or text) in as a source document and draft records tied to its passages.

The secretariat runs it on a new summary: --dry-run or --json first to see what the parser finds,
then a real run, which writes drafts only. Candidates found in the prose wait in the admin's
review of the document for a person to accept them.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract import Refused
from ingest.services import as_json, summary_ingest


class Command(BaseCommand):
    help = "Read a summary (PDF or text) into draft roundtables, roles, key points, practices and recommendations."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The summary, as PDF or as text (UTF-8 or Windows-1252).")
        parser.add_argument("--summit-year", type=int, help="The year of the summit it belongs to.")
        parser.add_argument("--session", type=int, help="The roundtable session's number (else from the codes).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print the parser's proposals as one JSON object.")

    def handle(self, *args, file, summit_year=None, session=None, dry_run=False, json=False, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Refused: {file} cannot be read ({error.strerror}).") from error
        try:
            report = summary_ingest(
                data=data, name=file.name, summit_year=summit_year, session_number=session, dry_run=dry_run
            )
        except Refused as error:
            raise CommandError(f"Refused, nothing written: {error}") from error
        if json:
            self.stdout.write(_dumps(as_json(report.parsed)))
            return
        roundtables = report.parsed.proposals["roundtables"]
        if report.duplicate:
            self.stdout.write(
                self.style.WARNING(
                    f"{file.name} is already in the portal (document {report.document.pk}, "
                    f"sha256 {report.parsed.sha256[:12]}…): nothing added."
                )
            )
            return
        for roundtable in roundtables:
            candidates = sum(1 for item in roundtable["recommendations"] if item["candidate"])
            self.stdout.write(
                f"Roundtable {roundtable['code']}: {roundtable['title']}\n"
                f"  co-chairs: {', '.join(roundtable['co_chairs']) or '-'}; "
                f"rapporteurs: {', '.join(roundtable['rapporteurs']) or '-'}\n"
                f"  {len(roundtable['key_points'])} key points, {len(roundtable['practices'])} practices, "
                f"{len(roundtable['frameworks'])} frameworks cited, "
                f"{len(roundtable['recommendations']) - candidates} recommendations, "
                f"{candidates} candidates in the prose"
            )
            unknown = [role["name"] for role in roundtable["roles"] if not role["resolved"]]
            if unknown:
                self.stdout.write(
                    self.style.WARNING(f"  not among the countries and organisations, left out: {', '.join(unknown)}")
                )
        if dry_run:
            self.stdout.write(self.style.SUCCESS("Dry run: nothing written."))
            return
        created = report.created
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {file.name} as document {report.document.pk} and created drafts: "
                f"{created['roundtables']} roundtables, {created['roles']} roles, {created['key_points']} key points, "
                f"{created['practices']} practices, {created['recommendations']} recommendations."
            )
        )
        if report.skipped:
            self.stdout.write(self.style.WARNING(f"Not resolved, left out: {', '.join(report.skipped)}."))
        if report.pending:
            self.stdout.write(
                f"{report.pending} candidate recommendations wait for a person to accept them in the admin "
                f"(Source documents, {file.name})."
            )


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
