"""The list page's filter panel: every option reachable without JavaScript, and the Filter button."""

import csv
import io
import re

import pytest
from django.utils import timezone

from recommendations.panel import FACET_LIMIT

from . import factories
from .responses import listed

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def facet_section(html, name):
    start = html.index(f'<details class="facet" id="facet-{name}"')
    return html[start : html.index('<details class="facet" id="facet-', start + 10)]


def labels(section):
    return re.findall(r'<span class="facet-label">([^<]+)</span>', section)


def test_every_theme_is_in_the_panel_the_first_six_shown_the_rest_under_show_all(client, portal_data):
    section = facet_section(html_of(client, "/en/recommendations/"), "theme")
    first, rest = section.split('<details class="facet-more">', 1)
    assert len(labels(first)) == 6
    assert len(labels(rest)) == 13 - 6
    assert '<span class="facet-more-closed">Show all 13 themes</span>' in rest
    assert "facet-options-long" not in section, "no fixed-height scroll box"


def test_show_all_starts_unfolded_when_a_folded_option_is_chosen(client, portal_data):
    closed = facet_section(html_of(client, "/en/recommendations/"), "theme")
    folded = labels(closed.split('<details class="facet-more">', 1)[1])
    slug = re.search(r'value="([^"]+)" id="f-theme-13"', closed).group(1)
    section = facet_section(html_of(client, f"/en/recommendations/?theme={slug}"), "theme")
    assert '<details class="facet-more" open>' in section
    assert labels(section.split('<details class="facet-more" open>', 1)[1]) == folded


def test_a_facet_with_few_options_lists_them_all_unfolded(client, portal_data):
    section = facet_section(html_of(client, "/en/recommendations/"), "roundtable")
    assert labels(section) == ["3.1 (2016)", "3.2 (2016)"]
    assert "facet-more" not in section


@pytest.fixture
def many_themes(db):
    """FACET_LIMIT + 5 themes, each on one recommendation: more than the panel lists by default."""
    roundtable = factories.roundtable()
    themes = [factories.theme(f"theme-{n:02d}", f"Theme {n:02d}") for n in range(FACET_LIMIT + 5)]
    for theme in themes:
        factories.recommendation(roundtable, themes=[theme])
    return themes


def test_options_beyond_the_limit_are_one_link_away_and_show_lists_them_all(client, many_themes):
    section = facet_section(html_of(client, "/en/recommendations/"), "theme")
    assert len(labels(section)) == FACET_LIMIT
    link = re.search(r'<a class="facet-show-all" href="([^"]+)">Show all 35 themes</a>', section)
    assert link, "a link that lists them all, without JavaScript"
    assert link.group(1) == "/en/recommendations/?show=theme#facet-theme"
    assert "5 more options with fewer recommendations are not shown" in section
    assert f"Show {FACET_LIMIT - 6} more" in section

    html = html_of(client, "/en/recommendations/?show=theme")
    section = facet_section(html, "theme")
    assert sorted(labels(section)) == [f"Theme {n:02d}" for n in range(FACET_LIMIT + 5)]
    assert '<details class="facet-more" open>' in section and "facet-show-all" not in section
    assert '<input type="hidden" name="show" value="theme">' in html, "Apply keeps every option listed"
    assert 'class="filter-panel filter-panel-open"' in html, "the panel is open on a phone too"


def test_show_is_harmless_unknown_names_ignored_and_kept_out_of_feeds_and_exports(client, many_themes):
    html = html_of(client, "/en/recommendations/?show=nothing&show=theme&theme=theme-03")
    assert "problem-summary" not in html
    assert 'href="/en/recommendations/feed/?theme=theme-03"' in html
    assert 'href="/recommendations/export.csv?theme=theme-03"' in html
    assert 'href="/recommendations/export.csv?theme=theme-03&amp;bom=1"' in html
    plain = client.get("/recommendations/export.csv", {"theme": "theme-03"})
    shown = client.get("/recommendations/export.csv", {"theme": "theme-03", "show": "theme"})
    assert b"".join(shown.streaming_content) == b"".join(plain.streaming_content)
    today = timezone.localdate().isoformat()
    assert shown["Content-Disposition"] == f'attachment; filename="gfmd-recommendations-theme-theme-03-{today}.csv"'
    feed = client.get("/en/recommendations/feed/", {"theme": "theme-03", "show": "theme"})
    assert feed.status_code == 200 and feed.content.count(b"<entry>") == 1


def test_filter_button_says_how_many_filters_are_active(client, portal_data):
    html = html_of(client, "/en/recommendations/?theme=human-rights&year=2016&roundtable=2016-3-2&q=migrants")
    button = re.search(r'<a class="button button-secondary filter-toggle" href="#filters"[^>]*>(.*?)</a>', html)
    assert re.sub(r"<[^>]+>", "", button.group(1)) == "Filter (3 active)", "the search is not a filter"
    html = html_of(client, "/en/recommendations/")
    button = re.search(r'class="button button-secondary filter-toggle" href="#filters"[^>]*>(.*?)</a>', html)
    assert button.group(1) == "Filter"


def test_country_filter_says_it_means_a_role_in_the_roundtable(client, portal_data):
    section = facet_section(html_of(client, "/en/recommendations/"), "country")
    assert 'aria-describedby="country-hint"' in section
    assert "Roundtables in which the country held a role (co-chair, rapporteur" in section
    fr = facet_section(html_of(client, "/fr/recommendations/"), "country")
    assert 'id="country-hint"' in fr


def test_feed_link_says_what_a_feed_is(client, portal_data):
    html = html_of(client, "/en/recommendations/")
    after = html.split('class="feed-link"', 1)[1][:800]
    assert "feed reader" in after and "(XML)" in after


def test_results_come_before_the_feed_and_downloads(client, portal_data):
    html = html_of(client, "/en/recommendations/")
    assert html.index('class="result-list"') < html.index('class="feed-link"') < html.index('id="export-links-heading"')


def test_csv_of_a_page_with_show_still_matches_the_list(client, portal_data):
    rows = list(csv.reader(io.StringIO(client.get("/recommendations/export.csv?show=theme").getvalue().decode())))
    assert len(rows) == 1 + 17


def test_facet_labels_are_escaped_in_the_panel(client, db):
    """Option labels come from the data: the panel must escape them."""
    tricky = factories.theme("tricky", name='Rights & <b onmouseover="x">wrongs</b>')
    factories.recommendation(themes=[tricky])
    html = listed(client).content.decode()
    assert "Rights &amp; &lt;b onmouseover=&quot;x&quot;&gt;wrongs&lt;/b&gt;" in html
    assert "<b onmouseover" not in html
    assert re.search(r'<input type="checkbox" name="theme" value="tricky" id="f-theme-\d+">', html)
