"""Spreadsheet import of recommendations, reading the columns the export writes.

A row with an `id` updates that recommendation; a row without one updates the recommendation
with the same roundtable and number, or creates a new one. Every row is checked before anything
is written, and the import is all-or-nothing: one refused row and nothing changes. Rows whose
values already match the database are left alone, so importing the same file twice, or a file
the portal exported, changes nothing and records no history.

The admin's upload-preview-confirm and the `import_recommendations` command both call
recommendation_import_file(); recommendation_import() takes rows already read.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roundtables.history import record_versions
from roundtables.models import Actor, Framework, Roundtable, Status, Theme

from .export import COLUMNS, LIST_SEPARATOR, restore
from .models import Recommendation

REQUIRED_COLUMNS = ("roundtable", "number", "text")
OPTIONAL_COLUMNS = ("id", "themes", "frameworks", "actors", "source_excerpt", "status")
READ_ONLY_COLUMNS = tuple(c for c in COLUMNS if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
KNOWN_COLUMNS = frozenset(COLUMNS) | {"status"}
RELATIONS = {"themes": Theme, "frameworks": Framework, "actors": Actor}
RELATION_LABELS = {
    "themes": gettext_lazy("theme"),
    "frameworks": gettext_lazy("framework"),
    "actors": gettext_lazy("actor"),
}
STATUSES = {choice.value for choice in Status}
BATCH = 2000
MAX_NUMBER = 999_999
# A recommendation's text can be long; the csv module's default cell limit (128 KiB) is not enough.
MAX_CELL = 16 * 1024 * 1024
HEADER_ROW = 1
_INTEGER = re.compile(r"^[0-9]+$")
_SURROGATE = re.compile("[\udc80-\udcff]")


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSE = "refuse"

    LABELS = {
        CREATE: gettext_lazy("create"),
        UPDATE: gettext_lazy("update"),
        UNCHANGED: gettext_lazy("unchanged"),
        REFUSE: gettext_lazy("refuse"),
    }


@dataclass
class Problem:
    """Why a row (or the file) is refused, naming the spreadsheet row and the column."""

    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowOutcome:
    """What the import does (or would do) with one spreadsheet row."""

    row: int
    action: str = Action.CREATE
    roundtable: str = ""
    number: str = ""
    recommendation_id: int | None = None
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def action_label(self):
        return Action.LABELS[self.action]


@dataclass
class ImportReport:
    outcomes: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # about the whole file
    warnings: list = field(default_factory=list)
    dry_run: bool = True
    applied: bool = False

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in Action.LABELS}

    @property
    def refused(self):
        return [outcome for outcome in self.outcomes if outcome.action == Action.REFUSE]

    @property
    def ok(self):
        return not self.problems and not self.refused

    def all_problems(self):
        return [*self.problems, *(p for outcome in self.refused for p in outcome.problems)]


@dataclass
class CsvFile:
    columns: list
    rows: list  # one dict per spreadsheet row after the header (row 2, 3, ...)
    problems: list


def csv_read(*, data):
    """Read CSV bytes as the export writes them (UTF-8, optional byte-order mark) into row dicts."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = _("the file is UTF-16 text; save it as “CSV UTF-8” and upload it again.")
        return CsvFile([], [], [Problem(HEADER_ROW, "", message)])
    # surrogateescape keeps undecodable bytes so the check can name their row and column.
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            return CsvFile(
                [], [], [Problem(HEADER_ROW, "", _("the file is empty; the first row must name the columns."))]
            )
        columns = [cell.strip().lower() for cell in header]
        problems = _header_problems(columns)
        if problems:
            return CsvFile(columns, [], problems)
        for cells in reader:
            row = {column: value for column, value in zip(columns, cells, strict=False) if column}
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
                row[None] = cells[len(columns) :]
            rows.append(row)
    except csv.Error as error:
        message = _("this is not a readable CSV file (%(error)s).") % {"error": error}
        return CsvFile([], [], [Problem(HEADER_ROW + len(rows) + 1, "", message)])
    return CsvFile([c for c in columns if c], rows, [])


def _header_problems(columns):
    problems = []
    if any(_SURROGATE.search(column) for column in columns):
        problems.append(Problem(HEADER_ROW, "", _("the header is not valid UTF-8 text; save the file as “CSV UTF-8”.")))
        return problems
    seen = set()
    for column in columns:
        if column and column in seen:
            problems.append(Problem(HEADER_ROW, column, _("this column appears twice.")))
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            problems.append(Problem(HEADER_ROW, column, _("this required column is missing.")))
    return problems


def unknown_columns(columns):
    """Columns the import does not read (reported as a warning, not refused)."""
    return [column for column in columns if column and column not in KNOWN_COLUMNS]


