"""The portal in English, French and Spanish: addresses, the language switcher, translated content and its marker."""

import csv
import html as html_module
import io
import json
import re

import pytest
from django.db import connection
from django.utils import translation

from alignment.models import GcmObjective
from recommendations.models import Recommendation
from roundtables.models import Country, Roundtable, Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal")]

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search configurations")


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response):
    """The page with its entities decoded, to look for sentences that hold quotes or apostrophes."""
    return html_module.unescape(html(response))


def in_language(language, message, **values):
    """`message` as the catalogue translates it, checked to be a translation, not the English."""
    with translation.override(language):
        translated = translation.gettext(message)
    assert translated != message, f"{message!r} has no {language} translation"
    return translated % values if values else translated


# ---------------------------------------------------------------- addresses and the first visit


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"),
        ("es-MX,es;q=0.8", "/es/"),
        ("en-GB", "/en/"),
        ("de-DE,de", "/en/"),
        ("", "/en/"),
    ],
)
def test_the_first_visit_to_the_root_lands_on_the_browsers_language(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.headers.get("Vary", "").lower().count("accept-language") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/recommendations/?theme=labour-mobility&country=PHL",
        "/roundtables/2016-3-1/",
        "/countries/PHL/",
        "/themes/labour-mobility/",
        "/gcm/5/",
        "/recommendations/feed/?theme=labour-mobility",
    ],
)
def test_old_unprefixed_links_redirect_to_the_same_page_in_a_language(client, path):
    response = client.get(path, headers={"Accept-Language": "es"})
    assert response.status_code == 302
    assert response["Location"] == "/es" + path
    assert client.get(response["Location"]).status_code == 200
    assert client.get(path)["Location"] == "/en" + path


def test_unknown_pages_stay_404_in_every_language(client):
    for path in ("/no-such-page/", "/fr/no-such-page/", "/es/roundtables/no-such-roundtable/", "/de/roundtables/"):
        assert client.get(path).status_code == 404, path


def test_exports_the_admin_and_the_health_check_keep_their_addresses(client, admin_client):
    assert client.get("/recommendations/export.csv", headers={"Accept-Language": "fr"}).status_code == 200
    assert client.get("/recommendations/export.json").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert admin_client.get("/admin/").status_code == 200
    assert client.get("/fr/admin/").status_code == 404


# ---------------------------------------------------------------- the page in its language


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_html_lang_and_hreflang_alternates_name_every_language(client, language):
    body = html(client.get(f"/{language}/recommendations/?theme=labour-mobility&country=PHL"))
    assert f'<html lang="{language}"' in body
    for other in ("en", "fr", "es"):
        expected = f'<link rel="alternate" hreflang="{other}" href="http://testserver/{other}/recommendations/?theme=labour-mobility&amp;country=PHL">'
        assert expected in body
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/recommendations/?theme=labour-mobility&amp;country=PHL">'
        in body
    )


def switcher_links(body):
    nav = re.search(r'<nav class="language-nav".*?</nav>', body, re.S).group(0)
    return dict(re.findall(r'<a href="([^"]+)" lang="(\w\w)"', nav)[i][::-1] for i in range(3))


def test_the_switcher_keeps_the_page_and_every_filter(client):
    query = "q=migrants&theme=labour-mobility&theme=human-rights&country=PHL&sort=-updated&page=1"
    body = html(client.get(f"/fr/recommendations/?{query}"))
    links = switcher_links(body)
    assert links == {
        "en": f"/en/recommendations/?{query.replace('&', '&amp;')}",
        "fr": f"/fr/recommendations/?{query.replace('&', '&amp;')}",
        "es": f"/es/recommendations/?{query.replace('&', '&amp;')}",
    }
    assert 'lang="fr" hreflang="fr" aria-current="true">Français</a>' in body
    # Following the link gives the same list, in Spanish.
    spanish = client.get(links["es"].replace("&amp;", "&"))
    french = client.get(f"/fr/recommendations/?{query}")
    assert [item.pk for item in spanish.context["recommendations"]] == [
        item.pk for item in french.context["recommendations"]
    ]
    assert spanish.context["total"] == french.context["total"]


