"""What the spreadsheet import commands share: the FILE argument, --dry-run, and reading the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


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
