"""The one FilterSet behind the recommendations list, its feeds, its exports and its API.

Its facets' fields come from the facet table (facets.py). Repeatable parameters combine as OR
within a facet and AND across facets. Each facet filters with `<column> IN (subquery)` so
many-to-many joins never duplicate rows and no DISTINCT is needed. Every refused value gets its
own message naming the parameter and the value: `lenient()` drops just those values (the list),
`strict()` refuses the whole request with them (the exports, the feed, the API).

Counting lives in counting.py, not here: this module filters.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, TextChoices
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from roundtables.models import Roundtable

from . import search
from .facets import BY_NAME, FACETS, Kind
from .models import Recommendation

MAX_VALUE_LENGTH = 100
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
            # Not queryset.none(), Django's answer: each test of it compiles a query, for each
            # facet on every list page.
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


class ColumnChoiceField(forms.MultipleChoiceField):
    """Values of a recommendation's own column, among its field's choices; reports every unknown value."""

    def __init__(self, *args, normalise=None, **kwargs):
        self.normalise = normalise or (lambda value: value)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            # An empty value is what a form sends for "nothing chosen": not an error.
            return list(dict.fromkeys(self.normalise(str(v).strip()) for v in value if str(v).strip()))
        return super().to_python(value)

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        known = {str(key) for key, _label in self.choices}
        errors = []
        for v in value:
            if v not in known:
                shown = v.replace("\x00", "\\0")
                shown = shown[:40] + "…" if len(shown) > 40 else shown
                errors.append(
                    ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": shown, "raw": v}
                    )
                )
        if errors:
            raise ValidationError(errors)


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


class FacetFilter(django_filters.Filter):
    """One facet of the table: OR within it, as `<column> IN (subquery of the chosen values)`."""

    field_class = FacetChoiceField

    def __init__(self, *args, facet, **kwargs):
        self.facet = facet
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, "", []):
            return qs
        keys = [self.facet.key(v) for v in (value if isinstance(value, list) else [value])]
        return qs.filter(**{f"{self.field_name}__in": matching(self.facet, keys)})


class YearFacetFilter(FacetFilter):
    field_class = YearField


class ColumnFacetFilter(FacetFilter):
    field_class = ColumnChoiceField


def matching(facet, keys):
    """A subquery of what a facet keeps for these values: roundtable ids, or recommendation ids."""
    if facet.kind is Kind.COLUMN:
        return keys
    if facet.kind is Kind.LINKS:
        model, recommendation, value = facet.links
        return model._default_manager.filter(**{f"{value}__in": keys}).values(recommendation)
    if not facet.roundtable_path:
        return keys
    return Roundtable.objects.filter(**{f"{facet.roundtable_path}__in": keys}).values("id")


def facet_filter(facet):
    """The FilterSet's filter of one row of the facet table."""
    field_name = "id" if facet.kind is Kind.LINKS else "roundtable_id"
    if facet.kind is Kind.COLUMN:
        return ColumnFacetFilter(
            label=facet.label,
            field_name=facet.field.name,
            facet=facet,
            choices=facet.choices,
            normalise=facet.normalise,
            error_messages={"invalid_choice": facet.unknown},
        )
    if not facet.is_model:
        return YearFacetFilter(label=facet.label, field_name=field_name, facet=facet)
    return FacetFilter(
        label=facet.label,
        field_name=field_name,
        facet=facet,
        to_field_name=facet.value_field,
        queryset=facet.queryset(),
        normalise=facet.normalise,
        error_messages={"invalid_choice": facet.unknown},
    )


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class Sort(TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    ROUNDTABLE = "roundtable", _("Roundtable order")
    NEWEST = "-updated", _("Recently updated")
    OLDEST = "updated", _("Least recently updated")


# The roundtable id breaks ties between two summits of one year, so the order is total and a page
# can be located from per-roundtable counts (see counting.py).
ROUNDTABLE_ORDER = Recommendation.ROUNDTABLE_ORDER
SORT_ORDERS = {
    Sort.ROUNDTABLE: ROUNDTABLE_ORDER,
    Sort.NEWEST: ("-updated_at", "-id"),
    Sort.OLDEST: ("updated_at", "id"),
}


class RecommendationFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_q")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.choices,
        method="filter_sort",
        empty_label=None,
        error_messages={"invalid_choice": _("There is no sort order called “%(value)s”.")},
    )

    class Meta:
        model = Recommendation
        fields = []

    @classmethod
    def get_filters(cls):
        """The search, one filter per row of the facet table, then the sort."""
        declared = cls.declared_filters
        return {"q": declared["q"], **{facet.name: facet_filter(facet) for facet in FACETS}, "sort": declared["sort"]}

    def filter_q(self, queryset, name, value):
        """Every word must match, in the text or the source excerpt (ranked on PostgreSQL)."""
        return search.search(queryset, value)

    def filter_sort(self, queryset, name, value):
        """Ordering is applied once, in filter_queryset(), when the search is known."""
        return queryset

    @property
    def chosen(self):
        """The cleaned values in effect ({} before validation or when refused)."""
        return getattr(self.form, "cleaned_data", {})

    @property
    def terms(self):
        """The search in effect ("" when none or refused)."""
        return self.chosen.get("q") or ""

    @property
    def sort_order(self):
        """The sort in effect: the one asked for, or relevance when searching, else roundtable order."""
        chosen = self.chosen.get("sort") or ""
        if chosen == Sort.RELEVANCE and not self.terms:
            return Sort.ROUNDTABLE
        return Sort(chosen) if chosen else (Sort.RELEVANCE if self.terms else Sort.ROUNDTABLE)

    @property
    def sort_options(self):
        """[(value, label, selected)] of the sort select. Its first option, the default, is empty:
        relevance when searching, roundtable order otherwise. The form then sends no order unless
        one was chosen, so a search typed into it is ranked by relevance."""
        chosen = self.chosen.get("sort") or ""
        default = Sort.RELEVANCE if self.terms else Sort.ROUNDTABLE
        explicit = self.sort_order if chosen and self.sort_order != default else ""
        options = [("", default.label, not explicit)]
        options += [
            (value, label, value == explicit) for value, label in Sort.choices if value not in (Sort.RELEVANCE, default)
        ]
        return options

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            queryset = self.filters[name].filter(queryset, value)
        return self.order(queryset)

    def order(self, queryset):
        sort = self.sort_order
        if sort == Sort.RELEVANCE:
            return search.rank(queryset, self.terms).order_by(F("rank").desc(), *ROUNDTABLE_ORDER)
        return queryset.order_by(*SORT_ORDERS[sort])

    def is_active(self, name):
        return bool(self.chosen.get(name))

    def keys(self, name):
        """The index's keys of the values chosen for a facet ([] when none)."""
        value = self.chosen.get(name)
        if value in (None, "", []):
            return []
        return [BY_NAME[name].key(v) for v in (value if isinstance(value, list) else [value])]


