"""Read a rapporteurs' summary into proposals: roundtables, roles, key points, practices, frameworks, recommendations.

The summaries come out of PDFs: lines are wrapped mid-sentence, bullets lost their glyph (a
line that begins with a space is a bullet) and paragraphs are only told apart by a line that
ends a sentence well short of the text's width. Every proposal carries the [start, end) span of
its excerpt in the document's text, so that text[start:end] == excerpt always holds.

Recommendations in a bulleted (or numbered) list introduced as such ("Several recommendations
were made by member states:") are proposed as they are. Recommendations in the prose ("there was
a call to ...", "we should ...", "participants stressed the need to ...") are proposed as
candidates, which a person confirms or rejects before anything is made of them.
"""

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .extract import Refused

HEADING = re.compile(
    r"\bRoundtable\s+(?P<code>\d+\.\d+)\s*,?\s+"
    r"(?:focused\s+on|focussed\s+on|was\s+about|dealt\s+with|addressed|examined|discussed|on|:|\u2013|\u2014|-)\s+",
    re.IGNORECASE,
)
TITLE_END = re.compile(
    r"\s+(?:was|were|is)\s+(?:co-?\s?)?chaired|\s+(?:was|were)\s+held|\.(?=\s|$)|\n[ \t]*\n",
    re.IGNORECASE,
)
CHAIRED = re.compile(
    r"\b(?:co-?\s?)?chaired\s+by\s+(?P<names>.+?)"
    r"(?=\s*(?:\.(?:\s|$)|;|\n[ \t]*\n|,\s+(?:and\s+)?(?:with\s+)?\w+\s+(?:as|was)\b))",
    re.IGNORECASE | re.DOTALL,
)
RAPPORTEUR_AFTER = re.compile(
    r"\s+(?:was|were|acted\s+as|served\s+as)\s+(?:the\s+)?(?:roundtable'?s?\s+)?rapporteurs?\b", re.IGNORECASE
)
RAPPORTEUR_BEFORE = re.compile(
    r"\b(?:the\s+)?rapporteurs?\s+(?:was|were)\s+(?P<names>.+?)(?=\s*(?:\.(?:\s|$)|;|\n[ \t]*\n))",
    re.IGNORECASE | re.DOTALL,
)
NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+|et\s+|y\s+)?|\s+(?:and|et|y|&)\s+")
NUMBERED = re.compile(r"[ \t]*(?P<number>\d{1,2})[.)][ \t]+(?=\S)")
BULLET = re.compile(r"(?:[ \t]+(?:[•▪●◦\uf0b7*\u2013-][ \t]+)?|[•▪●◦\uf0b7*\u2013-][ \t]+)(?=\S)")
SENTENCE_END = re.compile(r"[.!?;:)\"”\u2019]$")
NEW_SENTENCE = re.compile(r"[A-Z\u00c0-\u00de\"\u201c(]")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
EXAMPLES = re.compile(r"\b(?:examples?|practices?|exemples?|pratiques?|ejemplos?|prácticas?)\b", re.IGNORECASE)
LIST_DELIMITER = re.compile(
    r"(?:such\s+as|like|including|namely|e\.g\.|for\s+(?:example|instance)|as\s+well\s+as|\bor\b|[:,;])\s*",
    re.IGNORECASE,
)
RECOMMENDATIONS_INTRO = re.compile(
    r"recommendations?\s+(?:were|was)\s+(?:made|put\s+forward|proposed|formulated|offered)\s+by\s+"
    r"(?P<who>[^:.\n]+?)\s*:\s*$"
    r"|(?P<who2>member\s+states|participants|the\s+roundtable)\s+recommended(?:\s+the\s+following)?\s*:\s*$",
    re.IGNORECASE,
)
CUES = re.compile(
    r"\bthere\s+was\s+a\s+call\b|\bcall(?:s|ed)?\s+(?:on|for|upon)\b|\bcalled\s+to\b"
    r"|\bwe\s+(?:should|must|need\s+to|can\s+and\s+should)\b"
    r"|\b(?:stressed|underlined|highlighted|emphasi[sz]ed|recognized|recognised)\s+the\s+need\b"
    r"|\bneeds?\s+to\s+be\b|\brecommend(?:ed|s)?\b|\blet['\u2019]s\b|\blet\s+us\b|\bshould\b|\bmust\b",
    re.IGNORECASE,
)
TRAILING_CONJUNCTION = re.compile(r"(?<=[;,])\s+(?:and|or|et|ou|y|o)\s*$|\n[ \t]*(?:and|or|et|ou|y|o)[ \t]*$")
ARTICLES = re.compile(r"^(?:the|la|le|les|l'|l\u2019|el|los|las)\s*", re.IGNORECASE)

