"""The one FilterSet behind the recommendations list, its feeds and its exports.

Repeatable parameters combine as OR within a facet and AND across facets. Each facet filters
with `<column> IN (subquery)` so many-to-many joins never duplicate rows and no DISTINCT is
needed. Every refused value gets its own message naming the parameter and the value, so the
list can drop just that value and the exports can answer 400 with a useful body.
"""

from collections.abc import Mapping

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.db.models import F, Q, TextChoices
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from alignment.models import Alignment, GcmObjective, SdgTarget
from gfmd_portal.i18n import in_language, label_sql
from gfmd_portal.publishing import Status
from roundtables.models import Actor, Country, Framework, Roundtable, RoundtableRole, Theme

from . import facets, search
from .models import Recommendation

MAX_VALUE_LENGTH = 100
# Beyond this many public rows in the roundtables a page spans, its ids come from the list's SQL.
MAX_CANDIDATES = 5000
MAX_SEARCH_LENGTH = 200
YEAR_RANGE = (1900, 2999)


class FacetChoiceField(forms.ModelMultipleChoiceField):
    """Values named by slug or code; reports every unknown value, not only the first."""

    def __init__(self, *args, normalise=None, **kwargs):
        self.normalise = normalise or (lambda value: value)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            # An empty value is what a form sends for "nothing chosen": not an error.
            value = [self.normalise(str(v).strip()) for v in value if str(v).strip()]
        if not value and not self.required:
            # Not queryset.none(), Django's answer: each test of it compiles a query (about
            # 0.5 ms, for each of seven facets on every list page).
            return []
        return super().clean(value)

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        numeric = isinstance(self.queryset.model._meta.get_field(key), models.IntegerField)
        errors, candidates = [], []
        for v in dict.fromkeys(value):
            if "\x00" in v or len(v) > MAX_VALUE_LENGTH or (numeric and not (v.isdigit() and len(v) <= 9)):
                errors.append(self._unknown(v))
            else:
                candidates.append(v)
        found = list(self.queryset.filter(**{f"{key}__in": candidates})) if candidates else []
        known = {str(getattr(obj, key)) for obj in found}
        errors += [self._unknown(v) for v in candidates if v not in known]
        if errors:
            raise ValidationError(errors)
        return found

    def _unknown(self, value):
        shown = value.replace("\x00", "\\0")
        if len(shown) > 40:
            shown = shown[:40] + "…"
        return ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": shown, "raw": value}
        )


class FacetFilter(django_filters.Filter):
    """OR within a facet: `<field_name> IN subquery(chosen objects)`."""

    field_class = FacetChoiceField

    def __init__(self, *args, subquery, **kwargs):
        self.subquery = subquery
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": self.subquery([obj.pk for obj in value])})


class YearField(forms.Field):
    """A four-digit year, refused with a message that names the parameter and the value."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        shown = value[:20] + ("…" if len(value) > 20 else "")
        if not (value.isascii() and value.isdigit()):
            raise ValidationError(_("year must be a number, not “%(value)s”."), code="invalid", params={"value": shown})
        year = int(value) if len(value) <= 4 else None
        if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise ValidationError(
                _("year must be between %(low)s and %(high)s, not %(value)s."),
                code="out_of_range",
                params={"value": shown, "low": YEAR_RANGE[0], "high": YEAR_RANGE[1]},
            )
        return year


class SearchField(forms.CharField):
    """The search box: trimmed, bounded, and refused only when it cannot be searched at all."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # CharField's own validators speak of "this value"; validate() below names `q` instead.
        self.validators = []

    def validate(self, value):
        super().validate(value)
        if "\x00" in value:
            raise ValidationError(_("The search (q) cannot contain null characters."), code="null_characters")
        if len(value) > MAX_SEARCH_LENGTH:
            raise ValidationError(
                _("The search (q) is too long: use at most %(limit)s characters (it has %(length)s)."),
                code="max_length",
                params={"limit": MAX_SEARCH_LENGTH, "length": len(value)},
            )
        if value and not search.words(value):
            raise ValidationError(
                _("The search (q) “%(value)s” has no words to look for."),
                code="no_words",
                params={"value": value[:40]},
            )


