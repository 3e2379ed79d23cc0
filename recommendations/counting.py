"""Facet counts and page location of the recommendations list: one engine, from the facet index.

The list, its hints and the API count the same way. A filtered list is a subset of the public
recommendations given as (roundtables, bits): the public rows in those roundtables (None: in
any) that are also in `bits` (None: no other condition). Facets that choose roundtables narrow
the roundtables; facets of links and the search narrow the bits. Each facet is counted over the
list as if its own filter were not chosen, as Django admin's facets and Datasette's are.

A page in roundtable order is located from the per-roundtable counts and read from the index.
Sorted by relevance, the page is read from the search's ranking of all its matches
(search_matches.py); any other order (date of change) is the database's ORDER BY with LIMIT.
"""

from django.http import QueryDict
from django.utils.functional import cached_property

from gfmd_portal.publishing import Status

from . import facet_index, search_matches
from .facets import BY_NAME, FACETS, Kind
from .filters import SORT_ORDERS, RefusedFilters, Sort, strict
from .models import Recommendation
from .rows import list_rows


class FacetCounts:
    """The counts of one valid FilterSet whose queryset is Recommendation.objects.public()."""

    def __init__(self, filterset):
        self.filterset = filterset
        self.using = filterset.queryset.db
        self._subsets, self._roundtable_counts = {}, {}

    @cached_property
    def index(self):
        return facet_index.index_for(self.using)

    def _without(self, name):
        """The filter counted as not chosen: `name` when it is active, else None (the list itself)."""
        return name if name and self.filterset.is_active(name) else None

    def subset(self, without=None):
        """The list as if `without` were not chosen, as (roundtables, bits)."""
        key = self._without(without)
        if key not in self._subsets:
            index, roundtables, bits = self.index, None, None
            for facet in FACETS:
                chosen = self.filterset.keys(facet.name)
                if not chosen or facet.name == key:
                    continue
                if facet.kind is Kind.ROUNDTABLES:
                    kept = index.roundtables_of(facet.name, chosen)
                    roundtables = kept if roundtables is None else roundtables & kept
                else:
                    part = index.value_bits(facet.name, chosen)
                    bits = part if bits is None else bits & part
            if self.filterset.terms and key != "q":
                bits = self._search_bits if bits is None else bits & self._search_bits
            self._subsets[key] = (roundtables, bits)
        return self._subsets[key]

    @cached_property
    def _matches(self):
        """(ids best first or None, public rows as bits) of the search, whatever the other filters
        (search_matches.py): ranked when the list is sorted by relevance."""
        ranking = self.filterset.sort_order == Sort.RELEVANCE
        return search_matches.matches(self.filterset.terms, self.using, ranking, self.index)

    @property
    def _search_bits(self):
        return self._matches[1]

    def roundtable_counts(self, without=None):
        """{roundtable id: rows} of the list, or of the list as if `without` were not chosen."""
        key = self._without(without)
        if key not in self._roundtable_counts:
            self._roundtable_counts[key] = self.index.roundtable_counts(*self.subset(key))
        return self._roundtable_counts[key]

    def total(self, without=None):
        return sum(self.roundtable_counts(without).values())

    def counts(self, name):
        """{key: rows} of one facet's values over the other active filters (values with none left out)."""
        facet = BY_NAME[name]
        if facet.kind is Kind.ROUNDTABLES:
            return self.index.values_of(name, self.roundtable_counts(without=name))
        roundtables, bits = self.subset(name)
        return self.index.value_counts(name, self.index.bits(roundtables, bits))

    # ---------------------------------------------------------------- a page's ids

    def page_ids(self, offset, size):
        """The ids of the list's rows offset..offset+size, in the list's order."""
        if self.filterset.terms and (ranked := self._matches[0]) is not None:
            return self._ranked_page(ranked, offset, size)
        if self.filterset.sort_order != Sort.ROUNDTABLE:
            return self._dated_page(offset, size)
        # Rows are listed roundtable by roundtable: the per-roundtable counts say which
        # roundtables hold the page's rows and where the page starts in the first of them.
        counts = self.roundtable_counts()
        position, start, spans = 0, None, []
        for pk in self.index.roundtables:
            n = counts.get(pk, 0)
            if n and position + n > offset and position < offset + size:
                spans.append(pk)
                start = position if start is None else start
            position += n
        if not spans:
            return []
        bits = self.subset()[1]
        listed = {pk for roundtable in spans for pk in self.index.ids_in(roundtable, bits)}
        place = {pk: i for i, pk in enumerate(spans)}
        rows = sorted(
            (place[roundtable], number, pk) for pk, roundtable, number in self._public_rows_in(spans) if pk in listed
        )
        begin = offset - start
        return [pk for _place, _number, pk in rows[begin : begin + size]]

    def _dated_page(self, offset, size):
        """The page's ids sorted by date of change. The whole list is its published rows less those
        of roundtables not published (the index knows them; usually none): one scan of an index
        in that order, with no join to the roundtables. Otherwise the filterset's own query."""
        if self.subset() != (None, None):
            return list(self.filterset.qs.values_list("id", flat=True)[offset : offset + size])
        rows = Recommendation.objects.using(self.using).filter(status=Status.PUBLISHED)
        if hidden := self.index.hidden_roundtables():
            rows = rows.exclude(roundtable_id__in=hidden)
        rows = rows.order_by(*SORT_ORDERS[self.filterset.sort_order])
        return list(rows.values_list("id", flat=True)[offset : offset + size])

    def _ranked_page(self, ranked, offset, size):
        """The page of ids from the search's ranking (best first), keeping those in the list."""
        bits = self.index.bits(*self.subset())
        raw = bits.to_bytes(bits.bit_length() // 8 + 1, "little")
        page, seen = [], 0
        for pk in ranked:
            if pk >> 3 < len(raw) and raw[pk >> 3] >> (pk & 7) & 1:
                if seen >= offset:
                    page.append(pk)
                    if len(page) == size:
                        break
                seen += 1
        return page

    def _public_rows_in(self, roundtables):
        """(id, roundtable id, number) of the public rows of these roundtables: one query on an index."""
        rows = Recommendation.objects.using(self.using).filter(
            status=Status.PUBLISHED, roundtable__status=Status.PUBLISHED, roundtable_id__in=roundtables
        )
        return rows.order_by().values_list("id", "roundtable_id", "number")


class ValueListing:
    """The public recommendations with one value of a facet: counted and paged as the list is (roundtables.counting)."""

    def __init__(self, counts):
        self.counts = counts

    def total(self):
        return self.counts.total()

    def roundtable_counts(self):
        """{roundtable id: rows with the value}, roundtables with none left out."""
        return self.counts.roundtable_counts()

    def rows(self, offset, size):
        """The list rows of offset..offset+size, in roundtable order: ids from the index, then their rows."""
        return list_rows(self.counts.page_ids(offset, size))


def value_listing(facet, value, using="default"):
    """The ValueListing of `?facet=value` on the list, or None when the list refuses the value."""
    query = QueryDict(mutable=True)
    query[facet] = value
    try:
        filterset = strict(query, Recommendation.objects.using(using).public())
    except RefusedFilters:
        return None
    return ValueListing(FacetCounts(filterset))
