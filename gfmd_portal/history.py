"""Complete history versions written in bulk, many-to-many relations included.

django-simple-history's bulk functions write the historical row but not the historical
many-to-many rows, so a version written by them would revert to "no themes". Every bulk path
(fixture load, publish actions, spreadsheet import) and the admin's one-version-per-save go
through record_versions() instead. It copies the rows as they are in the database with
INSERT ... SELECT, so 50,000 versions cost a few statements rather than 50,000 model instances.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from simple_history.models import HistoricalRecords

CHUNK = 2000
REASON_LENGTH = 100


def m2m_history_fields(model):
    """The many-to-many fields whose membership the model's history keeps."""
    return list(getattr(model.history.model, "_history_m2m_fields", []))


def acting_user(instance=None):
    """Who is making the change: the admin's user for instance, else the request's (simple-history's middleware)."""
    user = getattr(instance, "_history_user", None)
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record_versions(*, model, pks, history_type, user=None, reason=None, date=None, using=DEFAULT_DB_ALIAS):
    """Write one history version ("+" created, "~" changed) of each saved row in pks, with its relations."""
    pks = list(pks)
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    connection = connections[using]
    qn = connection.ops.quote_name
    history = model.history.model
    meta = history._meta
    date_param = connection.ops.adapt_datetimefield_value(date or timezone.now())
    tracked = [qn(field.column) for field in history.tracked_fields]
    stamps = [qn(meta.get_field(name).column) for name in ("history_date", "history_type")]
    insert_versions = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(tracked)}, {', '.join(stamps)}, "  # noqa: S608 (model names)
        f"{qn(meta.get_field('history_user').column)}, {qn(meta.get_field('history_change_reason').column)}) "
        f"SELECT {', '.join(tracked)}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} "
        f"WHERE {qn(model._meta.pk.column)} IN ({{ids}})"
    )
    version_params = [date_param, history_type, user.pk if user else None, (reason or "")[:REASON_LENGTH] or None]
    version_pk, version_of = qn(meta.pk.column), qn(meta.get_field(model._meta.pk.name).column)
    copies = [_copy_links_sql(field, history, qn) for field in m2m_history_fields(model)]
    returning = bool(copies) and connection.features.can_return_rows_from_bulk_insert
    if returning:
        insert_versions += f" RETURNING {version_pk}, {version_of}"
    find_versions = (
        f"SELECT {version_pk}, {version_of} FROM {qn(meta.db_table)} "  # noqa: S608 (model names)
        f"WHERE {version_of} IN ({{ids}}) AND {stamps[0]} = %s AND {stamps[1]} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(insert_versions.format(ids=placeholders), [*version_params, *chunk])
            if not copies:
                continue
            if not returning:
                cursor.execute(find_versions.format(ids=placeholders), [*chunk, date_param, history_type])
            versions = cursor.fetchall()  # (version pk, row pk) pairs
            if not versions:
                continue
            pairs = ", ".join(["(%s, %s)"] * len(versions))
            for sql in copies:
                cursor.execute(sql.format(pairs=pairs), [value for version in versions for value in version])


def _copy_links_sql(field, history, qn):
    """SQL copying the field's link rows onto new versions, given as VALUES (version pk, row pk) pairs.

    The pairs are joined in the database (column1, column2 are the standard names of VALUES
    columns in PostgreSQL and SQLite), so link rows never travel through Python.
    """
    history_m2m = getattr(history, field.name).model
    through = field.remote_field.through
    links = list(through._meta.concrete_fields)
    source = qn(through._meta.get_field(field.m2m_field_name()).column)
    columns = [qn(history_m2m._meta.get_field(f.name).column) for f in links]
    columns.append(qn(history_m2m._meta.get_field("history").column))
    return (
        f"INSERT INTO {qn(history_m2m._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 (model names)
        f"SELECT {', '.join('t.' + qn(f.column) for f in links)}, v.column1 "
        f"FROM {qn(through._meta.db_table)} t INNER JOIN (VALUES {{pairs}}) v ON t.{source} = v.column2"
    )
