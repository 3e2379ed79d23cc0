"""Full-text search: PostgreSQL's stored vectors, SQLite's FTS5 index (fts.py), and safe highlighting."""

import re
from array import array

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Greatest

from gfmd_portal.i18n import DEFAULT_LANGUAGE, current_language
from gfmd_portal.publishing import Status

from . import fts
from .models import Recommendation

# PostgreSQL's text search configuration for each language: its stemming and stop words.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "es": "spanish"}
SEARCH_CONFIG = SEARCH_CONFIGS[DEFAULT_LANGUAGE]
# Markers for SearchHeadline; the text is escaped before they become <mark> elements.
START, STOP = "\u27e6", "\u27e7"
# A word, with a leading "-" when web search syntax excludes it.
_WORD = re.compile(r"(?<![\w-])(-?)(\w[\w'\u2019.-]*\w|\w)")
# A quoted phrase, with a leading "-" when it is excluded; an unclosed quote runs to the end.
_PHRASE = re.compile(r'(?<![\w-])(-?)"([^"]*)(?:"|$)')


def is_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def _phrases_and_rest(terms):
    """The quoted phrases of a search as (excluded, [words]), and the search without them."""
    quoted = []

    def take(match):
        minus, inner = match.groups()
        quoted.append((bool(minus), [word for _minus, word in _WORD.findall(inner)]))
        return " "

    return quoted, _PHRASE.sub(take, terms)


def words(terms, excluded=False):
    """The words a search asks for (or, with excluded=True, those it excludes with "-word").

    Punctuation is dropped and "or" is read as web search's OR, so both databases read the same
    search the same way; PostgreSQL alone also stems and honours OR. The words of a quoted
    phrase are asked for too; those of an excluded phrase (-"a b") are not, since only the
    whole phrase is excluded (see phrases()), unless it is a single word.
    """
    quoted, rest = _phrases_and_rest(terms)
    found = []
    for match in _WORD.finditer(rest):
        minus, word = match.groups()
        if word.lower() != "or" and bool(minus) == excluded:
            found.append(word)
    for minus, inside in quoted:
        if minus == excluded and (not minus or len(inside) == 1):
            found.extend(inside)
    return found


def phrases(terms, excluded=False):
    """The quoted phrases of two words or more that a search asks for (or, with excluded=True, excludes with -"...")."""
    return [inside for minus, inside in _phrases_and_rest(terms)[0] if minus == excluded and len(inside) > 1]


def vector_column(language=DEFAULT_LANGUAGE):
    """The stored vector's column: `search_vector` (English, 0003), `search_vector_fr`, ... (0006)."""
    return "search_vector" if language == DEFAULT_LANGUAGE else f"search_vector_{language}"


def _vector_field(language=DEFAULT_LANGUAGE):
    field = SearchVectorField()
    field.set_attributes_from_name(vector_column(language))
    # Expressions hash their columns by (model, name): without a model, aggregating a searched
    # queryset (e.g. .count()) fails.
    field.model = Recommendation
    return field


class StoredSearchVector(Expression):
    """A generated search vector column that migrations 0003 and 0006 add on PostgreSQL.

    It is not a model field, so the model stays portable; this expression names the column on
    the query's own table alias, and relabels with it inside subqueries.
    """

    output_field = SearchVectorField()
    _fields = {language: _vector_field(language) for language in SEARCH_CONFIGS}

    def __init__(self, language=DEFAULT_LANGUAGE):
        super().__init__()
        self.language = language

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), self._fields[self.language], self.output_field)


def languages(language=None):
    """The languages a search reads: the chosen one, and English, the language of record."""
    language = language or current_language()
    return [DEFAULT_LANGUAGE] if language == DEFAULT_LANGUAGE else [language, DEFAULT_LANGUAGE]


def fts_match(terms, language=None):
    """SQLite: the FTS5 MATCH expression of a search in the columns it reads, or None when it asks for nothing."""
    return fts.match_expression(terms, languages(language))