def test_the_switcher_on_a_detail_page_keeps_the_record(client):
    pk = Recommendation.objects.public().first().pk
    links = switcher_links(html(client.get(f"/es/recommendations/{pk}/")))
    assert links["fr"] == f"/fr/recommendations/{pk}/"
    assert links["en"] == f"/en/recommendations/{pk}/"


def test_interface_strings_are_translated(client):
    french = html(client.get("/fr/recommendations/"))
    spanish = html(client.get("/es/recommendations/"))
    english = html(client.get("/en/recommendations/"))
    assert "Clear all filters" not in french and "Clear all filters" not in spanish
    assert "Aller au contenu principal" in french
    assert "Ir al contenido principal" in spanish
    assert "Skip to main content" in english


def test_a_bad_filter_value_is_explained_in_the_pages_language(client):
    body = text(client.get("/fr/recommendations/?theme=nope&year=abc"))
    assert in_language("fr", "No theme called “%(value)s”.", value="nope") in body
    assert in_language("fr", "year must be a number, not “%(value)s”.", value="abc") in body
    assert "No theme called" not in body


# ---------------------------------------------------------------- translated content and the marker


def test_translated_titles_show_without_a_marker_and_are_flagged_unofficial(client):
    roundtable = Roundtable.objects.get(slug="2016-3-1")
    assert roundtable.title_fr and roundtable.title_es and roundtable.unofficial_translation
    body = html(client.get("/fr/roundtables/2016-3-1/"))
    h1 = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    assert roundtable.title_fr in h1
    assert "untranslated" not in h1
    note = in_language("fr", "Unofficial translation by the portal's editors; the English text is the reference.")
    assert note in text(client.get("/fr/roundtables/2016-3-1/"))
    assert "Unofficial translation" not in html(client.get("/en/roundtables/2016-3-1/"))


def test_missing_translations_show_the_english_text_marked(client):
    recommendation = Recommendation.objects.public().first()
    assert recommendation.text_fr == ""
    body = html(client.get(f"/fr/recommendations/{recommendation.pk}/"))
    marked = re.search(
        r'<div class="record-text">\s*<p><span lang="en">(.*?)</span> <span class="untranslated">(.*?)</span>',
        body,
        re.S,
    )
    assert marked, "the English text stands in, in a lang=en span, marked"
    assert marked.group(1) == recommendation.text.replace("'", "&#x27;").replace("&", "&amp;") or recommendation.text[
        :40
    ] in marked.group(1)
    assert marked.group(2) == in_language("fr", "not yet translated")
    spanish_marker = f'<span class="untranslated">{in_language("es", "not yet translated")}</span>'
    assert spanish_marker in html(client.get(f"/es/recommendations/{recommendation.pk}/"))
    assert 'class="untranslated"' not in html(client.get(f"/en/recommendations/{recommendation.pk}/"))


def test_a_translation_entered_replaces_the_marker(client):
    recommendation = Recommendation.objects.public().first()
    recommendation.text_fr = "Intégrer pleinement les principes de l'Initiative MICIC."
    recommendation.save()
    body = text(client.get(f"/fr/recommendations/{recommendation.pk}/"))
    assert "<p>Intégrer pleinement les principes de l'Initiative MICIC.</p>" in body
    spanish = html(client.get(f"/es/recommendations/{recommendation.pk}/"))
    assert "Intégrer" not in spanish and in_language("es", "not yet translated") in spanish


def test_the_list_marks_each_untranslated_text_and_translates_names(client):
    response = client.get("/fr/recommendations/?theme=labour-mobility")
    body = html(response)
    items = response.context["recommendations"]
    assert items
    marker = f'<span class="untranslated">{in_language("fr", "not yet translated")}</span>'
    assert body.count(marker) >= len(items)
    theme = Theme.objects.get(slug="labour-mobility")
    assert theme.name_fr and theme.name_fr in body
    chip = re.search(r'class="chip".*?</a>', body, re.S).group(0)
    assert theme.name_fr in chip
    mexico = Country.objects.get(iso3="MEX")
    assert f'<span class="facet-label">{mexico.name_fr}</span>' in body
    assert mexico.name_fr != mexico.name


