"""Spreadsheet import of continuity links, all or nothing.

Columns: `later`, `relation` (builds_on, follows_up, repeats), `earlier`, and an optional
`passage`. A roundtable is named by its slug (2016-3-1), a recommendation by its id; both ends
of a row name the same kind of record. An earlier roundtable of a summit the portal does not
hold yet is named the same way (2015-3-1) and kept by its year and code. Every row is checked
with the links' own rules (the passage must be in the later record's source document, the
earlier record cannot come from a later summit) before anything is written; a row identical to
a stored link, or to an earlier row, adds nothing.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gfmd_portal import csv_files
from gfmd_portal.csv_files import Problem, read_rows
from gfmd_portal.history import record_versions
from recommendations.models import Recommendation
from roundtables.models import Roundtable, Summit

from .models import RecommendationLink, Relation, RoundtableLink

REQUIRED_COLUMNS = ("later", "relation", "earlier")
OPTIONAL_COLUMNS = ("passage",)
_INTEGER = re.compile(r"^[0-9]{1,18}$")
_SLUG = re.compile(r"^([0-9]{4})-([0-9]+)-([0-9]+)$")
# Which model field each refusal of full_clean() belongs to, as a column of the file.
FIELD_COLUMNS = {"source_excerpt": "passage", "earlier": "earlier", "earlier_code": "earlier", "relation": "relation"}


Action = csv_files.AddOnly


@dataclass
class RowOutcome(csv_files.AddedRow):
    later: str = ""
    relation: str = ""
    earlier: str = ""
    link: object = None


@dataclass
class ImportReport(csv_files.ImportReport):
    actions = Action.LABELS

    created: list = field(default_factory=list)  # (model, pk) of the links written


class _Lookups:
    def __init__(self, rows):
        named = {row.get(column, "") for row in rows if row for column in ("later", "earlier")}
        ids = {int(value) for value in named if _INTEGER.match(value)}
        self.recommendations = Recommendation.objects.select_related("roundtable__summit").in_bulk(ids)
        self.roundtables = Roundtable.objects.select_related("summit").in_bulk(
            [value for value in named if _SLUG.match(value)], field_name="slug"
        )
        self.years = set(Summit.objects.values_list("year", flat=True))


def _check(number, row, lookups):
    outcome = RowOutcome(
        number, later=row.get("later", ""), relation=row.get("relation", ""), earlier=row.get("earlier", "")
    )

    def refuse(column, message):
        outcome.problems.append(Problem(number, column, message))

    relation = outcome.relation or Relation.BUILDS_ON
    if relation not in Relation.values:
        refuse(
            "relation",
            _("“%(value)s” is not a relation; use one of %(choices)s.")
            % {"value": outcome.relation, "choices": ", ".join(Relation.values)},
        )
    later, earlier = outcome.later, outcome.earlier
    passage = row.get("passage", "")
    link = None
    if _INTEGER.match(later):
        if int(later) not in lookups.recommendations:
            refuse("later", _("there is no recommendation with the id %(value)s.") % {"value": later})
        elif not _INTEGER.match(earlier):
            refuse("earlier", _("a recommendation builds on a recommendation: give its id."))
        elif int(earlier) not in lookups.recommendations:
            refuse("earlier", _("there is no recommendation with the id %(value)s.") % {"value": earlier})
        else:
            link = RecommendationLink(
                recommendation=lookups.recommendations[int(later)],
                earlier=lookups.recommendations[int(earlier)],
                relation=relation,
                source_excerpt=passage,
            )
    elif later in lookups.roundtables:
        match = _SLUG.match(earlier)
        if earlier in lookups.roundtables:
            link = RoundtableLink(
                roundtable=lookups.roundtables[later], earlier=lookups.roundtables[earlier], relation=relation
            )
        elif match and int(match[1]) not in lookups.years:
            link = RoundtableLink(
                roundtable=lookups.roundtables[later],
                earlier_year=int(match[1]),
                earlier_code=f"{match[2]}.{match[3]}",
                relation=relation,
            )
        elif match:
            refuse("earlier", _("there is no roundtable “%(value)s” in that summit.") % {"value": earlier})
        else:
            refuse(
                "earlier",
                _("“%(value)s” is not a roundtable's slug, such as 2016-3-1.") % {"value": earlier},
            )
        if link is not None:
            link.source_excerpt = passage
    else:
        refuse(
            "later",
            _("“%(value)s” is neither a recommendation's id nor a roundtable's slug.") % {"value": later},
        )
    if link is not None and not outcome.problems:
        try:
            link.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    refuse(FIELD_COLUMNS.get(name, "earlier"), message)
    outcome.link = link
    if outcome.problems:
        outcome.action = Action.REFUSE
    return outcome


def _identity(link):
    if isinstance(link, RecommendationLink):
        return ("recommendation", link.recommendation_id, link.relation, link.earlier_id)
    return ("roundtable", link.roundtable_id, link.relation, link.earlier_id, link.earlier_year, link.earlier_code)


def _stored(outcomes):
    links = [outcome.link for outcome in outcomes]
    rec_ids = {link.recommendation_id for link in links if isinstance(link, RecommendationLink)}
    rt_ids = {link.roundtable_id for link in links if isinstance(link, RoundtableLink)}
    stored = {}
    for link in [
        *RecommendationLink.objects.filter(recommendation_id__in=rec_ids),
        *RoundtableLink.objects.filter(roundtable_id__in=rt_ids),
    ]:
        stored[_identity(link)] = link.source_excerpt
    return stored


def links_import(*, rows, dry_run, user=None, name=""):
    """Check rows read from a file (None for a blank line) and, unless dry_run or refused, write them."""
    lookups = _Lookups(rows)
    report = csv_files.check_rows(ImportReport(dry_run=dry_run), rows, lambda number, row: _check(number, row, lookups))
    if not report.ok:
        return report
    stored = _stored(report.outcomes)
    for outcome in report.outcomes:
        key = _identity(outcome.link)
        if key not in stored:
            stored[key] = outcome.link.source_excerpt
        elif stored[key] == outcome.link.source_excerpt:
            outcome.action = Action.UNCHANGED
        else:
            message = _("this link is already stored with another passage; change the passage in the admin.")
            outcome.problems.append(Problem(outcome.row, "passage", message))
            outcome.action = Action.REFUSE
    if not report.ok or dry_run:
        return report
    reason = _("Imported from %(name)s") % {"name": name} if name else _("Imported")
    with transaction.atomic():
        for model in (RoundtableLink, RecommendationLink):
            new = [o.link for o in report.outcomes if o.action == Action.CREATE and isinstance(o.link, model)]
            pks = [link.pk for link in model.objects.bulk_create(new)]
            record_versions(model=model, pks=pks, history_type="+", user=user, reason=reason)
            report.created += [(model._meta.label_lower, pk) for pk in pks]
    report.applied = True
    return report


def links_import_file(*, data, dry_run, user=None, name=""):
    """Read a CSV file's bytes and import its rows (see links_import)."""
    rows, problems = read_rows(data, REQUIRED_COLUMNS)
    if problems:
        return ImportReport(problems=problems, dry_run=dry_run)
    return links_import(rows=rows, dry_run=dry_run, user=user, name=name)
