"""The export of recommendations as CSV and JSON, one job a module.

- columns: the one definition of the export's columns (EXPORT_COLUMNS), the list separator,
  and the neutralisation of spreadsheet formulas (neutralise, restore);
- orm: the ORM path's reading of a queryset's rows in the columns' order;
- writers: the CSV and JSON text of those rows (csv.writer, json);
- postgres_copy: the same bytes written by PostgreSQL itself, a COPY statement compiled from
  the same columns;
- copy_stream: psycopg2's COPY streamed into a response with bounded memory;
- streams: the export of a queryset as a response body, through COPY where the database can,
  else through the ORM path.

The public export, the admin's "export selected" and the import's reading of exported files
all go through these modules, so a file always has the same columns and neutralisation.
"""