def only_common_words(terms, using, language=None):
    """True when the search would look for nothing: every word is a stop word such as "the" or "les"."""
    if connections[using].vendor != "postgresql":
        return fts_match(terms, language) is None
    with connections[using].cursor() as cursor:
        for lang in languages(language):
            cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [SEARCH_CONFIGS[lang], terms])
            if cursor.fetchone()[0]:
                return False
        return True


def search_query(terms, language=DEFAULT_LANGUAGE):
    return SearchQuery(terms, config=SEARCH_CONFIGS[language], search_type="websearch")


def _with_vectors(queryset, language):
    return queryset.alias(**{vector_column(lang): StoredSearchVector(lang) for lang in languages(language)})


def search(queryset, terms, language=None):
    """Recommendations matching the search in the chosen language's text or in English (text or
    source), or in the names of their themes, frameworks cited and GCM objectives in either.

    On PostgreSQL each language's vector is searched with its own configuration, so French
    "travailleurs" finds "travailleur"; a record not yet translated is found by its English text.
    On SQLite the FTS5 index (fts.py) is searched over the same columns, every piece of the
    search quoted so that nothing typed is read as FTS5 syntax.
    """
    if is_postgres(queryset):
        matches = Q()
        for lang in languages(language):
            matches |= Q(**{vector_column(lang): search_query(terms, lang)})
        return _with_vectors(queryset, language).filter(matches)
    expression = fts_match(terms, language)
    if expression is None:
        return queryset.none()
    return queryset.filter(id__in=RawSQL(fts.MATCHING_IDS, [expression]))  # noqa: S611 - the value is a parameter


class FtsRank(Expression):
    """SQLite: the row's bm25 for a MATCH expression, higher is better, weighted as PostgreSQL's ranks.

    Right in any query, but as a subquery per row, which SQLite answers by reading the index
    once per row: the list, the API and the exports do not sort by it in SQL but read the order
    from the index itself (ranking(), rank_order()).
    """

    output_field = FloatField()

    def __init__(self, expression, alias=None):
        super().__init__()
        self.expression, self.alias = expression, alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return FtsRank(self.expression, query.get_initial_alias())

    def as_sql(self, compiler, connection):
        pk = f"{compiler.quote_name(self.alias)}.{connection.ops.quote_name('id')}"
        # The module's own names only; the expression is a parameter.
        sql = f"(SELECT -{fts.BM25} FROM {fts.TABLE} WHERE {fts.TABLE} MATCH %s AND rowid = {pk})"  # noqa: S608
        return sql, [self.expression]


def rank(queryset, terms, language=None):
    """Annotate `rank`: ts_rank (PostgreSQL) or bm25 (SQLite), the text weighted above the names of
    its themes, frameworks and objectives, and those above the source excerpt."""
    if is_postgres(queryset):
        ranks = [SearchRank(F(vector_column(lang)), search_query(terms, lang)) for lang in languages(language)]
        return _with_vectors(queryset, language).annotate(rank=ranks[0] if len(ranks) == 1 else Greatest(*ranks))
    expression = fts_match(terms, language)
    if expression is None:
        return queryset.none().annotate(rank=Value(0.0))
    return queryset.annotate(rank=FtsRank(expression))


def matching_ids_sql(terms, using, language=None):
    """(sql, params) of a query of the ids of every recommendation the search matches (any status),
    or None when it matches none: the stored vectors' GIN index, or the FTS5 index alone."""
    if connections[using].vendor == "postgresql":
        matching = search(Recommendation.objects.using(using).order_by(), terms, language).values("id")
        try:
            return matching.query.sql_with_params()
        except EmptyResultSet:
            return None
    expression = fts_match(terms, language)
    return None if expression is None else (fts.MATCHING_IDS, [expression])


