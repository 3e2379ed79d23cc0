"""SQLite's full-text index of the recommendations (FTS5), kept by triggers, and its queries.

On SQLite search reads `recommendations_search`, an FTS5 table over the columns PostgreSQL's
search vectors cover: each language's text and the names of what the recommendation is about
(`topics*`, see topics.py), and the English source excerpt. One table for all three languages:
a search names the columns of its languages in the MATCH expression (`{text topics ...} : ...`).

Tokenizer: `porter unicode61 remove_diacritics 2`. unicode61 folds case and, with
remove_diacritics 2, accents ("economia" finds "economía", as neither PostgreSQL configuration
does); porter stems English like PostgreSQL's english configuration ("trafficked" finds
"trafficking"). French and Spanish get the English stemmer's plural folding ("travailleurs"
finds "travailleur") but not their own languages' rules. The search leaves out PostgreSQL's own
stop words (stopwords/*.stop), so both databases look for the same words.

The table keeps its own copy of the text (not content='recommendations_recommendation'): an
external-content table must be told the exact values it indexed to forget a row, and the
triggers that keep `topics` may rewrite the row again between a write and its trigger, so the
values a trigger sees are not always those indexed. Here a trigger deletes by rowid and indexes
the row as it now is, which is right whatever order triggers run in. SQLite 3.43's
contentless_delete would avoid the copy; the portal supports older SQLite.

Triggers on the recommendations table index every insert, every update that changes a searched
column (a save that changes none of them does not touch the index) and every delete, whatever
makes the write: the admin, the importer's SQL, queryset.update(), topics' triggers when a name
or a link changes. SQLite drops a table's triggers when a migration rebuilds it; after every
`migrate`, `reinstall_after_migrate` puts missing triggers back and rebuilds the index.
"""

import re
from array import array
from functools import cache
from pathlib import Path

from django.db import connections

from gfmd_portal import triggers
from gfmd_portal.i18n import DEFAULT_LANGUAGE, TRANSLATION_LANGUAGES

from . import facet_index
from .models import Recommendation

TABLE = "recommendations_search"
LANGUAGES = (DEFAULT_LANGUAGE, *TRANSLATION_LANGUAGES)
TOKENIZE = "porter unicode61 remove_diacritics 2"


def _suffixed(name, language):
    return name if language == DEFAULT_LANGUAGE else f"{name}_{language}"


# The indexed columns, in the table's order, with their bm25 weights: PostgreSQL weighs the text
# A (1.0), the names B (0.4) and the source excerpt C (0.2).
WEIGHTS = {
    **{_suffixed("text", lang): 1.0 for lang in LANGUAGES},
    **{_suffixed("topics", lang): 0.4 for lang in LANGUAGES},
    "source_excerpt": 0.2,
}
COLUMNS = tuple(WEIGHTS)
TRIGGERS = tuple(f"{TABLE}_{event}" for event in ("insert", "update", "delete"))


def _source():
    return Recommendation._meta.db_table


def _statements(connection):
    qn = connection.ops.quote_name
    source, columns = qn(_source()), ", ".join(COLUMNS)
    current = f"INSERT INTO {TABLE} (rowid, {columns}) SELECT id, {columns} FROM {source}"  # noqa: S608
    changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in COLUMNS)
    insert, update, delete = TRIGGERS
    # The module's own names only; nothing here comes from a user.
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({columns}, tokenize = '{TOKENIZE}')",
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {source} BEGIN "  # noqa: S608
        f"DELETE FROM {TABLE} WHERE rowid = NEW.id; {current} WHERE id = NEW.id; END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF id, {columns} ON {source} "  # noqa: S608
        f"WHEN NEW.id IS NOT OLD.id OR {changed} BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid IN (OLD.id, NEW.id); {current} WHERE id = NEW.id; END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {source} BEGIN "  # noqa: S608
        f"DELETE FROM {TABLE} WHERE rowid = OLD.id; END",
    ]


def install(connection):
    """Create the table and every missing trigger (SQLite only); safe to run again."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _statements(connection):
            cursor.execute(statement)


def rebuild(connection):
    """Index every recommendation afresh (after triggers were missing)."""
    if connection.vendor != "sqlite":
        return
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, {columns}) "  # noqa: S608
            f"SELECT id, {columns} FROM {connection.ops.quote_name(_source())}"
        )
    # What the search finds may have changed: recent searches (recent_searches.py) are read again.
    facet_index.mark_changed(connection, _source())


def uninstall(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def installed(connection):
    return triggers.installed(connection, TRIGGERS)


def reinstall_after_migrate(sender, using="default", **kwargs):
    """post_migrate: put back triggers a table rebuild dropped, then index what they missed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if TABLE in tables and _source() in tables and not installed(connection):
        install(connection)
        rebuild(connection)


# ---------------------------------------------------------------- queries

