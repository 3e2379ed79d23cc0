"""Every public page in French and Spanish with no interface string left in English, and the catalogues themselves."""

import os
import re
import shutil
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from gfmd_portal.i18n import TRANSLATION_LANGUAGES
from gfmd_portal.management.commands.catalogues import catalogue, compiled_matches, problems_in
from recommendations.models import Recommendation
from recommendations.views import RecommendationListView

PAGES = [
    "",
    "roundtables/",
    "roundtables/2016-3-1/",
    "roundtables/2016-3-2/",
    "recommendations/",
    "recommendations/?theme=labour-mobility&country=MEX&sort=-updated",
    "recommendations/?q=trafficking",
    "recommendations/?theme=nope&year=abc&page=x",
    "recommendations/?q=zzzzqqq&theme=labour-mobility",
    "recommendations/?page=2",
    "recommendations/{pk}/",
    "countries/PHL/",
    "countries/CAN/",
    "themes/labour-mobility/",
    "frameworks/sdgs/",
    "gcm/",
    "gcm/5/",
    "sdg/",
    "sdg/10.7/",
    "coverage/",
]
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-copy-label", "data-done")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class InterfaceText(HTMLParser):
    """The text nodes and labelling attributes of a page, outside anything marked as another language.

    Content shown in English for want of a translation sits in lang="en" elements, and the
    verbatim source quotes too: they are not interface strings.
    """

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language, self.stack, self.texts = language, [], []

    @property
    def foreign(self):
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag not in VOID:
            self.stack.append(tag in ("script", "style") or (lang is not None and lang != self.language))
        if not self.foreign:
            self.texts += [attrs[name] for name in ATTRIBUTES if attrs.get(name)]

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(False)
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self.foreign and data.strip():
            self.texts.append(data)


def normalised(text):
    return " ".join(text.split())


def english_patterns(language):
    """{pattern: msgid} for every English interface string the catalogue translates differently."""
    patterns = {}
    for entry in polib.pofile(str(catalogue(language))):
        sources = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            sources = [
                (entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(2, "")),
            ]
        for english, translated in sources:
            parts = re.split(r"%\(\w+\)[sd]|%[sd]", normalised(english).replace("%%", "%"))
            # Strings that are mostly placeholders ("%(label)s:") would match any text.
            if sum(c.isalpha() for c in "".join(parts)) < 3 or normalised(english) == normalised(translated):
                continue
            pattern = re.compile(".+?".join(re.escape(part) for part in parts))
            patterns[pattern] = english
    return patterns


def untranslated(body, language, patterns):
    parser = InterfaceText(language)
    parser.feed(body)
    found = set()
    for text in parser.texts:
        text = normalised(text)
        for pattern, english in patterns.items():
            if pattern.fullmatch(text):
                found.add((english, text))
    return found


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 5 recommendations, so that the list has a pagination to translate too."""
    monkeypatch.setattr(RecommendationListView, "paginate_by", 5)


@pytest.mark.django_db
@pytest.mark.usefixtures("portal", "small_pages")
@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_every_public_page_has_no_interface_string_left_in_english(client, language):
    patterns = english_patterns(language)
    pk = Recommendation.objects.public().order_by("pk").first().pk
    left = {}
    for page in PAGES:
        path = f"/{language}/{page.format(pk=pk)}"
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}"' in response.content.decode()
        found = untranslated(response.content.decode(), language, patterns)
        if found:
            left[path] = sorted(found)
    not_found = client.get(f"/{language}/roundtables/no-such-roundtable/")
    assert not_found.status_code == 404
    found = untranslated(not_found.content.decode(), language, patterns)
    if found:
        left["404"] = sorted(found)
    assert left == {}


@pytest.mark.django_db
@pytest.mark.usefixtures("portal", "small_pages")
def test_the_page_walk_finds_english_interface_strings_where_there_are_some(client):
    """The check above can fail: an English page, held against the French catalogue, is full of English strings."""
    patterns = english_patterns("fr")
    found = untranslated(client.get("/en/recommendations/?theme=labour-mobility").content.decode(), "en", patterns)
    english = {msgid for msgid, _text in found}
    assert {"Skip to main content", "Clear all filters", "Export CSV"} <= english


@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_catalogue_is_complete_and_keeps_every_placeholder(language):
    po = polib.pofile(str(catalogue(language)))
    assert len(po) > 300
    assert problems_in(po) == []
    assert po.percent_translated() == 100


def test_a_catalogue_problem_is_reported():
    """problems_in() does notice an untranslated entry, a fuzzy one and a lost placeholder."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Roundtable %(code)s", msgstr="Table ronde"))
    po.append(polib.POEntry(msgid="Export CSV", msgstr=""))
    po.append(polib.POEntry(msgid="Theme", msgstr="Thème", flags=["fuzzy"]))
    problems = problems_in(po)
    assert len(problems) == 3
    assert any("placeholders differ" in p for p in problems)


def test_a_plural_entry_without_every_form_of_the_language_is_reported():
    """Spanish has three plural forms: a count of 0 reads the third, else it is shown in English."""
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"}
    two = {0: "%(count)s tema", 1: "%(count)s temas"}
    po.append(polib.POEntry(msgid="%(count)s theme", msgid_plural="%(count)s themes", msgstr_plural=two))
    assert problems_in(po) == ["plural forms missing (2 of 3): msgid '%(count)s theme'"]
    po[0].msgstr_plural = {**two, 2: "%(count)s temas"}
    assert problems_in(po) == []


@pytest.mark.parametrize("language", TRANSLATION_LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    assert compiled_matches(catalogue(language))


@pytest.mark.skipif(
    shutil.which("xgettext") is None and not os.environ.get("CI"),
    reason="reading the strings from the code needs GNU gettext (.ci/run installs it)",
)
def test_catalogues_are_up_to_date_with_the_code():
    """`make messages-check`: every string in the code is in both catalogues, and nothing else is.

    The check extracts the strings in place; it must leave the committed files as they were.
    """
    files = [catalogue(language) for language in TRANSLATION_LANGUAGES]
    before = [path.read_bytes() for path in files]
    call_command("catalogues", "--check", verbosity=0)
    assert [path.read_bytes() for path in files] == before


def test_languages_offered_are_english_french_and_spanish():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "fr", "es"]
    assert settings.LANGUAGE_CODE == "en"
