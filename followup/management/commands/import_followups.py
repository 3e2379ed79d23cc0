"""Import follow-up entries from a CSV file, all or nothing.

Countries and organisations report what they did on recommendations in a spreadsheet; this
loads them in one transaction after checking every row. The same import runs from the admin
with a preview.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from followup.importer import Action, followup_import_file
from gfmd_portal.management.import_command import CsvImportCommand


class Command(CsvImportCommand):
    help = (
        "Import follow-up entries from FILE.csv (columns recommendation, reporter, date, progress, title, "
        "description, evidence_url, optional kind and status). Nothing is written if any row is refused."
    )

    file_help = "A CSV file in UTF-8 (a byte-order mark is accepted) or Windows-1252."

    def handle(self, *args, file, dry_run, verbosity, **options):
        data, name = self.read(file)
        report = followup_import_file(data=data, dry_run=dry_run, name=name)
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
                "name": name,
                **counts,
            }
        self.stdout.write(self.style.SUCCESS(message))
