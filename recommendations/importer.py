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

from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gfmd_portal import csv_files
from gfmd_portal.csv_files import HEADER_ROW, Problem, utf16_problem
from gfmd_portal.fields import normalise_newlines
from gfmd_portal.history import record_versions
from gfmd_portal.publishing import Status
from roundtables.models import Actor, Framework, Roundtable, Theme

from .export.columns import COLUMNS, LIST_SEPARATOR, restore
from .models import Recommendation

REQUIRED_COLUMNS = ("roundtable", "number", "text")
OPTIONAL_COLUMNS = ("id", "themes", "frameworks", "actors", "source_excerpt", "status")
READ_ONLY_COLUMNS = tuple(c for c in COLUMNS if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
KNOWN_COLUMNS = frozenset(COLUMNS) | {"status"}
READ_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
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
WRITTEN_FIELDS = ("roundtable", "number", "text", "source_excerpt", "status", "updated_at")
_INTEGER = re.compile(r"^[0-9]+$")
_SURROGATE = re.compile("[\udc80-\udcff]")


class Action:
    CREATE = csv_files.CREATE
    UPDATE = csv_files.UPDATE
    UNCHANGED = csv_files.UNCHANGED
    REFUSE = csv_files.REFUSE

    LABELS = csv_files.ACTION_LABELS


@dataclass
class RowOutcome:
    """What the import does (or would do) with one spreadsheet row."""

    row: int
    action: str = Action.CREATE
    roundtable: str = ""
    number: str = ""
    recommendation_id: int | None = None
    changes: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # changed field -> (stored value, the row's value)
    problems: list = field(default_factory=list)

    @property
    def action_label(self):
        return Action.LABELS[self.action]


@dataclass
class ImportReport(csv_files.ImportReport):
    actions = Action.LABELS

    warnings: list = field(default_factory=list)


@dataclass
class CsvFile:
    columns: list
    rows: list  # one dict per spreadsheet row after the header (row 2, 3, ...)
    problems: list


def csv_read(*, data):
    """Read CSV bytes as the export writes them (UTF-8, optional byte-order mark) into row dicts."""
    if problem := utf16_problem(data):
        return CsvFile([], [], [problem])
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
    if len(columns) == 1 and ";" in columns[0]:
        # Spreadsheets in many locales save "CSV" with semicolons between columns.
        message = _("the columns are separated by semicolons; save the file as “CSV UTF-8” (comma-separated).")
        return [Problem(HEADER_ROW, "", message)]
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
    for column in READ_COLUMNS:
        if column not in cells:
            continue
        value = restore(cells[column] or "")
        if not value.isascii() and _SURROGATE.search(value):
            problem(column, _("not valid UTF-8 text; save the file as “CSV UTF-8”."))
            continue  # checked no further: the cell's other problems would be noise
        values[column] = normalise_newlines(value)
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


@dataclass(frozen=True, slots=True)
class _Stored:
    """A recommendation as the database holds it, in the fields the import compares."""

    roundtable_id: int
    number: int
    text: str
    source_excerpt: str
    status: str


class _Existing:
    """What the database holds where the file writes: the roundtables it names and the ids it gives.

    Loaded by roundtable rather than by thousands of ids, which keeps a large file to a few queries.
    """

    FIELDS = ("pk", "roundtable_id", "number", "text", "source_excerpt", "status", "source_document_id")

    def __init__(self, rows):
        self.records = {}  # pk -> _Stored
        self.owners = {}  # (roundtable_id, number) -> pk
        self.links = {name: {} for name in RELATIONS}  # relation -> pk -> {target pk: link row pk}
        self.spanned = set()  # pks whose excerpt is tied to its span in a source document
        for chunk in _chunks({row.roundtable_id for row in rows if row.roundtable_id}, 500):
            self._add(Recommendation.objects.filter(roundtable_id__in=chunk))
        for chunk in _chunks({row.pk for row in rows if row.pk} - self.records.keys()):
            self._add(Recommendation.objects.filter(pk__in=chunk))

    def _add(self, queryset):
        for pk, *values, document_id in queryset.order_by().values_list(*self.FIELDS):
            stored = self.records[pk] = _Stored(*values)
            if document_id is not None:
                self.spanned.add(pk)
            self.owners[(stored.roundtable_id, stored.number)] = pk

    def load_links(self, pks):
        """The relations of the recommendations about to be compared, fetched by their roundtables."""
        roundtable_ids = {self.records[pk].roundtable_id for pk in pks}
        wanted = set(pks)
        for name in RELATIONS:
            m2m = Recommendation._meta.get_field(name)
            through = m2m.remote_field.through
            target = m2m.m2m_reverse_field_name() + "_id"
            links = self.links[name]
            for chunk in _chunks(roundtable_ids, 500):
                rows = through.objects.filter(recommendation__roundtable_id__in=chunk).values_list(
                    "pk", "recommendation_id", target
                )
                for link_pk, rec_pk, target_pk in rows:
                    if rec_pk in wanted:
                        links.setdefault(rec_pk, {})[target_pk] = link_pk


def _resolve_targets(rows, lookups, existing):
    """Decide which recommendation each row updates, and refuse duplicates within the file or with the database."""
    owners = existing.owners
    for row in rows:
        if row.given_id:
            if row.pk and row.pk not in existing.records:
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


def _plan_changes(row, existing, may_publish):
    """The field names a row changes on an existing recommendation; their values go in row.outcome.values."""
    stored = existing.records[row.pk]
    values = row.outcome.values
    if stored.roundtable_id != row.roundtable_id:
        values["roundtable"] = (stored.roundtable_id, row.roundtable_id)
    if stored.number != row.number:
        values["number"] = (stored.number, row.number)
    if stored.text != row.text:
        values["text"] = (stored.text, row.text)
    if row.source_excerpt is not None and stored.source_excerpt != row.source_excerpt:
        values["source_excerpt"] = (stored.source_excerpt, row.source_excerpt)
        if row.pk in existing.spanned:
            row.outcome.problems.append(
                Problem(
                    row.outcome.row,
                    "source_excerpt",
                    _(
                        "the source excerpt is the passage of the source document it was read from; "
                        "it cannot be changed by an import."
                    ),
                )
            )
    if row.status is not None and stored.status != row.status:
        values["status"] = (stored.status, row.status)
        if not may_publish:
            row.outcome.problems.append(
                Problem(row.outcome.row, "status", _("you do not have permission to publish or unpublish."))
            )
    for name, ids in row.relations.items():
        linked = set(existing.links[name].get(row.pk, ()))
        if linked != ids:
            values[name] = (linked, ids)
    return list(values)


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
            checked, existing = _check_rows(rows, report, may_publish, notify)
            if dry_run or not report.ok:
                return report
            _write(checked, existing, user=user, reason=reason, notify=notify)
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
    existing = _Existing(checked)
    _resolve_targets(checked, lookups, existing)
    existing.load_links([row.pk for row in checked if row.pk and not row.outcome.problems])
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
        outcome.changes = _plan_changes(row, existing, may_publish)
        if outcome.problems:
            outcome.action = Action.REFUSE
        else:
            outcome.action = Action.UPDATE if outcome.changes else Action.UNCHANGED
    return checked, existing


def _write(rows, existing, *, user, reason, notify):
    now = timezone.now()
    updates = [row for row in rows if row.outcome.action == Action.UPDATE]
    creates = [row for row in rows if row.outcome.action == Action.CREATE]
    total = len(updates) + len(creates)
    connection = connections[Recommendation.objects.db]
    qn = connection.ops.quote_name
    table = qn(Recommendation._meta.db_table)
    pk = qn(Recommendation._meta.pk.column)
    column = {name: qn(Recommendation._meta.get_field(name).column) for name in WRITTEN_FIELDS}
    # Ids, numbers and texts go to the database as they are; only the timestamp needs adapting.
    updated_at = Recommendation._meta.get_field("updated_at").get_db_prep_save(now, connection)

    with connection.cursor() as cursor:
        # Numbers are unique per roundtable and checked row by row, so recommendations that move
        # (or swap places) first step aside to numbers no one uses.
        moving = [row.pk for row in updates if {"roundtable", "number"} & set(row.outcome.changes)]
        if moving:
            spare = max(Recommendation.objects.aggregate(top=Max("number"))["top"] or 0, MAX_NUMBER) + 1
            spares = [(spare + offset, rec_pk) for offset, rec_pk in enumerate(moving)]
            _update_rows(cursor, connection, table, pk, [column["number"]], spares)
        params = []
        for row in updates:
            stored = existing.records[row.pk]
            values = {
                "roundtable": row.roundtable_id,
                "number": row.number,
                "text": row.text,
                "source_excerpt": stored.source_excerpt if row.source_excerpt is None else row.source_excerpt,
                "status": stored.status if row.status is None else row.status,
                "updated_at": updated_at,
            }
            params.append([*(values[name] for name in WRITTEN_FIELDS), row.pk])
        _update_rows(cursor, connection, table, pk, [column[name] for name in WRITTEN_FIELDS], params)
    notify("written", len(updates), total)

    created = 0
    for chunk in _chunks(creates, 1000):
        objs = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    roundtable_id=row.roundtable_id,
                    number=row.number,
                    text=row.text,
                    source_excerpt=row.source_excerpt or "",
                    status=row.status or Status.DRAFT,
                )
                for row in chunk
            ]
        )
        for row, obj in zip(chunk, objs, strict=True):
            row.pk = row.outcome.recommendation_id = obj.pk
        created += len(objs)
        notify("written", len(updates) + created, total)

    _write_relations(updates, creates, existing.links, connection)
    record_versions(
        model=Recommendation, pks=[row.pk for row in creates], history_type="+", user=user, reason=reason, date=now
    )
    record_versions(
        model=Recommendation, pks=[row.pk for row in updates], history_type="~", user=user, reason=reason, date=now
    )
    notify("history", total, total)