def test_a_missing_theme_name_falls_back_to_english_marked(client):
    theme = Theme.objects.get(slug="labour-mobility")
    Theme.objects.filter(pk=theme.pk).update(name_es="")
    body = html(client.get("/es/themes/labour-mobility/"))
    marker = in_language("es", "not yet translated")
    assert f'<h1><span lang="en">{theme.name}</span> <span class="untranslated">{marker}</span></h1>' in body


def test_gcm_objectives_read_in_french(client):
    objective = GcmObjective.objects.get(number=5)
    assert objective.title_fr
    assert objective.title_fr in html(client.get("/fr/gcm/"))


# ---------------------------------------------------------------- exports: stable columns, text in the chosen language


def rows(response):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_columns_never_change_and_lang_picks_the_text_language(client):
    english = rows(client.get("/recommendations/export.csv?theme=crises-and-displacement"))
    french = rows(client.get("/recommendations/export.csv?theme=crises-and-displacement&lang=fr"))
    assert list(english[0]) == list(french[0])
    assert [r["id"] for r in english] == [r["id"] for r in french]
    roundtable = Roundtable.objects.get(slug=english[0]["roundtable"])
    assert english[0]["roundtable_title"] == roundtable.title
    assert french[0]["roundtable_title"] == roundtable.title_fr
    # Slugs stay slugs; untranslated texts stay English; countries are named in French.
    assert french[0]["themes"] == english[0]["themes"]
    assert french[0]["text"] == english[0]["text"]
    assert "Éthiopie" in french[0]["co_chairs"] and "Ethiopia" in english[0]["co_chairs"]
    assert french[0]["url"].startswith("http://testserver/fr/recommendations/")
    assert english[0]["url"].startswith("http://testserver/en/recommendations/")


def test_export_lang_uses_a_translation_where_there_is_one(client):
    recommendation = Recommendation.objects.public().first()
    recommendation.text_es = "Integrar plenamente los principios de la Iniciativa MICIC."
    recommendation.save()
    spanish = {r["id"]: r for r in rows(client.get("/recommendations/export.csv?lang=es"))}
    assert spanish[str(recommendation.pk)]["text"] == recommendation.text_es
    data = json.loads(b"".join(client.get("/recommendations/export.json?lang=es").streaming_content))
    assert {r["id"]: r["text"] for r in data}[recommendation.pk] == recommendation.text_es
    response = client.get("/recommendations/export.csv?lang=es")
    assert response["Content-Language"] == "es"
    assert "-es-" in response["Content-Disposition"]


@pytest.mark.parametrize("value", ["xx", "french", "fr-FR-x", "<script>"])
def test_export_refuses_an_unknown_language_clearly(client, value):
    response = client.get("/recommendations/export.csv", {"lang": value})
    assert response.status_code == 400
    assert "lang:" in response.content.decode()
    assert "<script>" not in response["Content-Type"]


def test_export_links_on_a_french_page_ask_for_french(client):
    body = html(client.get("/fr/recommendations/?theme=labour-mobility"))
    assert 'href="/recommendations/export.csv?theme=labour-mobility&amp;lang=fr"' in body
    assert 'href="/recommendations/export.json?theme=labour-mobility&amp;lang=fr"' in body
    english = html(client.get("/en/recommendations/?theme=labour-mobility"))
    assert 'href="/recommendations/export.csv?theme=labour-mobility"' in english


# ---------------------------------------------------------------- search in the chosen language


@pytest.fixture
def translated_texts():
    public = list(Recommendation.objects.public().order_by("pk")[:2])
    public[0].text_fr = "Protéger les travailleurs migrants contre la traite et l'exploitation."
    public[0].save()
    public[1].text_es = "Proteger a los trabajadores migrantes frente a la trata de personas."
    public[1].save()
    return public


def listed(client, path, q):
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return {item.pk for item in response.context["recommendations"]}


