"""The facets of the recommendations list, defined once.

Each row of FACETS is one facet: its URL parameter, the lookup from a recommendation to its
values, the field the URL names a value by, the fields that label it, how its options are
ordered, and whether it chooses whole roundtables, recommendations through links, or
recommendations by a column of their own (a recommendation's progress). Everything
else is derived from this table: the FilterSet's fields (filters.py), the index's parts and its
invalidation (facet_index.py), the counts (counting.py), the panel's options, chips and hints
(panel.py), the feed's title and the exports' validation.

Adding a facet is adding a row here, plus the translations of its label and messages.

Models are reached through the lookups, never imported: the objectives and targets of the
`alignment` app are found from `Recommendation.alignments`, so this app does not depend on it.
"""

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from django.db import connections
from django.db.models import F, Model, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, override

from gfmd_portal.i18n import current_language, in_language
from gfmd_portal.publishing import Status
from roundtables.models import Roundtable

from .models import Recommendation


class Kind(Enum):
    """What a facet's values choose: whole roundtables, recommendations through a link table, or
    recommendations by a column of the recommendation itself (its values are the field's choices)."""

    ROUNDTABLES = "roundtables"
    LINKS = "links"
    COLUMN = "column"


class Order(Enum):
    """How a facet's options are ordered in the panel."""

    COUNT = "count"  # most recommendations first, then by label
    NATURAL = "natural"  # the value model's own order (objectives by number, targets 10.2 before 10.c)
    NEWEST = "newest"  # years, newest first


@dataclass(frozen=True)
class Facet:
    """One facet of the list. `path` is the lookup from a recommendation to the facet's values."""

    name: str
    kind: Kind
    path: str
    label: str
    unknown: str  # the message for a value that does not exist, with %(value)s
    show_all: str  # "Show all %(count)s themes", singular and plural (ngettext_lazy)
    value_field: str = "slug"
    label_fields: tuple = ("name",)
    # The option's label as a format of named parts: `label_names` names the URL's value and then
    # each label field's text (default: the first label field's text alone).
    option_label: str = ""
    label_names: tuple = ()
    order: Order = Order.COUNT
    ordering: tuple = ()  # the value model's order for Order.NATURAL, when not its Meta.ordering
    normalise: object = None  # str.upper or str.lower: the URL's spelling of a value
    multiple: bool = True
    hint: str = ""
    values: object = None  # a callable giving the queryset of values a URL may name

    # ---------------------------------------------------------------- derived from the path

    @cached_property
    def _fields(self):
        """The fields the path crosses, from Recommendation."""
        model, found = Recommendation, []
        for part in self.path.split("__"):
            f = model._meta.get_field(part)
            found.append(f)
            model = f.related_model
        return found

    @property
    def model(self):
        """The model whose rows are the facet's values (None for a plain value such as a year)."""
        return self._fields[-1].related_model

    @property
    def field(self):
        """The recommendation's own field a facet of Kind.COLUMN reads."""
        return self._fields[0]

    @property
    def choices(self):
        """[(value, label)] of a facet of Kind.COLUMN, in the field's order."""
        return list(self.field.choices)

    @property
    def is_model(self):
        return self.model is not None

    @cached_property
    def links(self):
        """(model of the table linking recommendations to values, column to the recommendation, column to the value).

        A facet of Kind.COLUMN reads the recommendations table itself, its own column as the value.
        """
        first = self._fields[0]
        if self.kind is Kind.COLUMN:
            return Recommendation, Recommendation._meta.pk.column, first.column
        if first.many_to_many:
            through = first.remote_field.through
            return through, first.m2m_column_name(), first.m2m_reverse_name()
        # A reverse foreign key to a model that links a recommendation to a value.
        link_model = first.related_model
        return link_model, first.field.column, self._fields[1].column

    @property
    def roundtable_path(self):
        """The lookup from a roundtable to the facet's values ("" for the roundtable itself)."""
        return self.path.removeprefix("roundtable").removeprefix("__")

    @property
    def models(self):
        """The models the index reads the facet's values from, so it watches their tables.

        A facet of links reads its link table; a facet of roundtables reads the models its
        lookup crosses from a roundtable (a role's country is read from the role).
        """
        if self.kind in (Kind.LINKS, Kind.COLUMN):
            return (self.links[0],)
        found, model = [], Roundtable
        for part in self.roundtable_path.split("__")[:-1]:
            model = model._meta.get_field(part).related_model
            found.append(model)
        return tuple(found)

    @property
    def label_models(self):
        """The models a facet's labels are read from: its values' model and those its label fields cross."""
        found = [self.model]
        for name in self.label_fields:
            model = self.model
            for part in name.split("__")[:-1]:
                model = model._meta.get_field(part).related_model
                found.append(model)
        return tuple(found)

    # ---------------------------------------------------------------- values

    def queryset(self):
        """The values a URL may name."""
        if self.values is not None:
            return self.values()
        return self.model._default_manager.all()

    @staticmethod
    def key(chosen):
        """The index's key of a chosen value: the row's pk, or the value itself (a year)."""
        return chosen.pk if isinstance(chosen, Model) else chosen

    def url_value(self, chosen):
        """How the URL names a chosen value."""
        return str(getattr(chosen, self.value_field) if isinstance(chosen, Model) else chosen)

    def format_label(self, url_value, labels, template=None):
        """An option's label from its value in the URL and its label fields' texts.

        `template` is the option's format already translated, for a caller labelling many options.
        """
        if not self.option_label:
            return str(labels[0]) if labels else url_value
        template = template if template is not None else str(self.option_label)
        return template % dict(zip(self.label_names, (url_value, *labels), strict=False))

    def label_of(self, chosen):
        """The option's label of a chosen value, in the page's language."""
        if self.kind is Kind.COLUMN:
            return str(dict(self.choices).get(chosen, chosen))
        if not isinstance(chosen, Model):
            return str(chosen)
        return self.format_label(self.url_value(chosen), [_read(chosen, name) for name in self.label_fields])

    def column_labels(self):
        """{value: Label} of a facet of Kind.COLUMN, from its field's choices, in the page's language."""
        return {value: Label(value, (str(label),), position) for position, (value, label) in enumerate(self.choices)}

    def label_rows(self, using):
        """A queryset of (facet, pk as text, value in the URL, label texts…, position in the natural order).

        Each facet's part of the one query `labels()` reads; None for a facet of plain values.
        """
        if not self.is_model:
            return None
        model = self.model
        texts = [
            Cast(in_language(name) if _translated(model, name) else F(name), TextField()) for name in self.label_fields
        ]
        texts += [Value("", TextField())] * (LABEL_FIELDS - len(texts))
        ordering = [
            F(name[1:]).desc() if name.startswith("-") else F(name).asc()
            for name in (self.ordering or model._meta.ordering)
        ]
        return (
            model._default_manager.using(using)
            .order_by()
            .annotate(
                label_facet=Value(self.name, TextField()),
                label_key=Cast("pk", TextField()),
                label_value=Cast(self.value_field, TextField()),
                **{f"label_text_{i}": text for i, text in enumerate(texts)},
                label_position=Window(RowNumber(), order_by=ordering),
            )
            .values_list(
                "label_facet",
                "label_key",
                "label_value",
                *(f"label_text_{i}" for i in range(LABEL_FIELDS)),
                "label_position",
            )
        )


