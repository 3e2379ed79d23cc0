"""Import follow-up entries from a CSV file, all or nothing.

Countries and organisations report what they did on recommendations in a spreadsheet; this
loads them in one transaction after checking every row. The same import runs from the admin
with a preview.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from followup.importer import Action, followup_import_file


class Command(BaseCommand):
    help = (
        "Import follow-up entries from FILE.csv (columns recommendation, reporter, date, progress, title, "
        "description, evidence_url, optional kind and status). Nothing is written if any row is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV file in UTF-8 (a byte-order mark is accepted) or Windows-1252.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report what would change; write nothing."
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s.") % {"file": file, "error": error.strerror or error}
            ) from None
        report = followup_import_file(data=data, dry_run=dry_run, name=path.name)
        for problem in report.all_problems():
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(_("Nothing imported: the file was refused."))
        if verbosity >= 2:
            for outcome in report.outcomes:
                self.stdout.write(f"  row {outcome.row}: {outcome.action_label} {outcome.title}")
        counts = {
            "create": f"{report.count(Action.CREATE):,}",
            "unchanged": f"{report.count(Action.UNCHANGED):,}",
        }
        if dry_run:
            message = _("Dry run, nothing written: %(create)s to add, %(unchanged)s already stored.") % counts
        else:
            message = _("Imported %(name)s: %(create)s added, %(unchanged)s already stored.") % {
                "name": path.name,
                **counts,
            }
        self.stdout.write(self.style.SUCCESS(message))
