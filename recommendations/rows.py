"""The rows of every list of recommendations, as plain data for templates/recommendations/_results.html.

Read from plain rows (`values()`), not model instances, and with one reverse() per kind of
link: a list page shows twenty rows with a hundred links, and model instances with their
descriptors, and a reverse() per link, cost more than the rest of the page. Nothing here is
HTML: texts are `Text` values (in the page's language, or English marked as such) and a
searched text comes as pieces, the matches flagged, for the template to mark.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from gfmd_portal.i18n import DEFAULT_LANGUAGE, Text, column, current_language, text_in
from roundtables.models import Framework

from . import search
from .models import Recommendation


class UrlPatterns:
    """URLs of many objects from one reverse() per view name."""

    PLACEHOLDER = "4242424242"

    def __init__(self):
        self._patterns = {}

    def __call__(self, viewname, value):
        pattern = self._patterns.get(viewname)
        if pattern is None:
            pattern = self._patterns[viewname] = reverse(viewname, args=[self.PLACEHOLDER])
        return pattern.replace(self.PLACEHOLDER, str(value))


@dataclass(frozen=True)
class NamedLink:
    name: Text
    url: str


@dataclass
class Row:
    """One recommendation as a list shows it."""

    pk: int
    number: int
    url: str
    title: str
    text: str
    text_shown: Text  # the text and the language it is in: English standing in for a translation is marked
    pieces: list  # [(piece of the text, is a match)]: the text, with the search's matches flagged
    roundtable_title: Text
    roundtable_url: str
    roundtable_code: str
    year: int
    made_by: str  # who made it, unless reports did (then `reports`)
    reports: list = field(default_factory=list)  # [NamedLink]
    themes: list = field(default_factory=list)  # [NamedLink]
    frameworks: list = field(default_factory=list)  # [NamedLink]


def with_translations(*fields, language):
    """The fields, and beside each translated one its column in `language` (none for English)."""
    if language == DEFAULT_LANGUAGE:
        return list(fields)
    return [name for field in fields for name in (field, column(field, language))]


def list_rows(ids, terms=""):
    """Rows for these recommendation ids, in this order (ids not found are left out)."""
    if not ids:
        return []
    ids = list(ids)
    language = current_language()
    found = Recommendation.objects.filter(id__in=ids).order_by()
    if terms:
        found = search.with_headline(found, terms, language)
    fields = ["id", "number", "made_by", "roundtable__code", "roundtable__slug", "roundtable__session__summit__year"]
    fields += with_translations("text", "roundtable__title", language=language)
    by_id = {row["id"]: row for row in found.values(*fields, *found.query.annotations)}
    if terms:
        for pk, headline in search.fts_headlines(ids, terms, found.db, language).items():
            if pk in by_id:
                by_id[pk]["headline"] = headline
    urls = UrlPatterns()
    named = {"themes": {}, "frameworks": {}, "reports": {}}
    for relation, label, viewname in (
        ("themes", "name", "roundtables:theme"),
        ("frameworks", "short_name", "roundtables:framework"),
    ):
        through = getattr(Recommendation, relation).through
        name = getattr(Recommendation, relation).field.related_model._meta.model_name
        links = through.objects.filter(recommendation_id__in=ids).order_by()
        kind = ["framework__kind"] if relation == "frameworks" else []
        for link in links.values(
            "recommendation_id", f"{name}__slug", *with_translations(f"{name}__{label}", language=language), *kind
        ):
            text = text_in(link, f"{name}__{label}", language)
            named_link = NamedLink(text, urls(viewname, link[f"{name}__slug"]))
            named[relation].setdefault(link["recommendation_id"], []).append(named_link)
            if link.get("framework__kind") == Framework.Kind.REPORT:
                named["reports"].setdefault(link["recommendation_id"], []).append(named_link)
    for by_recommendation in named.values():
        for links in by_recommendation.values():
            # In the page's language's alphabetical order, as the English list is in English order.
            links.sort(key=lambda link: link.name.value.casefold())
    made_by = dict(Recommendation.MadeBy.choices)
    rows = []
    for pk in ids:
        row = by_id.get(pk)
        if row is None:
            continue
        text = text_in(row, "text", language)
        reports = named["reports"].get(pk, []) if row["made_by"] == Recommendation.MadeBy.REPORT else []
        rows.append(
            Row(
                pk=pk,
                number=row["number"],
                url=urls("recommendations:detail", pk),
                title=_("Roundtable %(code)s, recommendation %(number)s")
                % {"code": row["roundtable__code"], "number": row["number"]},
                text=text.value,
                text_shown=text,
                pieces=search.highlight(text.value, terms, row.get("headline")) if terms else [(text.value, False)],
                roundtable_title=text_in(row, "roundtable__title", language),
                roundtable_url=urls("roundtables:detail", row["roundtable__slug"]),
                roundtable_code=row["roundtable__code"],
                year=row["roundtable__session__summit__year"],
                made_by=str(made_by.get(row["made_by"], row["made_by"])),
                reports=reports,
                themes=named["themes"].get(pk, []),
                frameworks=named["frameworks"].get(pk, []),
            )
        )
    return rows
