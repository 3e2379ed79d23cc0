"""What the portal's spreadsheet imports share: reading the file's text and reporting its problems.

Each import checks every row before it writes anything and names each problem by the
spreadsheet row and column; the report says what every row does (or would do).
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEADER_ROW = 1
CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
REFUSE = "refuse"
# What an import may do with a row; each import offers some of them, in this order.
ACTION_LABELS = {
    CREATE: gettext_lazy("create"),
    UPDATE: gettext_lazy("update"),
    UNCHANGED: gettext_lazy("unchanged"),
    REFUSE: gettext_lazy("refuse"),
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class AddOnly:
    """The actions of an import that only adds records: a row is new, already stored, or refused."""

    CREATE = CREATE
    UNCHANGED = UNCHANGED
    REFUSE = REFUSE

    LABELS = {action: ACTION_LABELS[action] for action in (CREATE, UNCHANGED, REFUSE)}


@dataclass
class AddedRow:
    """What an adding import does with one row; a subclass adds what its preview shows."""

    row: int
    action: str = CREATE
    problems: list = field(default_factory=list)

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


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


def utf16_problem(data):
    """The problem of a file saved as UTF-16 (Excel's "Unicode text"), else None."""
    if data.startswith(UTF16_BOMS):
        return Problem(HEADER_ROW, "", _("the file is UTF-16 text; save it as “CSV UTF-8” and upload it again."))
    return None


def decode(data):
    """The file's text: UTF-8 (a byte-order mark is dropped), else Windows-1252; None when neither.

    Windows-1252 is what Excel's plain "CSV" saves in western locales.
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def read_rows(data, required_columns):
    """(rows as dicts keyed by column, None for a blank line; problems about the whole file).

    The text is UTF-8 or Windows-1252 (see decode()); the first row names the columns, which
    must include required_columns, each once.
    """
    if problem := utf16_problem(data):
        return [], [problem]
    text = decode(data)
    if text is None:
        return [], [Problem(HEADER_ROW, "", _("the file is neither UTF-8 nor Windows-1252 text."))]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            return [], [Problem(HEADER_ROW, "", _("the file is empty; the first row must name the columns."))]
        columns = [cell.strip().lower() for cell in header]
        if len(columns) == 1 and ";" in columns[0]:
            message = _("the columns are separated by semicolons; save the file as “CSV UTF-8” (comma-separated).")
            return [], [Problem(HEADER_ROW, "", message)]
        problems = [
            Problem(HEADER_ROW, column, _("this required column is missing."))
            for column in required_columns
            if column not in columns
        ]
        problems += [
            Problem(HEADER_ROW, column, _("this column appears twice."))
            for column in dict.fromkeys(columns)
            if column and columns.count(column) > 1
        ]
        if problems:
            return [], problems
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                rows.append(None)  # a blank line keeps its row number
                continue
            rows.append({column: value.strip() for column, value in zip(columns, cells, strict=False) if column})
    except csv.Error as error:
        message = _("this is not a readable CSV file (%(error)s).") % {"error": error}
        return [], [Problem(HEADER_ROW + len(rows) + 1, "", message)]
    return rows, []


def check_rows(report, rows, check):
    """Add check(row number, row) for each row of the file, blank lines (None) keeping their numbers."""
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        if row is not None:
            report.outcomes.append(check(number, row))
    return report


@dataclass
class ImportReport:
    """An import's outcome: one outcome per row and the problems about the whole file.

    A subclass names its actions in `actions` (action -> label), the refusal among them.
    """

    actions = {}

    outcomes: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # about the whole file
    dry_run: bool = True
    applied: bool = False

    def count(self, action):
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in self.actions}

    @property
    def refused(self):
        return [outcome for outcome in self.outcomes if outcome.action == REFUSE]

    @property
    def ok(self):
        return not self.problems and not self.refused

    def all_problems(self):
        return [*self.problems, *(p for outcome in self.refused for p in outcome.problems)]
