"""Full-text search: ranked on PostgreSQL, a word-by-word fallback elsewhere, and safe highlighting."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Col, Expression
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Recommendation

SEARCH_CONFIG = "english"
# Markers for SearchHeadline; the text is escaped before they become <mark> elements.
START, STOP = "\u27e6", "\u27e7"
# A word, with a leading "-" when web search syntax excludes it.
_WORD = re.compile(r"(?<![\w-])(-?)(\w[\w'\u2019.-]*\w|\w)")


def is_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def words(terms, excluded=False):
    """The words a search asks for (or, with excluded=True, those it excludes with "-word").

    Quotes and punctuation are dropped and "or" is read as web search's OR, so both databases
    read the same search the same way; PostgreSQL alone also stems and honours phrases and OR.
    """
    found = []
    for match in _WORD.finditer(terms):
        minus, word = match.groups()
        if word.lower() != "or" and bool(minus) == excluded:
            found.append(word)
    return found


def _vector_field():
    field = SearchVectorField()
    field.set_attributes_from_name("search_vector")
    # Expressions hash their columns by (model, name): without a model, aggregating a searched
    # queryset (e.g. .count()) fails.
    field.model = Recommendation
    return field


class StoredSearchVector(Expression):
    """The generated `search_vector` column that migration 0003 adds on PostgreSQL.

    It is not a model field, so the model stays portable; this expression names the column on
    the query's own table alias, and relabels with it inside subqueries.
    """

    output_field = SearchVectorField()
    _field = _vector_field()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), self._field, self.output_field)


def only_common_words(terms, using):
    """True when PostgreSQL would search for nothing: every word is a stop word such as "the"."""
    if connections[using].vendor != "postgresql":
        return False
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [SEARCH_CONFIG, terms])
        return cursor.fetchone()[0] == 0


def search_query(terms):
    return SearchQuery(terms, config=SEARCH_CONFIG, search_type="websearch")


def search(queryset, terms):
    """Recommendations matching every word of the search, in the text or the source excerpt."""
    if is_postgres(queryset):
        return queryset.alias(search_vector=StoredSearchVector()).filter(search_vector=search_query(terms))
    for word in words(terms):
        queryset = queryset.filter(Q(text__icontains=word) | Q(source_excerpt__icontains=word))
    for word in words(terms, excluded=True):
        queryset = queryset.exclude(Q(text__icontains=word) | Q(source_excerpt__icontains=word))
    return queryset


def rank(queryset, terms):
    """Annotate `rank`: ts_rank with the text weighted above the source excerpt, or, without
    PostgreSQL, 1 when every word is in the text and 0 when some only match the excerpt."""
    if is_postgres(queryset):
        return queryset.alias(search_vector=StoredSearchVector()).annotate(
            rank=SearchRank(F("search_vector"), search_query(terms))
        )
    in_text = Q()
    for word in words(terms):
        in_text &= Q(text__icontains=word)
    return queryset.annotate(rank=Case(When(in_text, then=Value(1.0)), default=Value(0.0)))


def with_headline(queryset, terms):
    """Annotate `headline`, the text with the search's matches marked (PostgreSQL's stemming)."""
    if not is_postgres(queryset):
        return queryset
    return queryset.annotate(
        headline=SearchHeadline(
            "text", search_query(terms), config=SEARCH_CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
        )
    )


def highlight(text, terms, headline=None):
    """HTML of the text with matches in <mark>: from a PostgreSQL headline, or by word otherwise."""
    if headline is not None:
        html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
        return mark_safe(html)  # noqa: S308 - escaped above, only our own markers become tags
    found = [w for w in words(terms or "") if w]
    if not found:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(found, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped
