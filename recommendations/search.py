"""Full-text search: ranked on PostgreSQL, a word-by-word fallback elsewhere, and safe highlighting."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import Col, Expression
from django.db.models.functions import Greatest

from gfmd_portal.i18n import DEFAULT_LANGUAGE, current_language

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


def phrase_pattern(inside):
    """A regular expression matching the phrase's words next to each other and in order."""
    return r"\W+".join(re.escape(word) for word in inside)


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


def text_fields(language=None):
    """The recommendation's text in each language the search reads."""
    return [("text" if lang == DEFAULT_LANGUAGE else f"text_{lang}") for lang in languages(language)]


def topic_fields(language=None):
    """The names of its themes, frameworks and GCM objectives in each language the search reads."""
    return [("topics" if lang == DEFAULT_LANGUAGE else f"topics_{lang}") for lang in languages(language)]


def fallback_fields(language=None):
    """The columns the fallback search reads: texts, then the names of what it is about, then the source."""
    return [*text_fields(language), *topic_fields(language), "source_excerpt"]


def only_common_words(terms, using, language=None):
    """True when PostgreSQL would search for nothing: every word is a stop word such as "the" or "les"."""
    if connections[using].vendor != "postgresql":
        return False
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
    Elsewhere every word must be in one of the columns, and a quoted phrase's words must be next
    to each other, in order, in one column.
    """
    if is_postgres(queryset):
        matches = Q()
        for lang in languages(language):
            matches |= Q(**{vector_column(lang): search_query(terms, lang)})
        return _with_vectors(queryset, language).filter(matches)
    fields = fallback_fields(language)
    for word in words(terms):
        queryset = queryset.filter(_any_contains(fields, word))
    for word in words(terms, excluded=True):
        queryset = queryset.exclude(_any_contains(fields, word))
    for inside in phrases(terms):
        queryset = queryset.filter(_any_contains(fields, phrase_pattern(inside), "iregex"))
    for inside in phrases(terms, excluded=True):
        queryset = queryset.exclude(_any_contains(fields, phrase_pattern(inside), "iregex"))
    return queryset


def _any_contains(fields, value, lookup="icontains"):
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__{lookup}": value})
    return found


def rank(queryset, terms, language=None):
    """Annotate `rank`: ts_rank with the text weighted above the names of its themes, frameworks and
    objectives, and those above the source excerpt (the best of the languages searched), or,
    without PostgreSQL, 1 when every word is in a text and 0 when some only match elsewhere."""
    if is_postgres(queryset):
        ranks = [SearchRank(F(vector_column(lang)), search_query(terms, lang)) for lang in languages(language)]
        return _with_vectors(queryset, language).annotate(rank=ranks[0] if len(ranks) == 1 else Greatest(*ranks))
    in_text = Q()
    for word in words(terms):
        in_text &= _any_contains(text_fields(language), word)
    return queryset.annotate(rank=Case(When(in_text, then=Value(1.0)), default=Value(0.0)))


def with_headline(queryset, terms, language=None):
    """Annotate `headline`: the text shown (the translation, else the English), matches marked."""
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
    """The text as [(piece, is_match)], matches from a PostgreSQL headline or found word by word.

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
