"""Import continuity links from a CSV file, all or nothing; the admin runs the same import with a preview."""

from continuity.importer import links_import_file
from gfmd_portal.management.import_command import AddingImportCommand


class Command(AddingImportCommand):
    help = (
        "Import continuity links from FILE.csv (columns later, relation, earlier, optional passage). "
        "Nothing is written if any row is refused."
    )

    file_help = "A CSV file in UTF-8 (a byte-order mark is accepted) or Windows-1252."
    import_file = staticmethod(links_import_file)

    def describe(self, outcome):
        return f"{outcome.later} {outcome.relation} {outcome.earlier}"
