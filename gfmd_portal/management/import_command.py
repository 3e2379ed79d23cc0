"""What the spreadsheet import commands share: the FILE argument, --dry-run, and reading the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gfmd_portal.csv_files import CREATE, UNCHANGED


class CsvImportCommand(BaseCommand):
    """A command that imports FILE.csv all or nothing; a subclass says which encodings in file_help."""

    file_help = "A CSV file in UTF-8 (a byte-order mark is accepted)."

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report what would change; write nothing."
        )

    def read(self, file):
        """(the file's bytes, its name); a file that cannot be read stops the command with the reason."""
        path = Path(file)
        try:
            return path.read_bytes(), path.name
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s.") % {"file": file, "error": error.strerror or error}
            ) from None


class AddingImportCommand(CsvImportCommand):
    """An import that only adds records: it reports the rows added and those already stored.

    A subclass sets import_file (data=, dry_run=, name= -> an ImportReport) and may describe
    each row at verbosity 2.
    """

    import_file = None

    def describe(self, outcome):
        return ""

    def handle(self, *args, file, dry_run, verbosity, **options):
        data, name = self.read(file)
        report = self.import_file(data=data, dry_run=dry_run, name=name)
        for problem in report.all_problems():
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(_("Nothing imported: the file was refused."))
        if verbosity >= 2:
            for outcome in report.outcomes:
                self.stdout.write(f"  row {outcome.row}: {outcome.action_label} {self.describe(outcome)}")
        counts = {
            "create": f"{report.count(CREATE):,}",
            "unchanged": f"{report.count(UNCHANGED):,}",
        }
        if dry_run:
            message = _("Dry run, nothing written: %(create)s to add, %(unchanged)s already stored.") % counts
        else:
            message = _("Imported %(name)s: %(create)s added, %(unchanged)s already stored.") % {
                "name": name,
                **counts,
            }
        self.stdout.write(self.style.SUCCESS(message))