def ranking(terms, using, language=None, among=None):
    """(ids, scores) of every recommendation the search matches (of the ids `among`, when given),
    best first, as two arrays (no Python object per match: a broad search at a million rows
    matches hundreds of thousands); the score is lower for a better match. None when the search
    looks for nothing (its queryset is empty).

    PostgreSQL: its published rows by ts_rank (the score is minus the rank), equal ranks in
    roundtable order (the GIN index finds them; every match is ranked once, for all the pages and
    facet counts that ask again, see search_matches.py). SQLite: any status, by bm25 from the FTS5
    index, equal ranks by id.
    """
    if connections[using].vendor == "postgresql":
        published = Recommendation.objects.using(using).filter(status=Status.PUBLISHED)
        if among is not None:
            published = published.filter(pk__in=list(among))
        ranked = rank(search(published, terms, language), terms, language)
        found = ranked.order_by(F("rank").desc(), *Recommendation.ROUNDTABLE_ORDER).values_list("id", "rank")
        ids, scores = array("q"), array("d")
        for pk, score in found.iterator(chunk_size=fts.FETCHED):
            ids.append(pk)
            scores.append(-score)
        return ids, scores
    expression = fts_match(terms, language)
    if expression is None:
        return None
    return fts.ranked(connections[using], expression, among)


def tie_order(ids, using):
    """{id: place} of these ids in the order ranking() lists equal scores in: roundtable order on
    PostgreSQL, the id on SQLite."""
    if connections[using].vendor != "postgresql":
        return {pk: pk for pk in ids}
    ordered = Recommendation.objects.using(using).filter(pk__in=list(ids)).order_by(*Recommendation.ROUNDTABLE_ORDER)
    return {pk: place for place, pk in enumerate(ordered.values_list("id", flat=True))}


def rank_order(queryset):
    """The ids of a queryset that rank() ordered on SQLite, best first, read from the index; None
    for any other queryset (its own ORDER BY is then the order)."""
    annotation = queryset.query.annotations.get("rank")
    if not isinstance(annotation, FtsRank):
        return None
    kept = set(queryset.order_by().values_list("pk", flat=True))
    ids, _scores = fts.ranked(connections[queryset.db], annotation.expression)
    return [pk for pk in ids if pk in kept]


def fts_headlines(ids, terms, using, language=None):
    """SQLite: {id: the text shown (the translation, else the English), matches marked} for these
    ids, from the index in one query; {} on PostgreSQL, where with_headline() annotates it."""
    connection = connections[using]
    if connection.vendor == "postgresql" or not ids:
        return {}
    language = language or current_language()
    expression = fts_match(terms, language)
    if expression is None:
        return {}
    if language == DEFAULT_LANGUAGE:
        found = fts.headlines(connection, expression, ids, ["text"], START, STOP)
        return {pk: english for pk, (english,) in found.items()}
    found = fts.headlines(connection, expression, ids, [f"text_{language}", "text"], START, STOP)
    return {pk: translated or english for pk, (translated, english) in found.items()}


def with_headline(queryset, terms, language=None):
    """PostgreSQL: annotate `headline`, the text shown (the translation, else the English), matches
    marked. Elsewhere the queryset as it is: see fts_headlines()."""
    if not is_postgres(queryset):
        return queryset
    language = language or current_language()
    english = SearchHeadline(
        "text", search_query(terms), config=SEARCH_CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
    )
    if language == DEFAULT_LANGUAGE:
        return queryset.annotate(headline=english)
    translated = SearchHeadline(
        f"text_{language}",
        search_query(terms, language),
        config=SEARCH_CONFIGS[language],
        start_sel=START,
        stop_sel=STOP,
        highlight_all=True,
    )
    return queryset.annotate(headline=Case(When(**{f"text_{language}": ""}, then=english), default=translated))


def highlight(text, terms, headline=None):
    """The text as [(piece, is_match)], matches from a headline (PostgreSQL's, or FTS5's) or found word by word.

    The template marks the matches; nothing here is HTML.
    """
    if headline is not None:
        pieces, matched = [], False
        for chunk in re.split(f"({re.escape(START)}|{re.escape(STOP)})", headline):
            if chunk in (START, STOP):
                matched = chunk == START
            elif chunk:
                pieces.append((chunk, matched))
        return pieces
    found = [w for w in words(terms or "") if w]
    if not found:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(found, key=len, reverse=True)), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces
