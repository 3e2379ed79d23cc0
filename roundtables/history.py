"""Complete history versions written in bulk, many-to-many relations included.

django-simple-history's bulk helpers write the historical row but not the historical
many-to-many rows, so a version written by them would revert to "no themes". Every bulk path
(fixture load, publish actions, spreadsheet import) and the admin's one-version-per-save go
through record_versions() instead.
"""

from django.utils import timezone

BATCH = 2000


def m2m_history_fields(model):
    """The many-to-many fields whose membership the model's history keeps."""
    return list(getattr(model.history.model, "_history_m2m_fields", []))


def record_versions(*, model, objs, history_type, user=None, reason="", date=None):
    """Write one history version per object ("+" created, "~" changed) with its current relations."""
    objs = list(objs)
    if not objs:
        return []
    date = date or timezone.now()
    versions = model.history.bulk_history_create(
        objs,
        batch_size=BATCH,
        update=history_type == "~",
        default_user=user,
        default_change_reason=reason,
        default_date=date,
    )
    if not versions:  # history disabled (SIMPLE_HISTORY_ENABLED = False)
        return []
    version_by_pk = {version.id: version.history_id for version in versions}
    for field in m2m_history_fields(model):
        _record_m2m(field, version_by_pk)
    return versions


def _record_m2m(field, version_by_pk):
    history_m2m_model = getattr(field.model.history.model, field.name).model
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    attnames = [f.attname for f in through._meta.fields]
    pks = list(version_by_pk)
    rows = []
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        for values in through.objects.filter(**{f"{source}__in": chunk}).order_by("pk").values_list(*attnames):
            link = dict(zip(attnames, values, strict=True))
            rows.append(history_m2m_model(history_id=version_by_pk[link[source]], **link))
    history_m2m_model.objects.bulk_create(rows, batch_size=BATCH)