def test_search_finds_the_french_text_on_french_pages_only(client, translated_texts):
    french_one, spanish_one = translated_texts
    assert french_one.pk in listed(client, "/fr/recommendations/", "exploitation travailleurs")
    assert french_one.pk not in listed(client, "/en/recommendations/", "travailleurs")
    assert spanish_one.pk in listed(client, "/es/recommendations/", "trabajadores")
    assert spanish_one.pk not in listed(client, "/fr/recommendations/", "trabajadores")


def test_search_in_french_falls_back_to_the_english_texts(client, translated_texts):
    english = listed(client, "/en/recommendations/", "trafficking")
    assert english
    assert english <= listed(client, "/fr/recommendations/", "trafficking")


@postgres_only
def test_postgres_searches_french_with_french_stemming(client, translated_texts):
    french_one, _spanish_one = translated_texts
    # "travailleur" (singular) finds "travailleurs" only through the French configuration.
    assert french_one.pk in listed(client, "/fr/recommendations/", "travailleur")
    response = client.get("/fr/recommendations/", {"q": "travailleur"})
    assert "<mark>travailleurs</mark>" in response.content.decode()


@postgres_only
def test_postgres_has_a_stored_vector_and_gin_index_per_language(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            ["recommendations_recommendation", "%USING gin%"],
        )
        indexes = {row[0] for row in cursor.fetchall()}
    assert {
        "recommendation_search_vector",
        "recommendation_search_vector_fr",
        "recommendation_search_vector_es",
    } <= indexes


def test_a_summary_in_english_keeps_its_paragraphs_and_is_marked(client):
    body = html(client.get("/es/roundtables/2016-3-1/"))
    summary = re.search(r'<div class="record-summary">(.*?)</div>', body, re.S).group(1)
    assert summary.startswith('<span lang="en"><p>') and "&lt;p&gt;" not in summary
    assert f'<span class="untranslated">{in_language("es", "not yet translated")}</span>' in summary


def test_editorial_notes_kept_in_english_are_marked_on_french_pages(client):
    body = html(client.get("/fr/"))
    note = re.search(r'<p class="editorial">(.*?)</p>', body, re.S).group(1)
    assert '<span lang="en">The general summary does not name its summit.' in note
    assert in_language("fr", "not yet translated") in note
    english = html(client.get("/en/"))
    assert 'class="untranslated"' not in re.search(r'<p class="editorial">(.*?)</p>', english, re.S).group(1)


def test_an_export_refused_in_french_says_why_in_french(client):
    response = client.get("/recommendations/export.csv", {"theme": "nope", "lang": "fr"})
    assert response.status_code == 400
    body = response.content.decode()
    assert in_language("fr", "The export was not made: these parameters are not valid.") in body
    assert "theme: " + in_language("fr", "No theme called “%(value)s”.", value="nope") in body
    english = client.get("/recommendations/export.csv", {"theme": "nope"}).content.decode()
    assert "The export was not made" in english


def test_each_results_themes_are_in_the_pages_alphabetical_order(client):
    for language in ("fr", "es"):
        response = client.get(f"/{language}/recommendations/")
        for item in response.context["recommendations"]:
            names = [link.name.value for link in item.themes]
            assert names == sorted(names, key=str.casefold), (language, item.pk, names)
            assert all(name for name in names)


# ---------------------------------------------------------------- alignments and who made a recommendation


def alignment_list(body):
    return re.search(r'<ul class="alignment-list">(.*?)</ul>', body, re.S).group(1)


def test_gcm_objective_titles_on_a_recommendation_page_are_in_the_pages_language(client):
    from alignment.models import Alignment

    alignment = Alignment.objects.select_related("gcm_objective").filter(gcm_objective__number=10).first()
    objective = alignment.gcm_objective
    assert objective.short_title == "Trafficking" and objective.short_title_fr and objective.short_title_es
    page = alignment.recommendation.get_absolute_url().removeprefix("/en")
    french = html_module.unescape(alignment_list(html(client.get(f"/fr{page}"))))
    assert in_language("fr", "GCM objective %(number)s: %(title)s", number=10, title=objective.short_title_fr) in french
    assert "Trafficking" not in french
    spanish = html_module.unescape(alignment_list(html(client.get(f"/es{page}"))))
    assert objective.short_title_es in spanish and "Trafficking" not in spanish