class YearFilter(django_filters.Filter):
    field_class = YearField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class Sort(TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    ROUNDTABLE = "roundtable", _("Roundtable order")
    NEWEST = "-updated", _("Recently updated")
    OLDEST = "updated", _("Least recently updated")


# The roundtable id breaks ties between two summits of one year, so the order is total and a page
# can be located from per-roundtable counts (see RecommendationListView.paginate_queryset).
ROUNDTABLE_ORDER = ("roundtable__summit__year", "roundtable__code", "roundtable_id", "number")
SORT_ORDERS = {
    Sort.ROUNDTABLE: ROUNDTABLE_ORDER,
    Sort.NEWEST: ("-updated_at", "-id"),
    Sort.OLDEST: ("updated_at", "id"),
}


def _through_ids(through, column):
    return lambda pks: through.objects.filter(**{f"{column}__in": pks}).values("recommendation_id")


class RecommendationFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_q")
    roundtable = FacetFilter(
        label=_("Roundtable"),
        field_name="roundtable_id",
        to_field_name="slug",
        queryset=Roundtable.objects.published().select_related("summit"),
        subquery=lambda pks: pks,
        error_messages={"invalid_choice": _("No published roundtable called “%(value)s”.")},
    )
    theme = FacetFilter(
        label=_("Theme"),
        field_name="id",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        subquery=_through_ids(Recommendation.themes.through, "theme_id"),
        error_messages={"invalid_choice": _("No theme called “%(value)s”.")},
    )
    country = FacetFilter(
        label=_("Country"),
        field_name="roundtable_id",
        to_field_name="iso3",
        queryset=Country.objects.all(),
        subquery=lambda pks: RoundtableRole.objects.filter(country_id__in=pks).values("roundtable_id"),
        normalise=str.upper,
        error_messages={"invalid_choice": _("No country with the code “%(value)s”.")},
    )
    framework = FacetFilter(
        label=_("Framework"),
        field_name="id",
        to_field_name="slug",
        queryset=Framework.objects.all(),
        subquery=_through_ids(Recommendation.frameworks.through, "framework_id"),
        error_messages={"invalid_choice": _("No framework called “%(value)s”.")},
    )
    actor = FacetFilter(
        label=_("Addressed to"),
        field_name="id",
        to_field_name="slug",
        queryset=Actor.objects.all(),
        subquery=_through_ids(Recommendation.actors.through, "actor_id"),
        error_messages={"invalid_choice": _("No actor called “%(value)s”.")},
    )
    gcm = FacetFilter(
        label=_("Global Compact objective"),
        field_name="id",
        to_field_name="number",
        queryset=GcmObjective.objects.all(),
        subquery=_through_ids(Alignment, "gcm_objective_id"),
        error_messages={"invalid_choice": _("No Global Compact objective numbered “%(value)s” (1 to 23).")},
    )
    sdg = FacetFilter(
        label=_("SDG target"),
        field_name="id",
        to_field_name="code",
        queryset=SdgTarget.objects.all(),
        subquery=_through_ids(Alignment, "sdg_target_id"),
        normalise=str.lower,
        error_messages={"invalid_choice": _("No SDG target “%(value)s” in the portal's list.")},
    )
    year = YearFilter(label=_("Year"), method="filter_year")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.choices,
        method="filter_sort",
        empty_label=None,
        error_messages={"invalid_choice": _("There is no sort order called “%(value)s”.")},
    )

    class Meta:
        model = Recommendation
        fields = ["q", "roundtable", "theme", "country", "framework", "actor", "gcm", "sdg", "year", "sort"]

    FACETS = ("roundtable", "theme", "country", "framework", "actor", "gcm", "sdg", "year")
    # Facets counted on a table of links to recommendations: (model, its foreign key to the
    # facet's model, the field the URL names a value by, the field that labels it).
    LINK_FACETS = facets.LINKS
    # Set when the queryset is exactly Recommendation.objects.public(): the counts then come from
    # the FacetIndex of the public recommendations (see facets.py), else from SQL.
    over_public = False

    def filter_q(self, queryset, name, value):
        """Every word must match, in the text or the source excerpt (ranked on PostgreSQL)."""
        return search.search(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(roundtable_id__in=Roundtable.objects.filter(summit__year=value).values("id"))

    def filter_sort(self, queryset, name, value):
        """Ordering is applied once, in filter_queryset(), when the search is known."""
        return queryset

    @property
    def terms(self):
        """The search in effect ("" when none or refused)."""
        return getattr(self.form, "cleaned_data", {}).get("q") or ""

    @property
    def sort_order(self):
        """The sort in effect: the one asked for, or relevance when searching, else roundtable order."""
        chosen = getattr(self.form, "cleaned_data", {}).get("sort") or ""
        if chosen == Sort.RELEVANCE and not self.terms:
            return Sort.ROUNDTABLE
        return Sort(chosen) if chosen else (Sort.RELEVANCE if self.terms else Sort.ROUNDTABLE)

    @property
    def sort_options(self):
        """[(value, label, selected)] of the sort select. Its first option, the default, is empty:
        relevance when searching, roundtable order otherwise. The form then sends no order unless
        one was chosen, so a search typed into it is ranked by relevance."""
        chosen = getattr(self.form, "cleaned_data", {}).get("sort") or ""
        default = Sort.RELEVANCE if self.terms else Sort.ROUNDTABLE
        explicit = self.sort_order if chosen and self.sort_order != default else ""
        options = [("", default.label, not explicit)]
        options += [
            (value, label, value == explicit) for value, label in Sort.choices if value not in (Sort.RELEVANCE, default)
        ]
        return options

    def filter_queryset(self, queryset, exclude=()):
        for name, value in self.form.cleaned_data.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return self.order(queryset)

    def order(self, queryset):
        sort = self.sort_order
        if sort == Sort.RELEVANCE:
            return search.rank(queryset, self.terms).order_by(F("rank").desc(), *ROUNDTABLE_ORDER)
        return queryset.order_by(*SORT_ORDERS[sort])

    def is_active(self, name):
        return bool(getattr(self.form, "cleaned_data", {}).get(name))

    def queryset_without(self, facet):
        """The list as if `facet` were not chosen (unordered): what that facet is counted over."""
        self.errors  # noqa: B018 - validate before reading cleaned_data
        return self.filter_queryset(self.queryset.all(), exclude={facet, "sort"}).order_by()

    # Facet counts. Every facet counts over the list as if its own filter were not chosen. For the
    # public list they come from the FacetIndex kept in memory (facets.py): bitsets of the public
    # rows per roundtable and per value, ANDed and counted. Otherwise, and when the index cannot
    # be trusted, they come from SQL: the roundtable, country and year facets, and the total, from
    # recommendations counted per roundtable; the many-to-many facets from one grouped query on
    # their link table each. The list's SQL for each variant is compiled once and reused by the
    # grouped queries, because compiling the ORM's nested subqueries costs more than running them.

    @cached_property
    def index(self):
        """The FacetIndex the counts come from, or None to count in SQL."""
        return facets.index_for(self.queryset.db) if self.over_public else None

    @cached_property
    def labels(self):
        return facets.labels(self.queryset.db)

    def _effective(self, without):
        return without if without and self.is_active(without) else None

    def _subset(self, without):
        """The list as if `without` were not chosen, as a FacetIndex subset (roundtables, bits)."""
        key = self._effective(without)
        cache = self.__dict__.setdefault("_subsets", {})
        if key not in cache:
            self.errors  # noqa: B018 - validate before reading cleaned_data
            index, roundtables, bits = self.index, None, None
            for name, value in self.form.cleaned_data.items():
                if not value or name in (key, "sort"):
                    continue
                if name in facets.ROUNDTABLE_FACETS:
                    kept = index.roundtables_of(name, [value] if name == "year" else [obj.pk for obj in value])
                    roundtables = kept if roundtables is None else roundtables & kept
                    continue
                part = self._search_bits if name == "q" else index.value_bits(name, [obj.pk for obj in value])
                bits = part if bits is None else bits & part
            cache[key] = (roundtables, bits)
        return cache[key]

    @cached_property
    def _search_bits(self):
        """The public rows the search matches, whatever the other filters.

        One query, its ids gathered into one value by the database: a third faster than
        fetching tens of thousands of rows.
        """
        published = Recommendation.objects.using(self.queryset.db).filter(status=Status.PUBLISHED).order_by()
        matching = search.search(published, self.terms).values("id")
        try:
            sql, params = matching.query.get_compiler(using=matching.db).as_sql()
        except EmptyResultSet:
            return 0
        connection = connections[matching.db]
        with connection.cursor() as cursor:
            # Only the ORM's own compiled SQL is interpolated; values are parameters.
            cursor.execute(f"SELECT {facets.gathered_ids(connection, 'f.id')} FROM ({sql}) f", params)  # noqa: S608
            return self.index.ids_bits(facets.parse_ids(cursor.fetchone()[0]))

    def _list_sql(self, without):
        """(sql, params) selecting id, roundtable_id, number of the list without `without` (None: empty)."""
        key = self._effective(without)
        cache = self.__dict__.setdefault("_list_sql_cache", {})
        if key not in cache:
            qs = self.queryset_without(key).values_list("id", "roundtable_id", "number")
            try:
                cache[key] = qs.query.get_compiler(using=qs.db).as_sql()
            except EmptyResultSet:
                cache[key] = None
        return cache[key]

    def _grouped(self, sql, params):
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def roundtable_counts(self, without=None):
        """{roundtable id: count} over the list, or over the list as if `without` were not chosen."""
        key = self._effective(without)
        cache = self.__dict__.setdefault("_roundtable_counts", {})
        if key not in cache:
            if self.index:
                cache[key] = self.index.roundtable_counts(*self._subset(key))
            elif listed := self._list_sql(key):
                sql = f"SELECT f.roundtable_id, COUNT(*) FROM ({listed[0]}) f GROUP BY f.roundtable_id"  # noqa: S608
                cache[key] = self._grouped(sql, listed[1])
            else:
                cache[key] = {}
        return cache[key]

    def total(self):
        return sum(self.roundtable_counts().values())

    def ids_in_roundtables(self, roundtables, offset, limit):
        """Ids of the list's rows in these roundtables, in list order, sliced.

        `roundtables` are ids in list order; within one, rows follow their number. With the
        index, the database returns every public row of these few roundtables with its number,
        and the index says which of them the list holds; else the list's own SQL is limited to
        these roundtables.
        """
        if not roundtables:
            return []
        if self.index and sum(self.index.sizes.get(pk, 0) for pk in roundtables) <= MAX_CANDIDATES:
            bits = self._subset(None)[1]
            listed = {pk for roundtable in roundtables for pk in self.index.ids_in(roundtable, bits)}
            place = {pk: i for i, pk in enumerate(roundtables)}
            rows = sorted(
                (place[roundtable], number, pk)
                for pk, roundtable, number in self._public_rows_in(roundtables)
                if pk in listed
            )
            return [pk for _place, _number, pk in rows[offset : offset + limit]]
        listed = self._list_sql(None)
        if not listed:
            return []
        position = " ".join("WHEN %s THEN %s" for _ in roundtables)
        params = [*listed[1], *roundtables, *(v for i, pk in enumerate(roundtables) for v in (pk, i)), limit, offset]
        marks = ", ".join(["%s"] * len(roundtables))
        # Only placeholders and the ORM's own compiled SQL are interpolated; values are parameters.
        sql = f"SELECT f.id FROM ({listed[0]}) f WHERE f.roundtable_id IN ({marks})"  # noqa: S608
        sql += f" ORDER BY CASE f.roundtable_id {position} END, f.number LIMIT %s OFFSET %s"
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _public_rows_in(self, roundtables):
        """(id, roundtable id, number) of the public rows of these roundtables: one query on an index."""
        connection = connections[self.queryset.db]
        qn = connection.ops.quote_name
        rec, rt = Recommendation._meta, Roundtable._meta
        status, roundtable = qn(rec.get_field("status").column), qn(rec.get_field("roundtable").column)
        marks = ", ".join(["%s"] * len(roundtables))
        sql = (
            f"SELECT r.{qn(rec.pk.column)}, r.{roundtable}, r.{qn(rec.get_field('number').column)} "  # noqa: S608
            f"FROM {qn(rec.db_table)} r JOIN {qn(rt.db_table)} t ON t.{qn(rt.pk.column)} = r.{roundtable} "
            f"WHERE r.{status} = %s AND t.{qn(rt.get_field('status').column)} = %s AND r.{roundtable} IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [Status.PUBLISHED, Status.PUBLISHED, *roundtables])
            return cursor.fetchall()

    @cached_property
    def catalog(self):
        """Roundtables in list order, [(id, slug, code, year)], and {roundtable id: [(iso3, name)]} of their countries.

        From SQL, only the roundtables any count here mentions.
        """
        if self.index:
            return self.index.roundtables, NamedCountries(self.index.countries, self.labels["country"])
        ids = set()
        for variant in (None, "roundtable", "country", "year"):
            ids.update(self.roundtable_counts(without=variant))
        ids = sorted(ids)
        roundtables = list(
            Roundtable.objects.filter(id__in=ids)
            .order_by("summit__year", "code", "id")
            .values_list("id", "slug", "code", "summit__year")
        )
        countries = {}
        roles = RoundtableRole.objects.filter(country__isnull=False, roundtable_id__in=ids)
        for roundtable_id, iso3, name in roles.values_list("roundtable_id", "country_id", in_language("country__name")):
            countries.setdefault(roundtable_id, []).append((iso3, name))
        return roundtables, countries

    def facet_counts(self, facet):
        """[(value, extra, count)] for one facet over the other active filters."""
        if facet in self.LINK_FACETS:
            return self._index_counts(facet) if self.index else self._through_counts(facet)
        counts = self.roundtable_counts(without=facet)
        roundtables, countries = self.catalog
        if facet == "roundtable":
            return [(slug, (code, year), counts[pk]) for pk, slug, code, year in roundtables if pk in counts]
        totals = {}
        if facet == "year":
            for pk, _slug, _code, year in roundtables:
                if n := counts.get(pk):
                    totals[year] = totals.get(year, 0) + n
            return [(year, (), n) for year, n in totals.items()]
        if self.index:  # summed by code, named once per country
            for pk, n in counts.items():
                for iso3 in self.index.countries.get(pk, ()):
                    totals[iso3] = totals.get(iso3, 0) + n
            names = self.labels["country"]
            return [(iso3, (names.get(iso3, (iso3, iso3))[1],), n) for iso3, n in totals.items()]
        names = {}
        for pk, n in counts.items():
            for iso3, name in countries.get(pk, ()):
                totals[iso3] = totals.get(iso3, 0) + n
                names[iso3] = name
        return [(iso3, (names[iso3],), n) for iso3, n in totals.items()]

    def _index_counts(self, facet):
        roundtables, bits = self._subset(facet)
        counts = self.index.value_counts(facet, self.index.bits(roundtables, bits))
        named = self.labels[facet]
        return [(named[pk][0], (named[pk][1],), n) for pk, n in counts.items() if pk in named]

    def _through_counts(self, facet):
        """One grouped query on the facet's through table, joined to its names once grouped."""
        through, fk, value_field, label_field = self.LINK_FACETS[facet]
        field = through._meta.get_field(fk)
        model = field.related_model
        qn = connections[self.queryset.db].ops.quote_name
        # Identifiers come from the models' metadata, quoted; values are parameters.
        table, column, recommendation = qn(through._meta.db_table), qn(field.column), qn("recommendation_id")
        value = qn(model._meta.get_field(value_field).column)
        label = label_sql(model, label_field, qn, alias="x")
        grouped = f"SELECT t.{column} AS fk, COUNT(*) AS n, %s AS hidden FROM {table} t"  # noqa: S608
        if self.over_public and self._alone(facet):
            # Over every public row. Semi-joining every link with every public id reads the
            # whole table twice; instead count all links (one pass over an index) and subtract
            # (hidden = 1) the links of the few rows public() leaves out.
            parts = [
                qs.values("id").query.get_compiler(using=self.queryset.db).as_sql() for qs in hidden_recommendations()
            ]
            hidden_sql = " UNION ALL ".join(sql for sql, _params in parts)
            inner = f"{grouped} GROUP BY t.{column} UNION ALL {grouped} WHERE t.{recommendation} IN ({hidden_sql})"
            inner += f" GROUP BY t.{column}"
            params = [0, 1, *(param for _sql, part_params in parts for param in part_params)]
        else:
            listed = self._list_sql(facet)
            if not listed:
                return []
            inner = f"{grouped} WHERE t.{recommendation} IN (SELECT f.id FROM ({listed[0]}) f)"  # noqa: S608
            inner += f" GROUP BY t.{column}"
            params = [0, *listed[1]]
        sql = f"SELECT x.{value}, {label}, c.n, c.hidden FROM ({inner}) c"  # noqa: S608
        sql += f" JOIN {qn(model._meta.db_table)} x ON x.{qn(model._meta.pk.column)} = c.fk"
        counts, labels = {}, {}
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            for slug, name, n, hidden in cursor.fetchall():
                counts[slug] = counts.get(slug, 0) + (-n if hidden else n)
                labels[slug] = name
        return [(slug, (labels[slug],), n) for slug, n in counts.items() if n]

    def _alone(self, facet):
        """True when no filter but `facet` itself is chosen: the facet counts over every public row."""
        chosen = getattr(self.form, "cleaned_data", {})
        return not any(value for name, value in chosen.items() if name not in (facet, "sort"))


class NamedCountries(Mapping):
    """{roundtable id: [(iso3, name)]} named when read: a page reads a few of 500 roundtables."""

    def __init__(self, countries, names):
        self.countries, self.names = countries, names

    def __getitem__(self, pk):
        return [(iso3, self.names.get(iso3, (iso3, iso3))[1]) for iso3 in self.countries[pk]]

    def __iter__(self):
        return iter(self.countries)

    def __len__(self):
        return len(self.countries)


def hidden_recommendations():
    """Querysets that together hold exactly the recommendations Recommendation.objects.public() leaves out.

    A status other than "published" is written as two ranges, one queryset each, so an index
    on status serves every part (an OR would make the database read every row).
    """
    before, after = Q(status__lt=Status.PUBLISHED), Q(status__gt=Status.PUBLISHED)
    hidden_roundtables = Roundtable.objects.filter(before | after).values("id")
    recommendations = Recommendation.objects.order_by()
    return [
        recommendations.filter(before),
        recommendations.filter(after),
        recommendations.filter(roundtable_id__in=hidden_roundtables),
    ]


def facet_label(facet):
    return RecommendationFilter.base_filters[facet].label


def refused_values(filterset):
    """[(parameter, message, value or None)] for every value the FilterSet refused."""
    refused = []
    for name, errors in filterset.form.errors.as_data().items():
        for error in errors:
            for item in error.error_list:
                value = (item.params or {}).get("raw") if item.code == "invalid_choice" else None
                refused.append((name, " ".join(item.messages), value))
    return refused