def _update_rows(cursor, connection, table, pk, columns, rows):
    """UPDATE many rows with their own values; rows are (value per column..., pk).

    Django's bulk_update builds a CASE over the whole batch, quadratic in practice. SQLite runs
    one prepared statement per row quickly; PostgreSQL would pay a round trip per row, so it gets
    one UPDATE ... FROM (VALUES ...) per thousand rows.
    """
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{c} = %s" for c in columns)
        for chunk in _chunks(rows, 10_000):
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", chunk)  # noqa: S608
        return
    names = [f"c{i}" for i in range(len(columns))]
    assignments = ", ".join(f"{c} = v.{name}" for c, name in zip(columns, names, strict=True))
    row_marks = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    for chunk in _chunks(rows, 1000):
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row_marks] * len(chunk))}) "  # noqa: S608
            f"AS v({', '.join(names)}, id) WHERE {table}.{pk} = v.id",
            [value for row in chunk for value in row],
        )


def _write_relations(updates, creates, links, connection):
    qn = connection.ops.quote_name
    for name in RELATIONS:
        m2m = Recommendation._meta.get_field(name)
        through = m2m.remote_field.through
        source = through._meta.get_field(m2m.m2m_field_name()).column
        target = through._meta.get_field(m2m.m2m_reverse_field_name()).column
        removed, added = [], []
        for row in updates:
            if name not in row.outcome.changes:
                continue
            current = links[name].get(row.pk, {})
            wanted = row.relations[name]
            removed += [link for target_pk, link in current.items() if target_pk not in wanted]
            added += [(row.pk, target_pk) for target_pk in sorted(wanted - set(current))]
        for row in creates:
            added += [(row.pk, target_pk) for target_pk in sorted(row.relations.get(name, ()))]
        for chunk in _chunks(removed):
            through.objects.filter(pk__in=chunk).delete()
        # Link rows are two ids each; model instances for hundreds of thousands would cost more than the insert.
        insert = f"INSERT INTO {qn(through._meta.db_table)} ({qn(source)}, {qn(target)}) VALUES "  # noqa: S608
        with connection.cursor() as cursor:
            for chunk in _chunks(added, 1000):
                values = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(insert + values, [value for pair in chunk for value in pair])


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
