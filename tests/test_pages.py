"""Every public page answers from the real fixtures, says what a delegate needs, and links names."""

import itertools
import re

import pytest
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable

from .responses import body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal")]


def rec(code, number):
    return Recommendation.objects.get(roundtable__code=code, number=number)


# Home


def test_home_shows_summit_session_roundtables_and_their_chairs(client):
    html = body(client.get("/en/"))
    assert "Ninth GFMD Summit" in html and "Dhaka" in html
    assert "Governance of migration and development" in html
    assert "Migrants in situations of crises" in html
    assert "Principles, institutions and processes" in html
    for name in ("Philippines", "Ethiopia", "Morocco", "Mexico", "Sweden", "Canada"):
        assert name in html


def test_home_counts_recommendations_by_theme_with_links_to_the_filtered_list(client):
    html = body(client.get("/en/"))
    # Human rights and protection: recommendations 3.2/2, 3.2/4, 3.2/6, 3.2/10, 3.2/11 and 3.2/16.
    match = re.search(
        r'href="/en/recommendations/\?theme=human-rights">Human rights and protection</a>.*?(\d+)', html, re.S
    )
    assert match and match.group(1) == "6"


def test_home_has_a_labelled_search_box_that_targets_the_list(client):
    html = body(client.get("/en/"))
    assert '<form class="hero-search" action="/en/recommendations/" method="get" role="search">' in html
    assert '<label class="label-strong" for="home-q">' in html and 'id="home-q" type="search" name="q"' in html


def test_home_shows_the_summit_place_as_editorial(client):
    html = body(client.get("/en/"))
    assert "Editorial:" in html


# Roundtables


def test_roundtable_list_names_each_roundtable_with_its_chairs_and_count(client):
    html = body(client.get("/en/roundtables/"))
    assert 'href="/en/roundtables/2016-3-1/"' in html and 'href="/en/roundtables/2016-3-2/"' in html
    assert "16 recommendations" in html and "1 recommendation" in html
    assert 'href="/en/countries/PHL/">Philippines</a>' in html


