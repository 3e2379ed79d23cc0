"""The export's columns, defined once, and the neutralisation of cells a spreadsheet would run.

Each column of EXPORT_COLUMNS says where its value comes from, as ORM lookups; the ORM path
(orm.py) and the SQL of the stored lines (line_sql.py) both read this one table, so the two
write the same columns in the same order.
"""

from dataclasses import dataclass

from django.db.models import Case, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils import translation

from gfmd_portal.i18n import DEFAULT_LANGUAGE, in_language
from roundtables.models import RoundtableRole

from ..models import Recommendation

LIST_SEPARATOR = "; "

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by a
# spreadsheet. The apostrophe itself is included so that restore() is an exact inverse.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'")
FORMULA_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def neutralise(value):
    """Prefix a cell that a spreadsheet could read as a formula with an apostrophe."""
    if value and value[0] in FORMULA_TRIGGER_SET:
        return "'" + value
    return value


def restore(value):
    """Undo neutralise(): restore(neutralise(s)) == s for every string s."""
    if value and value[0] == "'":
        return value[1:]
    return value


@dataclass(frozen=True)
class Links:
    """Where a list column's values are stored: rows of `table` whose `source` is the recommendation.

    Each row points (`target`) at a row of the reference list whose `value` is the cell's value;
    `ordering` is the reference list's own order (ties broken by its id).
    """

    table: type
    source: str
    target: str
    value: str
    ordering: tuple

    @property
    def reference(self):
        return self.table._meta.get_field(self.target).related_model


def _links(table, source, target, value):
    reference = table._meta.get_field(target).related_model
    ordering = tuple(o for o in reference._meta.ordering if o.lstrip("-") != "pk")
    return Links(table, source, target, value, ordering)


@dataclass(frozen=True)
class Field:
    """A column read from the recommendation or a row joined to it: `path` is the ORM lookup."""

    name: str
    path: str
    kind: str = "text"  # "int", "text" or "timestamp"
    translated: bool = False  # a text with French and Spanish columns beside it

    def value(self, language=DEFAULT_LANGUAGE):
        """The lookup (or, for a translation, the expression) the cell is read from."""
        return in_language(self.path, language) if self.translated and language != DEFAULT_LANGUAGE else self.path


@dataclass(frozen=True)
class Related:
    """Slugs of a many-to-many relation, in the related model's own order (then by id)."""

    name: str
    relation: str  # the ManyToManyField on Recommendation
    value: str = "slug"
    kind = "list"
    owner = "pk"  # the recommendation's field the links are keyed by

    @property
    def links(self):
        field = Recommendation._meta.get_field(self.relation)
        return _links(field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name(), self.value)


@dataclass(frozen=True)
class Aligned(Related):
    """GCM objective numbers or SDG target codes the editors aligned the recommendation with.

    Read from the alignment rows (one per link, with either an objective or a target), as text,
    in the reference list's own order.
    """

    relation: str  # the foreign key on the alignment: "gcm_objective" or "sdg_target"
    value: str = "number"

    @property
    def links(self):
        # Through the reverse relation: the alignment app builds on this one, not the other way.
        alignment = Recommendation._meta.get_field("alignments").related_model
        return _links(alignment, "recommendation", self.relation, self.value)


@dataclass(frozen=True)
class Holders:
    """Names of the countries or organisations holding one role in the recommendation's roundtable."""

    name: str
    role: str
    kind = "list"
    owner = "roundtable_id"
    order = ("order", "pk")

    @staticmethod
    def holder_name(language=DEFAULT_LANGUAGE):
        """A holder's name as str(holder) gives it (the country, or the organisation (acronym)), in `language`."""
        organisation = in_language("organisation__name", language)
        return Coalesce(
            in_language("country__name", language),
            Case(
                When(
                    ~Q(organisation__acronym=""),
                    then=Concat(
                        organisation, Value(" ("), "organisation__acronym", Value(")"), output_field=TextField()
                    ),
                ),
                default=organisation,
                output_field=TextField(),
            ),
            output_field=TextField(),
        )

    def roles(self, roundtable_ids):
        return RoundtableRole.objects.filter(roundtable_id__in=roundtable_ids, role=self.role)


@dataclass(frozen=True)
class Permalink:
    """The recommendation's absolute address on the portal."""

    name: str
    kind = "url"

    @staticmethod
    def parts(base_url, language=DEFAULT_LANGUAGE):
        """The address around the id, in the export's language: ("https://.../fr/recommendations/", "/")."""
        marker = 987654321
        with translation.override(language):
            prefix, suffix = reverse("recommendations:detail", args=[marker]).split(str(marker))
        return base_url + prefix, suffix


EXPORT_COLUMNS = (
    Field("id", "pk", "int"),
    Field("year", "roundtable__summit__year", "int"),
    Field("session", "roundtable__session__number", "int"),
    Field("roundtable", "roundtable__slug"),
    Field("roundtable_title", "roundtable__title", translated=True),
    Field("number", "number", "int"),
    Field("text", "text", translated=True),
    Related("themes", "themes"),
    Related("frameworks", "frameworks"),
    Related("actors", "actors"),
    Holders("co_chairs", RoundtableRole.Role.CO_CHAIR),
    Holders("rapporteurs", RoundtableRole.Role.RAPPORTEUR),
    Field("source_excerpt", "source_excerpt"),
    Permalink("url"),
    Field("updated_at", "updated_at", "timestamp"),
    # Appended after the contract's columns: the editors' alignment, not a quote.
    Aligned("gcm_objectives", "gcm_objective", "number"),
    Aligned("sdg_targets", "sdg_target", "code"),
    # The most advanced published follow-up entry's progress, and how many published entries
    # (both kept beside the recommendation by followup/progress.py's triggers).
    Field("progress", "progress"),
    Field("follow_up_count", "follow_up_count", "int"),
)
COLUMNS = tuple(column.name for column in EXPORT_COLUMNS)
LIST_COLUMNS = frozenset(column.name for column in EXPORT_COLUMNS if column.kind == "list")
