"""What the portal's spreadsheet imports share: reading the file's text and reporting its problems.

Each import checks every row before it writes anything and names each problem by the
spreadsheet row and column; the report says what every row does (or would do).
"""

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