# In the order typed: a quoted phrase (an unclosed quote runs to the end), or a word with an
# optional trailing "*" (a prefix); either with a leading "-" when it is excluded.
_TOKEN = re.compile(r'(?<![\w-])(-?)(?:"([^"]*)(?:"|$)|(\w[\w\'\u2019.-]*\w|\w)(\*?))')
_INNER_WORD = re.compile(r"\w[\w'\u2019.-]*\w|\w")


def _quoted(text):
    """A user's word or phrase as an FTS5 string: quoted, so none of it is read as syntax."""
    return '"' + text.replace('"', '""') + '"'


STOP_WORDS_DIR = Path(__file__).resolve().parent / "stopwords"


@cache
def stop_words(language):
    """PostgreSQL's stop words for a language (its `english.stop`, ...), which its search leaves out.

    The same lists, copied into stopwords/, so that "protect the victims" asks SQLite for the
    same words as PostgreSQL: "protect" and "victims".
    """
    return frozenset((STOP_WORDS_DIR / f"{language}.stop").read_text(encoding="utf-8").split())


def columns_of(language):
    """The columns one language's search reads, as PostgreSQL's vector for it: the text and the
    names in that language, and for English the source excerpt too."""
    columns = [_suffixed("text", language), _suffixed("topics", language)]
    return [*columns, "source_excerpt"] if language == DEFAULT_LANGUAGE else columns


def _one_language(terms, language):
    """The search as an FTS5 expression over one language's columns, or None when it asks for nothing."""
    common = stop_words(language)
    groups, excluded, joined = [], [], False
    for match in _TOKEN.finditer(terms):
        minus, phrase, word, star = match.groups()
        if word is not None and word.lower() == "or" and not minus:
            joined = bool(groups)
            continue
        if phrase is not None:
            inside = _INNER_WORD.findall(phrase)
            if not inside:
                continue
            item = _quoted(" ".join(inside))
        elif not star and word.lower() in common:
            continue
        else:
            item = _quoted(word) + ("*" if star else "")
        if minus:
            excluded.append(item)
        elif joined:
            groups[-1].append(item)
        else:
            groups.append([item])
        joined = False
    if not groups:
        return None
    expression = " AND ".join(f"({' OR '.join(group)})" for group in groups)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return f"{{{' '.join(columns_of(language))}}} : ({expression})"


def match_expression(terms, languages=(DEFAULT_LANGUAGE,)):
    """The FTS5 MATCH expression of a web search in these languages, or None when it asks for nothing.

    As on PostgreSQL, a recommendation is found when one language's columns (columns_of()) have
    the whole search: words and quoted phrases all found, "a or b" either, "-word" and
    -"a phrase" none, and a word that is a stop word in that language left out (inside a quoted
    phrase it stays). A trailing "*" matches words starting so. Every piece the user typed is
    quoted: FTS5's own operators (AND, NEAR, ^, :, parentheses) are words here.
    """
    parts = [part for language in languages if (part := _one_language(terms, language))]
    return " OR ".join(f"({part})" for part in parts) or None


# The ids a MATCH expression finds.
MATCHING_IDS = f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
# bm25 with PostgreSQL's weights, negated by FTS5 (lower is better).
BM25 = f"bm25({TABLE}, {', '.join(str(WEIGHTS[name]) for name in COLUMNS)})"
# The matching ids with their bm25 (lower is better), best first; equal ranks in id order, so
# pages never overlap.
RANKED = f"SELECT rowid, {BM25} AS score FROM {TABLE} WHERE {TABLE} MATCH %s{{among}} ORDER BY score, rowid"  # noqa: S608


# Rows fetched at a time when reading every match.
FETCHED = 10_000


def ranked(connection, expression, among=None):
    """(ids, bm25 scores) of what a MATCH expression finds (of the ids `among`, when given), best
    first, as two arrays: FTS5's own loop over the matches.

    Joining the table to the recommendations instead leaves SQLite to choose the order of the
    join, and for some shapes (a count, a correlated subquery per row) it probes the index once
    per recommendation. `among` are integers, so they are written into the statement.
    """
    within = "" if among is None else f" AND rowid IN ({', '.join(str(int(pk)) for pk in among) or 'NULL'})"
    ids, scores = array("q"), array("d")
    with connection.cursor() as cursor:
        cursor.execute(RANKED.format(among=within), [expression])
        while rows := cursor.fetchmany(FETCHED):
            for pk, score in rows:
                ids.append(pk)
                scores.append(score)
    return ids, scores


def headlines(connection, expression, ids, columns, start, stop):
    """{id: (each column's text with its matches between `start` and `stop`)} for these ids: one query.

    FTS5's highlight() marks what the index matched: stems ("trafficked" marks "trafficking")
    and prefixes included. `ids` are integers, so they are written into the statement.
    """
    marks = ", ".join(f"highlight({TABLE}, {COLUMNS.index(name)}, %s, %s)" for name in columns)
    listed = ", ".join(str(int(pk)) for pk in ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, {marks} FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({listed})",  # noqa: S608
            [*([start, stop] * len(columns)), expression],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}