# The most label fields a facet has (a roundtable is labelled by its code and its year).
LABEL_FIELDS = 2


@lru_cache(maxsize=16)
def _labels_sql(using, language):
    """The labels' one statement for a database and a language, compiled once per process.

    The ORM's own compiled parts, joined by UNION ALL; values are parameters.
    """
    with override(language):
        parts = [rows.query.sql_with_params() for facet in FACETS if (rows := facet.label_rows(using)) is not None]
    sql = " UNION ALL ".join(f"SELECT * FROM ({part}) AS part_{i}" for i, (part, _params) in enumerate(parts))  # noqa: S608
    return sql, [param for _part, params in parts for param in params]


def labels(using):
    """{facet: {key: Label}} of every value, in the page's language, in one query.

    Keyed as the index keys values (a row's pk). Read with every page, never cached with the
    counts: labels are in the page's language, the English one where a translation is missing.
    A facet of plain values (years) has no entry: its values are their own labels. A facet of a
    column is labelled by its field's choices, without a query.
    """
    found = {name: {} for name, facet in BY_NAME.items() if facet.is_model}
    sql, params = _labels_sql(using, current_language())
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    numeric = {
        name: facet.model._meta.pk.get_internal_type().endswith("AutoField")
        for name, facet in BY_NAME.items()
        if facet.is_model
    }
    for name, key, value, *texts, position in rows:
        found[name][int(key) if numeric[name] else key] = Label(value, tuple(texts), position)
    for facet in FACETS:
        if facet.kind is Kind.COLUMN:
            found[facet.name] = facet.column_labels()
    return found


@dataclass(frozen=True)
class Label:
    """What the panel needs to name one value: its spelling in the URL, its label fields' texts, its place."""

    value: str
    texts: tuple
    position: int