# The query parameters of the list, in the order the FilterSet reads them.
PARAMETERS = tuple(RecommendationFilter.base_filters)


# ---------------------------------------------------------------- binding a request's parameters


@dataclass
class Refused:
    """A value, or a whole parameter, that the FilterSet could not use, and why."""

    parameter: str
    message: str
    value: str | None = None  # the refused value of a repeatable facet; None: the whole parameter

    @property
    def line(self):
        return f"{self.parameter}: {self.message}"


class RefusedFilters(Exception):
    """The parameters of a request that must be used whole (an export, a feed) hold refused values."""

    def __init__(self, refused):
        super().__init__("; ".join(r.line for r in refused))
        self.refused = refused


def known_parameters(data):
    """A QueryDict of the list's parameters only, without blank values."""
    query = QueryDict(mutable=True)
    for name in PARAMETERS:
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            query.setlist(name, values)
    return query


def refused_values(filterset):
    """[Refused] for every value the FilterSet refused."""
    refused = []
    for name, errors in filterset.form.errors.as_data().items():
        for error in errors:
            for item in error.error_list:
                value = (item.params or {}).get("raw") if item.code == "invalid_choice" else None
                refused.append(Refused(name, " ".join(item.messages), value))
    return refused


def strict(data, queryset, request=None, filterset_class=None):
    """The FilterSet of these parameters, valid; RefusedFilters naming every refused value otherwise."""
    filterset = (filterset_class or RecommendationFilter)(known_parameters(data), queryset=queryset, request=request)
    if not filterset.is_valid():
        raise RefusedFilters(refused_values(filterset))
    return filterset


def lenient(data, queryset, request=None, filterset_class=None):
    """(FilterSet, [Refused], query): bound without the values it refuses, so it is valid.

    `query` holds the parameters kept (no blanks, no page): what reopens the page without them.
    """
    query = known_parameters(data)
    refused = []
    for _attempt in range(3):
        filterset = (filterset_class or RecommendationFilter)(query, queryset=queryset, request=request)
        if filterset.is_valid():
            break
        fields = filterset.form.fields
        for problem in refused_values(filterset):
            refused.append(problem)
            if problem.value is None:
                query.pop(problem.parameter, None)
                continue
            normalise = getattr(fields[problem.parameter], "normalise", str)
            kept = [v for v in query.getlist(problem.parameter) if normalise(v.strip()) != problem.value]
            if kept:
                query.setlist(problem.parameter, kept)
            else:
                query.pop(problem.parameter)
    return filterset, refused, query