def test_roundtable_3_1_shows_its_co_chairs_rapporteur_key_points_and_practices(client):
    html = body(client.get("/en/roundtables/2016-3-1/"))
    co_chairs = re.search(r"<dt>Co-chairs</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    assert ">Philippines</a>" in co_chairs and ">Ethiopia</a>" in co_chairs
    rapporteur = re.search(r"<dt>Rapporteur</dt>\s*<dd>(.*?)</dd>", html, re.S).group(1)
    assert ">Morocco</a>" in rapporteur
    assert html.count('<li value="') >= 5 + 1  # five key points and one recommendation
    for practice in ("White Helmets", "Education initiatives", "A ministry of migration", "Crisis alert system"):
        assert practice in html
    assert 'href="/en/countries/ARG/">Argentina</a>' in html
    assert 'href="/en/frameworks/micic-guidelines/"' in html


def test_roundtable_3_2_lists_the_seven_member_state_recommendations_in_order(client):
    html = body(client.get("/en/roundtables/2016-3-2/"))
    section = html.split('id="recommendations"', 1)[1]
    numbers = re.findall(r'<li value="(\d+)"', section)
    assert numbers == [str(n) for n in range(1, 17)]
    assert section.count("Member states") == 7
    assert "Making it easier for migrants to move" in section


def test_roundtable_page_links_each_recommendation_by_its_reference_and_keeps_its_text_plain(client):
    html = body(client.get("/en/roundtables/2016-3-2/"))
    section = html.split('id="recommendations"', 1)[1]
    links = re.findall(r'<h3 class="result-title"><a href="(/en/recommendations/\d+/)">([^<]+)</a></h3>', section)
    assert [text for _url, text in links] == [f"Roundtable 3.2, recommendation {n}" for n in range(1, 17)]
    text = "Making it easier for migrants to move"
    assert re.search(r'<p class="result-text">' + text, section)
    assert not re.search(r"<a [^>]*>[^<]*" + text, section), "the recommendation's text is not a link"


def test_roundtable_page_links_to_its_filtered_list(client):
    html = body(client.get("/en/roundtables/2016-3-2/"))
    assert 'href="/en/recommendations/?roundtable=2016-3-2"' in html


def test_a_roundtable_with_more_recommendations_than_a_page_shows_them_a_page_at_a_time(client, settings):
    """Its count is every published one; the pages hold them in order, and a page number past
    the end shows the last page with a message rather than failing."""
    settings.PAGE_SIZE = 5
    path = "/en/roundtables/2016-3-2/"

    def numbers(query=""):
        section = body(client.get(path + query)).split('id="recommendations"', 1)[1]
        return [int(n) for n in re.findall(r'<li value="(\d+)"', section)]

    pages = [numbers(f"?page={page}") for page in range(1, 5)]
    assert pages == [list(range(1, 6)), list(range(6, 11)), list(range(11, 16)), [16]]
    html = body(client.get(path))
    assert "Filter, search or export this roundtable's 16 recommendations" in html
    assert "Page 1 of 4" in html
    assert numbers("?page=99") == [16]
    assert client.get(path + "?page=abc").status_code == 200


def test_unknown_and_draft_roundtables_are_not_found(client):
    Roundtable.objects.filter(slug="2016-3-1").update(status=Status.DRAFT)
    assert client.get("/en/roundtables/2016-3-1/").status_code == 404
    assert client.get("/en/roundtables/no-such-roundtable/").status_code == 404
    assert "Migrants in situations of crises" not in body(client.get("/en/roundtables/"))
    assert "Migrants in situations of crises" not in body(client.get("/en/"))


# Recommendation detail


def test_recommendation_detail_shows_text_roundtable_themes_frameworks_actors(client):
    recommendation = rec("3.2", 2)
    html = body(client.get(recommendation.get_absolute_url()))
    assert "Roundtable 3.2, recommendation 2" in html
    assert recommendation.text.replace("'", "&#x27;") in html
    assert 'href="/en/roundtables/2016-3-2/"' in html
    for theme in recommendation.themes.all():
        assert f'href="/en/themes/{theme.slug}/">{theme.name}</a>' in html
    for framework in recommendation.frameworks.all():
        assert f'href="/en/frameworks/{framework.slug}/">{framework.short_name}</a>' in html
    for actor in recommendation.actors.all():
        assert f'href="/en/recommendations/?actor={actor.slug}">{actor.name}</a>' in html
    assert 'href="/en/countries/MEX/">Mexico</a>' in html and 'href="/en/countries/CAN/">Canada</a>' in html


def test_recommendation_detail_highlights_the_excerpt_inside_its_source_passage(client):
    recommendation = rec("3.1", 1)
    html = body(client.get(recommendation.get_absolute_url()))
    marked = re.search(r'<mark class="source-excerpt">(.*?)</mark>', html, re.S).group(1)
    assert marked.startswith("The MICIC Initiative and the Platform for Disaster Displacement")
    passage = re.search(r"<blockquote lang=\"en\">\s*<p>(.*?)</p>", html, re.S).group(1)
    before, after = passage.split('<mark class="source-excerpt">')[0], passage.split("</mark>")[1]
    # The surrounding passage of the summary: what comes right before and after in the source.
    assert "crisis alert system in the Philippines" in before
    assert "Finally, most importantly, we heard messages of hope" in after


def test_recommendation_detail_has_permalink_and_both_citations_with_date_accessed(client):
    recommendation = rec("3.2", 4)
    url = f"http://testserver/en/recommendations/{recommendation.pk}/"
    html = body(client.get(recommendation.get_absolute_url()))
    assert f'id="permalink" class="copy-source" value="{url}" readonly' in html
    apa = re.search(r'<p class="citation" id="cite-apa"[^>]*>(.*?)</p>', html, re.S).group(1)
    plain = re.search(r'<p class="citation" id="cite-plain"[^>]*>(.*?)</p>', html, re.S).group(1)
    from django.utils import timezone
    from django.utils.formats import date_format

    today = timezone.localdate()
    assert apa.startswith("Global Forum on Migration and Development. (2016). Roundtable 3.2, recommendation 4:")
    assert f"Retrieved {date_format(today, 'j F Y')}, from {url}" in apa
    assert plain.startswith("“Ensuring that migrants")
    assert plain.endswith(f"{url} (accessed {today.isoformat()})")


def test_huge_recommendation_id_is_not_found_rather_than_an_error(client, db):
    assert client.get("/en/recommendations/99999999999999999999999999/").status_code == 404


# Countries, themes, frameworks


def test_country_page_lists_roles_practices_and_links_to_its_filtered_list(client):
    html = body(client.get("/en/countries/PHL/"))
    assert "Philippines" in html
    assert "Co-chair" in html and 'href="/en/roundtables/2016-3-1/"' in html
    assert "Crisis alert system" in html
    assert 'href="/en/recommendations/?country=PHL"' in html
    assert "1 recommendation from roundtables Philippines took part in" in html


def test_country_page_accepts_a_lowercase_code_by_redirecting(client):
    response = client.get("/en/countries/phl/")
    assert response.status_code == 301 and response["Location"] == "/en/countries/PHL/"


def test_unknown_country_is_not_found(client):
    assert client.get("/en/countries/XXX/").status_code == 404


def test_theme_page_lists_its_recommendations_and_links_to_the_filtered_list(client):
    html = body(client.get("/en/themes/trafficking-and-smuggling/"))
    assert "Trafficking and smuggling" in html
    assert "2 recommendations" in html
    assert html.count('class="result"') == 2
    assert 'href="/en/recommendations/?theme=trafficking-and-smuggling"' in html


def test_theme_page_with_a_bad_page_number_says_so(client):
    html = body(client.get("/en/themes/human-rights/?page=zz"))
    assert "page must be a whole number from 1, not “zz”." in html


def test_framework_page_lists_citing_roundtables_and_recommendations(client):
    html = body(client.get("/en/frameworks/migrant-workers-convention/"))
    assert "Migrant Workers Convention" in html
    assert 'href="/en/roundtables/2016-3-2/"' in html
    assert "1 recommendation citing it" in html


def test_unknown_theme_and_framework_are_not_found(client):
    assert client.get("/en/themes/nope/").status_code == 404
    assert client.get("/en/frameworks/nope/").status_code == 404


# Templates: accessibility basics and a strict Content-Security-Policy


PAGES = [
    "/en/",
    "/en/roundtables/",
    "/en/roundtables/2016-3-1/",
    "/en/recommendations/",
    "/en/recommendations/?q=trafficking&theme=human-rights",
    "/en/recommendations/?theme=nope",
    "/en/recommendations/?q=zzzzzz",
    "/en/countries/PHL/",
    "/en/themes/human-rights/",
    "/en/frameworks/sdgs/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_skip_link_landmarks_and_one_h1(client, path):
    html = body(client.get(path))
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html and "<nav" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("path", [*PAGES, "/en/recommendations/1/"])
def test_pages_have_no_inline_scripts_styles_or_handlers(client, path):
    html = body(client.get(path))
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize("path", [*PAGES, "/en/recommendations/1/"])
def test_headings_do_not_skip_levels(client, path):
    levels = [int(level) for level in re.findall(r"<h([1-6])", body(client.get(path)))]
    assert levels[0] == 1
    for previous, current in itertools.pairwise(levels):
        assert current <= previous + 1, levels


@pytest.mark.parametrize("path", ["/en/roundtables/2016-3-2/", "/en/recommendations/1/"])
def test_record_pages_have_a_print_stylesheet(client, path):
    assert 'href="/static/css/print.css" media="print"' in body(client.get(path))


def test_every_form_control_on_the_list_has_a_label(client):
    html = body(client.get("/en/recommendations/?theme=human-rights"))
    ids = re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', html)
    assert ids
    for control in ids:
        assert f'for="{control}"' in html, control


def test_detail_url_reverses_to_the_contract_address():
    assert reverse("recommendations:detail", args=[7]) == "/en/recommendations/7/"
    assert reverse("recommendations:feed") == "/en/recommendations/feed/"