def _owner(model, name):
    """The model holding the last field of a lookup, and that field's name."""
    *through, last = name.split("__")
    for part in through:
        model = model._meta.get_field(part).related_model
    return model, last


def _translated(model, name):
    """Whether a label field has French and Spanish columns beside it."""
    owner, last = _owner(model, name)
    return f"{last}_fr" in {f.name for f in owner._meta.fields}


def _read(obj, name):
    """A label field of an object, in the page's language where translated."""
    *through, last = name.split("__")
    for part in through:
        obj = getattr(obj, part)
    return obj.localized(last) if _translated(type(obj), last) else getattr(obj, last)


def _published_roundtables():
    return Roundtable.objects.filter(status=Status.PUBLISHED).select_related("summit")


FACETS = (
    Facet(
        "roundtable",
        Kind.ROUNDTABLES,
        "roundtable",
        _("Roundtable"),
        _("No published roundtable called “%(value)s”."),
        ngettext_lazy("Show all %(count)s roundtable", "Show all %(count)s roundtables", "count"),
        label_fields=("code", "summit__year"),
        option_label=_("%(code)s (%(year)s)"),
        label_names=("slug", "code", "year"),
        order=Order.NATURAL,
        ordering=("-summit__year", "code", "id"),
        values=_published_roundtables,
    ),
    Facet(
        "theme",
        Kind.LINKS,
        "themes",
        _("Theme"),
        _("No theme called “%(value)s”."),
        ngettext_lazy("Show all %(count)s theme", "Show all %(count)s themes", "count"),
    ),
    Facet(
        "country",
        Kind.ROUNDTABLES,
        "roundtable__roles__country",
        _("Country"),
        _("No country with the code “%(value)s”."),
        ngettext_lazy("Show all %(count)s country", "Show all %(count)s countries", "count"),
        value_field="iso3",
        normalise=str.upper,
        hint=_(
            "Roundtables in which the country held a role (co-chair, rapporteur, team member…). "
            "It does not find recommendations about a country."
        ),
    ),
    Facet(
        "framework",
        Kind.LINKS,
        "frameworks",
        _("Framework"),
        _("No framework called “%(value)s”."),
        ngettext_lazy("Show all %(count)s framework", "Show all %(count)s frameworks", "count"),
        label_fields=("short_name",),
    ),
    Facet(
        "actor",
        Kind.LINKS,
        "actors",
        _("Addressed to"),
        _("No actor called “%(value)s”."),
        ngettext_lazy("Show all %(count)s addressee", "Show all %(count)s addressees", "count"),
    ),
    Facet(
        "gcm",
        Kind.LINKS,
        "alignments__gcm_objective",
        _("Global Compact objective"),
        _("No Global Compact objective numbered “%(value)s” (1 to 23)."),
        ngettext_lazy("Show all %(count)s objective", "Show all %(count)s objectives", "count"),
        value_field="number",
        label_fields=("short_title",),
        option_label=_("%(number)s. %(title)s"),
        label_names=("number", "title"),
        order=Order.NATURAL,
    ),
    Facet(
        "sdg",
        Kind.LINKS,
        "alignments__sdg_target",
        _("SDG target"),
        _("No SDG target “%(value)s” in the portal's list."),
        ngettext_lazy("Show all %(count)s target", "Show all %(count)s targets", "count"),
        value_field="code",
        label_fields=("code",),
        option_label=_("Target %(code)s"),
        label_names=("code",),
        order=Order.NATURAL,
        normalise=str.lower,
    ),
    Facet(
        "year",
        Kind.ROUNDTABLES,
        "roundtable__summit__year",
        _("Year"),
        "",
        ngettext_lazy("Show all %(count)s year", "Show all %(count)s years", "count"),
        order=Order.NEWEST,
        multiple=False,
    ),
    Facet(
        "progress",
        Kind.COLUMN,
        "progress",
        _("Follow-up"),
        _("No progress called “%(value)s”: use none, planned, under-way or completed."),
        ngettext_lazy("Show all %(count)s stage", "Show all %(count)s stages", "count"),
        value_field="progress",
        order=Order.NATURAL,
        normalise=str.lower,
        hint=_(
            "How far the actions reported on a recommendation have gone: its most advanced published "
            "follow-up entry, or none."
        ),
    ),
)

BY_NAME = {facet.name: facet for facet in FACETS}
NAMES = tuple(BY_NAME)
# The facets the index holds as a bitset per value: links, and columns read as a link table is.
LINK_FACETS = tuple(f for f in FACETS if f.kind in (Kind.LINKS, Kind.COLUMN))
ROUNDTABLE_FACETS = tuple(f for f in FACETS if f.kind is Kind.ROUNDTABLES)
