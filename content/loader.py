"""Read the editors' content data files (content/data/*.toml) and check them whole.

Each subject has an English file, SUBJECT.toml, and one file per translation, SUBJECT.fr.toml and
SUBJECT.es.toml, which repeat the English keys and hold only the translated texts. Any problem
is a ContentError naming the file and the entry, raised before anything is built from the data.
"""

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from continuity.models import Relation
from recommendations.models import Recommendation
from roundtables.models import Framework, Provenance, RoundtableRole

DATA_DIR = Path(__file__).resolve().parent / "data"
SUBJECTS = ("vocabulary", "roundtables", "reference", "alignments")
LANGUAGES = {"fr": "French", "es": "Spanish"}


class ContentError(Exception):
    """A data file that cannot be built into fixtures."""


# Value kinds of the schemas below.
TEXT = "a one-line text"
EXCERPT = "a text (line breaks allowed)"
INTEGER = "a whole number"
DATE = "a date such as 2016-12-10"
TIMESTAMP = "a date and time with its offset, such as 2026-11-28T00:00:00Z"
SLUGS = "a list of slugs"


@dataclass(frozen=True)
class Choice:
    values: tuple

    def __str__(self):
        return "one of " + ", ".join(f"“{value}”" for value in self.values)


@dataclass(frozen=True)
class Keyed:
    """A table of entries keyed by a name that must match `pattern`."""

    entry: object
    pattern: str
    meaning: str


@dataclass(frozen=True)
class Tables:
    """An array of tables ([[...]]), each an entry of `schema`; absent means none."""

    schema: dict


ISO3 = (r"[A-Z]{3}", "an ISO 3166-1 alpha-3 code")
SLUG = (r"[a-z0-9]+(-[a-z0-9]+)*", "a slug (lower-case words joined by hyphens)")
NUMBER = (r"[1-9][0-9]*", "a number")
TARGET = (r"[1-9][0-9]*\.[a-z0-9]+", "an SDG target code such as 10.7")
RECOMMENDATION = (r"[0-9]+(\.[0-9]+)*/[1-9][0-9]*", "a roundtable code and recommendation number such as 3.2/4")

NAMED = {"name": TEXT, "description": TEXT}
SCHEMAS = {
    "vocabulary": {
        "countries": Keyed(TEXT, *ISO3),
        "themes": Keyed(NAMED, *SLUG),
        "actors": Keyed(NAMED, *SLUG),
        "frameworks": Keyed(
            {
                "short_name": TEXT,
                "kind": Choice(tuple(Framework.Kind.values)),
                "year": INTEGER,
                "name": TEXT,
                "description": TEXT,
                "source_excerpt": EXCERPT,
            },
            *SLUG,
        ),
    },
    "roundtables": {
        "timestamp": TIMESTAMP,
        "summit": {
            "pk": INTEGER,
            "number": INTEGER,
            "year": INTEGER,
            "title": TEXT,
            "city": TEXT,
            "host_country": TEXT,
            "start_date": DATE,
            "end_date": DATE,
            "provenance": Choice(tuple(Provenance.values)),
            "editorial_note?": TEXT,
        },
        "session": {"pk": INTEGER, "number": INTEGER, "title": TEXT, "introduction": TEXT, "source_excerpt": EXCERPT},
        "roundtables": Keyed(
            {
                "pk": INTEGER,
                "code": TEXT,
                "title": TEXT,
                "summary": TEXT,
                "source_excerpt": EXCERPT,
                "frameworks": SLUGS,
                "roles?": Tables(
                    {
                        "country": TEXT,
                        "role": Choice(tuple(RoundtableRole.Role.values)),
                        "order": INTEGER,
                        "source_excerpt": EXCERPT,
                    }
                ),
                "key_points?": Tables({"heading": TEXT, "text": TEXT, "source_excerpt": EXCERPT}),
                "practices?": Tables({"country": TEXT, "title": TEXT, "description": TEXT, "source_excerpt": EXCERPT}),
                "links?": Tables(
                    {
                        "relation": Choice(tuple(Relation.values)),
                        "earlier_year": INTEGER,
                        "earlier_code": TEXT,
                        "passage": EXCERPT,
                    }
                ),
                "recommendations?": Tables(
                    {
                        "made_by": Choice(tuple(Recommendation.MadeBy.values)),
                        "text": TEXT,
                        "source_excerpt": EXCERPT,
                        "editorial_note?": TEXT,
                        "themes": SLUGS,
                        "frameworks": SLUGS,
                        "actors": SLUGS,
                    }
                ),
            },
            *SLUG,
        ),
    },
    "reference": {
        "gcm_source": TEXT,
        "sdg_source": TEXT,
        "gcm_objectives": Keyed({"short_title": TEXT, "title": TEXT}, *NUMBER),
        "sdg_goals": Keyed({"title": TEXT}, *NUMBER),
        "sdg_targets": Keyed({"text": TEXT}, *TARGET),
    },
    "alignments": {
        "aligned_by": TEXT,
        "aligned_on": DATE,
        "alignments": Keyed({"gcm?": Keyed(TEXT, *NUMBER), "sdg?": Keyed(TEXT, *TARGET)}, *RECOMMENDATION),
    },
}