@dataclass
class _Row:
    """A checked row: the values to write, with None for a column the file does not have."""

    outcome: RowOutcome
    pk: int | None = None
    roundtable_id: int | None = None
    number: int | None = None
    text: str | None = None
    source_excerpt: str | None = None
    status: str | None = None
    relations: dict = field(default_factory=dict)
    given_id: bool = False

    @property
    def slot(self):
        return (self.roundtable_id, self.number)


class _Lookups:
    def __init__(self):
        self.roundtables = dict(Roundtable.objects.values_list("slug", "pk"))
        self.slugs_by_roundtable = {pk: slug for slug, pk in self.roundtables.items()}
        self.relations = {name: dict(model.objects.values_list("slug", "pk")) for name, model in RELATIONS.items()}


def _chunks(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_cells(number, cells, lookups):
    """Parse one row's cells into a _Row, collecting every problem rather than stopping at the first."""
    outcome = RowOutcome(row=number)
    row = _Row(outcome=outcome)
    problems = outcome.problems

    def problem(column, message):
        problems.append(Problem(number, column, message))

    if None in cells:
        problem("", _("the row has more cells than the header has columns."))
    values = {}
    for column, value in cells.items():
        if column is None:
            continue
        value = restore(value or "")
        if _SURROGATE.search(value):
            problem(column, _("not valid UTF-8 text; save the file as “CSV UTF-8”."))
            continue  # checked no further: the cell's other problems would be noise
        values[column] = value
    for column in REQUIRED_COLUMNS:
        if column not in cells:
            problem(column, _("the cell is missing (the row is shorter than the header)."))

    raw_id = values.get("id", "").strip()
    if raw_id:
        row.given_id = True
        if _INTEGER.match(raw_id) and int(raw_id) >= 1:
            row.pk = int(raw_id)
        else:
            problem("id", _("“%(value)s” is not a recommendation id (a whole number).") % {"value": raw_id})
    slug = values.get("roundtable", "").strip()
    outcome.roundtable = slug
    if "roundtable" in values:
        if not slug:
            problem("roundtable", _("the roundtable is empty."))
        elif slug not in lookups.roundtables:
            problem("roundtable", _("unknown roundtable “%(slug)s”.") % {"slug": slug})
        else:
            row.roundtable_id = lookups.roundtables[slug]
    raw_number = values.get("number", "").strip()
    outcome.number = raw_number
    if "number" in values:
        if _INTEGER.match(raw_number) and 1 <= int(raw_number) <= MAX_NUMBER:
            row.number = int(raw_number)
        else:
            problem(
                "number",
                _("“%(value)s” is not a number from 1 to %(max)s.") % {"value": raw_number, "max": MAX_NUMBER},
            )
    if "text" in values:
        if values["text"].strip():
            row.text = values["text"]
        else:
            problem("text", _("the text is empty."))
    if "source_excerpt" in values:
        row.source_excerpt = values["source_excerpt"]
    status = values.get("status", "").strip().lower()
    if status:
        if status in STATUSES:
            row.status = status
        else:
            problem("status", _("unknown status “%(value)s” (use draft or published).") % {"value": status})
    for name in RELATIONS:
        if name not in values:
            continue
        slugs = [s.strip() for s in values[name].split(LIST_SEPARATOR.strip()) if s.strip()]
        known = lookups.relations[name]
        unknown = [s for s in slugs if s not in known]
        if unknown:
            problem(
                name,
                _("unknown %(kind)s “%(slugs)s”.") % {"kind": RELATION_LABELS[name], "slugs": "”, “".join(unknown)},
            )
        else:
            row.relations[name] = {known[s] for s in slugs}
    return row


def _existing_slots(rows):
    """Where the recommendations the file names by id are now, and who holds each number in its roundtables."""
    ids = {row.pk for row in rows if row.pk}
    current = {}
    for chunk in _chunks(ids):
        for pk, roundtable_id, number in Recommendation.objects.filter(pk__in=chunk).values_list(
            "pk", "roundtable_id", "number"
        ):
            current[pk] = (roundtable_id, number)
    owners = {}
    for chunk in _chunks({row.roundtable_id for row in rows if row.roundtable_id}, 500):
        for pk, roundtable_id, number in Recommendation.objects.filter(roundtable_id__in=chunk).values_list(
            "pk", "roundtable_id", "number"
        ):
            owners[(roundtable_id, number)] = pk
    return current, owners


def _resolve_targets(rows, lookups):
    """Decide which recommendation each row updates, and refuse duplicates within the file or with the database."""
    current, owners = _existing_slots(rows)
    for row in rows:
        if row.given_id:
            if row.pk and row.pk not in current:
                row.outcome.problems.append(
                    Problem(
                        row.outcome.row,
                        "id",
                        _("no recommendation has id %(id)s (leave the id empty to create one).") % {"id": row.pk},
                    )
                )
                row.pk = None
        elif row.roundtable_id and row.number:
            row.pk = owners.get(row.slot)
    targeted = {}
    for row in rows:
        if row.pk is None:
            continue
        if row.pk in targeted and row.given_id:
            row.outcome.problems.append(
                Problem(
                    row.outcome.row,
                    "id",
                    _("recommendation %(id)s is already updated by row %(other)s.")
                    % {"id": row.pk, "other": targeted[row.pk]},
                )
            )
        targeted.setdefault(row.pk, row.outcome.row)
    claimed = {}
    for row in rows:
        if not (row.roundtable_id and row.number):
            continue
        slug = lookups.slugs_by_roundtable[row.roundtable_id]
        if row.slot in claimed:
            row.outcome.problems.append(
                Problem(
                    row.outcome.row,
                    "number",
                    _("duplicate number %(number)s in roundtable “%(slug)s” (also on row %(other)s).")
                    % {"number": row.number, "slug": slug, "other": claimed[row.slot]},
                )
            )
            continue
        claimed[row.slot] = row.outcome.row
        owner = owners.get(row.slot)
        if owner and owner != row.pk and owner not in targeted:
            row.outcome.problems.append(
                Problem(
                    row.outcome.row,
                    "number",
                    _("number %(number)s of roundtable “%(slug)s” is already used by recommendation %(id)s.")
                    % {"number": row.number, "slug": slug, "id": owner},
                )
            )
    return current


def _load_targets(pks):
    """The recommendations to update, with their current relation ids (and the link rows holding them)."""
    instances = {}
    links = {name: {} for name in RELATIONS}
    for chunk in _chunks(pks):
        instances.update(Recommendation.objects.in_bulk(chunk))
        for name in RELATIONS:
            m2m = Recommendation._meta.get_field(name)
            target = m2m.m2m_reverse_field_name() + "_id"
            through = m2m.remote_field.through
            for link_pk, rec_pk, target_pk in through.objects.filter(recommendation_id__in=chunk).values_list(
                "pk", "recommendation_id", target
            ):
                links[name].setdefault(rec_pk, {})[target_pk] = link_pk
    return instances, links


def _plan_changes(row, instance, links, may_publish):
    """The field names a row changes on an existing recommendation."""
    changes = []
    if instance.roundtable_id != row.roundtable_id:
        changes.append("roundtable")
    if instance.number != row.number:
        changes.append("number")
    if instance.text != row.text:
        changes.append("text")
    if row.source_excerpt is not None and instance.source_excerpt != row.source_excerpt:
        changes.append("source_excerpt")
    if row.status is not None and instance.status != row.status:
        changes.append("status")
        if not may_publish:
            row.outcome.problems.append(
                Problem(row.outcome.row, "status", _("you do not have permission to publish or unpublish."))
            )
    for name, ids in row.relations.items():
        if set(links[name].get(instance.pk, {})) != ids:
            changes.append(name)
    return changes


def recommendation_import(*, rows, dry_run, user=None, reason="", progress=None):
    """Check every row, then (unless dry_run or anything is refused) write them all in one transaction.

    `rows` are dicts of column -> cell, one per spreadsheet row after the header, so the first is
    row 2. `user` (None for the command line) is recorded in the history and must hold the publish
    permission to change a status. Returns an ImportReport.
    """
    report = ImportReport(dry_run=dry_run)
    notify = progress or (lambda stage, done, total: None)
    may_publish = user is None or user.has_perm("recommendations.publish_recommendation")
    try:
        with transaction.atomic():
            checked = _check_rows(rows, report, may_publish, notify)
            if dry_run or not report.ok:
                return report
            _write(checked, user=user, reason=reason, notify=notify)
            report.applied = True
    except (IntegrityError, DatabaseError) as error:
        # Someone changed the same records while the file was being checked; nothing was written.
        report.applied = False
        report.problems.append(
            Problem(
                HEADER_ROW,
                "",
                _("the database refused the change (%(error)s); nothing was written.") % {"error": error},
            )
        )
    return report


def _check_rows(rows, report, may_publish, notify):
    lookups = _Lookups()
    checked = []
    total = len(rows)
    for index, cells in enumerate(rows):
        if not any((value or "").strip() if isinstance(value, str) else value for value in cells.values()):
            continue  # a blank row, as spreadsheets leave at the end
        row = _check_cells(index + HEADER_ROW + 1, cells, lookups)
        checked.append(row)
        report.outcomes.append(row.outcome)
        if (index + 1) % 10_000 == 0:
            notify("checked", index + 1, total)
    notify("checked", total, total)
    _resolve_targets(checked, lookups)
    pks = [row.pk for row in checked if row.pk and not row.outcome.problems]
    instances, links = _load_targets(pks)
    for row in checked:
        outcome = row.outcome
        outcome.recommendation_id = row.pk
        if outcome.problems:
            outcome.action = Action.REFUSE
            continue
        if row.pk is None:
            if row.status == Status.PUBLISHED and not may_publish:
                outcome.problems.append(
                    Problem(outcome.row, "status", _("you do not have permission to publish or unpublish."))
                )
            outcome.action = Action.REFUSE if outcome.problems else Action.CREATE
            continue
        outcome.changes = _plan_changes(row, instances[row.pk], links, may_publish)
        if outcome.problems:
            outcome.action = Action.REFUSE
        else:
            outcome.action = Action.UPDATE if outcome.changes else Action.UNCHANGED
    return {"rows": checked, "instances": instances, "links": links}


def _write(checked, *, user, reason, notify):
    now = timezone.now()
    rows, instances, links = checked["rows"], checked["instances"], checked["links"]
    updates = [row for row in rows if row.outcome.action == Action.UPDATE]
    creates = [row for row in rows if row.outcome.action == Action.CREATE]
    total = len(updates) + len(creates)

    # Numbers are unique per roundtable and checked row by row, so recommendations that move
    # (or swap places) first step aside to free numbers no one uses.
    moving = [instances[row.pk] for row in updates if {"roundtable", "number"} & set(row.outcome.changes)]
    if moving:
        spare = max(Recommendation.objects.aggregate(top=Max("number"))["top"] or 0, MAX_NUMBER) + 1
        for offset, instance in enumerate(moving):
            instance.number = spare + offset
        Recommendation.objects.bulk_update(moving, ["number"], batch_size=BATCH)

    changed_fields = {"updated_at"}
    updated = []
    for row in updates:
        instance = instances[row.pk]
        instance.roundtable_id, instance.number, instance.text = row.roundtable_id, row.number, row.text
        if row.source_excerpt is not None:
            instance.source_excerpt = row.source_excerpt
        if row.status is not None:
            instance.status = row.status
        instance.updated_at = now
        changed_fields.update(c for c in row.outcome.changes if c not in RELATIONS)
        updated.append(instance)
    for chunk in _chunks(updated, 1000):
        Recommendation.objects.bulk_update(chunk, sorted(changed_fields))
    notify("written", len(updated), total)

    created = []
    for chunk in _chunks(creates, 1000):
        objs = [
            Recommendation(
                roundtable_id=row.roundtable_id,
                number=row.number,
                text=row.text,
                source_excerpt=row.source_excerpt or "",
                status=row.status or Status.DRAFT,
            )
            for row in chunk
        ]
        objs = Recommendation.objects.bulk_create(objs)
        for row, obj in zip(chunk, objs, strict=True):
            row.pk = row.outcome.recommendation_id = obj.pk
        created.extend(objs)
        notify("written", len(updated) + len(created), total)

    _write_relations(updates, creates, links)
    record_versions(model=Recommendation, objs=created, history_type="+", user=user, reason=reason, date=now)
    record_versions(model=Recommendation, objs=updated, history_type="~", user=user, reason=reason, date=now)
    notify("history", total, total)


def _write_relations(updates, creates, links):
    for name in RELATIONS:
        m2m = Recommendation._meta.get_field(name)
        through = m2m.remote_field.through
        target = m2m.m2m_reverse_field_name() + "_id"
        removed, added = [], []
        for row in updates:
            if name not in row.outcome.changes:
                continue
            current = links[name].get(row.pk, {})
            wanted = row.relations[name]
            removed += [link for target_pk, link in current.items() if target_pk not in wanted]
            added += [through(recommendation_id=row.pk, **{target: pk}) for pk in wanted - set(current)]
        for row in creates:
            added += [through(recommendation_id=row.pk, **{target: pk}) for pk in sorted(row.relations.get(name, ()))]
        for chunk in _chunks(removed):
            through.objects.filter(pk__in=chunk).delete()
        through.objects.bulk_create(added, batch_size=BATCH)


def recommendation_import_file(*, data, dry_run, user=None, name="", progress=None):
    """Read CSV bytes and import them; file-level problems (encoding, header) refuse the whole file."""
    sheet = csv_read(data=data)
    if sheet.problems:
        return ImportReport(problems=sheet.problems, dry_run=dry_run)
    reason = _("Imported from %(name)s") % {"name": name} if name else _("Imported from a spreadsheet")
    report = recommendation_import(rows=sheet.rows, dry_run=dry_run, user=user, reason=reason[:100], progress=progress)
    unknown = unknown_columns(sheet.columns)
    if unknown:
        report.warnings.append(
            _("These columns are not read and were ignored: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    return report
