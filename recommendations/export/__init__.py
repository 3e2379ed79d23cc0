"""The export of recommendations as CSV and JSON, one job a module.

- columns: the one definition of the export's columns (EXPORT_COLUMNS), the list separator,
  and the neutralisation of spreadsheet formulas (neutralise, restore);
- orm: the ORM path's reading of a queryset's rows in the columns' order;
- writers: the CSV and JSON text of those rows;
- lists: each recommendation's list cells, kept ready;
- line_sql: the SQL with which SQLite and PostgreSQL write a recommendation's whole line, the
  ORM path's bytes;
- lines: those lines kept ready per language and format, brought up to date before an export,
  and read in the list's order;
- streams: the export of a queryset as a response body, from the stored lines where the
  database writes them, else through the ORM path.

The public export, the admin's "export selected" and the import's reading of exported files
all go through these modules, so a file always has the same columns and neutralisation.
"""