# What the translation files translate: paths into the English file ("*" is any key).
TRANSLATED = {
    "vocabulary": [
        ("countries", "*"),
        *((table, "*", field) for table in ("themes", "actors") for field in ("name", "description")),
        *(("frameworks", "*", field) for field in ("name", "short_name", "description")),
    ],
    "roundtables": [
        ("summit", "title"),
        ("summit", "city"),
        ("session", "title"),
        ("session", "introduction"),
        ("roundtables", "*", "title"),
    ],
    "reference": [
        ("gcm_objectives", "*", "short_title"),
        ("gcm_objectives", "*", "title"),
        ("sdg_goals", "*", "title"),
        ("sdg_targets", "*", "text"),
    ],
    "alignments": [("aligned_by",), ("alignments", "*", "gcm", "*"), ("alignments", "*", "sdg", "*")],
}
# A rationale may wait for its translation: the portal shows the English one, marked as such.
MAY_WAIT = {("alignments", "*", "gcm", "*"), ("alignments", "*", "sdg", "*")}

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _Item(str):
    """One table of an array of tables in a path, written as "recommendations #3"."""


def label(path):
    """A path as TOML spells it: themes.labour-mobility, alignments."3.2/4".gcm."""
    parts = (part if isinstance(part, _Item) or _BARE_KEY.fullmatch(str(part)) else f'"{part}"' for part in path)
    return ".".join(map(str, parts))


def shown(path):
    """A file's path as the editor knows it: relative to the project when inside it."""
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


class _Checker:
    def __init__(self, path):
        self.path = path

    def fail(self, where, problem):
        raise ContentError(f"{shown(self.path)}, {where or 'top level'}: {problem}")

    def entry(self, path, entry, schema):
        """Check one table against its schema; return it with absent optional fields filled in."""
        where = label(path)
        if not isinstance(entry, dict):
            self.fail(where, "should be a table of fields")
        fields = {name.rstrip("?"): (spec, name.endswith("?")) for name, spec in schema.items()}
        for name in entry:
            if name not in fields:
                self.fail(where, f"unknown field “{name}” (expected {', '.join(f'“{f}”' for f in fields)})")
        checked = {}
        for name, (spec, optional) in fields.items():
            if name in entry:
                checked[name] = self.value((*path, name), entry[name], spec)
            elif optional:
                checked[name] = [] if isinstance(spec, Tables) else {} if isinstance(spec, Keyed) else ""
            else:
                self.fail(where, f"missing required field “{name}”")
        return checked

    def value(self, path, value, spec):
        where = label(path)
        if isinstance(spec, dict):
            return self.entry(path, value, spec)
        if isinstance(spec, Tables):
            if not isinstance(value, list):
                self.fail(where, "should be tables written [[...]]")
            # Numbered from 1, as the portal numbers key points, practices and recommendations.
            items = enumerate(value, 1)
            return [self.entry((*path[:-1], _Item(f"{path[-1]} #{n}")), item, spec.schema) for n, item in items]
        if isinstance(spec, Keyed):
            if not isinstance(value, dict):
                self.fail(where, "should be a table")
            for key in value:
                if not re.fullmatch(spec.pattern, key):
                    self.fail(label((*path, key)), f"“{key}” is not {spec.meaning}")
            return {key: self.value((*path, key), item, spec.entry) for key, item in value.items()}
        ok = {
            TEXT: isinstance(value, str) and "\n" not in value,
            EXCERPT: isinstance(value, str),
            INTEGER: isinstance(value, int) and not isinstance(value, bool),
            DATE: type(value) is dt.date,
            TIMESTAMP: isinstance(value, dt.datetime) and value.tzinfo is not None,
            SLUGS: isinstance(value, list) and all(isinstance(item, str) for item in value),
        }.get(spec)
        if isinstance(spec, Choice):
            ok = value in spec.values
        if not ok:
            hint = ""
            if spec == TEXT and isinstance(value, str):
                hint = " (to wrap a long text, end each line with a backslash)"
            self.fail(where, f"should be {spec}, not {value!r}{hint}")
        if spec in (TEXT, EXCERPT) and not value.strip():
            self.fail(where, "is empty")
        return value