MADE_BY = (
    (re.compile(r"member\s+states|\bstates\b|governments", re.IGNORECASE), "member_states"),
    (re.compile(r"participants|delegates", re.IGNORECASE), "participants"),
    (re.compile(r"report", re.IGNORECASE), "report"),
)


def fold(text):
    return " ".join(text.split())


def name_key(name):
    """A name as compared: accents, case, articles and spacing set aside."""
    name = unicodedata.normalize("NFKD", fold(name)).encode("ascii", "ignore").decode()
    return ARTICLES.sub("", name.casefold().replace("\u2019", "'")).strip(" .,;")


def sentence_case(text):
    text = fold(text)
    return text[:1].upper() + text[1:]


def display(excerpt):
    """A display text from an excerpt: one line, capitalised, ending with a full stop."""
    text = sentence_case(excerpt).rstrip(" ;,:")
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def names_pattern(names, flags=re.IGNORECASE):
    """A regex matching any of the names whole, whatever the line wrapping (and case, unless flags say)."""
    alternatives = sorted({fold(name) for name in names if len(fold(name)) >= 3}, key=len, reverse=True)
    if not alternatives:
        return None
    parts = [r"\s+".join(re.escape(word) for word in name.split(" ")) for name in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


@dataclass
class Reference:
    """A record a name can resolve to: a country (key is its ISO3), an organisation or a framework (slugs)."""

    key: str
    label: str
    names: list


@dataclass
class Vocabulary:
    """The names the parser resolves: countries, organisations and frameworks, in every language held."""

    countries: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    frameworks: list = field(default_factory=list)

    def __post_init__(self):
        self._index = {}
        for kind in ("countries", "organisations"):
            for reference in getattr(self, kind):
                for name in reference.names:
                    self._index.setdefault(name_key(name), (kind, reference))
        # Country names are proper nouns: matched as written, so that "it can" is not Canada.
        self.country_pattern = names_pattern(
            (name for reference in self.countries for name in reference.names), flags=0
        )

    @classmethod
    def from_database(cls):
        from roundtables.models import Country, Framework, Organisation

        countries = [Reference(c.iso3, c.name, [c.name, c.name_fr, c.name_es]) for c in Country.objects.all()]
        organisations = [
            Reference(o.slug, o.name, [o.name, o.name_fr, o.name_es, o.acronym]) for o in Organisation.objects.all()
        ]
        frameworks = [Reference(f.slug, f.short_name, f.names()) for f in Framework.objects.all()]
        return cls(countries=countries, organisations=organisations, frameworks=frameworks)

    def resolve(self, name):
        """(kind, Reference) for a country or organisation name in any language, or None."""
        return self._index.get(name_key(name))

    def country(self, name):
        found = self.resolve(name)
        return found[1] if found and found[0] == "countries" else None


@dataclass
class Line:
    start: int
    end: int  # the line's end, before its LF
    content: str

    @property
    def blank(self):
        return not self.content.strip()


@dataclass
class Paragraph:
    kind: str  # "text", "bullet" or "numbered"
    start: int  # where its words begin, after any bullet or number
    end: int  # after its last non-space character
    number: int | None = None
    used: bool = False


def lines_of(text, start, end):
    lines = []
    position = start
    for content in text[start:end].split("\n"):
        lines.append(Line(position, position + len(content), content))
        position += len(content) + 1
    return lines


def text_width(lines):
    """The width the text was wrapped at: the median length of lines that do not end a sentence."""
    wrapped = [
        len(line.content.rstrip())
        for line in lines
        if len(line.content.strip()) > 20 and not SENTENCE_END.search(line.content.rstrip())
    ]
    return statistics.median(wrapped) if wrapped else None


def paragraphs_of(text, start, end):
    """The paragraphs of text[start:end], each classified as text, bullet item or numbered item."""
    lines = lines_of(text, start, end)
    width = text_width(lines)
    paragraphs = []
    current = None
    previous_ends = True
    for index, line in enumerate(lines):
        if line.blank:
            current, previous_ends = None, True
            continue
        numbered = NUMBERED.match(line.content)
        bullet = None if numbered else BULLET.match(line.content)
        heading = HEADING.match(line.content.lstrip())
        if numbered or bullet or heading or current is None or previous_ends:
            if numbered:
                kind, offset, number = "numbered", numbered.end(), int(numbered.group("number"))
            elif bullet:
                kind, offset, number = "bullet", bullet.end(), None
            else:
                kind, offset, number = "text", len(line.content) - len(line.content.lstrip()), None
            current = Paragraph(kind, line.start + offset, line.start + len(line.content.rstrip()), number)
            paragraphs.append(current)
        else:
            current.end = line.start + len(line.content.rstrip())
        stripped = line.content.rstrip()
        following = lines[index + 1].content if index + 1 < len(lines) else ""
        # A sentence that ends a line ends the paragraph when the line stops short of the text's
        # width, or when the next line starts a new sentence.
        short = width is None or len(stripped) < 0.8 * width or NEW_SENTENCE.match(following)
        previous_ends = bool(SENTENCE_END.search(stripped)) and bool(short)
    return paragraphs


class Document:
    """The parser's reading of one text: proposals with spans, as the --json output gives them."""

    def __init__(self, text, vocabulary):
        self.text = text
        self.vocabulary = vocabulary
        self.roundtables = []
        self.introduction = None

    def item(self, start, end, **fields):
        """A proposal whose excerpt is text[start:end], surrounding whitespace left out."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return {**fields, "excerpt": self.text[start:end], "start": start, "end": end}


def headings(text):
    """The first heading of each roundtable code, in order."""
    seen, found = set(), []
    for match in HEADING.finditer(text):
        if match.group("code") not in seen:
            seen.add(match.group("code"))
            found.append(match)
    return found


def parse(text, vocabulary):
    """Parse a summary's text into {"introduction", "roundtables": [...]}; Refused when no roundtable is found."""
    found = headings(text)
    if not found:
        raise Refused(
            _("No roundtable was found in the text: the summary should name each one, e.g. “Roundtable 3.1 on …”.")
        )
    document = Document(text, vocabulary)
    if found[0].start() > 0 and text[: found[0].start()].strip():
        document.introduction = document.item(0, found[0].start())
    for index, heading in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        document.roundtables.append(_roundtable(document, heading, end))
    return {"introduction": document.introduction, "roundtables": document.roundtables}


def _roundtable(document, heading, end):
    text = document.text
    title_end = TITLE_END.search(text, heading.end(), min(end, heading.end() + 400))
    title_stop = title_end.start() if title_end else min(end, heading.end() + 200)
    title = re.sub(r"^the\s+", "", fold(text[heading.end() : title_stop]), flags=re.IGNORECASE)
    paragraphs = _split_intros(text, paragraphs_of(text, heading.start(), end))
    first = paragraphs[0]
    first.used = True
    roles, co_chairs, rapporteurs = _roles(document, heading.start(), end)
    roundtable = {
        "code": heading.group("code"),
        "title": sentence_case(title),
        "co_chairs": co_chairs,
        "rapporteurs": rapporteurs,
        "roles": roles,
        **document.item(heading.start(), first.end),
    }
    recommendations = _listed_recommendations(document, paragraphs)
    roundtable["key_points"] = _key_points(document, paragraphs)
    roundtable["practices"] = _practices(document, paragraphs)
    roundtable["frameworks"] = _frameworks(document, heading.start(), end)
    roundtable["recommendations"] = sorted(
        recommendations + _candidates(document, paragraphs), key=lambda item: item["start"]
    )
    return roundtable


def _split_intros(text, paragraphs):
    """A list's introduction ("Several recommendations were made by member states:") as a paragraph of its own."""
    result = []
    for paragraph in paragraphs:
        intro = RECOMMENDATIONS_INTRO.search(text, paragraph.start, paragraph.end) if paragraph.kind == "text" else None
        if intro:
            sentence_start = paragraph.start
            for s_start, _s_end in _sentences(text, paragraph.start, paragraph.end):
                if s_start <= intro.start():
                    sentence_start = s_start
            if sentence_start > paragraph.start:
                before_end = sentence_start
                while before_end > paragraph.start and text[before_end - 1].isspace():
                    before_end -= 1
                result.append(Paragraph("text", paragraph.start, before_end))
                result.append(Paragraph("text", sentence_start, paragraph.end))
                continue
        result.append(paragraph)
    return result


def _holders(document, names_start, names_end):
    """The role holders named in text[names_start:names_end], each with its span and what it resolves to."""
    text = document.text
    pieces = []
    position = names_start
    for separator in NAME_SEPARATORS.finditer(text, names_start, names_end):
        pieces.append((position, separator.start()))
        position = separator.end()
    pieces.append((position, names_end))
    holders = []
    index = 0
    while index < len(pieces):
        # "Trinidad and Tobago": a name that holds a separator resolves only when the pieces are joined.
        for stop in range(len(pieces), index, -1):
            start, end = pieces[index][0], pieces[stop - 1][1]
            found = document.vocabulary.resolve(text[start:end])
            if found or stop == index + 1:
                holders.append((start, end, found))
                index = stop
                break
    return holders


def _holder(document, start, end, found, role, excerpt_start, excerpt_end):
    kind, reference = found if found else (None, None)
    item = document.item(excerpt_start, excerpt_end, role=role, name=fold(document.text[start:end]))
    item["country"] = reference.key if kind == "countries" else None
    item["organisation"] = reference.key if kind == "organisations" else None
    item["resolved"] = reference.label if reference else None
    return item


def _roles(document, start, end):
    text = document.text
    window = min(end, start + 1200)
    roles = []
    chaired = CHAIRED.search(text, start, window)
    if chaired:
        for h_start, h_end, found in _holders(document, chaired.start("names"), chaired.end("names")):
            roles.append(_holder(document, h_start, h_end, found, "co_chair", chaired.start(), chaired.end()))
    after = RAPPORTEUR_AFTER.search(text, start, window)
    before = RAPPORTEUR_BEFORE.search(text, start, window)
    if after and (not before or after.start() < before.start()):
        sentence_start = max(text.rfind(". ", start, after.start()), text.rfind(".\n", start, after.start()))
        names_start = sentence_start + 2 if sentence_start >= 0 else start
        while names_start < after.start() and text[names_start].isspace():
            names_start += 1
        for h_start, h_end, found in _holders(document, names_start, after.start()):
            roles.append(_holder(document, h_start, h_end, found, "rapporteur", names_start, after.end()))
    elif before:
        for h_start, h_end, found in _holders(document, before.start("names"), before.end("names")):
            roles.append(_holder(document, h_start, h_end, found, "rapporteur", before.start(), before.end()))
    co_chairs = [role["resolved"] or role["name"] for role in roles if role["role"] == "co_chair"]
    rapporteurs = [role["resolved"] or role["name"] for role in roles if role["role"] == "rapporteur"]
    return roles, co_chairs, rapporteurs


def _numbered_runs(paragraphs):
    """Lists numbered 1, 2, 3 ... as lists of paragraph indexes; text may sit between two items of a list."""
    runs = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.kind != "numbered" or paragraph.used:
            continue
        if runs and paragraph.number == paragraphs[runs[-1][-1]].number + 1:
            between = paragraphs[runs[-1][-1] + 1 : index]
            if all(p.kind == "text" and not p.used for p in between):
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def _made_by(who):
    for pattern, value in MADE_BY:
        if pattern.search(who):
            return value
    return "roundtable"


def _listed_recommendations(document, paragraphs):
    """Bulleted or numbered items after a line such as "Several recommendations were made by member states:"."""
    text = document.text
    found = []
    for index, paragraph in enumerate(paragraphs[:-1]):
        intro = RECOMMENDATIONS_INTRO.search(text, paragraph.start, paragraph.end)
        if not intro or paragraph.kind != "text":
            continue
        who = intro.group("who") or intro.group("who2")
        following = paragraphs[index + 1]
        if following.kind not in ("bullet", "numbered"):
            continue
        paragraph.used = True
        items = []
        for candidate in paragraphs[index + 1 :]:
            if candidate.kind != following.kind or candidate.used:
                break
            items.append(candidate)
            # Items end with ";" and the last with "."; where every item ends with ".", a "." closes nothing.
            if text[items[0].start : items[0].end].rstrip().endswith(";") and text[
                candidate.start : candidate.end
            ].rstrip().endswith("."):
                break
        for item in items:
            item.used = True
            end = item.end
            trailing = TRAILING_CONJUNCTION.search(text, item.start, end)
            if trailing:
                end = trailing.start()
            excerpt = text[item.start : end]
            found.append(document.item(item.start, end, text=display(excerpt), made_by=_made_by(who), candidate=False))
    return found


def _key_points(document, paragraphs):
    text = document.text
    points = []
    for run in _numbered_runs(paragraphs):
        for position, index in enumerate(run):
            paragraph = paragraphs[index]
            paragraph.used = True
            end = paragraph.end
            if position + 1 < len(run):
                # An item runs on to the next number, over any sentence that looked like a new paragraph.
                for following in paragraphs[index + 1 : run[position + 1]]:
                    following.used = True
                    end = following.end
            excerpt = text[paragraph.start : end]
            heading, _colon, rest = excerpt.partition(":")
            has_heading = bool(rest) and len(heading) <= 80 and "." not in heading
            points.append(
                document.item(
                    paragraph.start,
                    end,
                    number=paragraph.number,
                    heading=fold(heading) if has_heading else "",
                    text=display(rest if has_heading else excerpt),
                )
            )
    return points


def _sentences(text, start, end):
    position = start
    for split in SENTENCE_SPLIT.finditer(text, start, end):
        yield position, split.start()
        position = split.end()
    yield position, end


def _practices(document, paragraphs):
    """Examples of practice by country: "such as the white helmets in Argentina, ... or the ... in the Philippines"."""
    text, pattern = document.text, document.vocabulary.country_pattern
    practices = []
    if pattern is None:
        return practices
    for paragraph in paragraphs:
        if paragraph.used or paragraph.kind != "text":
            continue
        for s_start, s_end in _sentences(text, paragraph.start, paragraph.end):
            if not EXAMPLES.search(text, s_start, s_end):
                continue
            boundary = s_start
            for mention in pattern.finditer(text, s_start, s_end):
                country = document.vocabulary.country(mention.group())
                if country is None:
                    continue
                start = boundary
                for delimiter in LIST_DELIMITER.finditer(text, boundary, mention.start()):
                    start = delimiter.end()
                item = document.item(start, mention.end(), country=country.key)
                item["text"] = display(item["excerpt"])
                practices.append(item)
                paragraph.used = True
                boundary = mention.end()
    return practices


def _frameworks(document, start, end):
    found = []
    for reference in document.vocabulary.frameworks:
        pattern = names_pattern(reference.names)
        match = pattern.search(document.text, start, end) if pattern else None
        if match:
            found.append(document.item(match.start(), match.end(), slug=reference.key, name=reference.label))
    return sorted(found, key=lambda item: item["start"])


def _candidates(document, paragraphs):
    """Paragraphs of prose that call for something: candidates for a person to confirm."""
    text = document.text
    found = []
    for paragraph in paragraphs:
        if paragraph.used or not CUES.search(text, paragraph.start, paragraph.end):
            continue
        excerpt = text[paragraph.start : paragraph.end]
        made_by = "roundtable"
        if not re.search(r"recommendation\s+of\s+(?:this|the)\s+roundtable", excerpt, re.IGNORECASE):
            if re.search(r"\bparticipants\b", excerpt, re.IGNORECASE):
                made_by = "participants"
            elif re.search(r"\bmember\s+states\b", excerpt, re.IGNORECASE):
                made_by = "member_states"
        found.append(
            document.item(paragraph.start, paragraph.end, text=display(excerpt), made_by=made_by, candidate=True)
        )
    return found
