"""What changed between two versions of a record, field by field and word by word.

The admin shows it in three places: each version of the history against the one before it,
the revert confirmation against the current record, and the spreadsheet import's preview
against the record a row updates. This module only computes; the template
admin/includes/field_changes.html renders, so every text stays autoescaped.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q
from django.utils import formats

from gfmd_portal.history import m2m_history_fields

SAME, REMOVED, ADDED = "same", "removed", "added"
# A word, a run of whitespace, or one other character: joined, the tokens give back the text exactly.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    op: str  # SAME, REMOVED or ADDED
    text: str


@dataclass
class FieldChange:
    """One changed field: its label and what each side shows, as segments (text) or names (relations)."""

    name: str
    label: str
    before: list
    after: list
    is_list: bool = False

    @property
    def spacing_only(self):
        """True when only spaces or line breaks differ, which marks alone would not show."""
        changed = [s.text for s in (*self.before, *self.after) if s.op != SAME]
        return not self.is_list and bool(changed) and not "".join(changed).strip()


def tokens(text):
    return _TOKEN.findall(text or "")


def _merge(segments):
    merged = []
    for segment in segments:
        if segment.text == "":
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def word_diff(before, after):
    """The two texts as (before segments, after segments): same words, words removed, words added.

    Joining the texts of each side's segments gives back that side's text exactly.
    """
    old, new = tokens(before), tokens(after)
    # autojunk would treat spaces as noise in long texts and mark whole paragraphs as changed.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(Segment(SAME, "".join(old[i1:i2])))
            right.append(Segment(SAME, "".join(new[j1:j2])))
            continue
        left.append(Segment(REMOVED, "".join(old[i1:i2])))
        right.append(Segment(ADDED, "".join(new[j1:j2])))
    return _merge(left), _merge(right)


def list_diff(before, after):
    """Two lists of names as (before, after) segments, one per name, in alphabetical order."""
    before, after = set(before), set(after)

    def key(name):
        return (name.casefold(), name)

    return (
        [Segment(SAME if name in after else REMOVED, name) for name in sorted(before, key=key)],
        [Segment(SAME if name in before else ADDED, name) for name in sorted(after, key=key)],
    )


def compared_fields(model):
    """The fields a person edits and the history keeps: no primary key, no automatic timestamps."""
    tracked = {field.name for field in model.history.model.tracked_fields}
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name not in tracked:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        fields.append(field)
    return fields


def _display(field, obj):
    value = getattr(obj, field.attname)
    if value is None or value == "":
        return ""
    if field.is_relation:
        return str(getattr(obj, field.name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str):
        return value
    return str(formats.localize(value))


def field_changes(model, before, after, *, before_links=None, after_links=None, names=None):
    """The changed fields between two versions, in the model's field order.

    before and after are instances of the model or its historical records; *_links map each
    many-to-many field name to {target pk: name}. names restricts the comparison (an import row
    holds only some columns).
    """
    changes = []
    for field in compared_fields(model):
        if names is not None and field.name not in names:
            continue
        if getattr(before, field.attname) == getattr(after, field.attname):
            continue
        old, new = word_diff(_display(field, before), _display(field, after))
        changes.append(FieldChange(field.name, str(field.verbose_name), old, new))
    for m2m in m2m_history_fields(model):
        if names is not None and m2m.name not in names:
            continue
        if before_links is None or after_links is None:
            continue
        old, new = before_links.get(m2m.name, {}), after_links.get(m2m.name, {})
        if old.keys() == new.keys():
            continue
        old, new = list_diff(old.values(), new.values())
        changes.append(FieldChange(m2m.name, str(m2m.verbose_name), old, new, is_list=True))
    return changes


def version_links(model, versions):
    """{version pk: {m2m name: {target pk: name}}} for historical records, one query per relation."""
    ids = [version.pk for version in versions]
    links = {pk: {m2m.name: {} for m2m in m2m_history_fields(model)} for pk in ids}
    for m2m in m2m_history_fields(model):
        target = m2m.m2m_reverse_field_name()
        history_m2m = getattr(model.history.model, m2m.name).model
        rows = history_m2m.objects.filter(history_id__in=ids).select_related(target)
        for row in rows:
            links[row.history_id][m2m.name][getattr(row, f"{target}_id")] = str(getattr(row, target))
    return links


def instance_links(instance):
    """{m2m name: {target pk: name}} of a saved record as it is now."""
    fields = m2m_history_fields(type(instance))
    return {m2m.name: {obj.pk: str(obj) for obj in getattr(instance, m2m.name).all()} for m2m in fields}


def _object_of(model, version):
    """The record as the version holds it, for its name.

    Built from the tracked fields rather than simple-history's `instance`, which queries the
    record for the fields the history leaves out; the foreign keys come from the history query.
    """
    tracked = model.history.model.tracked_fields
    instance = model(**{field.attname: getattr(version, field.attname) for field in tracked})
    for field in tracked:
        if field.is_relation and field.is_cached(version):
            setattr(instance, field.name, getattr(version, field.name))
    return instance


def annotate_versions(model, versions):
    """Give each historical record `field_changes` (against the version before it) and `object_label`.

    versions are newest first, as the history page lists them. The version before the oldest
    one is fetched too, so the last row of a page has its changes; with the relations' names
    that is one query plus one per many-to-many field, whatever the number of versions.
    """
    versions = list(versions)
    if not versions:
        return
    oldest = versions[-1]
    pk_name = model._meta.pk.attname
    earlier = (
        model.history.filter(**{pk_name: getattr(oldest, pk_name)})
        .filter(
            Q(history_date__lt=oldest.history_date)
            | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
        )
        ._select_related_history_tracked_objs()
        .order_by("-history_date", "-history_id")
        .first()
    )
    chain = [*versions, earlier] if earlier is not None else versions
    links = version_links(model, chain)
    for version, previous in zip(versions, [*chain[1:], None], strict=False):
        version.object_label = str(_object_of(model, version))
        if previous is None or version.history_type == "-":
            version.field_changes = []
            continue
        version.field_changes = field_changes(
            model, previous, version, before_links=links[previous.pk], after_links=links[version.pk]
        )


def revert_changes(model, current, version):
    """What reverting the record to version would change, the current record being the before."""
    if current is None:
        return []
    links = version_links(model, [version])[version.pk]
    return field_changes(model, current, version, before_links=instance_links(current), after_links=links)


def import_changes(model, outcomes):
    """Give each import outcome `field_changes` from the values it plans to change (outcome.values).

    outcome.values maps a field name to (before, after): the stored value and the row's, with
    primary keys for a foreign key and sets of primary keys for a many-to-many field. The
    names behind the keys are loaded once for all outcomes.
    """
    related_pks = {}
    for outcome in outcomes:
        for name, pair in getattr(outcome, "values", {}).items():
            field = model._meta.get_field(name)
            if field.is_relation:
                for side in pair:
                    keys = side if field.many_to_many else [side]
                    related_pks.setdefault(name, set()).update(key for key in keys if key is not None)
    related = {
        name: model._meta.get_field(name).related_model._base_manager.in_bulk(pks) for name, pks in related_pks.items()
    }
    for outcome in outcomes:
        values = getattr(outcome, "values", {})
        before, after = model(), model()
        before_links, after_links = {}, {}
        for name, (old, new) in values.items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                before_links[name] = {key: str(related[name][key]) for key in old if key in related[name]}
                after_links[name] = {key: str(related[name][key]) for key in new if key in related[name]}
                continue
            for obj, value in ((before, old), (after, new)):
                if field.is_relation:
                    setattr(obj, field.attname, value)
                    if value in related.get(name, {}):
                        setattr(obj, field.name, related[name][value])
                else:
                    setattr(obj, field.attname, value)
        outcome.field_changes = field_changes(
            model, before, after, before_links=before_links, after_links=after_links, names=values.keys()
        )
