"""Spreadsheet import of follow-up entries, all or nothing.

Every row is checked before anything is written: one refused row (an unknown recommendation or
reporter, a bad date, an unknown progress, a link that is not http or https) and nothing
changes, each problem named by its row and column. A row identical to a stored entry, or to an
earlier row of the file, adds nothing, so importing the same file twice adds nothing. The file
is read as UTF-8 (with or without a byte-order mark) or, when it is not UTF-8, as Windows-1252,
which is what Excel's plain "CSV" saves in western locales.

The admin's upload-preview-confirm and the `import_followups` command both call
followup_import_file().
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from gfmd_portal import csv_files
from gfmd_portal.csv_files import Problem, read_rows
from gfmd_portal.fields import normalise_newlines
from gfmd_portal.history import record_versions
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Country, Organisation

from .models import REPORTED, FollowUp, Kind

REQUIRED_COLUMNS = ("recommendation", "reporter", "date", "progress", "title", "description", "evidence_url")
OPTIONAL_COLUMNS = ("kind", "status")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
PROGRESS_VALUES = tuple(choice.value for choice in REPORTED)
TITLE_LENGTH = FollowUp._meta.get_field("title").max_length
URL_LENGTH = FollowUp._meta.get_field("evidence_url").max_length
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INTEGER = re.compile(r"^[0-9]{1,18}$")
_http = URLValidator(schemes=["http", "https"])
# What makes two entries the same report (status aside: publishing an entry does not make it new).
IDENTITY = ("recommendation_id", "country_id", "organisation_id", "date", "kind", "progress", "title", "description")


Action = csv_files.AddOnly


@dataclass
class RowOutcome(csv_files.AddedRow):
    recommendation: str = ""
    reporter: str = ""
    title: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class ImportReport(csv_files.ImportReport):
    actions = Action.LABELS

    created: list = field(default_factory=list)  # pks of the entries written


class _Lookups:
    def __init__(self, rows):
        ids = {int(row["recommendation"]) for row in rows if row and _INTEGER.match(row.get("recommendation", ""))}
        self.recommendations = dict(
            Recommendation.objects.filter(pk__in=ids).values_list("pk", "roundtable__code").order_by()
        )
        self.countries = set(Country.objects.values_list("iso3", flat=True))
        self.organisations = {}
        for pk, acronym in Organisation.objects.exclude(acronym="").values_list("pk", "acronym"):
            self.organisations.setdefault(acronym.casefold(), []).append(pk)


def _check(number, row, lookups):
    outcome = RowOutcome(row=number, recommendation=row.get("recommendation", ""), reporter=row.get("reporter", ""))
    outcome.title = row.get("title", "")
    problems, values = outcome.problems, outcome.values

    def refuse(column, message):
        problems.append(Problem(number, column, message))

    raw = row.get("recommendation", "")
    if not _INTEGER.match(raw):
        refuse("recommendation", _("“%(value)s” is not a recommendation id (a whole number).") % {"value": raw})
    elif int(raw) not in lookups.recommendations:
        refuse("recommendation", _("there is no recommendation with the id %(value)s.") % {"value": raw})
    else:
        values["recommendation_id"] = int(raw)

    reporter = row.get("reporter", "")
    values["country_id"] = values["organisation_id"] = None
    if not reporter:
        refuse("reporter", _("name the reporting country (ISO 3166-1 alpha-3 code) or organisation (acronym)."))
    elif reporter.upper() in lookups.countries:
        values["country_id"] = reporter.upper()
    elif len(found := lookups.organisations.get(reporter.casefold(), [])) == 1:
        values["organisation_id"] = found[0]
    elif found:
        refuse("reporter", _("several organisations have the acronym “%(value)s”.") % {"value": reporter})
    else:
        refuse(
            "reporter",
            _("“%(value)s” is neither a country's ISO 3166-1 alpha-3 code nor an organisation's acronym.")
            % {"value": reporter},
        )

    raw = row.get("date", "")
    try:
        if not _DATE.match(raw):
            raise ValueError
        values["date"] = datetime.date.fromisoformat(raw)
    except ValueError:
        refuse("date", _("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": raw})

    raw = row.get("progress", "")
    if raw in PROGRESS_VALUES:
        values["progress"] = raw
    else:
        refuse(
            "progress",
            _("“%(value)s” is not a progress; use one of %(choices)s.")
            % {"value": raw, "choices": ", ".join(PROGRESS_VALUES)},
        )

    raw = row.get("kind", "") or Kind.OTHER
    if raw in Kind.values:
        values["kind"] = raw
    else:
        refuse(
            "kind",
            _("“%(value)s” is not a kind; use one of %(choices)s.") % {"value": raw, "choices": ", ".join(Kind.values)},
        )

    title = normalise_newlines(row.get("title", ""))
    if not title:
        refuse("title", _("a follow-up entry needs a title."))
    elif len(title) > TITLE_LENGTH:
        refuse("title", _("the title is longer than %(limit)s characters.") % {"limit": TITLE_LENGTH})
    values["title"] = title
    values["description"] = normalise_newlines(row.get("description", ""))

    url = row.get("evidence_url", "")
    if url:
        try:
            if len(url) > URL_LENGTH:
                raise ValidationError("too long")
            _http(url)
        except ValidationError:
            refuse("evidence_url", _("“%(value)s” is not an http or https address.") % {"value": url[:80]})
    values["evidence_url"] = url

    raw = row.get("status", "") or Status.DRAFT
    if raw in Status.values:
        values["status"] = raw
    else:
        refuse("status", _("“%(value)s” is not a status; use draft or published.") % {"value": raw})
    if problems:
        outcome.action = Action.REFUSE
    return outcome


def _identity(values):
    return tuple(values[name] for name in IDENTITY)


def followup_import(*, rows, dry_run, user=None, name=""):
    """Check rows read from a file (None for a blank line) and, unless dry_run or refused, write them."""
    lookups = _Lookups(rows)
    report = csv_files.check_rows(ImportReport(dry_run=dry_run), rows, lambda number, row: _check(number, row, lookups))
    if not report.ok:
        return report
    checked = list(report.outcomes)
    ids = {outcome.values["recommendation_id"] for outcome in checked}
    stored = {
        tuple(values) for values in FollowUp.objects.filter(recommendation_id__in=ids).order_by().values_list(*IDENTITY)
    }
    for outcome in checked:
        key = _identity(outcome.values)
        if key in stored:
            outcome.action = Action.UNCHANGED
        else:
            stored.add(key)
    if dry_run:
        return report
    new = [FollowUp(**outcome.values) for outcome in checked if outcome.action == Action.CREATE]
    with transaction.atomic():
        created = FollowUp.objects.bulk_create(new)
        report.created = [entry.pk for entry in created]
        reason = _("Imported from %(name)s") % {"name": name} if name else _("Imported")
        record_versions(model=FollowUp, pks=report.created, history_type="+", user=user, reason=reason)
    report.applied = True
    return report


def followup_import_file(*, data, dry_run, user=None, name=""):
    """Read a CSV file's bytes and import its rows (see followup_import)."""
    rows, problems = read_rows(data, REQUIRED_COLUMNS)
    if problems:
        return ImportReport(problems=problems, dry_run=dry_run)
    return followup_import(rows=rows, dry_run=dry_run, user=user, name=name)
