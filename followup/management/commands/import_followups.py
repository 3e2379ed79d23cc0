"""Import follow-up entries from a CSV file, all or nothing.

Countries and organisations report what they did on recommendations in a spreadsheet; this
loads them in one transaction after checking every row. The same import runs from the admin
with a preview.
"""

from followup.importer import followup_import_file
from gfmd_portal.management.import_command import AddingImportCommand


class Command(AddingImportCommand):
    help = (
        "Import follow-up entries from FILE.csv (columns recommendation, reporter, date, progress, title, "
        "description, evidence_url, optional kind and status). Nothing is written if any row is refused."
    )

    file_help = "A CSV file in UTF-8 (a byte-order mark is accepted) or Windows-1252."
    import_file = staticmethod(followup_import_file)

    def describe(self, outcome):
        return outcome.title
