"""Import recommendations from a CSV file with the export's columns, all or nothing.

The secretariat prepares next year's recommendations in a spreadsheet; this loads them (and
corrections to existing ones) in one transaction, after checking every row. The same import
runs from the admin with a preview; this is the way for large files and scripts.
"""

import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gfmd_portal.management.import_command import CsvImportCommand
from recommendations.importer import Action, recommendation_import_file

SHOWN_ROWS = 50
STAGES = {
    "checked": gettext_lazy("rows checked"),
    "written": gettext_lazy("rows written"),
    "history": gettext_lazy("history versions"),
}


class Command(CsvImportCommand):
    help = (
        "Import recommendations from FILE.csv (the export's columns; `id` empty for new rows; optional "
        "`status`). Nothing is written if any row is refused; the exit status is then non-zero."
    )

    def handle(self, *args, file, dry_run, verbosity, **options):
        data, name = self.read(file)
        started = time.perf_counter()
        self.verbosity = verbosity
        report = recommendation_import_file(data=data, dry_run=dry_run, name=name, progress=self.progress)
        elapsed = time.perf_counter() - started
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if verbosity >= 2:
            for outcome in report.outcomes:
                if outcome.action != Action.REFUSE:
                    label = f"{outcome.roundtable}/{outcome.number}"
                    changes = f" ({', '.join(outcome.changes)})" if outcome.changes else ""
                    self.stdout.write(f"  row {outcome.row}: {outcome.action_label} {label}{changes}")
        problems = report.all_problems()
        for problem in problems[:SHOWN_ROWS]:
            self.stderr.write(str(problem))
        if len(problems) > SHOWN_ROWS:
            self.stderr.write(_("… and %(count)s more problems.") % {"count": f"{len(problems) - SHOWN_ROWS:,}"})
        counts = {action: f"{count:,}" for action, count in report.counts.items()}
        summary = _("%(create)s to create, %(update)s to update, %(unchanged)s unchanged, %(refuse)s refused") % counts
        if report.problems:
            raise CommandError(_("Nothing imported: the file was refused."))
        if not report.ok:
            raise CommandError(
                _("Nothing imported: %(summary)s. Fix the problems above and run the import again.")
                % {"summary": summary}
            )
        if dry_run:
            message = _("Dry run, nothing written: %(summary)s (%(seconds).1f s).")
        else:
            summary = _("%(create)s created, %(update)s updated, %(unchanged)s unchanged") % counts
            message = _("Imported %(name)s: %(summary)s (%(seconds).1f s).")
        self.stdout.write(self.style.SUCCESS(message % {"name": name, "summary": summary, "seconds": elapsed}))

    def progress(self, stage, done, total):
        if self.verbosity >= 1 and total:
            label = STAGES.get(stage, stage)
            self.stdout.write(f"  {done:,} / {total:,} {label}")