def test_an_untranslated_gcm_objective_title_is_marked(client):
    from alignment.models import Alignment

    alignment = Alignment.objects.filter(gcm_objective__number=10).first()
    GcmObjective.objects.filter(number=10).update(short_title_fr="")
    body = alignment_list(html(client.get(f"/fr/recommendations/{alignment.recommendation_id}/")))
    marker = in_language("fr", "not yet translated")
    assert f'<span lang="en">Trafficking</span> <span class="untranslated">{marker}</span>' in body


def test_rationales_and_the_editors_credit_are_in_the_pages_language(client):
    from alignment.models import Alignment

    alignment = Alignment.objects.filter(gcm_objective__number=10).order_by("pk").first()
    assert alignment.rationale_fr and alignment.aligned_by_fr and alignment.rationale_es
    for language in ("fr", "es"):
        body = text(client.get(f"/{language}/recommendations/{alignment.recommendation_id}/"))
        listed = alignment_list(body)
        assert alignment.localized("rationale", language) in listed
        assert alignment.localized("aligned_by", language) in listed
        assert alignment.rationale not in listed and alignment.aligned_by not in listed
    # The objective's own page lists the same rationale in the page's language.
    objective_page = text(client.get("/es/gcm/10/"))
    assert alignment.rationale_es in objective_page and alignment.rationale not in objective_page


def test_a_rationale_not_yet_translated_shows_the_english_marked(client):
    from alignment.models import Alignment

    alignment = Alignment.objects.filter(gcm_objective__number=10).order_by("pk").first()
    Alignment.objects.filter(pk=alignment.pk).update(rationale_es="")
    marker = in_language("es", "not yet translated")
    expected = f'<span lang="en">{alignment.rationale}</span> <span class="untranslated">{marker}</span>'
    assert expected in text(client.get(f"/es/recommendations/{alignment.recommendation_id}/"))
    assert expected in text(client.get("/es/gcm/10/"))


def test_made_by_a_report_names_the_report(client):
    recommendation = Recommendation.objects.public().get(made_by=Recommendation.MadeBy.REPORT)
    report = recommendation.frameworks.get(kind="report")
    for language, name in (("en", report.short_name), ("fr", report.short_name_fr), ("es", report.short_name_es)):
        body = text(client.get(f"/{language}/recommendations/{recommendation.pk}/"))
        facts = body.split('class="record-facts"')[1]
        row = re.search(r"<dd>([^\n]*?" + re.escape(name) + r".*?)</dd>", facts).group(1)
        assert f'href="/{language}/frameworks/{report.slug}/"' in row
        assert "A report" not in body
    # The list and the roundtable's page name it too.
    listed = text(client.get("/es/recommendations/", {"roundtable": recommendation.roundtable.slug}))
    assert report.short_name_es in listed
    assert report.short_name_fr in text(client.get(f"/fr{recommendation.roundtable.get_absolute_url()[3:]}"))


def test_made_by_a_report_that_cites_no_report_says_a_report(client):
    recommendation = Recommendation.objects.public().get(made_by=Recommendation.MadeBy.REPORT)
    recommendation.frameworks.remove(*recommendation.frameworks.filter(kind="report"))
    body = text(client.get(f"/en/recommendations/{recommendation.pk}/"))
    assert "<dd>A report</dd>" in body


def test_a_spanish_search_finds_the_spanish_theme_and_objective_names(client):
    word = re.compile(r"\btrata\b", re.IGNORECASE)  # the word, not "contratación"
    tagged = {
        recommendation.pk
        for recommendation in Recommendation.objects.public().prefetch_related("themes", "alignments__gcm_objective")
        if any(word.search(theme.name_es) for theme in recommendation.themes.all())
        or any(a.gcm_objective and word.search(a.gcm_objective.short_title_es) for a in recommendation.alignments.all())
    }
    assert tagged and not Recommendation.objects.filter(pk__in=tagged, text_es__icontains="trata").exists()
    found = {item.pk for item in client.get("/es/recommendations/", {"q": "trata"}).context["recommendations"]}
    assert tagged <= found
    assert not client.get("/en/recommendations/", {"q": "trata"}).context["recommendations"]