def _read(path):
    if not path.exists():
        raise ContentError(f"{shown(path)}: the file is missing.")
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{shown(path)}: not valid TOML: {error}.") from error
    except UnicodeDecodeError as error:
        raise ContentError(f"{shown(path)}: not UTF-8 text: {error}.") from error


def _leaves(tree, path=()):
    """Every (path, value) of a parsed file whose value is not a table."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key), value


def _matches(path, pattern):
    return len(path) == len(pattern) and all(p in ("*", part) for part, p in zip(path, pattern, strict=True))


def _has(tree, path):
    for part in path:
        if not isinstance(tree, dict) or part not in tree:
            return False
        tree = tree[part]
    return True


@dataclass
class Content:
    """The checked English data of every subject, and its translations by language and path."""

    english: dict
    translations: dict

    def translation(self, language, subject, *path):
        """The translated text at `path` of the subject's English file ("" while one may wait)."""
        return self.translations[language][subject].get(path, "")


def _translations(folder, subject, language, english):
    path = folder / f"{subject}.{language}.toml"
    checker = _Checker(path)
    found = {}
    patterns = TRANSLATED[subject]
    for leaf, value in _leaves(_read(path)):
        for end in range(1, len(leaf) + 1):
            if not _has(english, leaf[:end]):
                checker.fail(label(leaf), f"translates nothing: {subject}.toml has no “{label(leaf[:end])}”")
        if not any(_matches(leaf, pattern) for pattern in patterns):
            checker.fail(label(leaf), "is not one of the texts that are translated")
        found[leaf] = checker.value(leaf, value, TEXT)
    for leaf, _value in _leaves(english):
        for pattern in patterns:
            if _matches(leaf, pattern) and pattern not in MAY_WAIT and leaf not in found:
                checker.fail(label(leaf), f"the {LANGUAGES[language]} translation is missing")
    return found


def _check_references(folder, english):
    """Every slug, code and number that one entry names must be an entry too."""
    vocabulary, roundtables = english["vocabulary"], english["roundtables"]
    reference, alignments = english["reference"], english["alignments"]
    checker = _Checker(folder / "roundtables.toml")

    def known(where, kind, value, entries):
        if value not in entries:
            checker.fail(where, f"no {kind} “{value}” (there are {', '.join(map(str, entries))})")

    known("summit", "country", roundtables["summit"]["host_country"], vocabulary["countries"])
    recommendations = {}
    codes, pks = set(), set()
    for slug, rt in roundtables["roundtables"].items():
        where = label(("roundtables", slug))
        if rt["code"] in codes:
            checker.fail(where, f"another roundtable has the code “{rt['code']}”")
        if rt["pk"] in pks:
            checker.fail(where, f"another roundtable has the pk {rt['pk']}")
        codes.add(rt["code"])
        pks.add(rt["pk"])
        for framework in rt["frameworks"]:
            known(where, "framework", framework, vocabulary["frameworks"])
        for part in ("roles", "practices"):
            for n, item in enumerate(rt[part], 1):
                known(f"{where}.{part} #{n}", "country", item["country"], vocabulary["countries"])
        for n, rec in enumerate(rt["recommendations"], 1):
            for kind, table in (("theme", "themes"), ("framework", "frameworks"), ("actor", "actors")):
                for slug_ in rec[table]:
                    known(f"{where}.recommendations #{n}", kind, slug_, vocabulary[table])
            recommendations[f"{rt['code']}/{n}"] = rec
    checker = _Checker(folder / "reference.toml")
    for code in reference["sdg_targets"]:
        known(label(("sdg_targets", code)), "SDG goal", code.split(".")[0], reference["sdg_goals"])
    checker = _Checker(folder / "alignments.toml")
    for key, links in alignments["alignments"].items():
        where = label(("alignments", key))
        known(where, "recommendation", key, recommendations)
        for number in links["gcm"]:
            known(label(("alignments", key, "gcm")), "GCM objective", number, reference["gcm_objectives"])
        for code in links["sdg"]:
            known(label(("alignments", key, "sdg")), "SDG target", code, reference["sdg_targets"])


def load(folder=DATA_DIR):
    """Read and check every data file of `folder`; raise ContentError at the first problem."""
    folder = Path(folder)
    english = {}
    for subject, schema in SCHEMAS.items():
        path = folder / f"{subject}.toml"
        english[subject] = _Checker(path).entry((), _read(path), schema)
    _check_references(folder, english)
    translations = {
        language: {subject: _translations(folder, subject, language, english[subject]) for subject in SUBJECTS}
        for language in LANGUAGES
    }
    return Content(english=english, translations=translations)
